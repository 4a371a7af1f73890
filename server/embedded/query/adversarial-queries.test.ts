// Runs the hostile queries of adversarial/queries/ (manifest.json: input and expected outcome per
// case) through the gateway against the embedded backend with its demo data, and prints how many
// were tried, answered, refused cleanly, stopped at the deadline, and crashed. Cases that expect a
// timeout run against a second backend with a short deadline, so they do not depend on CPU speed.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbedded, type EmbeddedInstance } from '../index.ts';
import { serve } from './testing/load.ts';

const DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../adversarial/queries');

type Outcome = 'answered' | 'refused' | 'timeout';

interface Case {
  name: string;
  datasource: string;
  path: string;
  method?: 'GET' | 'POST';
  params?: Record<string, string>;
  /** Parameters read from files beside the manifest (long queries), trailing newline dropped. */
  paramFiles?: Record<string, string>;
  expect: { outcome: Outcome; status: number; body: string };
}

const manifest = JSON.parse(readFileSync(path.join(DIR, 'manifest.json'), 'utf8')) as { cases: Case[] };

function outcomeOf(status: number): Outcome | 'crashed' {
  if (status === 200) return 'answered';
  if (status === 504) return 'timeout';
  if (status >= 400 && status < 500) return 'refused';
  return 'crashed';
}

describe('hostile queries (adversarial/queries)', () => {
  const servers: { backend: EmbeddedInstance; app: FastifyInstance; origin: string }[] = [];
  const tally = { tried: 0, answered: 0, refused: 0, timeout: 0, crashed: 0 };

  beforeAll(async () => {
    for (const timeoutSeconds of [30, 0.5]) {
      const backend = await createEmbedded({
        otlpPort: 0,
        demo: true,
        queryWorkers: 1,
        queryCaps: { timeoutSeconds },
      });
      servers.push({ backend, ...(await serve(backend)) });
    }
  }, 60_000);

  afterAll(async () => {
    console.log(
      `adversarial queries: ${tally.tried} tried, ${tally.answered} answered, ${tally.refused} refused cleanly, ${tally.timeout} stopped at the deadline, ${tally.crashed} crashed`,
    );
    for (const { app, backend } of servers) {
      await app.close();
      await backend.close();
    }
  });

  it.each(manifest.cases.map((c) => [c.name, c] as const))(
    '%s',
    async (_name, c) => {
      const params = new URLSearchParams(c.params);
      for (const [key, file] of Object.entries(c.paramFiles ?? {}))
        params.set(key, readFileSync(path.join(DIR, file), 'utf8').replace(/\n$/, ''));
      const { origin } = servers[c.expect.outcome === 'timeout' ? 1 : 0];
      const base = `${origin}/api/ds/${c.datasource}${c.path}`;
      tally.tried++;
      let status: number;
      let body: string;
      try {
        const res =
          c.method === 'POST'
            ? await fetch(base, {
                method: 'POST',
                body: params.toString(),
                headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
              })
            : await fetch(`${base}?${params}`);
        status = res.status;
        body = await res.text();
      } catch (error) {
        tally.crashed++;
        throw error;
      }
      const outcome = outcomeOf(status);
      tally[outcome]++;
      // The server is still there, and quick, after every case.
      const t0 = performance.now();
      expect((await fetch(`${origin}/healthz`)).status).toBe(200);
      expect(performance.now() - t0).toBeLessThan(1_000);
      expect({ outcome, status }).toEqual({ outcome: c.expect.outcome, status: c.expect.status });
      expect(body).toMatch(new RegExp(c.expect.body));
    },
    60_000,
  );
});

// The embedded backend's /api/metrics/query_range and /api/metrics/query, through HTTP and the
// query workers, loaded with the dataset a real Tempo 3.0.3 held: its recorded answers
// (../shared/fixtures/tempo/tempo-metrics-*) come back with the same series, timestamps and values.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbedded, type EmbeddedInstance } from './index.ts';
import { parseOtlpJson } from './otlp/otlp-json.ts';
import { serve } from './query/testing/load.ts';
import { datasetText, FIXTURES } from './testing/recorded-dataset.ts';

interface Series {
  labels: unknown[];
  samples: Array<{ timestampMs: string; value?: number }>;
  exemplars?: unknown[];
}

function recording(name: string): { url: URL; status: number; body: string } {
  const base = path.join(FIXTURES, 'tempo', `tempo-metrics-${name}`);
  const meta = readFileSync(`${base}.meta`, 'utf8');
  return {
    url: new URL(readFileSync(`${base}.url`, 'utf8').trim()),
    status: Number(/http_code=(\d+)/.exec(meta)?.[1]),
    body: readFileSync(`${base}.body`, 'utf8'),
  };
}

let backend: EmbeddedInstance;
let app: FastifyInstance;
let origin: string;

beforeAll(async () => {
  backend = await createEmbedded({ otlpPort: 'ephemeral', demo: false, queryWorkers: 1 });
  for (const line of datasetText('tempo-traces-v2.jsonl.gz').split('\n')) {
    if (line) backend.accept(parseOtlpJson((JSON.parse(line) as { response: unknown }).response).batches);
  }
  ({ app, origin } = await serve(backend));
}, 120_000);

afterAll(async () => {
  await app?.close();
  await backend?.close();
});

async function ask(url: URL): Promise<Response> {
  return fetch(`${origin}/api/ds/local${url.pathname}${url.search}`);
}

const withoutExemplars = (series: Series[]) =>
  series
    .map((s) => ({ labels: s.labels, samples: s.samples }))
    .sort((a, b) => JSON.stringify(a.labels).localeCompare(JSON.stringify(b.labels)));

describe('embedded /api/metrics over the recorded Tempo dataset', () => {
  it.each(['rate-by-service', 'rate-exemplars', 'histogram'])(
    '%s: the same series, timestamps and values as Tempo',
    async (name) => {
      const rec = recording(name);
      const res = await ask(rec.url);
      expect(res.status).toBe(200);
      const ours = (await res.json()) as { series: Series[] };
      const tempo = JSON.parse(rec.body) as { series: Series[] };
      expect(withoutExemplars(ours.series)).toEqual(withoutExemplars(tempo.series));
      expect(ours.series.some((s) => (s.exemplars ?? []).length > 0)).toBe(true);
    },
  );

  it('instant: the same values as Tempo', async () => {
    const rec = recording('instant');
    const res = await ask(rec.url);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { series: unknown }).series).toEqual(JSON.parse(rec.body).series);
  });

  it('a spanset query gets Tempo’s 400 "not a metrics query"', async () => {
    const rec = recording('not-metrics');
    const res = await ask(rec.url);
    expect(res.status).toBe(rec.status);
    expect((await res.text()).trim()).toBe(rec.body.trim());
  });

  it('an unfinished query gets a 400 parse error like Tempo’s', async () => {
    const rec = recording('invalid');
    const res = await ask(rec.url);
    expect(res.status).toBe(400);
    expect(rec.status).toBe(400);
    expect(await res.text()).toMatch(/^parse error at line 1, col \d+: /);
  });

  it('takes nanosecond times, a step in seconds, and answers a bad step with a 400', async () => {
    const rec = recording('rate-by-service');
    const url = new URL(rec.url);
    url.searchParams.set('start', `${url.searchParams.get('start')}000000000`);
    url.searchParams.set('end', `${url.searchParams.get('end')}000000000`);
    url.searchParams.set('step', '60');
    const res = await ask(url);
    expect(res.status).toBe(200);
    const ours = (await res.json()) as { series: Series[] };
    expect(withoutExemplars(ours.series)).toEqual(withoutExemplars(JSON.parse(rec.body).series));
    url.searchParams.set('step', '1ns');
    const tooFine = await ask(url);
    expect(tooFine.status).toBe(400);
    expect(await tooFine.text()).toMatch(/more than 11000 samples/);
  });
});

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
import { parseMetricsParams } from './tempo-api.ts';
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

describe('metrics request parameters', () => {
  const NOW_MS = 1_795_303_022_000;
  const s = (n: number) => BigInt(n) * 1_000_000_000n;
  const parse = (params: Record<string, string>, range = true) =>
    parseMetricsParams(new URLSearchParams(params), range, NOW_MS);

  it('without start, reads since back from end (or now), else the last hour', () => {
    expect(parse({ q: '{} | rate()', since: '15m', step: '60s' })).toMatchObject({
      startNs: s(1_795_303_022 - 900),
      endNs: s(1_795_303_022),
      stepNs: s(60),
    });
    expect(parse({ q: '{} | rate()', end: '1795300000' }, false)).toMatchObject({
      startNs: s(1_795_300_000 - 3600),
      endNs: s(1_795_300_000),
    });
  });

  it('chooses a whole-second step when none is given (10 s for 45 minutes, as Tempo did)', () => {
    expect(parse({ q: '{} | rate()', start: '1795300322', end: '1795303022' })).toMatchObject({
      stepNs: s(10),
    });
  });

  it('answers malformed parameters with a 400 text naming the parameter', () => {
    expect(parse({ q: '' })).toEqual({ error: 'invalid request: q is required' });
    expect(parse({ q: '{} | rate()', start: 'yesterday' })).toEqual({ error: 'invalid start: yesterday' });
    expect(parse({ q: '{} | rate()', step: 'often' })).toEqual({ error: 'invalid step: often' });
    expect(parse({ q: '{} | rate()', exemplars: '-1' })).toEqual({ error: 'invalid exemplars: -1' });
    expect(parse({ q: '{} | rate()', start: '1795303022', end: '1795300322' })).toEqual({
      error: 'invalid start and end: end must be after start',
    });
  });
});

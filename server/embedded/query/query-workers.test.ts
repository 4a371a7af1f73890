import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbedded, type EmbeddedInstance } from '../index.ts';
import { encodeTracesData } from '../otlp/otlp-protobuf.ts';
import { LOKI_DEADLINE_TEXT, outcomeResponse } from './offload.ts';
import { DEFAULT_QUERY_CAPS } from './query-caps.ts';
import {
  formatLatencies,
  HEAVY_LOGQL,
  HEAVY_TRACEQL,
  latencies,
  loadTraces,
  logPushes,
  probeWhile,
  serve,
  traceBatches,
} from './testing/load.ts';

const TRACES = 12_000; // 120,000 spans: a heavy search takes seconds on one core

async function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (condition()) return true;
    await new Promise((r) => setTimeout(r, 10));
  }
  return condition();
}

describe('embedded queries run on worker threads', () => {
  let backend: EmbeddedInstance;
  let app: FastifyInstance;
  let origin: string;

  beforeAll(async () => {
    backend = await createEmbedded({ otlpPort: 'ephemeral', demo: false, queryWorkers: 2 });
    loadTraces(backend, TRACES);
    ({ app, origin } = await serve(backend));
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await backend?.close();
  });

  const search = (q: string, extra: Record<string, string> = {}, signal?: AbortSignal) =>
    fetch(`${origin}/api/ds/local/api/search?${new URLSearchParams({ q, ...extra })}`, { signal });

  it('keeps /healthz and ingest fast while five heavy searches run', async () => {
    const t0 = performance.now();
    const heavy = Promise.all(
      Array.from({ length: 5 }, () => search(HEAVY_TRACEQL, { limit: '20' }).then((r) => r.status)),
    );
    let n = 0;
    const ingestUrl = `http://127.0.0.1:${backend.otlpPort}/v1/traces`;
    const [health, ingest] = await Promise.all([
      probeWhile(heavy, 20, async () => {
        const res = await fetch(`${origin}/healthz`);
        await res.text();
        expect(res.status).toBe(200);
      }),
      probeWhile(heavy, 50, async () => {
        const body = encodeTracesData(traceBatches(1_000_000 + n++, 1, 10));
        const res = await fetch(ingestUrl, {
          method: 'POST',
          body: new Uint8Array(body),
          headers: { 'content-type': 'application/x-protobuf' },
        });
        await res.arrayBuffer();
        expect(res.status).toBe(200);
      }),
    ]);
    const statuses = await heavy;
    const took = performance.now() - t0;
    const h = latencies(health);
    const i = latencies(ingest);
    console.log(
      `5 x ${HEAVY_TRACEQL} over ${TRACES * 10} spans: ${took.toFixed(0)} ms, answers ${statuses.join(',')}`,
    );
    console.log(formatLatencies('/healthz during heavy searches', h));
    console.log(formatLatencies('ingest (10 spans, protobuf) during heavy searches', i));
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    // The searches kept the workers busy for a while: the probes saw them in flight.
    expect(h.count).toBeGreaterThan(10);
    expect(h.p99).toBeLessThan(1000);
    expect(i.p99).toBeLessThan(1000);
  }, 120_000);

  it('frees the worker when the client goes away', async () => {
    const pool = backend.queryPool;
    if (!pool) throw new Error('no query pool');
    const abort = new AbortController();
    const gone = search(HEAVY_TRACEQL, { limit: '20' }, abort.signal).catch(() => 'aborted');
    expect(await until(() => pool.load.running === 1, 2_000)).toBe(true);
    abort.abort();
    expect(await gone).toBe('aborted');
    const t0 = performance.now();
    expect(await until(() => pool.load.running === 0, 1_000)).toBe(true);
    console.log(`worker freed ${(performance.now() - t0).toFixed(0)} ms after the client left`);
    // And the next query is answered by a worker that sees the whole store.
    const res = await search('{ }', { limit: '100000' });
    const body = (await res.json()) as { traces: unknown[] };
    expect(body.traces.length).toBe(backend.store.size);
  }, 30_000);

  it('clamps a huge limit and says so; refuses spss and queries past the hard caps', async () => {
    const clamped = await fetch(`${origin}/api/ds/local/api/search?limit=999999999999`);
    expect(clamped.status).toBe(200);
    const body = (await clamped.json()) as { traces: unknown[]; warnings?: string[] };
    expect(body.warnings?.[0]).toMatch(
      /limit 999999999999 is above the server's cap and was lowered to 100000/,
    );
    const spss = await search('{ }', { spss: '1001' });
    expect(spss.status).toBe(400);
    expect(await spss.text()).toMatch(/spss: 1001 is above the limit of 1000/);
    const deep = await search(`${'('.repeat(1000)}{ }${')'.repeat(1000)}`);
    expect(deep.status).toBe(400);
    expect(await deep.text()).toMatch(/nested too deeply: 1001 levels, the limit is 64/);
    const jaeger = await fetch(
      `${origin}/api/ds/local-jaeger/api/traces?service=gateway&limit=99999999`,
    ).then((r) => r.json() as Promise<{ data: unknown[]; warnings?: string[] }>);
    expect(jaeger.warnings?.[0]).toMatch(/lowered to 100000/);
  }, 30_000);
});

describe('a query past its deadline', () => {
  let backend: EmbeddedInstance;

  const ask = (ds: number, path: string, query: Record<string, string>) =>
    backend.datasources[ds].handle({
      method: 'GET',
      path,
      query: new URLSearchParams(query),
      headers: {},
      signal: new AbortController().signal,
    });

  beforeAll(async () => {
    backend = await createEmbedded({
      otlpPort: 0,
      demo: false,
      queryWorkers: 1,
      queryCaps: { timeoutSeconds: 0.3 },
    });
    loadTraces(backend, TRACES);
    backend.acceptLogs(logPushes(300_000));
    // The worker has applied all of it once a light query is answered within the short deadline.
    for (let tries = 0; tries < 100; tries++)
      if ((await ask(0, '/api/search', { q: '{ }' })).status === 200) break;
  }, 60_000);

  afterAll(() => backend?.close());

  it("answers with Tempo's, Loki's and Jaeger's kind of timeout, then answers again", async () => {
    const t0 = performance.now();
    const tempo = await ask(0, '/api/search', { q: HEAVY_TRACEQL, limit: '20' });
    const tookMs = performance.now() - t0;
    expect(tempo.status).toBe(504);
    expect(String(tempo.body)).toMatch(/^context deadline exceeded: the query ran longer than 0.3s/);
    // Stopped at the deadline (plus at most the kill grace), not at the end of the scan.
    expect(tookMs).toBeLessThan(1_500);
    console.log(`TraceQL search stopped at its 0.3 s deadline after ${tookMs.toFixed(0)} ms`);

    const loki = await ask(2, '/loki/api/v1/query_range', { query: HEAVY_LOGQL, limit: '5000', start: '0' });
    expect(loki.status).toBe(504);
    expect(String(loki.body)).toBe(LOKI_DEADLINE_TEXT);

    // Jaeger's envelopes (its searches over this store end before the deadline, so asked directly).
    const caps = { ...DEFAULT_QUERY_CAPS, timeoutSeconds: 0.3 };
    const v3 = outcomeResponse('jaeger', '/api/v3/traces', { kind: 'timeout' }, caps);
    expect(v3.status).toBe(504);
    expect(JSON.parse(String(v3.body))).toEqual({
      error: { httpCode: 504, message: expect.stringMatching(/^context deadline exceeded/) },
    });
    const legacy = outcomeResponse('jaeger', '/api/traces', { kind: 'timeout' }, caps);
    expect(JSON.parse(String(legacy.body))).toMatchObject({
      data: null,
      errors: [{ code: 504, msg: expect.stringMatching(/^context deadline exceeded/) }],
    });

    // Each stopped query freed its worker: a light one is answered again (within a few tries on a busy machine).
    let light = await ask(0, '/api/search', { q: '{ }', limit: '3' });
    for (let tries = 0; tries < 20 && light.status !== 200; tries++)
      light = await ask(0, '/api/search', { q: '{ }', limit: '3' });
    expect(light.status).toBe(200);
    expect((JSON.parse(String(light.body)) as { traces: unknown[] }).traces).toHaveLength(3);
  }, 30_000);
});

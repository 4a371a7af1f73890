import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReplayUpstream, startReplayUpstream } from '../../e2e/support/replay-upstream';
import { createTraceDatasourceClient } from './clients';
import { NotFoundError } from './errors';
import { createHttpClient } from './http';
import { createJaegerClient } from './jaeger';
import { createTempoClient } from './tempo';
import { fetchAndDecodeTrace, findTraceInAny } from './trace-lookup';

let tempoUpstream: ReplayUpstream;
let jaegerUpstream: ReplayUpstream;
let zipkinUpstream: ReplayUpstream;
beforeAll(async () => {
  [tempoUpstream, jaegerUpstream, zipkinUpstream] = await Promise.all([
    startReplayUpstream({ sets: ['tempo'] }),
    startReplayUpstream({ sets: ['jaeger-v3'] }),
    startReplayUpstream({ sets: ['zipkin'] }),
  ]);
});
afterAll(async () => {
  await Promise.all([tempoUpstream.stop(), jaegerUpstream.stop(), zipkinUpstream.stop()]);
});

const ERROR_TRACE = '2bafbe17c123c304432c535342f87d81';
const BIG_TRACE = '5f8d122418e0697eae4509d2a6e3ba20';

const tempoJson = (headers: Record<string, string> = {}) =>
  createTempoClient(createHttpClient({ baseUrl: tempoUpstream.url, headers }), { traceFormat: 'json' });

describe('fetchAndDecodeTrace', () => {
  it('decodes a Tempo v2 trace into the model', async () => {
    const { trace, raw } = await fetchAndDecodeTrace(tempoJson(), ERROR_TRACE);
    expect(raw.api).toBe('tempo-v2');
    expect(trace.traceId).toBe(ERROR_TRACE);
    expect(trace.table.count).toBeGreaterThan(10);
    expect(trace.counts.errors).toBeGreaterThan(0);
    expect(trace.partial).toBeUndefined();
  });

  it('decodes the protobuf Tempo sends by default, to the same trace as JSON', async () => {
    const protobuf = await fetchAndDecodeTrace(
      createTempoClient(createHttpClient({ baseUrl: tempoUpstream.url })),
      ERROR_TRACE,
    );
    const json = await fetchAndDecodeTrace(tempoJson(), ERROR_TRACE);
    expect(protobuf.raw.contentType).toBe('application/protobuf');
    expect(protobuf.trace.traceId).toBe(ERROR_TRACE);
    expect(protobuf.trace.table.count).toBe(json.trace.table.count);
    expect(protobuf.trace.startNs).toBe(json.trace.startNs);
  });

  it('carries Tempo’s PARTIAL message onto the decoded trace (protobuf and JSON)', async () => {
    const tenant = { 'X-Scope-OrgID': 'single-tenant' };
    const protobuf = await fetchAndDecodeTrace(
      createTempoClient(createHttpClient({ baseUrl: tempoUpstream.url, headers: tenant })),
      BIG_TRACE,
    );
    expect(protobuf.trace.partial).toBe(
      'Trace exceeds maximum size of 200000 bytes, a partial trace is returned',
    );
    const { trace } = await fetchAndDecodeTrace(tempoJson({ 'X-Scope-OrgID': 'single-tenant' }), BIG_TRACE);
    expect(trace.partial).toBe('Trace exceeds maximum size of 200000 bytes, a partial trace is returned');
  });

  it('decodes a Jaeger api_v3 trace', async () => {
    const jaeger = createJaegerClient(createHttpClient({ baseUrl: jaegerUpstream.url }));
    const { trace } = await fetchAndDecodeTrace(jaeger, '00000000000000000000000000000001');
    expect(trace.table.count).toBe(1);
    expect(trace.table.strings[trace.table.name[0]]).toBe('foobar');
  });
});

describe('fetchAndDecodeTrace on legacy Jaeger and Zipkin', () => {
  it('decodes a legacy Jaeger {data:[…]} trace and a Zipkin span array', async () => {
    const legacy = await startReplayUpstream({ sets: ['jaeger-legacy'] });
    try {
      const jaeger = createJaegerClient(createHttpClient({ baseUrl: legacy.url }));
      const { trace, raw } = await fetchAndDecodeTrace(jaeger, '83a9efd15c1c98a977e0711cc93ee28b');
      expect(raw.api).toBe('jaeger-legacy');
      expect(trace.traceId).toBe('83a9efd15c1c98a977e0711cc93ee28b');
      expect(trace.table.count).toBeGreaterThan(0);
    } finally {
      await legacy.stop();
    }
    const zipkin = createTraceDatasourceClient({
      type: 'zipkin',
      name: 'zipkin',
      baseUrl: zipkinUpstream.url,
    }).client;
    const { trace } = await fetchAndDecodeTrace(zipkin, '00000000000000001e223ff1f80f1c69');
    expect(trace.traceId).toBe('00000000000000001e223ff1f80f1c69');
    expect(trace.table.count).toBeGreaterThan(1);
  });
});

describe('findTraceInAny', () => {
  const named = () => [
    {
      name: 'zipkin',
      client: createTraceDatasourceClient({ type: 'zipkin', name: 'zipkin', baseUrl: zipkinUpstream.url })
        .client,
    },
    { name: 'jaeger', client: createJaegerClient(createHttpClient({ baseUrl: jaegerUpstream.url })) },
    { name: 'tempo', client: tempoJson() },
  ];

  it('opens the datasource that has the trace and says where, keeping the others’ answers', async () => {
    tempoUpstream.override('/api/v2/traces/', { delayMs: 150 });
    try {
      const result = await findTraceInAny(named(), ERROR_TRACE);
      expect(result.found?.name).toBe('tempo');
      expect(result.answers.map((a) => [a.name, a.outcome])).toEqual([
        ['zipkin', 'not-found'],
        ['jaeger', 'not-found'],
        ['tempo', 'found'],
      ]);
    } finally {
      tempoUpstream.clearOverrides();
    }
  });

  it('does not wait for slow datasources once one has the trace', async () => {
    jaegerUpstream.override('/api/v3/', { delayMs: 2_000 });
    try {
      const started = Date.now();
      const result = await findTraceInAny(named(), '00000000000000001e223ff1f80f1c69');
      expect(result.found?.name).toBe('zipkin');
      expect(result.answers[1]).toEqual({ name: 'jaeger', outcome: 'cancelled' });
      expect(Date.now() - started).toBeLessThan(1_500);
    } finally {
      jaegerUpstream.clearOverrides();
    }
  });

  it('lists every answer when none has it, errors included', async () => {
    zipkinUpstream.override('/api/v2/trace/', { status: 503, body: 'zipkin storage unavailable' });
    try {
      const result = await findTraceInAny(named(), '0123456789abcdef0123456789abcdef');
      expect(result.found).toBeUndefined();
      expect(result.answers.map((a) => [a.name, a.outcome])).toEqual([
        ['zipkin', 'error'],
        ['jaeger', 'not-found'],
        ['tempo', 'not-found'],
      ]);
      const zipkin = result.answers[0];
      expect(zipkin.outcome === 'error' && zipkin.error.backendMessage).toBe('zipkin storage unavailable');
    } finally {
      zipkinUpstream.clearOverrides();
    }
  });

  it('fetchAndDecodeTrace reports an unknown ID as not found', async () => {
    await expect(fetchAndDecodeTrace(tempoJson(), '0123456789abcdef0123456789abcdef')).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });
});

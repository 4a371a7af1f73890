import { afterEach, describe, expect, it } from 'vitest';
import { estimateStorage } from '../../src/analysis/sampling.ts';
import { decodeTrace } from '../../src/formats/index.ts';
import { samplingSummary } from '../../src/worker/sampling-summary.ts';
import { createEmbedded, type EmbeddedInstance } from './index.ts';
import { emptySpan, type OtlpResourceSpans } from './otlp/types.ts';
import { observedTraffic } from './sampling-estimate.ts';

let backend: EmbeddedInstance | undefined;
afterEach(async () => {
  await backend?.close();
  backend = undefined;
});

/** Trace `t` starts at t seconds, has `spans` spans of 10 ms (or 3 s when slow), an error when asked. */
function trace(
  t: number,
  spans: number,
  options: { error?: boolean; slow?: boolean } = {},
): OtlpResourceSpans[] {
  const start = 1_700_000_000_000_000_000n + BigInt(t) * 1_000_000_000n;
  const list = Array.from({ length: spans }, (_, i) => {
    const s = emptySpan();
    s.traceId = (t + 1).toString(16).padStart(32, '0');
    s.spanId = (i + 1).toString(16).padStart(16, '0');
    s.parentSpanId = i === 0 ? '' : '0000000000000001';
    s.name = 'op';
    s.startTimeUnixNano = start;
    s.endTimeUnixNano = start + (options.slow && i === 0 ? 3_000_000_000n : 10_000_000n);
    if (options.error && i === 1) s.status = { code: 2, message: '' };
    return s;
  });
  return [
    {
      resource: {
        attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }],
        droppedAttributesCount: 0,
      },
      scopeSpans: [
        {
          scope: { name: '', version: '', attributes: [], droppedAttributesCount: 0 },
          spans: list,
          schemaUrl: '',
        },
      ],
      schemaUrl: '',
    },
  ];
}

describe('observed traffic for the storage estimate', () => {
  it('spans per trace, bytes per span, traces per second and the tail share, hand-computed', async () => {
    backend = await createEmbedded({ otlpPort: 0, demo: false, queryWorkers: 0 });
    expect(observedTraffic(backend.store, 1e9)).toBeUndefined();
    // 5 traces started at 0, 2, 4, 6, 8 s: 4 intervals over 8 s = 0.5 traces/s.
    backend.accept(trace(0, 4));
    backend.accept(trace(2, 4, { error: true }));
    backend.accept(trace(4, 4, { slow: true }));
    backend.accept(trace(6, 4));
    backend.accept(trace(8, 4));
    const seen = observedTraffic(backend.store, 1e9);
    expect(seen).toMatchObject({
      traces: 5,
      spans: 20,
      windowSeconds: 8,
      tracesPerSecond: 0.5,
      spansPerTrace: 4,
    });
    expect(seen?.interestingShare).toBe(0.4);
    expect(seen?.errorShare).toBe(0.2);
    expect(seen?.slowShare).toBe(0.2);
    expect(seen?.bytesPerSpan).toBe(backend.store.bytes / 20);
    // Tail at 10 %: 0.4 + 0.6 × 0.1 = 0.46 of 0.5 × 86,400 = 43,200 traces/day → 19,872 traces, 79,488 spans.
    const tail = estimateStorage(seen!, { kind: 'tail', rate: 0.1 });
    expect(tail.tracesPerDay).toBeCloseTo(19_872, 6);
    expect(tail.spansPerDay).toBeCloseTo(79_488, 6);
  });
});

const T5 = '0af7651916cd43dd8448eb211c80319c';
const T25 = '1bf7651916cd43dd8448eb211c80319d';

/** OTLP/HTTP JSON as an SDK sends it: a root and a child, `traceState` and W3C flags on both. */
function otlpJson(traceId: string, traceState: string, flags: number) {
  const span = (spanId: string, parentSpanId: string) => ({
    traceId,
    spanId,
    parentSpanId,
    traceState,
    flags,
    name: parentSpanId ? 'SELECT' : 'GET /cart',
    kind: 2,
    startTimeUnixNano: '1700000000000000000',
    endTimeUnixNano: '1700000000050000000',
    status: {},
  });
  return JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'cart' } }] },
        scopeSpans: [
          {
            scope: { name: 'hand' },
            spans: [span('00f067aa0ba902b7', ''), span('00f067aa0ba902b8', '00f067aa0ba902b7')],
          },
        ],
      },
    ],
  });
}

async function get(pathAndQuery: string) {
  const url = new URL(pathAndQuery, 'http://x');
  const res = await backend!.tempo.handle({
    method: 'GET',
    path: url.pathname,
    query: url.searchParams,
    headers: {},
    signal: new AbortController().signal,
  });
  const text = Buffer.from(res.body as Uint8Array | string).toString();
  return {
    status: res.status,
    body: (res.status === 200 ? JSON.parse(text) : { text }) as Record<string, unknown>,
  };
}

describe('sampling through the embedded receiver', () => {
  it('keeps th and flags, serves the root’s probability and the observed traffic', async () => {
    backend = await createEmbedded({ otlpPort: 'ephemeral', demo: false, queryWorkers: 0 });
    for (const body of [otlpJson(T5, 'ot=th:f333333333333', 0x101), otlpJson(T25, 'ot=th:c', 0x100)]) {
      const res = await fetch(`http://127.0.0.1:${backend.otlpPort}/v1/traces`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json' },
      });
      expect(res.status).toBe(200);
    }
    // Served back as Tempo serves a trace, decoded as the worker decodes it.
    const rec = backend.store.get(T25);
    const trace = decodeTrace(backend.store.protobuf(rec!), { contentType: 'application/protobuf' })
      .traces[0];
    const summary = samplingSummary(trace);
    expect(summary.threshold).toBe('c');
    expect(summary.method).toMatchObject({ kind: 'probability', probability: 0.25, adjustedCount: 4 });
    expect(summary.notSampledSpans).toBe(2);

    const counts = await get(`/api/tracelight/sampled-counts?traceIds=${T5},${T25},ffff`);
    const traces = counts.body.traces as Array<{ traceId: string; probability: number | null }>;
    expect(traces.map((t) => t.traceId)).toEqual([T5, T25, 'ffff'.padStart(32, '0')]);
    expect(traces[0].probability).toBeCloseTo(0.05, 12);
    expect(traces[1].probability).toBe(0.25);
    expect(traces[2].probability).toBeNull();

    // Per service: 2 spans at 5 % (2 × 20) and 2 at 25 % (2 × 4) = 48.
    const services = (await get('/api/tracelight/sampled-counts')).body.services as Array<{
      service: string;
      spans: number;
      estimated: number | null;
    }>;
    expect(services).toHaveLength(1);
    expect(services[0]).toMatchObject({ service: 'cart', spans: 4 });
    expect(services[0].estimated).toBeCloseTo(48, 9);
    // A window that ends before the traces: nothing.
    expect((await get('/api/tracelight/sampled-counts?end=1600000000')).body.services).toEqual([]);

    const observed = await get('/api/tracelight/observed-traffic?slowMs=10');
    expect(observed.status).toBe(200);
    // Two traces of two 50 ms spans, both started at the same instant: no rate, both slower than 10 ms.
    expect(observed.body).toMatchObject({
      slowMs: 10,
      observed: { traces: 2, spans: 4, spansPerTrace: 2, tracesPerSecond: 0, interestingShare: 1 },
    });
    expect((await get('/api/tracelight/observed-traffic?slowMs=-1')).status).toBe(400);
  });
});

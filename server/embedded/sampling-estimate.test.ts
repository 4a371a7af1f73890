import { afterEach, describe, expect, it } from 'vitest';
import { estimateStorage } from '../../src/analysis/sampling.ts';
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
    expect(seen?.bytesPerSpan).toBe(backend.store.bytes / 20);
    // Tail at 10 %: 0.4 + 0.6 × 0.1 = 0.46 of 0.5 × 86,400 = 43,200 traces/day → 19,872 traces, 79,488 spans.
    const tail = estimateStorage(seen!, { kind: 'tail', rate: 0.1 });
    expect(tail.tracesPerDay).toBeCloseTo(19_872, 6);
    expect(tail.spansPerDay).toBeCloseTo(79_488, 6);
  });
});

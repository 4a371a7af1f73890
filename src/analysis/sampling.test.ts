import { describe, expect, it } from 'vitest';
import {
  estimateCount,
  estimateStorage,
  sampledFlag,
  spanSampling,
  thresholdProbability,
  traceSampling,
} from './sampling.ts';

describe('sampling read from spans', () => {
  it('OpenTelemetry th thresholds (the spec examples)', () => {
    expect(thresholdProbability('ot=th:0')).toBe(1);
    expect(thresholdProbability('ot=th:8')).toBe(0.5);
    expect(thresholdProbability('ot=th:c')).toBe(0.25);
    expect(thresholdProbability('ot=th:fd70a4')).toBeCloseTo(0.01, 6);
    // Other members and fields around it.
    expect(thresholdProbability('vendor=x,ot=rv:abcdef01234567;th:e,congo=t61rcWkgMzE')).toBe(0.125);
    expect(thresholdProbability('vendor=th:8')).toBeUndefined();
    expect(thresholdProbability('ot=th:G')).toBeUndefined();
    expect(thresholdProbability('ot=th:123456789abcdef')).toBeUndefined(); // 15 digits
    expect(thresholdProbability('')).toBeUndefined();
  });

  it('the W3C sampled flag; OTLP flags of 0 say nothing', () => {
    expect(sampledFlag(0x101)).toBe('sampled');
    expect(sampledFlag(0x100)).toBe('not-sampled');
    expect(sampledFlag(0)).toBe('unknown');
    expect(sampledFlag(undefined)).toBe('unknown');
  });

  it('Jaeger sampler tags and Zipkin debug', () => {
    expect(spanSampling({ tags: { 'sampler.type': 'probabilistic', 'sampler.param': '0.05' } })).toEqual({
      kind: 'probability',
      source: 'jaeger',
      probability: 0.05,
      adjustedCount: 20,
    });
    expect(
      spanSampling({
        tags: new Map([
          ['sampler.type', 'const'],
          ['sampler.param', 'true'],
        ]),
      }).kind,
    ).toBe('unknown');
    expect(spanSampling({ tags: { 'sampler.type': 'const', 'sampler.param': '1' } })).toEqual({
      kind: 'always',
      source: 'jaeger-const',
    });
    expect(spanSampling({ tags: { 'sampler.type': 'ratelimiting', 'sampler.param': '2' } })).toEqual({
      kind: 'rate-limited',
      tracesPerSecond: 2,
    });
    expect(spanSampling({ tags: { 'sampler.type': 'probabilistic', 'sampler.param': '7' } }).kind).toBe(
      'unknown',
    );
    expect(spanSampling({ debug: true })).toEqual({ kind: 'always', source: 'zipkin-debug' });
  });

  it('a trace takes the first span that says, roots first', () => {
    expect(
      traceSampling([{ traceState: '' }, { traceState: 'ot=th:c' }, { traceState: 'ot=th:8' }]),
    ).toMatchObject({ probability: 0.25, adjustedCount: 4 });
    expect(traceSampling([{}, { tags: {} }])).toEqual({ kind: 'unknown' });
  });
});

describe('estimates', () => {
  it('real counts from adjusted counts: 62 kept at 5 % stand for 1,240', () => {
    expect(estimateCount(Array.from({ length: 62 }, () => 0.05))).toEqual({ kept: 62, estimated: 1240 });
    expect(estimateCount([0.5, undefined])).toEqual({ kept: 2, estimated: undefined });
  });

  it('storage per day for head and tail policies (hand-computed)', () => {
    const traffic = { tracesPerSecond: 50, spansPerTrace: 20, bytesPerSpan: 400, interestingShare: 0.02 };
    // 50 traces/s × 86,400 s = 4,320,000 traces/day; at 10 %: 432,000 traces, 8,640,000 spans, 3,456,000,000 B.
    expect(estimateStorage(traffic, { kind: 'head', rate: 0.1 })).toEqual({
      keptShare: 0.1,
      tracesPerDay: 432_000,
      spansPerDay: 8_640_000,
      bytesPerDay: 3_456_000_000,
    });
    // Tail: 2 % kept whole + 98 % × 10 % = 11.8 % → 509,760 traces/day, 10,195,200 spans, 4,078,080,000 B.
    const tail = estimateStorage(traffic, { kind: 'tail', rate: 0.1 });
    expect(tail.keptShare).toBeCloseTo(0.118, 12);
    expect(tail.tracesPerDay).toBeCloseTo(509_760, 6);
    expect(tail.spansPerDay).toBeCloseTo(10_195_200, 4);
    expect(tail.bytesPerDay).toBeCloseTo(4_078_080_000, 1);
  });
});

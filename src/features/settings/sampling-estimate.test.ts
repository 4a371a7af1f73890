import { describe, expect, it } from 'vitest';
import { estimateStorage } from '../../analysis/sampling';
import { percentInput, tailTraffic } from './SamplingEstimate';

const observed = {
  traces: 100,
  spans: 1200,
  windowSeconds: 99,
  tracesPerSecond: 2,
  spansPerTrace: 12,
  bytesPerSpan: 250,
  interestingShare: 0.15,
  errorShare: 0.05,
  slowShare: 0.12,
};

describe('the settings page’s estimate inputs', () => {
  it('reads percentages as rates and refuses what is not 0–100', () => {
    expect(percentInput('5')).toBe(0.05);
    expect(percentInput('0.1')).toBe(0.001);
    expect(percentInput('')).toBeUndefined();
    expect(percentInput('101')).toBeUndefined();
    expect(percentInput('-1')).toBeUndefined();
    expect(percentInput('abc')).toBeUndefined();
  });

  it('keeps whole what the tail policy keeps: errors and slow, either, or neither', () => {
    expect(tailTraffic(observed, { keepErrors: true, keepSlow: true }).interestingShare).toBe(0.15);
    expect(tailTraffic(observed, { keepErrors: true, keepSlow: false }).interestingShare).toBe(0.05);
    expect(tailTraffic(observed, { keepErrors: false, keepSlow: true }).interestingShare).toBe(0.12);
    expect(tailTraffic(observed, { keepErrors: false, keepSlow: false }).interestingShare).toBe(0);
    // Errors only, the rest at 10 %: 0.05 + 0.95 × 0.1 = 0.145 of 2 × 86,400 = 172,800 → 25,056 traces,
    // × 12 = 300,672 spans, × 250 B = 75,168,000 B a day.
    const e = estimateStorage(tailTraffic(observed, { keepErrors: true, keepSlow: false }), {
      kind: 'tail',
      rate: 0.1,
    });
    expect(e.tracesPerDay).toBeCloseTo(25_056, 6);
    expect(e.spansPerDay).toBeCloseTo(300_672, 6);
    expect(e.bytesPerDay).toBeCloseTo(75_168_000, 3);
  });
});

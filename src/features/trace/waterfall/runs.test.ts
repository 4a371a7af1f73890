import { describe, expect, it } from 'vitest';
import { mergeIntoRuns, runOpacity } from './runs.ts';

const identity = (k: number) => k;

describe('marks merged per pixel run', () => {
  it('joins intervals closer than a pixel into one run and keeps the covered time', () => {
    // 25,000 gaps of 1 ns every 2,400 ns, on a bar where a pixel is 60,000 ns.
    const n = 25_000;
    const from = Float64Array.from({ length: n }, (_, i) => i * 2400);
    const to = from.map((f) => f + 1);
    const runs = mergeIntoRuns(0, n, identity, from, to, 60_000);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toEqual({ from: 0, to: (n - 1) * 2400 + 1, covered: n });
    expect(runOpacity(runs[0])).toBe(0.3);
  });

  it('keeps intervals a pixel or more apart as runs of their own, drawn solid', () => {
    const from = [0, 10, 100, 105];
    const to = [10, 20, 105, 120];
    const runs = mergeIntoRuns(0, 4, identity, from, to, 5);
    expect(runs).toEqual([
      { from: 0, to: 20, covered: 20 },
      { from: 100, to: 120, covered: 20 },
    ]);
    expect(runs.map(runOpacity)).toEqual([1, 1]);
  });

  it('reads the intervals through an index (CSR-grouped segments) and skips empty ones', () => {
    const from = [50, 0, 30];
    const to = [60, 0, 40];
    const order = [1, 2, 0];
    expect(mergeIntoRuns(0, 3, (k) => order[k], from, to, 1)).toEqual([
      { from: 30, to: 40, covered: 10 },
      { from: 50, to: 60, covered: 10 },
    ]);
  });
});

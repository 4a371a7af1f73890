import { describe, expect, it } from 'vitest';
import { percentile } from './analyse.ts';

/** What the screen's "Slow (> p90)" filter always used: the value at rank floor(q·n) once sorted. */
function bySorting(values: Float64Array, q: number): number {
  const sorted = values.slice().sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

function seeded(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('percentile (the p90 duration the Slow filter compares against)', () => {
  it('equals the sorted rank for random, duplicated, sorted and reversed durations', () => {
    const random = seeded(7);
    for (const n of [1, 2, 3, 10, 101, 1000, 20_000]) {
      const spread = new Float64Array(n).map(() => Math.floor(random() * 1e9));
      const fewValues = new Float64Array(n).map(() => Math.floor(random() * 4) * 1000);
      const ascending = new Float64Array(n).map((_, i) => i * 3);
      const descending = ascending.slice().reverse();
      for (const values of [spread, fewValues, ascending, descending]) {
        for (const q of [0, 0.5, 0.9, 0.99, 1]) expect(percentile(values, q)).toBe(bySorting(values, q));
      }
    }
  });

  it('leaves its input as it was, and gives 0 for no spans', () => {
    const values = Float64Array.from([5, 1, 4, 2, 3]);
    expect(percentile(values, 0.9)).toBe(5);
    expect(Array.from(values)).toEqual([5, 1, 4, 2, 3]);
    expect(percentile(new Float64Array(0), 0.9)).toBe(0);
  });

  it('ranks NaN durations last, as sorting does', () => {
    const values = Float64Array.from([Number.NaN, 3, 1, Number.NaN, 2]);
    expect(percentile(values, 0.5)).toBe(bySorting(values, 0.5));
    expect(percentile(values, 0.9)).toBeNaN();
  });
});

import { describe, expect, it } from 'vitest';
import { nearestRank, nearestRankIndex, nearestRankInRange, selectNearestRank } from './percentile.ts';

/** The definition, by sorting: the value at 1-based rank ceil(q·n), at least 1. */
function bySorting(values: Float64Array, q: number): number {
  const sorted = values.slice().sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

function seeded(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('nearestRank', () => {
  it('takes the smallest value with at least q of the values at or below it', () => {
    const values = Float64Array.from({ length: 20 }, (_, i) => i + 1);
    expect(nearestRank(values, 0.5)).toBe(10);
    expect(nearestRank(values, 0.95)).toBe(19);
    expect(nearestRank(Float64Array.of(7), 0.95)).toBe(7);
    expect(nearestRank(new Float64Array(0), 0.5)).toBe(0);
  });

  it('gives the 9th of 10 values as p90 and the 5th as p50, whichever way it is asked', () => {
    // The issue: the worker's p90 of 10 spans was the maximum, statistics' the 9th value.
    const ascending = Float64Array.from({ length: 10 }, (_, i) => (i + 1) * 10);
    const shuffled = Float64Array.of(70, 10, 100, 40, 90, 20, 60, 30, 80, 50);
    expect(nearestRankIndex(10, 0.9)).toBe(8);
    expect(nearestRank(ascending, 0.9)).toBe(90);
    expect(selectNearestRank(shuffled, 0.9)).toBe(90);
    expect(nearestRankInRange(Float64Array.of(-1, ...ascending, -1), 1, 11, 0.9)).toBe(90);
    expect(nearestRank(ascending, 0.5)).toBe(50);
    expect(selectNearestRank(shuffled, 0.5)).toBe(50);
    expect(nearestRank(ascending, 0)).toBe(10);
    expect(nearestRank(ascending, 1)).toBe(100);
  });
});

describe('selectNearestRank (the p90 duration the Slow filter compares against)', () => {
  it('equals the sorted rank for random, duplicated, sorted and reversed durations', () => {
    const random = seeded(7);
    for (const n of [1, 2, 3, 10, 101, 1000, 20_000]) {
      const spread = new Float64Array(n).map(() => Math.floor(random() * 1e9));
      const fewValues = new Float64Array(n).map(() => Math.floor(random() * 4) * 1000);
      const ascending = new Float64Array(n).map((_, i) => i * 3);
      const descending = ascending.slice().reverse();
      for (const values of [spread, fewValues, ascending, descending]) {
        for (const q of [0, 0.5, 0.9, 0.99, 1]) {
          expect(selectNearestRank(values, q)).toBe(bySorting(values, q));
          expect(selectNearestRank(values, q)).toBe(nearestRank(values.slice().sort(), q));
        }
      }
    }
  });

  it('leaves its input as it was, and gives 0 for no spans', () => {
    const values = Float64Array.from([5, 1, 4, 2, 3]);
    expect(selectNearestRank(values, 0.9)).toBe(5);
    expect(Array.from(values)).toEqual([5, 1, 4, 2, 3]);
    expect(selectNearestRank(new Float64Array(0), 0.9)).toBe(0);
  });

  it('ranks NaN durations last, as sorting does', () => {
    const values = Float64Array.from([Number.NaN, 3, 1, Number.NaN, 2]);
    expect(selectNearestRank(values, 0.5)).toBe(bySorting(values, 0.5));
    expect(selectNearestRank(values, 0.9)).toBeNaN();
  });
});

import { describe, expect, it } from 'vitest';
import { logDurationTicks, timeTickLabel, wantsLogScale } from './scatter-scale';

describe('scatter duration scale', () => {
  it('goes log when durations span more than two orders of magnitude', () => {
    expect(wantsLogScale([4, 12, 30, 60_000])).toBe(true);
    expect(wantsLogScale([0.5, 51])).toBe(true);
  });

  it('stays linear for durations of one kind, and for zeros or no results', () => {
    expect(wantsLogScale([120, 250, 900, 1100])).toBe(false);
    expect(wantsLogScale([0.5, 50])).toBe(false);
    expect(wantsLogScale([0, 0, 3])).toBe(false);
    expect(wantsLogScale([])).toBe(false);
  });
});

describe('scatter axis labels', () => {
  it('labels a log axis with round durations that fit, never every 2…9 of a decade', () => {
    // 30 ms to 70 s: 1-2-5 steps take 11 ticks, 1-3 steps 7.
    expect(logDurationTicks(30, 70_000, 11)).toEqual([
      50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 30_000, 60_000,
    ]);
    expect(logDurationTicks(30, 70_000, 10)).toEqual([30, 100, 300, 1000, 3000, 10_000, 60_000]);
    // The same range in 5 ticks takes decades.
    expect(logDurationTicks(30, 70_000, 5)).toEqual([100, 1000, 10_000, 60_000]);
    // 5 µs to 2 h in 4 ticks: every other decade.
    const sparse = logDurationTicks(0.005, 7_200_000, 4);
    expect(sparse.length).toBeLessThanOrEqual(4);
    expect(sparse[0]).toBe(0.01);
  });

  it('labels the time axis in 24-hour time, with the date at midnight', () => {
    expect(timeTickLabel(new Date(2026, 10, 22, 0, 5))).toBe('00:05');
    expect(timeTickLabel(new Date(2026, 10, 22, 13, 20, 30))).toBe('13:20:30');
    expect(timeTickLabel(new Date(2026, 10, 22))).toBe('Nov 22');
  });
});

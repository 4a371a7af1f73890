import { describe, expect, it } from 'vitest';
import {
  fitIsNarrower,
  fitTimeDomain,
  fullTimeDomain,
  logDurationTicks,
  MIN_FIT_SPAN_MS,
  timeTickLabel,
  wantsLogScale,
} from './scatter-scale';

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

describe('scatter time axis', () => {
  const HOUR_START = 1_800_000_000_000;
  const HOUR: [number, number] = [HOUR_START, HOUR_START + 3_600_000];

  it('fits twelve traces of the last 30 s with padding, inside the searched hour', () => {
    const starts = Array.from({ length: 12 }, (_, i) => HOUR[1] - 27_500 + i * 2_500);
    const [a, b] = fitTimeDomain(starts, HOUR);
    // 27.5 s of results, 5% padding each side, pushed back inside the hour at its end.
    expect(b).toBe(HOUR[1]);
    expect(b - a).toBeCloseTo(27_500 * 1.1, 6);
    expect(a).toBeLessThan(Math.min(...starts));
    expect(fitIsNarrower([a, b], HOUR)).toBe(true);
  });

  it('gives one trace a readable window, and keeps the full range when fitting would not narrow it', () => {
    const [a, b] = fitTimeDomain([HOUR_START + 1_800_000], HOUR);
    expect(b - a).toBe(MIN_FIT_SPAN_MS);
    expect((a + b) / 2).toBe(HOUR_START + 1_800_000);
    expect(fitTimeDomain([], HOUR)).toEqual(HOUR);
    const spread = fitTimeDomain([HOUR[0] + 60_000, HOUR[1] - 60_000], HOUR);
    expect(spread).toEqual(HOUR);
    expect(fitIsNarrower(fitTimeDomain([HOUR[0] + 600_000, HOUR[1] - 300_000], HOUR), HOUR)).toBe(false);
  });

  it('widens the full range to results that start outside it', () => {
    expect(fullTimeDomain([HOUR[0] - 5_000, HOUR[0] + 10], HOUR[0], HOUR[1])).toEqual([
      HOUR[0] - 5_000,
      HOUR[1],
    ]);
  });
});

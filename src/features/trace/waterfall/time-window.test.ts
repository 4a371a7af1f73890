import { describe, expect, it } from 'vitest';
import { timeWindowOf } from './time-window.ts';

describe('the shown time window', () => {
  it('is the whole trace without a zoom', () => {
    expect(timeWindowOf(undefined, 5e9)).toEqual({ from: 0, to: 5e9 });
  });

  it('is the URL zoom in nanoseconds, never past the trace’s end', () => {
    expect(timeWindowOf({ startMs: 10, endMs: 20 }, 5e9)).toEqual({ from: 1e7, to: 2e7 });
    expect(timeWindowOf({ startMs: 10, endMs: 9000 }, 5e9)).toEqual({ from: 1e7, to: 5e9 });
  });
});

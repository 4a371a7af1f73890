import { describe, expect, it } from 'vitest';
import {
  BOUNDS_MARGIN_S,
  boundsOfMillis,
  boundsOfNanos,
  INSTANT_MARGIN_S,
  traceWindow,
} from './trace-window';

describe('traceWindow', () => {
  it('widens known bounds by a minute, rounding outwards to whole seconds', () => {
    expect(BOUNDS_MARGIN_S).toBe(60);
    expect(
      traceWindow({ kind: 'bounds', startUnixMs: 1_795_303_050_400, endUnixMs: 1_795_303_050_401 }),
    ).toEqual({
      start: 1_795_302_990,
      end: 1_795_303_111,
    });
  });

  it('widens a single instant by half an hour', () => {
    expect(INSTANT_MARGIN_S).toBe(1800);
    expect(traceWindow({ kind: 'instant', atUnixMs: 1_795_303_050_000 })).toEqual({
      start: 1_795_301_250,
      end: 1_795_304_850,
    });
  });

  it('gives no window for missing, reversed or non-finite times', () => {
    expect(traceWindow({ kind: 'bounds', startUnixMs: 2000, endUnixMs: 1000 })).toBeUndefined();
    expect(traceWindow({ kind: 'instant', atUnixMs: Number.POSITIVE_INFINITY })).toBeUndefined();
    expect(traceWindow({ kind: 'instant', atUnixMs: -5 })).toBeUndefined();
  });
});

describe('bounds from what the app holds', () => {
  it("reads a trace's decimal-nanosecond start exactly (past what a double holds) and its duration", () => {
    expect(boundsOfNanos('1795303050123456789', 2_500_000_000)).toEqual({
      kind: 'bounds',
      startUnixMs: 1_795_303_050_123,
      endUnixMs: 1_795_303_052_623,
    });
    expect(boundsOfNanos('not a number', 1)).toBeUndefined();
  });

  it("reads a search result's start and duration", () => {
    expect(boundsOfMillis(1000, 250)).toEqual({ kind: 'bounds', startUnixMs: 1000, endUnixMs: 1250 });
    expect(boundsOfMillis(undefined, 250)).toBeUndefined();
  });
});

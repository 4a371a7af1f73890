import { describe, expect, it } from 'vitest';
import {
  formatDuration,
  formatUnixNanos,
  instantDiff,
  instantToBigInt,
  newInstant,
  readMicros,
  readNanosHalves,
  readNanosString,
} from './time.ts';

describe('time', () => {
  it('keeps epoch nanoseconds exact through (major, minor) pairs', () => {
    const a = newInstant();
    const b = newInstant();
    expect(readNanosString('1795300496036570181', a)).toBe(true);
    expect(readNanosString('1795300497239154067', b)).toBe(true);
    expect(instantToBigInt(a[0], a[1])).toBe(1795300496036570181n);
    expect(instantDiff(b[0], b[1], a[0], a[1])).toBe(1202583886);
    expect(readNanosString('12x', a)).toBe(false);
  });

  it('reads protobuf fixed64 halves and Jaeger microseconds exactly', () => {
    const a = newInstant();
    const n = 1795300496036570181n;
    readNanosHalves(Number(n >> 32n), Number(n & 0xffffffffn), a);
    expect(instantToBigInt(a[0], a[1])).toBe(n);
    readMicros(1485467191639875, a);
    expect(instantToBigInt(a[0], a[1])).toBe(1485467191639875000n);
  });

  it('formats durations in the unit that fits, three significant figures', () => {
    expect(formatDuration(850)).toBe('850 ns');
    expect(formatDuration(12_345)).toBe('12.3 µs');
    expect(formatDuration(123_456_789)).toBe('123 ms');
    expect(formatDuration(1_234_000_000)).toBe('1.23 s');
    expect(formatDuration(123e9)).toBe('2 min 3 s');
  });

  it('rounds once, half up, and moves to the next unit when the figure rounds up to it', () => {
    // The 269.9 ms trace reads the same everywhere.
    expect(formatDuration(269.9e6)).toBe('270 ms');
    expect(formatDuration(269.5e6)).toBe('270 ms');
    expect(formatDuration(269.4e6)).toBe('269 ms');
    expect(formatDuration(1.1e9)).toBe('1.1 s');
    expect(formatDuration(995e6)).toBe('995 ms');
    expect(formatDuration(999.6e6)).toBe('1 s');
    expect(formatDuration(999.6e3)).toBe('1 ms');
    expect(formatDuration(999.6)).toBe('1 µs');
    expect(formatDuration(59.99e9)).toBe('1 min');
    expect(formatDuration(59.9e9)).toBe('59.9 s');
  });

  it('writes a minute or more as its two largest whole units, dropping a zero', () => {
    expect(formatDuration(60e9)).toBe('1 min');
    expect(formatDuration(65e9)).toBe('1 min 5 s');
    expect(formatDuration(119.6e9)).toBe('2 min');
    expect(formatDuration(3_599.6e9)).toBe('1 h');
    expect(formatDuration(2 * 3_600e9 + 3 * 60e9 + 20e9)).toBe('2 h 3 min');
    expect(formatDuration(3 * 86_400e9 + 4 * 3_600e9)).toBe('3 d 4 h');
  });

  it('writes zero, sub-nanosecond, negative and missing durations', () => {
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(0.5)).toBe('0.5 ns');
    expect(formatDuration(-1.5e6)).toBe('-1.5 ms');
    expect(formatDuration(-65e9)).toBe('-1 min 5 s');
    expect(formatDuration(Number.NaN)).toBe('–');
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe('–');
  });

  it('formats absolute epoch nanoseconds as ISO-8601', () => {
    expect(formatUnixNanos(1795300496036570181n)).toBe('2026-11-21T22:34:56.036570181Z');
  });
});

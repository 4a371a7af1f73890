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

  it('formats durations in the unit that fits', () => {
    expect(formatDuration(850)).toBe('850ns');
    expect(formatDuration(12_345)).toBe('12.3µs');
    expect(formatDuration(123_456_789)).toBe('123ms');
    expect(formatDuration(1_234_000_000)).toBe('1.23s');
    expect(formatDuration(123e9)).toBe('2m 03s');
    expect(formatUnixNanos(1795300496036570181n)).toBe('2026-11-21T22:34:56.036570181Z');
  });
});

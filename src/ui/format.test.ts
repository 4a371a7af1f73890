import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatValue } from './charts/format.ts';
import {
  formatBytes,
  formatCount,
  formatDuration,
  formatDurationMs,
  formatTimestamp,
  formatUnixNanoTimestamp,
  zoneIsUtcAt,
} from './format.ts';

describe('one duration text for every screen', () => {
  it('reads the issue’s traces the same in search (ms), the trace screen (ns) and charts (s)', () => {
    // A 60 s trace: search said "1m", the header "1 min 0 s", its bar "60 s".
    expect(formatDurationMs(60_000)).toBe('1 min');
    expect(formatDuration(60e9)).toBe('1 min');
    expect(formatValue(60, 'seconds')).toBe('1 min');
    // A 269.9 ms trace: one table said 269ms, the other 270ms.
    expect(formatDurationMs(269.9)).toBe('270 ms');
    expect(formatDuration(269.9e6)).toBe('270 ms');
    expect(formatValue(0.2699, 'seconds')).toBe('270 ms');
    expect(formatDurationMs(1_100)).toBe('1.1 s');
    expect(formatDurationMs(65_000)).toBe('1 min 5 s');
    expect(formatDurationMs(0.85)).toBe('850 µs');
  });
});

describe('timestamps', () => {
  // 2026-11-21T22:34:56.036570181Z
  const unixNano = '1795300496036570181';
  const ms = 1_795_300_496_036;

  it('writes UTC to the millisecond, with the zone when asked', () => {
    expect(formatTimestamp(ms, { utc: true })).toBe('2026-11-21 22:34:56.036');
    expect(formatTimestamp(ms, { utc: true, zone: true })).toBe('2026-11-21 22:34:56.036 UTC');
    expect(formatUnixNanoTimestamp(unixNano, true)).toBe('2026-11-21 22:34:56.036 UTC');
  });

  it('writes local time in the same shape, the offset last', () => {
    expect(formatTimestamp(ms)).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.036$/);
    expect(formatUnixNanoTimestamp(unixNano, false)).toMatch(
      /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.036 [+-]\d\d:\d\d$/,
    );
  });

  it('keeps what is not a time as it is', () => {
    expect(formatUnixNanoTimestamp('not a time', true)).toBe('not a time');
    expect(formatTimestamp(Number.NaN)).toBe('–');
  });
});

describe('zoneIsUtcAt', () => {
  afterEach(() => vi.restoreAllMocks());

  it('is true only where the browser’s zone has no offset at that instant', () => {
    const offset = vi.spyOn(Date.prototype, 'getTimezoneOffset');
    offset.mockReturnValue(0);
    expect(zoneIsUtcAt('1795300496000000000')).toBe(true);
    offset.mockReturnValue(-60);
    expect(zoneIsUtcAt('1795300496000000000')).toBe(false);
  });
});

describe('formatCount', () => {
  it('writes whole numbers as en-US does, without Intl', () => {
    for (const n of [0, 7, 999, 1000, 12345, 100000, 1234567, -1000, -5, 2 ** 31])
      expect(formatCount(n)).toBe(n.toLocaleString('en-US'));
    expect(formatCount(1234.6)).toBe('1,235');
  });
});

describe('bytes', () => {
  it('reads inspected and fetched sizes in 1024-based units', () => {
    expect(formatBytes(532588)).toBe('520 KB');
    expect(formatBytes(12)).toBe('12 B');
    expect(formatBytes(3 * 1024 ** 3)).toBe('3 GB');
  });
});

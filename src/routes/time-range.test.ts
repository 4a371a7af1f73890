import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TIME_RANGE,
  formatTimePoint,
  parseTimePoint,
  parseTimeRange,
  resolveTimePoint,
  resolveTimeRange,
} from './time-range';

// Built from local-time parts so the expectations hold in any time zone.
const NOW = new Date(2024, 2, 14, 13, 45, 30, 123).getTime(); // Thursday 14 March 2024

describe('parseTimePoint', () => {
  it.each(['now', 'now-1h', 'now-15m', 'now-7d', 'now-1d/d', 'now/w', 'now-2M', 'now+30s', 'now-1y/y'])(
    'accepts Grafana relative form %s',
    (value) => {
      expect(parseTimePoint(value)).toEqual({ kind: 'relative', expr: value });
    },
  );

  it('accepts epoch milliseconds', () => {
    expect(parseTimePoint('1710423930123')).toEqual({ kind: 'absolute', epochMs: 1710423930123 });
  });

  it.each(['', 'yesterday', 'now-1x', 'now-h', '2024-03-14', '-5', 'now - 1h', '1.5'])(
    'rejects %j',
    (value) => {
      expect(parseTimePoint(value)).toBeUndefined();
    },
  );

  it('formats back to the text it came from', () => {
    for (const value of ['now-6h', 'now/d', '1710423930123']) {
      const point = parseTimePoint(value);
      expect(point && formatTimePoint(point)).toBe(value);
    }
  });
});

describe('parseTimeRange', () => {
  it('defaults to the last hour', () => {
    expect(parseTimeRange(new URLSearchParams(''))).toEqual(DEFAULT_TIME_RANGE);
    expect(formatTimePoint(DEFAULT_TIME_RANGE.from)).toBe('now-1h');
    expect(formatTimePoint(DEFAULT_TIME_RANGE.to)).toBe('now');
  });

  it('falls back per field when one side is malformed', () => {
    const range = parseTimeRange(new URLSearchParams('from=1710000000000&to=tomorrow'));
    expect(range.from).toEqual({ kind: 'absolute', epochMs: 1710000000000 });
    expect(range.to).toEqual(DEFAULT_TIME_RANGE.to);
  });
});

describe('resolveTimePoint', () => {
  const at = (value: string, roundUp = false) => {
    const point = parseTimePoint(value);
    if (!point) throw new Error(`not a time point: ${value}`);
    return resolveTimePoint(point, NOW, roundUp);
  };

  it('subtracts and adds fixed units', () => {
    expect(at('now')).toBe(NOW);
    expect(at('now-1h')).toBe(NOW - 3_600_000);
    expect(at('now-15m')).toBe(NOW - 15 * 60_000);
    expect(at('now+30s')).toBe(NOW + 30_000);
  });

  it('moves calendar units in local time', () => {
    expect(at('now-7d')).toBe(new Date(2024, 2, 7, 13, 45, 30, 123).getTime());
    expect(at('now-1M')).toBe(new Date(2024, 1, 14, 13, 45, 30, 123).getTime());
    expect(at('now-1y')).toBe(new Date(2023, 2, 14, 13, 45, 30, 123).getTime());
  });

  it('rounds down for from and up for to', () => {
    expect(at('now/d')).toBe(new Date(2024, 2, 14).getTime());
    expect(at('now/d', true)).toBe(new Date(2024, 2, 15).getTime() - 1);
    expect(at('now-1d/d')).toBe(new Date(2024, 2, 13).getTime());
    expect(at('now/w')).toBe(new Date(2024, 2, 11).getTime()); // Monday
    expect(at('now/M')).toBe(new Date(2024, 2, 1).getTime());
    expect(at('now/y', true)).toBe(new Date(2025, 0, 1).getTime() - 1);
    expect(at('now/h')).toBe(new Date(2024, 2, 14, 13).getTime());
  });

  it('returns epoch milliseconds unchanged', () => {
    expect(at('1700000000000')).toBe(1_700_000_000_000);
  });

  it('resolves a whole range', () => {
    const range = parseTimeRange(new URLSearchParams('from=now-1d/d&to=now-1d/d'));
    expect(resolveTimeRange(range, NOW)).toEqual({
      fromMs: new Date(2024, 2, 13).getTime(),
      toMs: new Date(2024, 2, 14).getTime() - 1,
    });
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseTempoSearch } from '../../datasources/tempo';
import { formatBytes, percentile, summarizeResults } from './summary';

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../../../shared/fixtures/tempo/${name}`, import.meta.url), 'utf8'));

describe('search summary', () => {
  it('gives count, average, p50, p95, error share and spans per trace of a real Tempo search', () => {
    const result = parseTempoSearch(fixture('tempo-search-all.body'), 20);
    const summary = summarizeResults(result.traces);
    // Figures worked out by hand from the recording's 20 durations and serviceStats.
    expect(summary.count).toBe(20);
    expect(summary.avgMs).toBeCloseTo(360.75, 6);
    expect(summary.p50Ms).toBe(276);
    expect(summary.p95Ms).toBe(1040);
    expect(summary.errorShare).toBeCloseTo(1 / 20, 9);
    expect(summary.avgSpans).toBeCloseTo(19.85, 9);
  });

  it('every error trace counts once in the error share', () => {
    const result = parseTempoSearch(fixture('tempo-search-status-error.body'), 20);
    const summary = summarizeResults(result.traces);
    expect(summary.count).toBeGreaterThan(0);
    expect(summary.errorShare).toBe(1);
  });

  it('leaves out what no trace says, and has only a count for no traces', () => {
    expect(summarizeResults([])).toEqual({ count: 0 });
    const summary = summarizeResults([
      {
        traceId: '1'.padStart(32, '0'),
        rootService: '',
        rootName: '',
        startUnixMs: 0,
        durationMs: 10,
        services: [],
      },
      {
        traceId: '2'.padStart(32, '0'),
        rootService: '',
        rootName: '',
        startUnixMs: 0,
        durationMs: 30,
        services: [],
      },
    ]);
    expect(summary).toEqual({
      count: 2,
      avgMs: 20,
      p50Ms: 10,
      p95Ms: 30,
      errorShare: undefined,
      avgSpans: undefined,
    });
  });

  it('uses nearest-rank percentiles', () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile([1, 2, 3, 4], 95)).toBe(4);
    expect(percentile([7], 0)).toBe(7);
    expect(percentile([], 50)).toBeUndefined();
  });

  it('formats inspected bytes', () => {
    expect(formatBytes(532588)).toBe('520 KB');
    expect(formatBytes(12)).toBe('12 B');
    expect(formatBytes(3 * 1024 ** 3)).toBe('3 GB');
  });
});

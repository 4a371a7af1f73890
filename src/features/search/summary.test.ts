import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseTempoSearch } from '../../datasources/tempo';
import { factParts, percentile, summarizeResults } from './summary';

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

  it('marks what no trace says as unknown, and has only a count for no traces', () => {
    expect(summarizeResults([])).toEqual({ count: 0, errorsUnknown: 0, spansUnknown: 0 });
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
      errorsUnknown: 2,
      spansUnknown: 2,
    });
    // Marked, not left out: a reader sees that the figure exists and is unknown.
    expect(factParts(summary).map((p) => p.text)).toEqual(['— with errors', '— spans per trace']);
  });

  it('says how many traces a partly known figure leaves out', () => {
    const known = { rootService: 'a', rootName: 'b', startUnixMs: 0, durationMs: 1, services: [] };
    const summary = summarizeResults([
      { ...known, traceId: '1'.padStart(32, '0'), spanCount: 4, errorCount: 1 },
      { ...known, traceId: '2'.padStart(32, '0'), spanCount: 2, errorCount: 0 },
      { ...known, traceId: '3'.padStart(32, '0'), services: undefined },
    ]);
    expect(factParts(summary).map((p) => p.text)).toEqual([
      '50% with errors (1 unknown)',
      '3.0 spans per trace (1 unknown)',
    ]);
  });

  it('reads a Tempo search without serviceStats as unknown, never as no errors', () => {
    const result = parseTempoSearch(fixture('tempo-search-tags-legacy.body'), 5);
    const summary = summarizeResults(result.traces);
    expect(summary.errorShare).toBeUndefined();
    expect(summary.errorsUnknown).toBe(5);
    expect(factParts(summary)[0]?.text).toBe('— with errors');
  });

  it('uses nearest-rank percentiles', () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile([1, 2, 3, 4], 95)).toBe(4);
    expect(percentile([7], 0)).toBe(7);
    expect(percentile([], 50)).toBeUndefined();
  });
});

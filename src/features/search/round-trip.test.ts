import { describe, expect, it } from 'vitest';
import { type RequestTiming, searchRoundTripMs } from './round-trip';

const ORIGIN = 1_700_000_000_000;
const entry = (
  name: string,
  startTime: number,
  responseEnd: number,
  initiatorType = 'fetch',
): RequestTiming => ({
  name,
  initiatorType,
  startTime,
  responseEnd,
});

describe('search round trip', () => {
  // The search ran 1 s after page load; its promise took 140 ms because the main thread was busy.
  const search = { datasource: 'local', ranAt: ORIGIN + 1000, tookMs: 140 };

  it('takes the network timing of the search request, not the promise', () => {
    const entries = [
      entry('http://app/assets/MonacoQueryEditor.js', 990, 1130, 'script'),
      entry('http://app/api/ds/local/api/search?q=%7B%7D', 1002, 1014),
      entry('http://app/api/ds/local/api/v2/search/tags', 1020, 1120),
    ];
    expect(searchRoundTripMs(search, entries, ORIGIN)).toBe(12);
  });

  it('ignores other datasources and requests outside the search, and falls back to the promise', () => {
    const entries = [
      entry('http://app/api/ds/local-jaeger/api/v3/traces', 1002, 1010),
      entry('http://app/api/ds/local/api/search', 400, 420),
    ];
    expect(searchRoundTripMs(search, entries, ORIGIN)).toBe(140);
    expect(searchRoundTripMs(search, [], ORIGIN)).toBe(140);
  });
});

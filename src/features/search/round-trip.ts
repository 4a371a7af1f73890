// "query took" as the browser's network stack timed the search request (Resource Timing), so a busy
// main thread — Monaco's chunk being parsed as results arrive — does not count as backend time.
// Falls back to the promise's own timing when no entry matches (timing buffer full, other origin).

/** The parts of a PerformanceResourceTiming entry this needs. */
export interface RequestTiming {
  name: string;
  initiatorType: string;
  startTime: number;
  responseEnd: number;
}

export interface SearchTiming {
  datasource: string;
  /** Epoch ms when the search ran, and how long its promise took. */
  ranAt: number;
  tookMs: number;
}

/**
 * The round trip of the first request to the datasource's gateway path that started within the
 * search's own interval; `timeOrigin` turns epoch ms into the entries' clock.
 */
export function searchRoundTripMs(
  search: SearchTiming,
  entries: readonly RequestTiming[],
  timeOrigin: number,
): number {
  const from = search.ranAt - timeOrigin - 5;
  const to = from + search.tookMs + 10;
  const path = `/api/ds/${encodeURIComponent(search.datasource)}/`;
  let best: RequestTiming | undefined;
  for (const entry of entries) {
    if (entry.initiatorType !== 'fetch' || !entry.name.includes(path)) continue;
    if (entry.startTime < from || entry.responseEnd > to || entry.responseEnd <= entry.startTime) continue;
    if (!best || entry.startTime < best.startTime) best = entry;
  }
  return best ? best.responseEnd - best.startTime : search.tookMs;
}

/** The same, read from the page's own performance timeline. */
export function measuredRoundTripMs(search: SearchTiming): number {
  if (typeof performance === 'undefined' || typeof performance.getEntriesByType !== 'function')
    return search.tookMs;
  const entries = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
  return searchRoundTripMs(search, entries, performance.timeOrigin);
}

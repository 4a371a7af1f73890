// Trace search as a TanStack query whose key is the search URL's state, so coming back to a search
// (from a trace, or through history) shows the cached results without asking the backend again.
// Relative ranges (`now-1h`) are resolved when the query runs; the outcome says when that was.
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { DatasourceError } from '../datasources/errors';
import type { SearchResult } from '../datasources/types';
import { formatTimePoint, resolveTimeRange, type TimeRange } from '../routes/time-range';
import { getTraceClient, type TraceDatasourceRef } from './trace-clients';

export interface TraceSearchRequest {
  datasource: TraceDatasourceRef;
  /** Tempo. */
  q: string;
  spss: number;
  /** Jaeger/Zipkin. */
  service: string;
  operation: string;
  tags: Record<string, string>;
  minDurationMs?: number;
  maxDurationMs?: number;
  limit: number;
  range: TimeRange;
}

export interface TraceSearchOutcome {
  /** The datasource that answered. */
  datasource: string;
  result: SearchResult;
  /** The window actually searched, epoch ms. */
  fromMs: number;
  toMs: number;
  /** When the search ran (epoch ms) and how long the backend took. */
  ranAt: number;
  tookMs: number;
}

/** Results stay fresh this long: going back and forth between results and traces never re-asks. */
export const SEARCH_STALE_MS = 30 * 60_000;

export function traceSearchKey(request: TraceSearchRequest) {
  const { datasource, range, ...rest } = request;
  const fields =
    datasource.type === 'tempo'
      ? { q: rest.q, spss: rest.spss, limit: rest.limit }
      : {
          service: rest.service,
          operation: rest.operation,
          tags: rest.tags,
          minDurationMs: rest.minDurationMs,
          maxDurationMs: rest.maxDurationMs,
          limit: rest.limit,
        };
  return [
    'trace-search',
    datasource.name,
    datasource.type,
    { ...fields, from: formatTimePoint(range.from), to: formatTimePoint(range.to) },
  ] as const;
}

export async function runTraceSearch(
  client: Awaited<ReturnType<typeof getTraceClient>>,
  request: TraceSearchRequest,
  signal: AbortSignal | undefined,
  now: () => number = Date.now,
): Promise<TraceSearchOutcome> {
  const ranAt = now();
  const { fromMs, toMs } = resolveTimeRange(request.range, ranAt);
  const started = performance.now();
  let result: SearchResult;
  if (client.type === 'tempo') {
    result = await client.client.search(
      {
        q: request.q.trim() || undefined,
        start: Math.floor(fromMs / 1000),
        end: Math.ceil(toMs / 1000),
        limit: request.limit,
        spss: request.spss,
      },
      { signal },
    );
  } else {
    const params = {
      service: request.service || undefined,
      operation: request.operation || undefined,
      tags: Object.keys(request.tags).length > 0 ? request.tags : undefined,
      minDurationMs: request.minDurationMs,
      maxDurationMs: request.maxDurationMs,
      startMs: fromMs,
      endMs: toMs,
      limit: request.limit,
    };
    result = await client.client.search(params, { signal });
  }
  return {
    datasource: request.datasource.name,
    result,
    fromMs,
    toMs,
    ranAt,
    tookMs: performance.now() - started,
  };
}

/** Runs the search described by the URL; undefined request = nothing to run yet. */
export function useTraceSearch(request: TraceSearchRequest | undefined) {
  const queryClient = useQueryClient();
  return useQuery<TraceSearchOutcome, Error>({
    queryKey: request ? traceSearchKey(request) : ['trace-search', 'none'],
    enabled: request !== undefined,
    queryFn: async ({ signal }) => {
      if (!request) throw new Error('No search to run');
      const client = await getTraceClient(queryClient, request.datasource);
      return runTraceSearch(client, request, signal);
    },
    staleTime: SEARCH_STALE_MS,
    gcTime: SEARCH_STALE_MS,
    // Previous results stay on screen until the new ones arrive.
    placeholderData: keepPreviousData,
    retry: (failures, error) =>
      failures < 1 &&
      error instanceof DatasourceError &&
      (error.kind === 'network' || error.kind === 'unavailable'),
    structuralSharing: false,
  });
}

// TraceQL metrics (`{ } | rate() by (…)`) as a TanStack query, on any Tempo-type datasource (the
// embedded `local` one answers the same API). The key is the request as the URL states it, so a
// relative range (`now-1h`) is resolved when the query runs and the outcome says what window that was.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { DatasourceError } from '../datasources/errors';
import type { MetricsSeriesSet } from '../datasources/tempo';
import { formatTimePoint, resolveTimeRange, type TimeRange } from '../routes/time-range';
import { getTempoClient } from './trace-clients';

export interface TraceqlMetricsRequest {
  /** A Tempo-type datasource's name. */
  datasource: string;
  q: string;
  range: TimeRange;
  /** A Go duration (`60s`); absent: the backend's default. Ignored by instant queries. */
  step?: string;
  exemplars?: number;
  /** One value per series over the whole range (`/api/metrics/query`). */
  instant?: boolean;
}

export interface TraceqlMetricsOutcome {
  set: MetricsSeriesSet;
  /** The window actually asked for, epoch ms. */
  fromMs: number;
  toMs: number;
  ranAt: number;
}

export function traceqlMetricsKey(request: TraceqlMetricsRequest) {
  return [
    'traceql-metrics',
    request.datasource,
    request.instant ? 'instant' : 'range',
    {
      q: request.q,
      from: formatTimePoint(request.range.from),
      to: formatTimePoint(request.range.to),
      step: request.instant ? undefined : request.step,
      exemplars: request.exemplars,
    },
  ] as const;
}

function sameQuery(key: readonly unknown[], request: TraceqlMetricsRequest | undefined): boolean {
  if (!request) return false;
  const [, datasource, kind, params] = key as ReturnType<typeof traceqlMetricsKey>;
  return (
    datasource === request.datasource &&
    kind === (request.instant ? 'instant' : 'range') &&
    params.q === request.q &&
    params.exemplars === request.exemplars
  );
}

/** Metrics change as spans arrive; a minute old is fresh enough to go back and forth. */
export const TRACEQL_METRICS_STALE_MS = 60_000;

export interface TraceqlMetricsOptions {
  /** Which earlier answer shows while this one loads: any (default), or only the same query's. */
  keepPrevious?: 'any' | 'same-query';
}

/** Runs the metrics query; undefined request = nothing to run yet. */
export function useTraceqlMetrics(
  request: TraceqlMetricsRequest | undefined,
  options: TraceqlMetricsOptions = { keepPrevious: 'any' },
) {
  const queryClient = useQueryClient();
  return useQuery<TraceqlMetricsOutcome, Error>({
    queryKey: request ? traceqlMetricsKey(request) : ['traceql-metrics', 'none'],
    enabled: request !== undefined && request.q.trim() !== '',
    queryFn: async ({ signal }) => {
      if (!request) throw new Error('No metrics query to run');
      const client = await getTempoClient(queryClient, request.datasource);
      const ranAt = Date.now();
      const { fromMs, toMs } = resolveTimeRange(request.range, ranAt);
      const range = { start: fromMs, end: toMs, step: request.step };
      const opts = { exemplars: request.exemplars, signal };
      const set = request.instant
        ? await client.queryInstant(request.q, range, opts)
        : await client.queryRange(request.q, range, opts);
      return { set, fromMs, toMs, ranAt };
    },
    staleTime: TRACEQL_METRICS_STALE_MS,
    // While the next answer loads, the last one stays (the search page dims it). With
    // `keepPrevious: 'same-query'` only a new window or step keeps it: the services page's
    // operations must never read the services' series.
    placeholderData: (previous, previousQuery) =>
      options.keepPrevious === 'any' || (previousQuery && sameQuery(previousQuery.queryKey, request))
        ? previous
        : undefined,
    retry: (failures, error) =>
      failures < 1 &&
      error instanceof DatasourceError &&
      (error.kind === 'network' || error.kind === 'unavailable'),
    refetchOnWindowFocus: false,
    structuralSharing: false,
  });
}

// TanStack Query hooks for Loki: log lines page by page ("load more" asks for the lines after the last
// one), label values. Clients go through the gateway at `api/ds/<name>/`.
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { createHttpClient, datasourceBaseUrl } from '../datasources/http';
import {
  createLokiClient,
  type LogRangeQuery,
  type LokiClient,
  type LokiQueryResult,
  nextPageRequest,
} from '../datasources/loki';

export function lokiClient(name: string, label = name): LokiClient {
  return createLokiClient(createHttpClient({ baseUrl: datasourceBaseUrl(name, document.baseURI), label }));
}

export function logsQueryKey(datasource: string, request: LogRangeQuery) {
  return [
    'loki',
    'query_range',
    datasource,
    request.query,
    request.startNs.toString(),
    request.endNs.toString(),
    request.limit ?? null,
    request.direction ?? null,
    request.step ?? null,
  ] as const;
}

/** Pages of a Loki range query; `fetchNextPage` continues after the last line when the limit was hit. */
export function useLogsQuery(datasource: string | undefined, request: LogRangeQuery | undefined) {
  return useInfiniteQuery({
    queryKey: datasource && request ? logsQueryKey(datasource, request) : ['loki', 'disabled'],
    enabled: Boolean(datasource && request),
    initialPageParam: request as LogRangeQuery,
    queryFn: ({ pageParam, signal }) => {
      if (!datasource || !pageParam) throw new Error('no query');
      return lokiClient(datasource).queryRange(pageParam, { signal });
    },
    getNextPageParam: (last: LokiQueryResult, _pages, param: LogRangeQuery) =>
      last.resultType === 'streams' && last.limitReached ? nextPageRequest(param, last.lines) : undefined,
    retry: false,
    refetchOnWindowFocus: false,
    staleTime: 30_000,
  });
}

export function useLokiLabelValues(datasource: string | undefined, label: string) {
  return useQuery({
    queryKey: ['loki', 'label-values', datasource, label],
    enabled: Boolean(datasource),
    queryFn: ({ signal }) => lokiClient(datasource ?? '').labelValues(label, {}, { signal }),
    retry: false,
    staleTime: 60_000,
  });
}

// TanStack Query hooks for Prometheus: range queries and their exemplars, fetched separately so a
// Prometheus without exemplar storage still draws its lines.
import { useQuery } from '@tanstack/react-query';
import { createHttpClient, datasourceBaseUrl } from '../datasources/http';
import { createPrometheusClient, type PrometheusClient, type RangeQuery } from '../datasources/prometheus';

export function prometheusClient(name: string, label = name): PrometheusClient {
  return createPrometheusClient(
    createHttpClient({ baseUrl: datasourceBaseUrl(name, document.baseURI), label }),
  );
}

export function usePromRange(datasource: string | undefined, request: RangeQuery | undefined) {
  return useQuery({
    queryKey: [
      'prometheus',
      'query_range',
      datasource,
      request?.query,
      request?.start,
      request?.end,
      request?.step,
    ],
    enabled: Boolean(datasource && request?.query),
    queryFn: ({ signal }) => prometheusClient(datasource ?? '').queryRange(request as RangeQuery, { signal }),
    retry: false,
    refetchOnWindowFocus: false,
    staleTime: 15_000,
  });
}

export function usePromExemplars(
  datasource: string | undefined,
  request: { query: string; start: number; end: number } | undefined,
) {
  return useQuery({
    queryKey: ['prometheus', 'query_exemplars', datasource, request?.query, request?.start, request?.end],
    enabled: Boolean(datasource && request?.query),
    queryFn: ({ signal }) =>
      prometheusClient(datasource ?? '').queryExemplars(
        request as { query: string; start: number; end: number },
        { signal },
      ),
    retry: false,
    refetchOnWindowFocus: false,
    staleTime: 15_000,
  });
}

// Where the system map's figures come from for a datasource, and the hook that fetches them
// (decision 0273). One source per datasource, in this order: the embedded backend's own interface;
// a Prometheus (the datasource itself, or its `metrics.datasource`) with Tempo's service-graph
// metrics; Jaeger's or Zipkin's dependencies; TraceQL metrics on a Tempo with none of these; otherwise nothing.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { DatasourceInfo } from '../datasources/config';
import { createHttpClient, datasourceBaseUrl } from '../datasources/http';
import {
  fetchEmbeddedServiceGraph,
  fetchJaegerDependencies,
  fetchPrometheusServiceGraph,
  fetchTraceqlServiceGraph,
  fetchZipkinDependencies,
  type ServiceGraphAnswer,
  type ServiceGraphWindow,
  type TraceqlMapQueries,
} from '../datasources/service-graph';
import { prometheusClient } from './metrics';
import { getTempoClient } from './trace-clients';

export interface ServiceMapAnswer extends ServiceGraphAnswer {
  /** The TraceQL source: client services asked about, of those found (it asks about the busiest). */
  clientsAsked?: number;
  clientsFound?: number;
}

export type MapSource =
  | { kind: 'embedded' | 'prometheus' | 'jaeger' | 'zipkin' | 'traceql'; datasource: string }
  | { kind: 'none'; reason: 'unsupported-type' };

/** The source of the map for `ds`, among the configured datasources. */
export function mapSourceFor(ds: DatasourceInfo, all: readonly DatasourceInfo[]): MapSource {
  if (ds.type === 'prometheus') return { kind: 'prometheus', datasource: ds.name };
  if (ds.embedded && (ds.type === 'tempo' || ds.type === 'jaeger'))
    return { kind: 'embedded', datasource: ds.name };
  const linked = ds.metrics?.datasource;
  if (linked && all.some((d) => d.name === linked && d.type === 'prometheus'))
    return { kind: 'prometheus', datasource: linked };
  if (ds.type === 'jaeger') return { kind: 'jaeger', datasource: ds.name };
  if (ds.type === 'zipkin') return { kind: 'zipkin', datasource: ds.name };
  if (ds.type === 'tempo') return { kind: 'traceql', datasource: ds.name };
  return { kind: 'none', reason: 'unsupported-type' };
}

const httpFor = (name: string) =>
  createHttpClient({ baseUrl: datasourceBaseUrl(name, document.baseURI), label: name });

export function useServiceMap(
  source: MapSource | undefined,
  window: ServiceGraphWindow,
  traceqlQueries: TraceqlMapQueries,
) {
  const queryClient = useQueryClient();
  const active = source && source.kind !== 'none' ? source : undefined;
  return useQuery<ServiceMapAnswer>({
    queryKey: ['service-map', active?.kind, active?.datasource, window.start, window.end],
    enabled: active !== undefined,
    queryFn: ({ signal }) => {
      if (!active) throw new Error('no map source');
      switch (active.kind) {
        case 'embedded':
          return fetchEmbeddedServiceGraph(httpFor(active.datasource), window, { signal });
        case 'prometheus':
          return fetchPrometheusServiceGraph(prometheusClient(active.datasource), window, { signal });
        case 'jaeger':
          return fetchJaegerDependencies(httpFor(active.datasource), window, { signal });
        case 'zipkin':
          return fetchZipkinDependencies(httpFor(active.datasource), window, { signal });
        case 'traceql':
          return getTempoClient(queryClient, active.datasource).then((tempo) =>
            fetchTraceqlServiceGraph(tempo, window, traceqlQueries, { signal }),
          );
      }
    },
    placeholderData: (previous, query) =>
      query && query.queryKey[1] === active?.kind && query.queryKey[2] === active?.datasource
        ? previous
        : undefined,
    retry: false,
    refetchOnWindowFocus: false,
    staleTime: 15_000,
  });
}

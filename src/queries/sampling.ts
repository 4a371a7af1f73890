// The embedded backend's sampling figures (decisions 0334, 0335): observed traffic for the settings
// page's estimate, and each listed trace's root sampling probability for search's count line.
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ObservedTrafficAnswer, SampledService } from '../datasources/tempo';
import { getTempoClient } from './trace-clients';

export function useObservedTraffic(datasource: string | undefined, slowMs: number) {
  const queryClient = useQueryClient();
  return useQuery<ObservedTrafficAnswer>({
    queryKey: ['observed-traffic', datasource, slowMs],
    enabled: datasource !== undefined && Number.isFinite(slowMs) && slowMs >= 0,
    queryFn: async ({ signal }) => {
      const client = await getTempoClient(queryClient, datasource ?? '');
      return client.observedTraffic(slowMs, { signal });
    },
    placeholderData: keepPreviousData,
    retry: false,
  });
}

/** Root sampling probabilities of `traceIds` on an embedded datasource; disabled elsewhere. */
export function useSampledCounts(datasource: string | undefined, traceIds: readonly string[]) {
  const queryClient = useQueryClient();
  return useQuery<Map<string, number | null>>({
    queryKey: ['sampled-counts', datasource, traceIds.join(',')],
    enabled: datasource !== undefined && traceIds.length > 0,
    queryFn: async ({ signal }) => {
      const client = await getTempoClient(queryClient, datasource ?? '');
      return client.sampledCounts(traceIds, { signal });
    },
    staleTime: 60_000,
    retry: false,
  });
}

/** Spans per service and their estimated real count over `range` (Unix seconds), embedded only. */
export function useSampledServices(
  datasource: string | undefined,
  range: { start: number; end: number } | undefined,
) {
  const queryClient = useQueryClient();
  return useQuery<SampledService[]>({
    queryKey: ['sampled-services', datasource, range?.start, range?.end],
    enabled: datasource !== undefined && range !== undefined,
    queryFn: async ({ signal }) => {
      const client = await getTempoClient(queryClient, datasource ?? '');
      return client.sampledServices(range ?? { start: 0, end: 0 }, { signal });
    },
    placeholderData: keepPreviousData,
    retry: false,
  });
}

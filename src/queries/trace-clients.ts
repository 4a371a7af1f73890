// One client per trace datasource for the whole page session, kept in the query cache (no module
// state): the clients remember what they detected about their backend (Jaeger's API, Tempo's v2
// trace endpoint), so they must not be recreated per call.
import type { QueryClient } from '@tanstack/react-query';
import { createTraceDatasourceClient, type TraceDatasourceClient } from '../datasources/clients';

export type TraceDatasourceType = TraceDatasourceClient['type'];

export interface TraceDatasourceRef {
  name: string;
  type: TraceDatasourceType;
}

export function traceClientKey(ds: TraceDatasourceRef) {
  return ['trace-client', ds.name, ds.type] as const;
}

export function getTraceClient(
  queryClient: QueryClient,
  ds: TraceDatasourceRef,
): Promise<TraceDatasourceClient> {
  return queryClient.ensureQueryData({
    queryKey: traceClientKey(ds),
    queryFn: () =>
      createTraceDatasourceClient({ type: ds.type, name: ds.name, documentBaseUri: document.baseURI }),
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: Number.POSITIVE_INFINITY,
    structuralSharing: false,
  });
}

// The main thread's trace datasource clients (search, services, TraceQL completion): one per
// datasource for the whole page session, built by the shared factory and kept in the query cache
// (no module state). The clients remember what they detected about their backend (Jaeger's API,
// Tempo's v2 trace endpoint), so they must not be recreated per call. Traces by ID are fetched by
// the worker's own clients (decision 0114), never from here.
import type { QueryClient } from '@tanstack/react-query';
import {
  createTraceDatasourceClient,
  type TraceClientType,
  type TraceDatasourceClient,
} from '../datasources/clients';
import type { TempoClient } from '../datasources/tempo';

export type TraceDatasourceType = TraceClientType;

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

/** The Tempo datasource `name`'s client (the same one search uses). */
export async function getTempoClient(queryClient: QueryClient, name: string): Promise<TempoClient> {
  const made = await getTraceClient(queryClient, { name, type: 'tempo' });
  if (made.type !== 'tempo') throw new Error(`Datasource ${name} is not a Tempo datasource`);
  return made.client;
}

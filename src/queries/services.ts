// Suggestions for the search forms: services and operations (Jaeger, Zipkin; Tempo through tag
// values), and Tempo's tag names and values. Suggestions are a convenience: failures are quiet.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { TempoTagValue } from '../datasources/tempo';
import { getTraceClient, type TraceDatasourceRef } from './trace-clients';

const SUGGESTION_STALE_MS = 5 * 60_000;

export interface SuggestionWindow {
  /** Unix seconds. */
  start: number;
  end: number;
}

export function useServiceNames(ds: TraceDatasourceRef | undefined, window?: SuggestionWindow) {
  const queryClient = useQueryClient();
  return useQuery<string[]>({
    queryKey: ['services', ds?.name, ds?.type, ds?.type === 'tempo' ? window : undefined],
    enabled: ds !== undefined,
    queryFn: async ({ signal }) => {
      if (!ds) return [];
      const client = await getTraceClient(queryClient, ds);
      let names: string[];
      if (client.type === 'tempo') {
        const values = await tempoValuesWithFallback(
          (range) => client.client.tagValues('resource.service.name', range, { signal }),
          window,
        );
        names = values.map((v) => v.value);
      } else {
        names = await client.client.services({ signal });
      }
      return [...new Set(names)].sort((a, b) => a.localeCompare(b));
    },
    staleTime: SUGGESTION_STALE_MS,
    retry: false,
  });
}

export function useOperationNames(ds: TraceDatasourceRef | undefined, service: string) {
  const queryClient = useQueryClient();
  return useQuery<string[]>({
    queryKey: ['operations', ds?.name, ds?.type, service],
    enabled: ds !== undefined && ds.type !== 'tempo' && service !== '',
    queryFn: async ({ signal }) => {
      if (!ds) return [];
      const client = await getTraceClient(queryClient, ds);
      if (client.type === 'jaeger') {
        const operations = await client.client.operations(service, { signal });
        return [...new Set(operations.map((op) => op.name))].sort((a, b) => a.localeCompare(b));
      }
      if (client.type === 'zipkin') return (await client.client.spanNames(service, { signal })).sort();
      return [];
    },
    staleTime: SUGGESTION_STALE_MS,
    retry: false,
  });
}

/** Tempo tag names as TraceQL spells them (`resource.x`, `span.y`, intrinsics bare). */
export function useTempoTagNames(ds: TraceDatasourceRef | undefined) {
  const queryClient = useQueryClient();
  return useQuery<string[]>({
    queryKey: ['tempo-tags', ds?.name],
    enabled: ds?.type === 'tempo',
    queryFn: async ({ signal }) => {
      if (!ds) return [];
      const client = await getTraceClient(queryClient, ds);
      if (client.type !== 'tempo') return [];
      const scopes = await client.client.tags({}, { signal });
      const names: string[] = [];
      for (const scope of scopes) {
        for (const tag of scope.tags) names.push(scope.name === 'intrinsic' ? tag : `${scope.name}.${tag}`);
      }
      return [...new Set(names)];
    },
    staleTime: SUGGESTION_STALE_MS,
    retry: false,
  });
}

/** Values of one Tempo tag, narrowed by the rest of the query (`q`). */
export function useTempoTagValues(
  ds: TraceDatasourceRef | undefined,
  tag: string,
  q: string,
  window?: SuggestionWindow,
) {
  const queryClient = useQueryClient();
  return useQuery<TempoTagValue[]>({
    queryKey: ['tempo-tag-values', ds?.name, tag, q, window],
    enabled: ds?.type === 'tempo' && tag.trim() !== '',
    queryFn: async ({ signal }) => {
      if (!ds) return [];
      const client = await getTraceClient(queryClient, ds);
      if (client.type !== 'tempo') return [];
      return tempoValuesWithFallback(
        (range) =>
          client.client.tagValues(tag.trim(), { q: q === '{}' ? undefined : q, ...range }, { signal }),
        window,
      );
    },
    staleTime: SUGGESTION_STALE_MS,
    retry: false,
  });
}

/**
 * Tempo answers some dedicated columns' values empty when asked with a time range (BACKENDS.md, trap
 * 8): ask again without the range before concluding there are none.
 */
async function tempoValuesWithFallback(
  ask: (range: Partial<SuggestionWindow>) => Promise<TempoTagValue[]>,
  window: SuggestionWindow | undefined,
): Promise<TempoTagValue[]> {
  if (!window) return ask({});
  const values = await ask(window);
  return values.length > 0 ? values : ask({});
}

// Tags and tag values from Tempo for completion, through the app's TanStack Query client so answers
// are cached per datasource, time range (and, for values, the narrowing query) and shared by editors.
import type { QueryClient } from '@tanstack/react-query';
import { createHttpClient, datasourceBaseUrl } from '../../datasources/http';
import { createTempoClient, type TempoTagScope, type TempoTagValue } from '../../datasources/tempo';

export interface TimeRangeSec {
  startSec: number;
  endSec: number;
}

export interface SuggestionSource {
  tags(): Promise<TempoTagScope[]>;
  values(tag: string, q: string | undefined): Promise<TempoTagValue[]>;
  /** The tags if already fetched (for marker warnings, which must not wait). */
  cachedTags(): TempoTagScope[] | undefined;
}

const STALE_MS = 5 * 60_000;
const TIMEOUT_MS = 10_000;

export function createSuggestionSource(
  queryClient: QueryClient,
  datasource: string,
  timeRange: TimeRangeSec | undefined,
  documentBaseUri: string,
): SuggestionSource {
  const client = createTempoClient(
    createHttpClient({
      baseUrl: datasourceBaseUrl(datasource, documentBaseUri),
      label: datasource,
      timeoutMs: TIMEOUT_MS,
    }),
  );
  const range = { start: timeRange?.startSec, end: timeRange?.endSec };
  const tagsKey = ['traceql-editor', datasource, 'tags', range.start, range.end] as const;
  return {
    tags: () =>
      queryClient.fetchQuery({
        queryKey: tagsKey,
        queryFn: ({ signal }) => client.tags(range, { signal }),
        staleTime: STALE_MS,
        retry: false,
      }),
    values: (tag, q) =>
      queryClient.fetchQuery({
        queryKey: ['traceql-editor', datasource, 'values', tag, q ?? '', range.start, range.end],
        queryFn: ({ signal }) => client.tagValues(tag, { ...range, q }, { signal }),
        staleTime: STALE_MS,
        retry: false,
      }),
    cachedTags: () => queryClient.getQueryData<TempoTagScope[]>(tagsKey),
  };
}

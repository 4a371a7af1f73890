// Tags and tag values from Tempo for completion, through the app's TanStack Query client so answers
// are cached per datasource, time range (and, for values, the narrowing query) and shared by editors.
import type { QueryClient } from '@tanstack/react-query';
import type { TempoTagScope, TempoTagValue } from '../../datasources/tempo';
import { getTempoClient } from '../../queries/trace-clients';
import { tagValueMasked } from '../../redact/link';
import { loadRedactor } from '../../worker/main-redactor';

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
): SuggestionSource {
  // The page's one client for this datasource (queries/trace-clients.ts), with a shorter time limit.
  const client = () => getTempoClient(queryClient, datasource);
  const range = { start: timeRange?.startSec, end: timeRange?.endSec };
  const tagsKey = ['traceql-editor', datasource, 'tags', range.start, range.end] as const;
  return {
    tags: () =>
      queryClient.fetchQuery({
        queryKey: tagsKey,
        queryFn: async ({ signal }) => (await client()).tags(range, { signal, timeoutMs: TIMEOUT_MS }),
        staleTime: STALE_MS,
        retry: false,
      }),
    values: (tag, q) =>
      queryClient.fetchQuery({
        queryKey: ['traceql-editor', datasource, 'values', tag, q ?? '', range.start, range.end],
        queryFn: async ({ signal }) => {
          const values = await (await client()).tagValues(
            tag,
            { ...range, q },
            { signal, timeoutMs: TIMEOUT_MS },
          );
          // A remote Tempo's values a redaction rule masks are not suggested (decision 0330).
          const redactor = await loadRedactor();
          return values.filter((v) => !tagValueMasked(redactor, tag, v.value));
        },
        staleTime: STALE_MS,
        retry: false,
      }),
    cachedTags: () => queryClient.getQueryData<TempoTagScope[]>(tagsKey),
  };
}

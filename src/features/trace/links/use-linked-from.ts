// The "linked from" look-up (issue 18, decision 0280): when a trace opens, find the spans — in other
// traces or in this one — whose span links point at its spans. Where it looks depends on where the
// trace came from:
// - a TraceQL datasource (Tempo, the embedded `local`): `{ link:traceID = "<id>" }` over the trace's
//   window widened by `lmargin` (default 1 h) each side, then the traces it names are read in the
//   trace's worker, which knows which span each link points at (a search answer does not say);
// - Jaeger and Zipkin: their APIs cannot search for links pointing back, so only the links inside the
//   trace itself are found (the screen says so);
// - a file: every trace opened from files in this tab (a file may hold many).
// One react-query entry per trace and scope (cached for the session's gcTime); leaving the trace
// aborts the search and the worker's fetches.
import { useQuery } from '@tanstack/react-query';
import {
  type LinkedFrom,
  type LinkingSpan,
  linkedFrom,
  linkedFromSearch,
} from '../../../analysis/linked-from.ts';
import { datasourceBaseUrl } from '../../../datasources/http.ts';
import { useRuntimeConfig } from '../../../queries/config.ts';
import { DEFAULT_LINK_MARGIN_S } from '../../../routes/trace-links-params.ts';
import type { TraceWorkerClient } from '../../../worker/client.ts';
import type { LinkFetchFailure } from '../../../worker/linking-spans.ts';
import type { LoadedTrace } from '../../../worker/protocol.ts';
import { useOpenedTraces } from '../../open-file/index.ts';

/** Where the look-up searched. */
export type LinkedFromScope = 'traceql' | 'jaeger' | 'zipkin' | 'files' | 'trace';

export interface LinkedFromLookup {
  linked: LinkedFrom;
  scope: LinkedFromScope;
  /** TraceQL: the search sent (Unix seconds). */
  search?: { q: string; start: number; end: number };
  /** Traces the search named but the look-up did not read (over MAX_LINKED_FROM_READS). */
  unread: string[];
  /** Traces the search named that could not be read, and why. */
  failures: LinkFetchFailure[];
  /** The search returned as many traces as it asked for: more may link here. */
  limitReached: boolean;
}

/** Traces the `{ link:traceID }` search asks for. */
export const LINKED_FROM_SEARCH_LIMIT = 50;
/** Of those, how many are read to learn which span each link points at. */
export const MAX_LINKED_FROM_READS = 20;

export interface LinkedFromArgs {
  trace: LoadedTrace;
  client: TraceWorkerClient;
  /** The datasource the trace came from; undefined for a file's trace. */
  traceDatasource: string | undefined;
  /** The URL's `file=` (a trace opened from a file in this tab). */
  file: number | undefined;
  /** URL `lmargin`, seconds; undefined is the default. */
  linkMarginS: number | undefined;
}

export function linkedFromKey(traceId: string, where: string, marginS: number) {
  return ['linked-from', traceId, where, marginS] as const;
}

export function useLinkedFrom(args: LinkedFromArgs) {
  const { trace, client, traceDatasource, file } = args;
  const marginS = args.linkMarginS ?? DEFAULT_LINK_MARGIN_S;
  const config = useRuntimeConfig();
  const opened = useOpenedTraces();
  const dsType = config.data?.datasources.find((d) => d.name === traceDatasource)?.type;
  const where = file !== undefined ? `file:${file}` : `ds:${traceDatasource ?? ''}`;
  return useQuery<LinkedFromLookup, Error>({
    queryKey: linkedFromKey(trace.traceId, where, marginS),
    enabled: file !== undefined || (traceDatasource !== undefined && dsType !== undefined),
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
    queryFn: async ({ signal }) => {
      const local = await client.linkingSpans(trace.traceId);
      if (file !== undefined) {
        const others = new Set<TraceWorkerClient>();
        for (const o of opened?.all() ?? []) if (o.client !== client) others.add(o.client);
        const sources: LinkingSpan[] = [...local.spans];
        for (const other of others) {
          // A file's worker that was closed answers an error: its traces are simply not there.
          const found = await other.linkingSpans(trace.traceId).catch(() => null);
          if (found) sources.push(...found.spans);
        }
        return lookup(linkedFrom(trace.traceId, sources), 'files');
      }
      if (dsType === 'jaeger' || dsType === 'zipkin')
        return lookup(linkedFrom(trace.traceId, local.spans), dsType);
      if (dsType !== 'tempo' || traceDatasource === undefined)
        return lookup(linkedFrom(trace.traceId, local.spans), 'trace');
      const startUnixMs = Number(BigInt(trace.startUnixNano) / 1_000_000n);
      const search = linkedFromSearch(
        trace.traceId,
        { startUnixMs, endUnixMs: startUnixMs + trace.durationNs / 1e6 },
        marginS * 1000,
      );
      if (!search) return lookup(linkedFrom(trace.traceId, local.spans), 'trace');
      // The search and the reads run in the trace's worker (decision 0280).
      const fetched = await client.fetchLinkingSpans(
        {
          into: trace.traceId,
          traceIds: [],
          search: {
            q: search.q,
            limit: LINKED_FROM_SEARCH_LIMIT,
            maxReads: MAX_LINKED_FROM_READS,
            exclude: trace.traceId,
          },
          start: search.start,
          end: search.end,
          target: {
            name: traceDatasource,
            type: 'tempo',
            displayName: traceDatasource,
            baseUrl: datasourceBaseUrl(traceDatasource, document.baseURI),
          },
        },
        signal,
      );
      const named = fetched.named ?? [];
      return {
        ...lookup(linkedFrom(trace.traceId, [...local.spans, ...fetched.spans]), 'traceql'),
        search,
        unread: named.slice(MAX_LINKED_FROM_READS),
        failures: fetched.failures,
        limitReached: fetched.limitReached ?? false,
      };
    },
  });
}

function lookup(linked: LinkedFrom, scope: LinkedFromScope): LinkedFromLookup {
  return { linked, scope, unread: [], failures: [], limitReached: false };
}

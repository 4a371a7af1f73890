// The worker's part of the "linked from" look-up (issue 18): the spans whose span links point into a
// trace, read from the traces this worker decoded (the payload: a file may hold many) or from traces
// it fetches for the purpose (the ones a TraceQL `{ link:traceID = … }` search named). Only the small
// `LinkingSpan` records cross to the main thread, never the fetched traces.
import type { LinkingSpan } from '../analysis/linked-from.ts';
import { AbortedError } from '../datasources/errors.ts';
import type { TempoClient } from '../datasources/tempo.ts';
import type { TraceClient } from '../datasources/types.ts';
import { type DecodeResult, SpanFlag, type Trace } from '../model/types.ts';

/** A datasource as the worker reaches it (protocol.ts's DatasourceTarget, repeated to keep no circle). */
export interface LinkTarget {
  name: string;
  type: 'tempo' | 'jaeger' | 'zipkin';
  displayName: string;
  baseUrl: string;
}

export type LinksRequest =
  /** Links into `into` among the traces this worker decoded. */
  | { type: 'linking-spans'; id: number; into: string }
  /** Fetches `traceIds` from `target` and returns the links into `into` they hold. */
  | {
      type: 'fetch-linking-spans';
      id: number;
      into: string;
      target: LinkTarget;
      /** Traces to read; with `search`, the ones it names (the open trace's own left out) come after these. */
      traceIds: string[];
      /**
       * A TraceQL search naming the traces to read (Tempo only), run here rather than on the main
       * thread: what it costs, and how the backend refuses it, stays with the trace's other requests.
       */
      search?: { q: string; limit: number; maxReads: number; exclude?: string };
      /** Backend time window, Unix seconds. */
      start?: number;
      end?: number;
    };

export interface LinkFetchFailure {
  traceId: string;
  message: string;
}

export type LinksReply = {
  type: 'linking-spans';
  id: number;
  spans: LinkingSpan[];
  failures: LinkFetchFailure[];
  cancelled: boolean;
  /** With `search`: every trace it named (the open one left out), read or not. */
  named?: string[];
  /** With `search`: it returned as many traces as asked for, so more may link here. */
  limitReached?: boolean;
};

function canSearch(client: TraceClient): client is TraceClient & Pick<TempoClient, 'search'> {
  return typeof (client as Partial<TempoClient>).search === 'function';
}

/** At most this many traces are fetched at once. */
const CONCURRENCY = 4;

/** The spans of `traces` that link into trace `into` (lowercase hex), each with only those links. */
export function linkingSpansOf(traces: readonly Trace[], into: string): LinkingSpan[] {
  const target = into.toLowerCase();
  const out: LinkingSpan[] = [];
  for (const trace of traces) {
    const t = trace.table;
    for (let row = 0; row < t.count; row++) {
      if ((t.flags[row] & SpanFlag.HasLinks) === 0) continue;
      const d = trace.details.get(row);
      const links = d.links
        .filter((l) => l.traceId.toLowerCase() === target)
        .map((l) => ({ traceId: l.traceId.toLowerCase(), spanId: l.spanId.toLowerCase() }));
      if (links.length === 0) continue;
      out.push({
        traceId: trace.traceId,
        spanId: d.spanId,
        service: d.service,
        name: d.name,
        kind: d.kind,
        links,
      });
    }
  }
  return out;
}

export async function fetchLinkingSpans(
  request: Extract<LinksRequest, { type: 'fetch-linking-spans' }>,
  signal: AbortSignal,
  clientOf: (target: LinkTarget) => TraceClient | null,
  decode: (input: Uint8Array, hint?: { contentType?: string }) => DecodeResult,
  /** The load's redaction rules, applied to fetched traces as to the open one (identity without rules). */
  redact: (trace: Trace) => Trace = (trace) => trace,
): Promise<Omit<LinksReply, 'id' | 'type'>> {
  const client = clientOf(request.target);
  if (!client) {
    return {
      spans: [],
      failures: request.traceIds.map((traceId) => ({
        traceId,
        message: `Type ${request.target.type} cannot be read here`,
      })),
      cancelled: false,
    };
  }
  let traceIds = request.traceIds;
  let named: string[] | undefined;
  let limitReached: boolean | undefined;
  if (request.search) {
    if (!canSearch(client)) throw new Error(`${request.target.displayName} cannot run TraceQL searches`);
    const { q, limit, maxReads, exclude } = request.search;
    let result: Awaited<ReturnType<typeof client.search>>;
    try {
      result = await client.search({ q, start: request.start, end: request.end, limit }, { signal });
    } catch (err) {
      if (err instanceof AbortedError || signal.aborted) return { spans: [], failures: [], cancelled: true };
      throw err;
    }
    named = result.traces.map((t) => t.traceId).filter((id) => id !== exclude);
    limitReached = result.limitReached;
    traceIds = [...traceIds, ...named.filter((id) => !traceIds.includes(id)).slice(0, maxReads)];
  }
  const spans: LinkingSpan[] = [];
  const failures: LinkFetchFailure[] = [];
  const queue = [...traceIds];
  const one = async (traceId: string) => {
    try {
      const raw = await client.getTrace(traceId, { start: request.start, end: request.end, signal });
      const result = decode(raw.bytes, { contentType: raw.contentType });
      if (result.traces.length === 0) {
        failures.push({ traceId, message: result.error ?? 'The answer holds no spans' });
        return;
      }
      spans.push(...linkingSpansOf(result.traces.map(redact), request.into));
    } catch (err) {
      if (err instanceof AbortedError || signal.aborted) return;
      failures.push({ traceId, message: err instanceof Error ? err.message : String(err) });
    }
  };
  const workers = Array.from({ length: Math.min(CONCURRENCY, queue.length) }, async () => {
    for (let next = queue.shift(); next !== undefined && !signal.aborted; next = queue.shift()) {
      await one(next);
    }
  });
  await Promise.all(workers);
  // The order met depends on which answer came first: put it back in the search's order.
  const order = new Map(traceIds.map((id, i) => [id, i]));
  spans.sort((a, b) => (order.get(a.traceId) ?? 0) - (order.get(b.traceId) ?? 0));
  return {
    spans,
    failures,
    cancelled: signal.aborted,
    ...(named === undefined ? {} : { named, limitReached: limitReached ?? false }),
  };
}

// "Linked from": the spans, in other traces or in this one, whose span links point at a span of the
// open trace. Data only: the trace screen feeds it the link-bearing spans it found (a TraceQL search
// `{ link:traceID = "<id>" }` over the trace's time bounds widened by a margin, the traces a Jaeger search
// returned, the traces opened from files) and draws the counts ("3 consumers link here").

/** A span that carries links, as far as the look-up needs it. IDs are normalised lowercase hex. */
export interface LinkingSpan {
  traceId: string;
  spanId: string;
  service: string;
  name: string;
  /** Its SpanKind, when known (the screen says "consumers" when every linking span is one). */
  kind?: number;
  links: readonly { traceId: string; spanId: string }[];
}

/** One span linking into the open trace. */
export interface IncomingLink {
  traceId: string;
  spanId: string;
  service: string;
  name: string;
  kind?: number;
  /** The span of the open trace it links to. */
  targetSpanId: string;
}

export interface LinkedFrom {
  /** Per span of the open trace, the spans linking to it, in the order met, each once. */
  bySpan: Map<string, IncomingLink[]>;
  /** Every incoming link, ordered by target span then source (the trace's list). */
  all: IncomingLink[];
  /** Distinct traces with a span linking here, other than the open one. */
  otherTraces: string[];
}

/**
 * The links from `sources` into `traceId`. A link from a span to itself is dropped; a source met
 * twice (the same trace fetched twice, a cycle of links walked from both ends) counts once.
 */
export function linkedFrom(traceId: string, sources: Iterable<LinkingSpan>): LinkedFrom {
  const target = traceId.toLowerCase();
  const bySpan = new Map<string, IncomingLink[]>();
  const seen = new Set<string>();
  const traces = new Set<string>();
  for (const s of sources) {
    for (const l of s.links) {
      if (l.traceId.toLowerCase() !== target) continue;
      const targetSpanId = l.spanId.toLowerCase();
      if (s.traceId === target && s.spanId === targetSpanId) continue;
      const key = `${s.traceId}/${s.spanId}>${targetSpanId}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const link: IncomingLink = {
        traceId: s.traceId,
        spanId: s.spanId,
        service: s.service,
        name: s.name,
        targetSpanId,
        ...(s.kind === undefined ? {} : { kind: s.kind }),
      };
      const list = bySpan.get(targetSpanId);
      if (list) list.push(link);
      else bySpan.set(targetSpanId, [link]);
      if (s.traceId !== target) traces.add(s.traceId);
    }
  }
  const all = [...bySpan.values()].flat();
  return { bySpan, all, otherTraces: [...traces] };
}

const TRACE_ID = /^[0-9a-f]{32}$/;

/** The default margin around the trace's time bounds for the TraceQL look-up: one hour each side. */
export const LINKED_FROM_MARGIN_MS = 3_600_000;

/**
 * The TraceQL search for the spans linking into `traceId`, over the trace's time bounds widened by
 * `marginMs` on each side, in whole seconds as Tempo's search takes them. `undefined` when the ID
 * is not a normalised trace ID (it goes into the query text, so nothing else is let in).
 */
export function linkedFromSearch(
  traceId: string,
  bounds: { startUnixMs: number; endUnixMs: number },
  marginMs = LINKED_FROM_MARGIN_MS,
): { q: string; start: number; end: number } | undefined {
  const id = traceId.toLowerCase();
  if (!TRACE_ID.test(id)) return undefined;
  const margin = Math.max(0, marginMs);
  return {
    q: `{ link:traceID = "${id}" }`,
    start: Math.floor((bounds.startUnixMs - margin) / 1000),
    end: Math.ceil((bounds.endUnixMs + margin) / 1000),
  };
}

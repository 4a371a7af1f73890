// The trace URL's parameters for following a request across traces (issue 18):
// - `with=<id>,<id>`: traces stitched into this one's waterfall, in the order given, at most
//   MAX_WITH; the trace's own ID and repeats are dropped;
// - `hops=<trace>:<span>,…`: the breadcrumb of span links followed to get here, oldest first;
// - `lmargin=<s>`: how far the "linked from" look-up widens the trace's window on each side
//   (default 3600 s, 0 to 7 days);
// - `xcp=1`: with traces stitched in, the critical path runs across the set (decision 0286).
import { normalizeSpanId, normalizeTraceId } from './ids';

export interface TraceHop {
  traceId: string;
  spanId: string;
}

export interface TraceLinkParams {
  with?: readonly string[];
  hops?: readonly TraceHop[];
  /** Seconds; undefined is the default. */
  linkMargin?: number;
  /** The critical path runs across the stitched set (`xcp=1`); off by default. */
  crossTracePath?: boolean;
}

export const LINK_PARAM_NAMES = ['with', 'hops', 'lmargin', 'xcp'] as const;
export const DEFAULT_LINK_MARGIN_S = 3600;
const MAX_LINK_MARGIN_S = 7 * 86_400;
/** More than a URL should carry: the screen loads a configured number of them at a time. */
export const MAX_WITH = 200;
const MAX_HOPS = 50;

export function parseTraceLinkParams(params: URLSearchParams, ownTraceId: string): TraceLinkParams {
  const out: TraceLinkParams = {};
  const withIds = new Set<string>();
  for (const part of (params.get('with') ?? '').split(',')) {
    const id = part ? normalizeTraceId(part) : undefined;
    if (id && id !== ownTraceId && withIds.size < MAX_WITH) withIds.add(id);
  }
  if (withIds.size > 0) out.with = [...withIds];
  const hops: TraceHop[] = [];
  for (const part of (params.get('hops') ?? '').split(',')) {
    const [t, s] = part.split(':');
    const traceId = t ? normalizeTraceId(t) : undefined;
    const spanId = s ? normalizeSpanId(s) : undefined;
    if (traceId && spanId && hops.length < MAX_HOPS) hops.push({ traceId, spanId });
  }
  if (hops.length > 0) out.hops = hops;
  const margin = params.get('lmargin');
  if (margin !== null && /^\d+$/.test(margin)) {
    const s = Number(margin);
    if (s <= MAX_LINK_MARGIN_S && s !== DEFAULT_LINK_MARGIN_S) out.linkMargin = s;
  }
  if (params.get('xcp') === '1') out.crossTracePath = true;
  return out;
}

export function traceLinkEntries(state: TraceLinkParams): [string, string | undefined][] {
  return [
    ['with', state.with && state.with.length > 0 ? state.with.join(',') : undefined],
    [
      'hops',
      state.hops && state.hops.length > 0
        ? state.hops.map((h) => `${h.traceId}:${h.spanId}`).join(',')
        : undefined,
    ],
    [
      'lmargin',
      state.linkMargin === undefined || state.linkMargin === DEFAULT_LINK_MARGIN_S
        ? undefined
        : String(state.linkMargin),
    ],
    ['xcp', state.crossTracePath ? '1' : undefined],
  ];
}

/** The hops after following a link from `from` (a span of the open trace): the breadcrumb grows by it. */
export function hopsAfter(current: readonly TraceHop[] | undefined, from: TraceHop): TraceHop[] {
  return [...(current ?? []), from].slice(-MAX_HOPS);
}

/** Going back to hop `index`: the breadcrumb before it (that hop is where the user lands). */
export function hopsBefore(current: readonly TraceHop[], index: number): TraceHop[] {
  return current.slice(0, Math.max(0, index));
}

// The links the trace screen hands out (copy link, span anchors, span links to other traces). All go
// through routes/trace-url.ts's `tracePath` and carry a backend window: the URL's own when it has one,
// else the loaded trace's bounds (decision 0182).
import type { SpanTable } from '../../model/types.ts';
import { findTextMasked, paramMasked, traceqlMasked } from '../../redact/link.ts';
import type { Redactor } from '../../redact/rules.ts';
import { hopsAfter, hopsBefore, type TraceHop } from '../../routes/trace-links-params.ts';
import { type TraceUrlState, tracePath } from '../../routes/trace-url.ts';
import type { TraceTime } from '../../routes/trace-window.ts';
import { rowSpanId } from './waterfall/span-id.ts';

export interface TraceLinks {
  /** The whole current screen state with `row` selected: what "Copy link" copies (absolute URL). */
  stateLink: (row: number) => string;
  /** A span of this trace in the waterfall (absolute URL). */
  spanLink: (row: number) => string;
  /**
   * A span by IDs, of this trace or another one (a span link). Into another trace from span
   * `fromSpanId` of this one, the breadcrumb (`hops`) grows by that span; into a trace already on
   * the breadcrumb, it is cut back to before it (no loop of crumbs).
   */
  linkTo: (traceId: string, spanId: string, fromSpanId?: string) => string;
  /** Back to hop `index` of the breadcrumb (the hops before it kept). */
  hopLink: (index: number) => string;
  /** Parameters "Copy link" leaves out because they hold a value a redaction rule masks (decision 0330). */
  withheld: string[];
}

/** The breadcrumb after following a link from `from` (this trace's span) into trace `to`. */
export function hopsInto(current: readonly TraceHop[] | undefined, to: string, from?: TraceHop): TraceHop[] {
  const hops = current ?? [];
  const back = hops.findIndex((h) => h.traceId === to);
  if (back >= 0) return hopsBefore(hops, back);
  return from ? hopsAfter(hops, from) : [...hops];
}

/**
 * `url` without the free text a rule would mask: find, the TraceQL filter, unknown parameters.
 * `'pending'`: the rules have not arrived yet (decision 0339), so every such text is withheld.
 */
export function linkSafeState(
  url: TraceUrlState,
  redactor: Redactor | 'pending',
): { url: TraceUrlState; withheld: string[] } {
  const pending = redactor === 'pending';
  const withheld: string[] = [];
  let safe = url;
  if (url.find !== '' && (pending || findTextMasked(redactor, url.find))) {
    withheld.push('find');
    safe = { ...safe, find: '' };
  }
  if (url.filter !== '' && (pending || traceqlMasked(redactor, url.filter))) {
    withheld.push('filter');
    safe = { ...safe, filter: '' };
  }
  const masked = ([name, value]: readonly [string, string]) => pending || paramMasked(redactor, name, value);
  const extra = url.extra.filter((param) => !masked(param));
  if (extra.length !== url.extra.length) {
    for (const param of url.extra) if (masked(param)) withheld.push(param[0]);
    safe = { ...safe, extra };
  }
  return { url: safe, withheld };
}

export function traceLinks(
  url: TraceUrlState,
  table: SpanTable,
  time: TraceTime | undefined,
  hrefOf: (path: string) => string,
  redactor?: Redactor | 'pending',
): TraceLinks {
  const { url: shared, withheld } = redactor ? linkSafeState(url, redactor) : { url, withheld: [] };
  const window = { start: url.start, end: url.end };
  // Another trace is not ours to bound: a linked trace usually runs near this one, so its window is
  // the instant margin around this trace's start.
  const near: TraceTime | undefined =
    time?.kind === 'bounds' ? { kind: 'instant', atUnixMs: time.startUnixMs } : time;
  return {
    stateLink: (row) => hrefOf(tracePath({ ...shared, span: rowSpanId(table, row) }, time)),
    spanLink: (row) =>
      hrefOf(
        tracePath(
          { traceId: url.traceId, ds: url.ds, file: url.file, ...window, span: rowSpanId(table, row) },
          time,
        ),
      ),
    linkTo: (traceId, spanId, fromSpanId) =>
      traceId === url.traceId
        ? hrefOf(
            tracePath({ traceId, ds: url.ds, file: url.file, ...window, span: spanId, hops: url.hops }, time),
          )
        : hrefOf(
            tracePath(
              {
                traceId,
                ds: url.ds,
                span: spanId,
                hops: hopsInto(
                  url.hops,
                  traceId,
                  fromSpanId ? { traceId: url.traceId, spanId: fromSpanId } : undefined,
                ),
              },
              near,
            ),
          ),
    hopLink: (index) => {
      const hops = url.hops ?? [];
      const hop = hops[index];
      if (!hop) return hrefOf(tracePath({ ...url }, time));
      return hrefOf(
        tracePath(
          { traceId: hop.traceId, ds: url.ds, span: hop.spanId, hops: hopsBefore(hops, index) },
          near,
        ),
      );
    },
    withheld,
  };
}

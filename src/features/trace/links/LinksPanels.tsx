// The links UI on the trace screen (issue 18, decision 0281): the span panel's "Linked from" and
// broken-chain sections, the trace's "linked from" list behind a header chip, and the breadcrumb
// of hops. Every linking span opens in its own trace at that span, the hop recorded in the URL.
import { useId, useState } from 'react';
import type { IncomingLink } from '../../../analysis/linked-from.ts';
import type { SpanTable } from '../../../model/types.ts';
import type { TraceHop } from '../../../routes/trace-links-params.ts';
import { focusRing } from '../../../ui/styles.ts';
import { rowOfSpanId } from '../waterfall/span-id.ts';
import { linkedFromSummary, linkedHereText, missingCalleeText, orphanText, scopeNote } from './links-text.ts';
import { TraceAnchor } from './TraceAnchor.tsx';
import { linksInto, useTraceMarks } from './trace-marks.tsx';
import type { LinkedFromLookup } from './use-linked-from.ts';

type LinkTo = (traceId: string, spanId: string, fromSpanId?: string) => string;

function IncomingList(props: { links: readonly IncomingLink[]; ownTraceId: string; linkTo: LinkTo }) {
  return (
    <ul className="flex flex-col gap-0.5" data-testid="linked-from-list">
      {props.links.map((l) => (
        <li key={`${l.traceId}/${l.spanId}>${l.targetSpanId}`} data-linking-span={l.spanId}>
          <TraceAnchor href={props.linkTo(l.traceId, l.spanId, l.targetSpanId)}>
            {l.service} {l.name}
          </TraceAnchor>{' '}
          <span className="font-mono opacity-80">
            {l.traceId === props.ownTraceId ? 'this trace' : `trace ${l.traceId.slice(0, 8)}…`}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** The span panel's sections: who links here, and what is broken around this span. */
export function SpanLinksSections(props: {
  table: SpanTable;
  row: number;
  ownTraceId: string;
  linkTo: LinkTo;
}) {
  const marks = useTraceMarks();
  const incoming = linksInto(marks, props.table, props.row);
  const orphan = marks.orphans?.get(props.row);
  const callee = marks.missingCallees?.get(props.row);
  return (
    <>
      {incoming.length > 0 ? (
        <section
          className="border-t border-gray-200 p-2 dark:border-gray-700"
          data-testid="linked-from-section"
        >
          <h3 className="mb-1 font-semibold">Linked from ({incoming.length})</h3>
          <p className="mb-1">{linkedHereText(incoming)}.</p>
          <IncomingList links={incoming} ownTraceId={props.ownTraceId} linkTo={props.linkTo} />
        </section>
      ) : marks.lookup === 'pending' ? (
        <p className="border-t border-gray-200 p-2 opacity-80 dark:border-gray-700">
          Looking for spans that link here…
        </p>
      ) : null}
      {orphan ? (
        <section
          className="border-t border-gray-200 p-2 dark:border-gray-700"
          data-testid="orphan-explanation"
        >
          <h3 className="mb-1 font-semibold">Missing parent</h3>
          <p>{orphanText(orphan, props.table)}</p>
        </section>
      ) : null}
      {callee !== undefined ? (
        <section className="border-t border-gray-200 p-2 dark:border-gray-700" data-testid="missing-callee">
          <h3 className="mb-1 font-semibold">No span from the callee</h3>
          <p>{missingCalleeText({ row: props.row, peer: callee || undefined })}</p>
        </section>
      ) : null}
    </>
  );
}

/** The header chip "Linked from 3 spans in 2 traces" opening the trace's list; errors said plainly. */
export function LinkedFromChip(props: {
  ownTraceId: string;
  /** The open trace's table: names the span each list entry links to. */
  table: SpanTable;
  linkTo: LinkTo;
  marginS: number;
  lookup: {
    status: 'pending' | 'error' | 'success';
    error: Error | null;
    data?: LinkedFromLookup;
    refetch: () => void;
  };
}) {
  const [open, setOpen] = useState(false);
  const listId = useId();
  const { lookup } = props;
  if (lookup.status === 'pending')
    return (
      <p className="mt-1 text-xs opacity-80" role="status" data-testid="linked-from-status">
        Looking for spans in other traces that link here…
      </p>
    );
  if (lookup.status === 'error')
    return (
      // A status, not an alert: the look-up is secondary, and a backend without link search would
      // interrupt a screen reader on every trace it opens.
      <p
        className="mt-1 text-xs text-red-800 dark:text-red-300"
        role="status"
        data-testid="linked-from-status"
      >
        Could not look for spans linking here: {lookup.error?.message ?? 'unknown error'}.{' '}
        <button type="button" className={`underline ${focusRing}`} onClick={() => lookup.refetch()}>
          Try again
        </button>
      </p>
    );
  const data = lookup.data;
  if (!data) return null;
  const { all, otherTraces } = data.linked;
  const note = scopeNote(data.scope, props.marginS);
  const extra: string[] = [];
  if (data.unread.length > 0) extra.push(`${data.unread.length} more linking traces were not read`);
  if (data.limitReached) extra.push('the search hit its limit, so more may link here');
  if (data.failures.length > 0)
    extra.push(
      `${data.failures.length} linking trace${data.failures.length === 1 ? '' : 's'} could not be read (${data.failures[0].message})`,
    );
  if (all.length === 0)
    return (
      <p className="mt-1 text-xs opacity-80" data-testid="linked-from-status">
        No span links here. {note}
        {extra.length > 0 ? ` ${extra.join('; ')}.` : ''}
      </p>
    );
  return (
    <div className="mt-1 text-xs" data-testid="linked-from-status">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={listId}
        data-testid="linked-from-chip"
        className={`rounded border border-sky-700 px-1.5 py-0.5 text-sky-900 dark:border-sky-300 dark:text-sky-100 ${focusRing}`}
        onClick={() => setOpen(!open)}
      >
        <span aria-hidden="true">⇠ </span>
        {linkedFromSummary(all, otherTraces.length)}
      </button>{' '}
      <span className="opacity-80">
        {note}
        {extra.length > 0 ? ` ${extra.join('; ')}.` : ''}
      </span>
      {open ? (
        <div id={listId} className="mt-1 rounded border border-gray-300 p-2 dark:border-gray-600">
          {[...data.linked.bySpan].map(([target, links]) => (
            <div key={target} className="mb-1">
              <p>
                <TargetName table={props.table} spanId={target} />: {linkedHereText(links)}
              </p>
              <IncomingList links={links} ownTraceId={props.ownTraceId} linkTo={props.linkTo} />
            </div>
          ))}
        </div>
      ) : null}
    </div>
  );
}

/** A span of the open trace by ID: its service and name when the table has it, else the ID. */
function TargetName(props: { table: SpanTable; spanId: string }) {
  const row = rowOfSpanId(props.table, props.spanId);
  if (row < 0) return <span className="font-mono">span {props.spanId}</span>;
  const t = props.table;
  return (
    <span className="font-medium">
      {t.strings[t.service[row]]} {t.strings[t.name[row]]}
    </span>
  );
}

/** The hops followed to get here, each a link back; the last crumb is this trace. */
export function HopsBreadcrumb(props: {
  hops: readonly TraceHop[];
  hopLink: (index: number) => string;
  traceId: string;
}) {
  if (props.hops.length === 0) return null;
  return (
    <nav
      aria-label="Hops across traces"
      className="border-b border-gray-300 px-3 py-1 text-xs dark:border-gray-700"
    >
      <ol className="flex flex-wrap items-center gap-1" data-testid="hops-breadcrumb">
        {props.hops.map((hop, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a hop may repeat; its place is its identity
          <li key={`${i}-${hop.traceId}-${hop.spanId}`} className="flex items-center gap-1">
            <TraceAnchor
              href={props.hopLink(i)}
              aria-label={`Back to trace ${hop.traceId}, span ${hop.spanId}`}
              data-testid="hop-crumb"
            >
              trace <span className="font-mono">{hop.traceId.slice(0, 8)}</span> · span{' '}
              <span className="font-mono">{hop.spanId.slice(0, 8)}</span>
            </TraceAnchor>
            <span aria-hidden="true">›</span>
          </li>
        ))}
        <li aria-current="page" className="font-medium">
          this trace <span className="font-mono">{props.traceId.slice(0, 8)}</span>
        </li>
      </ol>
    </nav>
  );
}

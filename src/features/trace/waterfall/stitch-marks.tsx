// The marks of a stitched set on waterfall rows (issue 18, decision 0287): rows of a linked trace
// carry a distinct left border and `data-trace-index`; the first root of each linked trace a chip
// naming the trace (its ID and root service); the span that carries the link a bar over the time in
// queue, from the producer's end to the consumer's start, labelled, or "started before the producer
// ended" when the consumer's clock says it began first.
import type { ReactNode } from 'react';
import { formatDuration } from '../../../ui/format.ts';
import type { LoadedTrace } from '../../../worker/protocol.ts';
import type { StitchedTraceInfo } from '../../../worker/stitch.ts';

/** Which trace of the stitched set a row is from (0: the opened trace, or no stitching). */
export function traceIndexOf(trace: LoadedTrace, row: number): number {
  return trace.table.traceIndex?.[row] ?? 0;
}

/** The linked trace a row belongs to, or undefined for the opened trace's rows. */
export function linkedTraceOf(trace: LoadedTrace, row: number): StitchedTraceInfo | undefined {
  const index = traceIndexOf(trace, row);
  return index > 0 ? trace.stitch?.traces[index] : undefined;
}

/** The border that marks a linked trace's rows: dashed, in a colour the service palette does not use. */
export const LINKED_ROW_CLASS = 'border-l-4 border-dashed border-fuchsia-700 dark:border-fuchsia-300';

/** The words for a hop's time in queue; `long` adds the why (hover cards, titles). */
export function queueText(info: StitchedTraceInfo, long = false): string {
  if (info.queueNs < 0) {
    const why = long ? ` by ${formatDuration(-info.queueNs)}: the clocks disagree, or fire and forget` : '';
    return `started before the producer ended${why}`;
  }
  return `${formatDuration(info.queueNs)} in queue`;
}

function infoStartingAt(trace: LoadedTrace, row: number): StitchedTraceInfo | undefined {
  const traces = trace.stitch?.traces;
  if (!traces) return undefined;
  for (let i = 1; i < traces.length; i++) if (traces[i].rootRow === row) return traces[i];
  return undefined;
}

/** The chip naming another trace, on its first root's row. */
export function LinkedTraceChip({ trace, row }: { trace: LoadedTrace; row: number }) {
  const info = infoStartingAt(trace, row);
  if (!info) return null;
  return (
    <span
      data-linked-trace={info.traceId}
      title={`Another trace: ${info.traceId}, root service ${info.rootService}${info.anchorRow < 0 ? '; no span link joins it to this trace' : ''}`}
      className="ml-1 shrink-0 rounded border border-fuchsia-700 px-1 font-mono text-fuchsia-800 dark:border-fuchsia-300 dark:text-fuchsia-200"
    >
      trace {info.traceId.slice(0, 8)} · {info.rootService}
    </span>
  );
}

/** The hover card's lines for a stitched row: its trace, and its hop's time in queue. */
export function StitchedHoverLines({ trace, row }: { trace: LoadedTrace; row: number }) {
  const own = linkedTraceOf(trace, row);
  const hops = (trace.stitch?.traces ?? []).filter(
    (i) => i.index > 0 && i.consumerRow === row && i.producerRow >= 0,
  );
  if (!own && hops.length === 0) return null;
  return (
    <>
      {own ? (
        <div data-linked-trace-line="" className="text-fuchsia-800 dark:text-fuchsia-200">
          In linked trace {own.traceId.slice(0, 8)} ({own.rootService})
        </div>
      ) : null}
      {hops.map((i) => (
        <div key={i.traceId} className={i.queueNs < 0 ? 'text-red-800 dark:text-red-300' : undefined}>
          After {trace.table.strings[trace.table.name[i.producerRow]]}: {queueText(i, true)}
        </div>
      ))}
    </>
  );
}

/** The time-in-queue marks of a row: for each hop whose consumer span this row is. */
export function queueMarks(trace: LoadedTrace, row: number, pct: (ns: number) => number): ReactNode[] {
  const traces = trace.stitch?.traces;
  if (!traces) return [];
  const t = trace.table;
  const out: ReactNode[] = [];
  for (let i = 1; i < traces.length; i++) {
    const info = traces[i];
    if (info.consumerRow !== row || info.producerRow < 0) continue;
    const producerEnd = t.start[info.producerRow] + t.duration[info.producerRow];
    const consumerStart = t.start[row];
    const from = Math.min(producerEnd, consumerStart);
    const to = Math.max(producerEnd, consumerStart);
    const early = info.queueNs < 0;
    const text = queueText(info);
    out.push(
      <span
        key={`q${info.traceId}`}
        data-queue={early ? 'early' : 'queue'}
        title={queueText(info, true)}
        className={`absolute top-0 bottom-0 border-x ${early ? 'border-red-700 dark:border-red-300' : 'border-fuchsia-700 dark:border-fuchsia-300'}`}
        style={{
          left: `${pct(from)}%`,
          width: `max(${pct(to) - pct(from)}%, 1px)`,
          background: early
            ? 'repeating-linear-gradient(90deg, rgba(185,28,28,0.35) 0 3px, transparent 3px 6px)'
            : 'repeating-linear-gradient(90deg, rgba(162,28,175,0.35) 0 3px, transparent 3px 6px)',
        }}
      >
        <span className="absolute inset-0 flex items-center justify-end overflow-hidden px-1 text-[10px] whitespace-nowrap text-fuchsia-900 dark:text-fuchsia-100">
          {text}
        </span>
      </span>,
    );
  }
  return out;
}

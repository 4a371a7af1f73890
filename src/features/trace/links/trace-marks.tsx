// What the links and broken-chain look-ups found, for the rows, hover cards and span panel of the
// trace screen without threading it through every view: one context per trace screen, read by row.
// The marks: "⇠ 3" on a row that other spans link to, "missing parent" on an orphan.
import { createContext, useContext } from 'react';
import type { BrokenChains, OrphanExplanation } from '../../../analysis/broken-chains.ts';
import type { IncomingLink } from '../../../analysis/linked-from.ts';
import type { SpanTable } from '../../../model/types.ts';
import { rowSpanId } from '../waterfall/span-id.ts';
import { linkedHereText, orphanText } from './links-text.ts';

export interface TraceMarks {
  /** Per span ID of the open trace, the spans linking to it (null until the look-up answers). */
  linkedFrom: ReadonlyMap<string, IncomingLink[]> | null;
  /** Per row, the explanation of an orphan (null until the worker answers). */
  orphans: ReadonlyMap<number, OrphanExplanation> | null;
  /** Per row, the peer of a client span no callee answered ('' when it names none). */
  missingCallees: ReadonlyMap<number, string> | null;
  /** The whole broken-chains answer (Insights lists it). */
  chains: BrokenChains | null;
  /** Where the "linked from" look-up is: 'off' when it does not run (a datasource it cannot ask). */
  lookup: 'off' | 'pending' | 'error' | 'success';
}

export const NO_MARKS: TraceMarks = {
  linkedFrom: null,
  orphans: null,
  missingCallees: null,
  chains: null,
  lookup: 'off',
};

export const TraceMarksContext = createContext<TraceMarks>(NO_MARKS);

export function useTraceMarks(): TraceMarks {
  return useContext(TraceMarksContext);
}

export function chainMarks(
  chains: BrokenChains | null | undefined,
): Pick<TraceMarks, 'orphans' | 'missingCallees' | 'chains'> {
  if (!chains) return { orphans: null, missingCallees: null, chains: null };
  return {
    chains,
    orphans: new Map(chains.orphans.map((o) => [o.row, o])),
    missingCallees: new Map(chains.missingCallees.map((m) => [m.row, m.peer ?? ''])),
  };
}

/** The spans linking to `row`, or none. */
export function linksInto(marks: TraceMarks, table: SpanTable, row: number): IncomingLink[] {
  return marks.linkedFrom?.get(rowSpanId(table, row)) ?? [];
}

/** "⇠ 3" after a row's name: spans linking to this one (the full sentence for screen readers). */
export function LinkedHereChip(props: { count: number; text: string }) {
  return (
    <span
      data-linked-here={props.count}
      title={props.text}
      className="ml-1 shrink-0 rounded border border-sky-700 px-1 text-sky-800 dark:border-sky-300 dark:text-sky-200"
    >
      <span aria-hidden="true">⇠ {props.count}</span>
      <span className="sr-only">{props.text}</span>
    </span>
  );
}

/** "missing parent" after an orphan's name. */
export function MissingParentChip(props: { title: string }) {
  return (
    <span
      data-orphan-mark=""
      title={props.title}
      className="ml-1 shrink-0 rounded border border-amber-600 px-1 text-amber-800 dark:border-amber-400 dark:text-amber-200"
    >
      missing parent
    </span>
  );
}

/** The chips after a row's name: spans linking here, a missing parent. */
export function RowMarks(props: { table: SpanTable; row: number }) {
  const marks = useTraceMarks();
  const incoming = linksInto(marks, props.table, props.row);
  const orphan = marks.orphans?.get(props.row);
  return (
    <>
      {incoming.length > 0 ? (
        <LinkedHereChip count={incoming.length} text={linkedHereText(incoming)} />
      ) : null}
      {orphan ? <MissingParentChip title={orphanText(orphan, props.table)} /> : null}
    </>
  );
}

/** The lines in a hover card. */
export function HoverMarks(props: { table: SpanTable; row: number }) {
  const marks = useTraceMarks();
  const incoming = linksInto(marks, props.table, props.row);
  const orphan = marks.orphans?.get(props.row);
  const callee = marks.missingCallees?.get(props.row);
  return (
    <>
      {incoming.length > 0 ? (
        <div data-linked-here={incoming.length} className="text-sky-800 dark:text-sky-200">
          {linkedHereText(incoming)}: the span panel lists them.
        </div>
      ) : null}
      {orphan ? (
        <div data-orphan-mark="" className="text-amber-800 dark:text-amber-200">
          Missing parent: {orphanText(orphan, props.table)}
        </div>
      ) : null}
      {callee !== undefined ? (
        <div data-missing-callee="" className="text-amber-800 dark:text-amber-200">
          No span from the callee{callee ? ` ${callee}` : ''}.
        </div>
      ) : null}
    </>
  );
}

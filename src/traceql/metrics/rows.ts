// Which span rows of a trace a metrics query counts: every row for `{ }`, else the union of the
// matched spansets' rows (a span in two spansets counts once).
import type { Trace } from '../../model/types.ts';
import { evaluate, type PreparedQuery } from '../evaluate.ts';

/** The rows the query's spanset stage selects in `trace`; undefined when the trace does not match. */
export function countedRows(prepared: PreparedQuery, everySpan: boolean, trace: Trace): number[] | undefined {
  if (everySpan) return allRows(trace.table.count);
  const result = evaluate(prepared, trace);
  if (!result.matched) return undefined;
  return uniqueRows(
    result.spansets.map((s) => s.rows),
    trace.table.count,
  );
}

export function uniqueRows(sets: number[][], count: number): number[] {
  if (sets.length === 1) return sets[0];
  const seen = new Uint8Array(count);
  const rows: number[] = [];
  for (const set of sets) {
    for (const r of set) {
      if (seen[r] === 0) {
        seen[r] = 1;
        rows.push(r);
      }
    }
  }
  return rows;
}

export function allRows(count: number): number[] {
  const rows = new Array<number>(count);
  for (let i = 0; i < count; i++) rows[i] = i;
  return rows;
}

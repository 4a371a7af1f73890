// The trace screen's TraceQL filter, evaluated where the trace lives: parse, evaluate over the one
// trace, and return the rows of every matching spanset as one ascending list (small to transfer).
import type { Trace } from '../model/types.ts';
import { evaluate, MetricsQueryError, parseTraceQL, prepareQuery } from '../traceql/index.ts';

export interface FilterError {
  message: string;
  /** 1-based column of the first parse error, when the parser knows it. */
  column?: number;
}

export type FilterOutcome = { ok: true; rows: Uint32Array } | { ok: false; error: FilterError };

export function filterTrace(trace: Trace, text: string): FilterOutcome {
  const parsed = parseTraceQL(text);
  if (!parsed.ok) {
    const first = parsed.errors[0];
    return { ok: false, error: { message: first?.message ?? 'Not a TraceQL query', column: first?.column } };
  }
  let result: ReturnType<typeof evaluate>;
  try {
    result = evaluate(prepareQuery(parsed.ast), trace);
  } catch (err) {
    const message =
      err instanceof MetricsQueryError
        ? 'Metrics queries cannot filter spans'
        : err instanceof Error
          ? err.message
          : String(err);
    return { ok: false, error: { message } };
  }
  const n = trace.table.count;
  const hit = new Uint8Array(n);
  let count = 0;
  for (const set of result.spansets) {
    for (const row of set.rows) {
      if (row >= 0 && row < n && hit[row] === 0) {
        hit[row] = 1;
        count++;
      }
    }
  }
  const rows = new Uint32Array(count);
  let at = 0;
  for (let row = 0; row < n; row++) if (hit[row]) rows[at++] = row;
  return { ok: true, rows };
}

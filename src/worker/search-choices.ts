// Searching the traces of one payload (a file holding several): which of them a TraceQL query
// matches, with Tempo's semantics (a trace matches when the query leaves a spanset), and how many
// distinct spans matched in each. Runs where the traces live, so only IDs and counts cross.
import type { Trace } from '../model/types.ts';
import { evaluate, MetricsQueryError, parseTraceQL, prepareQuery } from '../traceql/index.ts';
import type { FilterError } from './traceql-filter.ts';

export interface ChoiceMatch {
  traceId: string;
  /** Distinct spans in the trace's matching spansets. */
  matchedSpans: number;
}

export type ChoiceSearchOutcome = { ok: true; matches: ChoiceMatch[] } | { ok: false; error: FilterError };

export function searchChoices(traces: readonly Trace[], text: string): ChoiceSearchOutcome {
  const parsed = parseTraceQL(text);
  if (!parsed.ok) {
    const first = parsed.errors[0];
    return { ok: false, error: { message: first?.message ?? 'Not a TraceQL query', column: first?.column } };
  }
  let prepared: ReturnType<typeof prepareQuery>;
  try {
    prepared = prepareQuery(parsed.ast);
  } catch (err) {
    return { ok: false, error: { message: messageOf(err) } };
  }
  const matches: ChoiceMatch[] = [];
  for (const trace of traces) {
    let result: ReturnType<typeof evaluate>;
    try {
      result = evaluate(prepared, trace);
    } catch (err) {
      return { ok: false, error: { message: messageOf(err) } };
    }
    if (!result.matched) continue;
    const seen = new Set<number>();
    for (const set of result.spansets) for (const row of set.rows) seen.add(row);
    matches.push({ traceId: trace.traceId, matchedSpans: seen.size });
  }
  return { ok: true, matches };
}

function messageOf(err: unknown): string {
  if (err instanceof MetricsQueryError) return 'Metrics queries cannot pick traces: use a spanset filter';
  return err instanceof Error ? err.message : String(err);
}

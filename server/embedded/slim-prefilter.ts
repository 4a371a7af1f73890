// The second stage of the embedded search's pruning (decision 0323): after the chunk digests
// (./search-prefilter.ts), a trace is read as a slim trace (./metrics-spans.ts: span-own columns,
// attributes looked up in the record's bytes) and each of the query's span-own filters is tested
// span by span. A trace where some filter the query needs matches no span cannot match, and is not
// decoded. Filters that read more than a span's own fields count as "may match", so the full
// evaluation still decides every trace let through, and answers stay those of the full path.

import type { Trace } from '../../src/model/types.ts';
import type { FieldExpr, PipelineStage, SpansetExpr, TraceQLQuery } from '../../src/traceql/ast.ts';
import { compileFilter, type QueryCache, TraceContext } from '../../src/traceql/fields.ts';
import { fieldIsSpanOwn } from '../../src/traceql/metrics/index.ts';

/** May the trace match? Valid for the slim trace it is given (compiled once per Trace object). */
export type SlimPrefilter = (trace: Trace) => boolean;

type Need = { kind: 'filter'; expr: FieldExpr } | { kind: 'and' | 'or'; parts: Need[] };

function and(a: Need | null, b: Need | null): Need | null {
  if (!a) return b;
  if (!b) return a;
  return { kind: 'and', parts: [a, b] };
}

/** What the trace must have for `expr` to match (as search-prefilter.ts reasons); null: nothing known. */
function need(expr: SpansetExpr | PipelineStage): Need | null {
  switch (expr.type) {
    case 'filter':
      return expr.expr && fieldIsSpanOwn(expr.expr) ? { kind: 'filter', expr: expr.expr } : null;
    case 'spansetOp': {
      const lhs = need(expr.lhs);
      const rhs = need(expr.rhs);
      if (expr.op === '||') return lhs && rhs ? { kind: 'or', parts: [lhs, rhs] } : null;
      // `A !> B` keeps B spans whose parent is not in A: only B is needed.
      if (expr.op.startsWith('!')) return rhs;
      // `&&` and the structural operators need spans on both sides.
      return and(lhs, rhs);
    }
    case 'pipeline': {
      // Later stages only narrow or regroup what the spanset stages found.
      let all: Need | null = null;
      for (const stage of expr.stages) all = and(all, need(stage));
      return all;
    }
    default:
      return null;
  }
}

function compile(n: Need, ctx: () => TraceContext, cache: QueryCache): (trace: Trace) => boolean {
  if (n.kind === 'filter') {
    let compiledFor: TraceContext | undefined;
    let match: (row: number) => boolean = () => false;
    return (trace) => {
      const c = ctx();
      if (c !== compiledFor) {
        compiledFor = c;
        match = compileFilter(n.expr, c, cache);
      }
      const count = trace.table.count;
      for (let row = 0; row < count; row++) if (match(row)) return true;
      return false;
    };
  }
  const parts = n.parts.map((p) => compile(p, ctx, cache));
  return n.kind === 'and' ? (trace) => parts.every((p) => p(trace)) : (trace) => parts.some((p) => p(trace));
}

/**
 * The query's slim pre-filter, or undefined when no filter it needs reads only span-own fields.
 * `cache` is the prepared query's (its regexes compiled once).
 */
export function compileSlimPrefilter(query: TraceQLQuery, cache: QueryCache): SlimPrefilter | undefined {
  if (query.metrics) return undefined;
  const n = need(query.pipeline);
  if (!n) return undefined;
  let trace: Trace | undefined;
  let context: TraceContext | undefined;
  const ctx = () => context as TraceContext;
  const test = compile(n, ctx, cache);
  return (t) => {
    // A slim reader refills one Trace object: the compiled filters keep reading through it.
    if (t !== trace) {
      trace = t;
      context = new TraceContext(t);
    }
    return test(t);
  };
}

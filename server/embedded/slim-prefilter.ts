// The second stage of the embedded search's pruning (decision 0323): after the chunk digests
// (./search-prefilter.ts), a trace is read as a slim trace (./metrics-spans.ts: span-own columns,
// attributes looked up in the record's bytes) and each of the query's span-own filters is tested
// span by span. A trace where some filter the query needs matches no span cannot match, and is not
// decoded. Filters that read more than a span's own fields count as "may match", so the full
// evaluation still decides every trace let through, and answers stay those of the full path.
// A query of span-own filters joined by spanset operators (`>>`, `>`, `~`, `!<`…) is evaluated in
// full on the slim trace with its tree filled (SlimTraceReader.fillTree): the structural operators
// read only the parent links, so its "matched" is the full evaluation's. It runs as
// src/traceql/evaluate.ts runs such a query (one spanset throughout: filters keep the input rows
// they match, operators combine both sides' rows with the engine's own `combineSpansets`), with the
// filters compiled once per query rather than once per trace. A filter on the root's name or service
// (trace:rootName, trace:rootService), span IDs, child counts or the parent's attributes is tested
// with the tree filled, whose roots, orphans and IDs are the decoder's (decision 0345); a trace whose
// IDs are not regular is left to the full evaluation.

import type { Trace } from '../../src/model/types.ts';
import type {
  FieldExpr,
  Intrinsic,
  PipelineStage,
  SpansetExpr,
  TraceQLQuery,
} from '../../src/traceql/ast.ts';
import type { PreparedQuery } from '../../src/traceql/evaluate.ts';
import { compileFilter, type QueryCache, TraceContext } from '../../src/traceql/fields.ts';
import { fieldIsSpanOwn } from '../../src/traceql/metrics/index.ts';
import { breadthFirstOrder, combineSpansets, type StructureContext } from '../../src/traceql/structure.ts';

/** May the trace match? Compiled once per Trace object (a slim reader refills one). */
export interface SlimPrefilter {
  /**
   * `tree` fills the slim trace's parent links and says whether it could (false: irregular IDs);
   * called only when the query has structural operators and the per-filter tests let the trace through.
   */
  test(trace: Trace, tree: () => boolean): boolean;
}

type Need = { kind: 'filter'; expr: FieldExpr; tree: boolean } | { kind: 'and' | 'or'; parts: Need[] };

/**
 * Intrinsics a slim trace answers once its tree is filled: the root span's name and service, span IDs
 * and child counts.
 */
const TREE_INTRINSICS: ReadonlySet<Intrinsic> = new Set<Intrinsic>([
  'trace:rootName',
  'trace:rootService',
  'span:id',
  'span:childCount',
]);

/** Trace-level intrinsics every slim trace holds, and the span's events' and links' own fields (read from its bytes). */
const SLIM_INTRINSICS: ReadonlySet<Intrinsic> = new Set<Intrinsic>([
  'trace:id',
  'trace:duration',
  'event:name',
  'event:timeSinceStart',
  'link:traceID',
  'link:spanID',
]);

/**
 * What a filter reads of a slim trace: no more than it holds as read ('span'), also its tree ('tree':
 * the intrinsics above and the parent's span-own attributes), or more (null).
 */
function slimReads(expr: FieldExpr): 'span' | 'tree' | null {
  let tree = false;
  const pending: FieldExpr[] = [expr];
  for (let e = pending.pop(); e; e = pending.pop()) {
    if (e.type === 'binary') pending.push(e.lhs, e.rhs);
    else if (e.type === 'unary') pending.push(e.operand);
    else if (e.type === 'intrinsic' && TREE_INTRINSICS.has(e.name)) tree = true;
    else if (e.type === 'intrinsic' && SLIM_INTRINSICS.has(e.name)) continue;
    else if (e.type === 'attribute' && !e.parent && (e.scope === 'event' || e.scope === 'link')) continue;
    else if (e.type === 'attribute' && e.parent && fieldIsSpanOwn({ ...e, parent: false })) tree = true;
    else if (!fieldIsSpanOwn(e)) return null;
  }
  return tree ? 'tree' : 'span';
}

function and(a: Need | null, b: Need | null): Need | null {
  if (!a) return b;
  if (!b) return a;
  return { kind: 'and', parts: [a, b] };
}

/** What the trace must have for `expr` to match (as search-prefilter.ts reasons); null: nothing known. */
function need(expr: SpansetExpr | PipelineStage): Need | null {
  switch (expr.type) {
    case 'filter': {
      const reads = expr.expr ? slimReads(expr.expr) : null;
      return expr.expr && reads ? { kind: 'filter', expr: expr.expr, tree: reads === 'tree' } : null;
    }
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

type Test = (trace: Trace, tree: () => boolean) => boolean;

function compile(n: Need, ctx: () => TraceContext, cache: QueryCache): Test {
  if (n.kind === 'filter') {
    let compiledFor: TraceContext | undefined;
    let match: (row: number) => boolean = () => false;
    const needsTree = n.tree;
    return (trace, tree) => {
      // Without a regular tree the root is not known here: the full evaluation decides.
      if (needsTree && !tree()) return true;
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
  return n.kind === 'and'
    ? (trace, tree) => parts.every((p) => p(trace, tree))
    : (trace, tree) => parts.some((p) => p(trace, tree));
}

/** Only span-own filters joined by spanset operators, with at least one structural operator. */
function structuralOverSpanOwn(expr: SpansetExpr | PipelineStage): { ok: boolean; structural: boolean } {
  let structural = false;
  const pending: (SpansetExpr | PipelineStage)[] = [expr];
  for (let e = pending.pop(); e; e = pending.pop()) {
    if (e.type === 'filter') {
      if (e.expr && !slimReads(e.expr)) return { ok: false, structural };
    } else if (e.type === 'spansetOp') {
      if (e.op !== '&&' && e.op !== '||') structural = true;
      pending.push(e.lhs, e.rhs);
    } else if (e.type === 'pipeline') pending.push(...e.stages);
    else return { ok: false, structural };
  }
  return { ok: true, structural };
}

/**
 * The query's slim pre-filter, or undefined when it has nothing to test on a slim trace: no filter
 * it needs reads only span-own fields, and it is not span-own filters joined structurally.
 */
export function compileSlimPrefilter(
  query: TraceQLQuery,
  prepared: PreparedQuery,
): SlimPrefilter | undefined {
  if (query.metrics) return undefined;
  const n = need(query.pipeline);
  const shape = structuralOverSpanOwn(query.pipeline);
  const exact = shape.ok && shape.structural;
  if (!n && !exact) return undefined;
  let trace: Trace | undefined;
  let context: TraceContext | undefined;
  const ctx = () => context as TraceContext;
  const needed = n ? compile(n, ctx, prepared.cache) : () => true;
  const filters = new Map<SpansetExpr, (row: number) => boolean>();
  let order: Uint32Array | undefined;
  let structure: StructureContext | undefined;
  const rowsOf = (expr: SpansetExpr | PipelineStage, input: number[]): number[] => {
    switch (expr.type) {
      case 'filter': {
        let match = filters.get(expr);
        if (!match) filters.set(expr, (match = compileFilter(expr.expr, ctx(), prepared.cache)));
        const out: number[] = [];
        for (const r of input) if (match(r)) out.push(r);
        return out;
      }
      case 'spansetOp':
        return combineSpansets(
          expr.op,
          rowsOf(expr.lhs, input),
          rowsOf(expr.rhs, input),
          structure as StructureContext,
        );
      case 'pipeline': {
        let current = input;
        for (const stage of expr.stages) {
          current = rowsOf(stage, current);
          if (current.length === 0) break;
        }
        return current;
      }
      default:
        // Not reached: `structuralOverSpanOwn` admits filters, operators and pipelines only.
        throw new Error(`slim evaluation of a ${expr.type} stage`);
    }
  };
  return {
    test(t, tree) {
      // A slim reader refills one Trace object: the compiled filters keep reading through it.
      if (t !== trace) {
        trace = t;
        context = new TraceContext(t);
        filters.clear();
        structure = {
          table: t.table,
          order: () => {
            order ??= breadthFirstOrder(t.table, t.roots);
            return order;
          },
        };
      }
      // The Trace object holds the next record now: per-trace answers (the root) start over.
      context?.refilled();
      if (!needed(t, tree)) return false;
      if (!exact || !tree()) return true;
      order = undefined;
      const count = t.table.count;
      const all = new Array<number>(count);
      for (let i = 0; i < count; i++) all[i] = i;
      return count > 0 && rowsOf(query.pipeline, all).length > 0;
    },
  };
}

// Runs a parsed TraceQL query over one trace, stage by stage like Tempo's pipeline: the input is one
// spanset holding every span; filters narrow each spanset, spanset operators combine the two sides
// evaluated on the same input, scalar filters keep or drop whole spansets, by() splits them,
// coalesce() merges them.
import { RE2JS } from 're2js';
import type { Trace } from '../model/types.ts';
import type { ComparisonOp, FieldExpr, PipelineStage, ScalarExpr, SpansetExpr, TraceQLQuery } from './ast.ts';
import {
  compileField,
  compileFilter,
  type FieldFn,
  type QueryCache,
  TraceContext,
  type Value,
} from './fields.ts';
import { breadthFirstOrder, combineSpansets, type StructureContext } from './structure.ts';

export interface SpansetAttribute {
  key: string;
  value: Value;
}

export interface Spanset {
  /** Rows of the trace's span table, ascending. */
  rows: number[];
  /** Values the pipeline attached: `count()`, `by(…)` and the like. */
  attributes: SpansetAttribute[];
  /** Fields `select(…)` asked to return with each span. */
  selected?: Array<{ field: FieldExpr; text: string }>;
}

export interface EvaluationResult {
  matched: boolean;
  spansets: Spanset[];
}

export class MetricsQueryError extends Error {
  constructor(fn: string) {
    super(
      `metrics queries run on the backend only: ${fn}() is computed by Tempo's /api/metrics endpoints, not in the browser`,
    );
    this.name = 'MetricsQueryError';
  }
}

/** A query prepared once and run over many traces (regexes compiled once). */
export interface PreparedQuery {
  ast: TraceQLQuery;
  cache: QueryCache;
}

export function prepareQuery(ast: TraceQLQuery): PreparedQuery {
  if (ast.metrics) throw new MetricsQueryError(ast.metrics.fn);
  const cache: QueryCache = { regexes: new Map() };
  // Compile every regex up front so a bad pattern fails here, not halfway through a search.
  const stack: Array<SpansetExpr | PipelineStage> = [ast.pipeline];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'pipeline') stack.push(...node.stages);
    else if (node.type === 'spansetOp') stack.push(node.lhs, node.rhs);
    else if (node.type === 'filter' && node.expr) {
      const fields: FieldExpr[] = [node.expr];
      while (fields.length > 0) {
        const f = fields.pop()!;
        if (f.type === 'binary') {
          fields.push(f.lhs, f.rhs);
          if ((f.op === '=~' || f.op === '!~') && f.rhs.type === 'static' && f.rhs.value.kind === 'string') {
            cache.regexes.set(f.rhs.value.value, RE2JS.compile(f.rhs.value.value));
          }
        } else if (f.type === 'unary') fields.push(f.operand);
      }
    }
  }
  return { ast, cache };
}

class TraceRun {
  readonly ctx: TraceContext;
  readonly structure: StructureContext;
  private orderCache: Uint32Array | undefined;
  private readonly fieldCache = new Map<FieldExpr, FieldFn>();

  constructor(
    trace: Trace,
    readonly cache: QueryCache,
  ) {
    this.ctx = new TraceContext(trace);
    this.structure = {
      table: trace.table,
      order: () => {
        this.orderCache ??= breadthFirstOrder(trace.table, trace.roots);
        return this.orderCache;
      },
    };
  }

  field(expr: FieldExpr): FieldFn {
    let fn = this.fieldCache.get(expr);
    if (!fn) {
      fn = compileField(expr, this.ctx, this.cache);
      this.fieldCache.set(expr, fn);
    }
    return fn;
  }

  spansetExpr(expr: SpansetExpr, input: Spanset[]): Spanset[] {
    switch (expr.type) {
      case 'filter': {
        const match = compileFilter(expr.expr, this.ctx, this.cache);
        const out: Spanset[] = [];
        for (const ss of input) {
          const rows: number[] = [];
          for (const r of ss.rows) if (match(r)) rows.push(r);
          if (rows.length > 0) out.push({ ...ss, rows });
        }
        return out;
      }
      case 'spansetOp': {
        const out: Spanset[] = [];
        for (const ss of input) {
          const lhs = flatten(this.spansetExpr(expr.lhs, [ss]));
          const rhs = flatten(this.spansetExpr(expr.rhs, [ss]));
          const rows = combineSpansets(expr.op, lhs, rhs, this.structure);
          if (rows.length > 0) out.push({ ...ss, rows });
        }
        return out;
      }
      case 'pipeline': {
        let current = input;
        for (const stage of expr.stages) {
          current = this.stage(stage, current);
          if (current.length === 0) break;
        }
        return current;
      }
    }
  }

  private stage(stage: PipelineStage, input: Spanset[]): Spanset[] {
    switch (stage.type) {
      case 'filter':
      case 'spansetOp':
      case 'pipeline':
        return this.spansetExpr(stage, input);
      case 'scalarFilter': {
        const out: Spanset[] = [];
        for (const ss of input) {
          const lhs = this.scalar(stage.lhs, ss);
          const rhs = this.scalar(stage.rhs, ss);
          if (!compare(stage.op, lhs, rhs)) continue;
          const attributes = [...ss.attributes];
          for (const side of [stage.lhs, stage.rhs]) {
            if (side.type === 'aggregate') attributes.push({ key: side.text, value: this.scalar(side, ss) });
          }
          out.push({ ...ss, attributes });
        }
        return out;
      }
      case 'by': {
        const fn = this.field(stage.field);
        const out: Spanset[] = [];
        for (const ss of input) {
          const groups = new Map<string, { value: Value; rows: number[] }>();
          for (const r of ss.rows) {
            const value = fn(r);
            const key = `${typeof value}:${String(value)}`;
            let g = groups.get(key);
            if (!g) groups.set(key, (g = { value, rows: [] }));
            g.rows.push(r);
          }
          for (const g of groups.values()) {
            out.push({
              ...ss,
              rows: g.rows,
              attributes: [...ss.attributes, { key: stage.text, value: g.value }],
            });
          }
        }
        return out;
      }
      case 'select':
        return input.map((ss) => ({ ...ss, selected: [...(ss.selected ?? []), ...stage.fields] }));
      case 'coalesce': {
        if (input.length <= 1) return input;
        const seen = new Set<number>();
        const rows: number[] = [];
        for (const ss of input) for (const r of ss.rows) if (!seen.has(r)) seen.add(r) && rows.push(r);
        rows.sort((a, b) => a - b);
        return [{ rows, attributes: [], selected: input[0].selected }];
      }
    }
  }

  private scalar(expr: ScalarExpr, ss: Spanset): number {
    switch (expr.type) {
      case 'static':
        return expr.value.kind === 'nil' || expr.value.kind === 'string'
          ? Number.NaN
          : Number(expr.value.value);
      case 'scalarBinary': {
        const a = this.scalar(expr.lhs, ss);
        const b = this.scalar(expr.rhs, ss);
        switch (expr.op) {
          case '+':
            return a + b;
          case '-':
            return a - b;
          case '*':
            return a * b;
          case '/':
            return a / b;
          case '%':
            return a % b;
          case '^':
            return a ** b;
        }
        return Number.NaN;
      }
      case 'aggregate': {
        if (expr.fn === 'count') return ss.rows.length;
        const fn = this.field(expr.field!);
        let n = 0;
        let sum = 0;
        let min = Number.POSITIVE_INFINITY;
        let max = Number.NEGATIVE_INFINITY;
        for (const r of ss.rows) {
          const v = fn(r);
          if (typeof v !== 'number') continue;
          n++;
          sum += v;
          if (v < min) min = v;
          if (v > max) max = v;
        }
        if (n === 0) return Number.NaN;
        return expr.fn === 'sum' ? sum : expr.fn === 'avg' ? sum / n : expr.fn === 'min' ? min : max;
      }
    }
  }
}

function compare(op: ComparisonOp, a: number, b: number): boolean {
  switch (op) {
    case '=':
      return a === b;
    case '!=':
      return !Number.isNaN(a) && !Number.isNaN(b) && a !== b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
  }
}

function flatten(spansets: Spanset[]): number[] {
  if (spansets.length === 1) return spansets[0].rows;
  const seen = new Set<number>();
  const rows: number[] = [];
  for (const ss of spansets) for (const r of ss.rows) if (!seen.has(r)) seen.add(r) && rows.push(r);
  return rows.sort((a, b) => a - b);
}

function allRows(count: number): number[] {
  const rows = new Array<number>(count);
  for (let i = 0; i < count; i++) rows[i] = i;
  return rows;
}

/**
 * Evaluates a query over one trace. Throws `MetricsQueryError` for metrics queries.
 * Accepts a query prepared with `prepareQuery` to reuse compiled regexes across traces.
 */
export function evaluate(query: TraceQLQuery | PreparedQuery, trace: Trace): EvaluationResult {
  const prepared = 'cache' in query ? query : prepareQuery(query);
  const run = new TraceRun(trace, prepared.cache);
  const input: Spanset[] = [{ rows: allRows(trace.table.count), attributes: [] }];
  const spansets = trace.table.count === 0 ? [] : run.spansetExpr(prepared.ast.pipeline, input);
  return { matched: spansets.length > 0, spansets };
}

/** For output: evaluates a field on one span of a trace (used by search results and select()). */
export function fieldEvaluator(
  trace: Trace,
  prepared: PreparedQuery,
): (expr: FieldExpr, row: number) => Value {
  const run = new TraceRun(trace, prepared.cache);
  return (expr, row) => run.field(expr)(row);
}

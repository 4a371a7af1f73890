// Tempo's /api/search over traces held locally (files, the embedded backend): evaluates a query on
// each trace and answers in Tempo's response shape. Like Tempo, every span in a result carries the
// attributes and intrinsics the query looked at (when the span has them), and spansets carry what
// the pipeline computed (`count()`, `by(…)`).
import type { Trace } from '../model/types.ts';
import type { FieldExpr, PipelineStage, SpansetExpr, TraceQLQuery } from './ast.ts';
import { evaluate, fieldEvaluator, type PreparedQuery, prepareQuery, type Spanset } from './evaluate.ts';
import type { Value } from './fields.ts';

export type TempoAnyValue =
  | { stringValue: string }
  | { intValue: string }
  | { doubleValue: number }
  | { boolValue: boolean }
  /** Nil: Tempo writes the key with an empty value (compare()'s totals). */
  | Record<string, never>;

export interface TempoKeyValue {
  key: string;
  value: TempoAnyValue;
}

export interface SearchSpan {
  spanID: string;
  name: string;
  startTimeUnixNano: string;
  durationNanos: string;
  attributes?: TempoKeyValue[];
}

export interface SearchSpanSet {
  spans: SearchSpan[];
  matched: number;
  attributes?: TempoKeyValue[];
}

export interface SearchTrace {
  /** 32 hex characters (left-padded, unlike Tempo's own answers). */
  traceID: string;
  rootServiceName: string;
  rootTraceName?: string;
  startTimeUnixNano: string;
  durationMs?: number;
  spanSet?: SearchSpanSet;
  spanSets: SearchSpanSet[];
  serviceStats: Record<string, { spanCount: number; errorCount?: number }>;
}

export interface SearchOptions {
  /** Most traces returned (Tempo's default 20). */
  limit?: number;
  /** Spans listed per spanset (Tempo's default 3); `matched` still counts them all. */
  spss?: number;
}

export const NO_ROOT_SERVICE = '<root span not yet received>';

const STATUS_NAMES = ['unset', 'ok', 'error'];
const KIND_NAMES = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];

interface OutputField {
  key: string;
  expr: FieldExpr;
  render: (v: Value) => TempoAnyValue;
}

function renderPlain(v: Value): TempoAnyValue {
  if (typeof v === 'string') return { stringValue: v };
  if (typeof v === 'boolean') return { boolValue: v };
  return Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v as number };
}

/** The span-level fields a query reads, as Tempo reports them on each returned span. */
function outputFields(ast: TraceQLQuery): OutputField[] {
  const fields = new Map<string, OutputField>();
  const add = (expr: FieldExpr, key?: string) => {
    if (
      expr.type === 'attribute' &&
      !expr.parent &&
      (expr.scope === 'none' || expr.scope === 'span' || expr.scope === 'resource')
    ) {
      fields.set(key ?? expr.name, { key: key ?? expr.name, expr, render: renderPlain });
    } else if (expr.type === 'intrinsic') {
      const short = expr.name.slice(expr.name.indexOf(':') + 1);
      if (expr.name === 'span:status')
        fields.set(short, { key: short, expr, render: (v) => ({ stringValue: STATUS_NAMES[v as number] }) });
      else if (expr.name === 'span:kind')
        fields.set(short, { key: short, expr, render: (v) => ({ stringValue: KIND_NAMES[v as number] }) });
      else if (expr.name === 'span:statusMessage' || expr.name === 'span:childCount')
        fields.set(short, { key: short, expr, render: renderPlain });
    }
  };
  const stack: Array<SpansetExpr | PipelineStage> = [ast.pipeline];
  while (stack.length > 0) {
    const node = stack.pop()!;
    // Pushed in reverse so fields come out in query order.
    if (node.type === 'pipeline') stack.push(...[...node.stages].reverse());
    else if (node.type === 'spansetOp') stack.push(node.rhs, node.lhs);
    else if (node.type === 'select') for (const f of node.fields) add(f.field);
    else if (node.type === 'filter' && node.expr) {
      const leaves: FieldExpr[] = [node.expr];
      while (leaves.length > 0) {
        const e = leaves.pop()!;
        if (e.type === 'binary') leaves.push(e.rhs, e.lhs);
        else if (e.type === 'unary') leaves.push(e.operand);
        else add(e);
      }
    }
  }
  return [...fields.values()];
}

function spanIdHex(trace: Trace, row: number): string {
  const t = trace.table;
  if ((t.flags[row] & (1 << 7)) !== 0) return t.oddSpanIds.get(row) ?? '';
  return (
    (t.spanIdHi[row] >>> 0).toString(16).padStart(8, '0') +
    (t.spanIdLo[row] >>> 0).toString(16).padStart(8, '0')
  );
}

function rootRow(trace: Trace): number {
  for (const r of trace.roots) if ((trace.table.flags[r] & 2) === 0) return r;
  return -1;
}

function toSearchTrace(
  trace: Trace,
  prepared: PreparedQuery,
  spansets: Spanset[],
  fields: OutputField[],
  spss: number,
): SearchTrace {
  const t = trace.table;
  const fieldValue = fieldEvaluator(trace, prepared);
  const spanOut = (row: number, extra: Spanset['selected']): SearchSpan => {
    const attributes: TempoKeyValue[] = [];
    for (const f of fields) {
      const v = fieldValue(f.expr, row);
      if (v !== undefined) attributes.push({ key: f.key, value: f.render(v) });
    }
    for (const s of extra ?? []) {
      if (fields.some((f) => f.expr === s.field)) continue;
      const v = fieldValue(s.field, row);
      if (v !== undefined) attributes.push({ key: s.text, value: renderPlain(v) });
    }
    const span: SearchSpan = {
      spanID: spanIdHex(trace, row),
      name: t.strings[t.name[row]],
      startTimeUnixNano: String(trace.startNs + BigInt(Math.round(t.start[row]))),
      durationNanos: String(Math.round(t.duration[row])),
    };
    if (attributes.length > 0) span.attributes = attributes;
    return span;
  };
  const sets: SearchSpanSet[] = spansets.map((ss) => {
    const set: SearchSpanSet = {
      spans: ss.rows.slice(0, spss).map((r) => spanOut(r, ss.selected)),
      matched: ss.rows.length,
    };
    if (ss.attributes.length > 0) {
      set.attributes = ss.attributes
        .filter((a) => a.value !== undefined)
        .map((a) => ({ key: a.key, value: renderPlain(a.value) }));
    }
    return set;
  });
  const serviceStats: SearchTrace['serviceStats'] = {};
  for (let r = 0; r < t.count; r++) {
    const service = t.strings[t.service[r]];
    const stat = (serviceStats[service] ??= { spanCount: 0 });
    stat.spanCount++;
    if ((t.flags[r] & 1) !== 0) stat.errorCount = (stat.errorCount ?? 0) + 1;
  }
  const root = rootRow(trace);
  const result: SearchTrace = {
    traceID: trace.traceId,
    rootServiceName: root < 0 ? NO_ROOT_SERVICE : t.strings[t.service[root]],
    startTimeUnixNano: String(trace.startNs),
    spanSets: sets,
    serviceStats,
  };
  if (root >= 0) result.rootTraceName = t.strings[t.name[root]];
  const durationMs = Math.floor(trace.durationNs / 1e6);
  if (durationMs > 0) result.durationMs = durationMs;
  if (sets.length > 0) result.spanSet = sets[0];
  return result;
}

/**
 * Runs a parsed query over `traces` and returns the matching ones in Tempo's /api/search shape,
 * most recent first, at most `limit`. Throws `MetricsQueryError` for metrics queries.
 */
export function searchTraces(
  ast: TraceQLQuery,
  traces: Iterable<Trace>,
  options: SearchOptions = {},
): SearchTrace[] {
  const limit = options.limit ?? 20;
  const spss = options.spss ?? 3;
  const prepared = prepareQuery(ast);
  const fields = outputFields(ast);
  const hits: Array<{ trace: Trace; spansets: Spanset[] }> = [];
  for (const trace of traces) {
    const result = evaluate(prepared, trace);
    if (result.matched) hits.push({ trace, spansets: result.spansets });
  }
  hits.sort((a, b) => (a.trace.startNs < b.trace.startNs ? 1 : a.trace.startNs > b.trace.startNs ? -1 : 0));
  return hits
    .slice(0, Math.max(0, limit))
    .map((h) => toSearchTrace(h.trace, prepared, h.spansets, fields, spss));
}

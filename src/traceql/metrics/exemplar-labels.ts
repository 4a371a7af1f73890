// The labels Tempo puts on a metrics exemplar besides `trace:id`: the span's value of every field
// the query reads — its filters, its by() fields, the function's field — in query order, named as
// Tempo names them (`resource.service.name`, `kind`, `duration`) and rendered as it renders them
// (words for status and kind, Go durations like "12.089673ms").
import type { FieldExpr, SpansetExpr, TraceQLQuery } from '../ast.ts';
import type { Value } from '../fields.ts';
import type { TempoAnyValue, TempoKeyValue } from '../search.ts';
import { intrinsicWord, KIND_VALUES, STATUS_VALUES } from '../vocabulary.ts';

export interface ExemplarField {
  key: string;
  expr: FieldExpr;
}

function keyOf(expr: FieldExpr): string | undefined {
  if (expr.type === 'attribute') {
    const scoped = expr.scope === 'none' ? `.${expr.name}` : `${expr.scope}.${expr.name}`;
    return expr.parent ? `parent${scoped.startsWith('.') ? '' : '.'}${scoped}` : scoped;
  }
  if (expr.type === 'intrinsic') return expr.name.startsWith('span:') ? expr.name.slice(5) : expr.name;
  return undefined;
}

/** The fields, deduplicated by key, in the order the query names them. */
export function exemplarFields(ast: TraceQLQuery): ExemplarField[] {
  const fields = new Map<string, ExemplarField>();
  const add = (expr: FieldExpr) => {
    const key = keyOf(expr);
    if (key !== undefined && !fields.has(key)) fields.set(key, { key, expr });
  };
  const pending: SpansetExpr[] = [ast.pipeline];
  const filters: FieldExpr[] = [];
  for (let node = pending.shift(); node; node = pending.shift()) {
    if (node.type === 'filter' && node.expr) filters.push(node.expr);
    else if (node.type === 'spansetOp') pending.push(node.lhs, node.rhs);
    else if (node.type === 'pipeline') {
      for (const stage of node.stages) {
        if (stage.type === 'filter' || stage.type === 'spansetOp' || stage.type === 'pipeline')
          pending.push(stage);
      }
    }
  }
  for (const root of filters) {
    const leaves: FieldExpr[] = [root];
    while (leaves.length > 0) {
      const e = leaves.pop()!;
      if (e.type === 'binary') leaves.push(e.rhs, e.lhs);
      else if (e.type === 'unary') leaves.push(e.operand);
      else add(e);
    }
  }
  for (const b of ast.metrics?.by ?? []) add(b.field);
  if (ast.metrics?.field) add(ast.metrics.field);
  return [...fields.values()];
}

/** Go's time.Duration.String for a non-negative number of nanoseconds. */
export function goDuration(ns: number): string {
  const trim = (n: number, digits: number) => n.toFixed(digits).replace(/\.?0+$/, '');
  if (ns === 0) return '0s';
  if (ns < 1e3) return `${Math.round(ns)}ns`;
  if (ns < 1e6) return `${trim(ns / 1e3, 3)}µs`;
  if (ns < 1e9) return `${trim(ns / 1e6, 6)}ms`;
  const total = ns / 1e9;
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = trim(total - h * 3600 - m * 60, 9);
  return h > 0 ? `${h}h${m}m${s}s` : m > 0 ? `${m}m${s}s` : `${s}s`;
}

/** A field's value as a label: status and kind as their words, numbers as int or double. */
export function labelOf(expr: FieldExpr, v: number | string | boolean): TempoAnyValue {
  if (expr.type === 'intrinsic' && typeof v === 'number') {
    const words =
      expr.name === 'span:status' ? STATUS_VALUES : expr.name === 'span:kind' ? KIND_VALUES : undefined;
    const word = words?.find((w) => w.code === v);
    if (word) return { stringValue: word.label };
  }
  if (typeof v === 'string') return { stringValue: v };
  if (typeof v === 'boolean') return { boolValue: v };
  return Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v };
}

export function exemplarValue(expr: FieldExpr, v: Value): TempoAnyValue | undefined {
  if (v === undefined) return undefined;
  if (expr.type === 'intrinsic' && typeof v === 'number' && intrinsicWord(expr.name)?.type === 'duration') {
    return { stringValue: goDuration(v) };
  }
  return labelOf(expr, v);
}

/** The labels of one span's exemplar (after `trace:id`). */
export function exemplarLabels(
  fields: readonly ExemplarField[],
  fieldValue: (expr: FieldExpr) => Value,
): TempoKeyValue[] {
  const out: TempoKeyValue[] = [];
  for (const f of fields) {
    const value = exemplarValue(f.expr, fieldValue(f.expr));
    if (value) out.push({ key: f.key, value });
  }
  return out;
}

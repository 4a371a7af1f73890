// Which metrics queries read nothing beyond each span's own fields: its name, status (code and message), kind,
// duration, start, its own, its resource's and its instrumentation scope's attributes, and the scope's
// name and version. Those can be evaluated over a slim trace that holds only these (the embedded
// backend's server/embedded/metrics-spans.ts) instead of a fully built one: no parent links, events,
// links or trace-level intrinsics. The general evaluation stays the same; only the trace it reads is
// cheaper to make (decision 0235).
import type { AttributeScope, FieldExpr, PipelineStage, SpansetExpr, TraceQLQuery } from '../ast.ts';

/** The attribute scopes a slim trace answers: one value per span (events and links have many). */
const SPAN_SCOPES: ReadonlySet<AttributeScope> = new Set(['none', 'span', 'resource', 'instrumentation']);

/** The intrinsics a slim trace answers: columns of its span table, and its scope's name and version. */
const SPAN_INTRINSICS: ReadonlySet<string> = new Set([
  'span:name',
  'span:status',
  'span:statusMessage',
  'span:duration',
  'span:kind',
  'instrumentation:name',
  'instrumentation:version',
]);

/** Whether the field reads only the span's own fields (the intrinsics above, its own, its resource's or its scope's attributes). */
export function fieldIsSpanOwn(expr: FieldExpr): boolean {
  const pending: FieldExpr[] = [expr];
  for (let e = pending.pop(); e; e = pending.pop()) {
    switch (e.type) {
      case 'static':
        break;
      case 'intrinsic':
        if (!SPAN_INTRINSICS.has(e.name)) return false;
        break;
      case 'attribute':
        if (e.parent || !SPAN_SCOPES.has(e.scope)) return false;
        break;
      case 'binary':
        pending.push(e.lhs, e.rhs);
        break;
      case 'unary':
        pending.push(e.operand);
        break;
    }
  }
  return true;
}

/** A single filter, or a pipeline of filters only: each span is judged on its own. */
function pipelineIsPerSpan(expr: SpansetExpr | PipelineStage): boolean {
  if (expr.type === 'filter') return expr.expr === null || fieldIsSpanOwn(expr.expr);
  if (expr.type === 'pipeline') return expr.stages.every(pipelineIsPerSpan);
  return false;
}

/** Whether the metrics query reads only span-own fields (so a slim trace gives the same answer). */
export function metricsReadSpanFieldsOnly(ast: TraceQLQuery): boolean {
  const call = ast.metrics;
  // compare() reads every attribute of every span: a slim trace keeps no attribute lists.
  if (!call || call.unsupported || call.compare) return false;
  if (!pipelineIsPerSpan(ast.pipeline)) return false;
  if (call.field && !fieldIsSpanOwn(call.field)) return false;
  return call.by.every((b) => fieldIsSpanOwn(b.field));
}

// Which metrics queries read nothing beyond each span's own fields: its name, status (code and message), kind,
// duration, start and its own or its resource's attributes. Those can be evaluated over a slim
// trace that holds only these (the embedded backend's server/embedded/metrics-spans.ts) instead of
// a fully built one: no parent links, events, links, scope or trace-level intrinsics. The general
// evaluation stays the same; only the trace it reads is cheaper to make (decision 0235).
import type { FieldExpr, PipelineStage, SpansetExpr, TraceQLQuery } from '../ast.ts';

/** The intrinsics a slim trace answers: columns of its span table. */
const SPAN_INTRINSICS: ReadonlySet<string> = new Set([
  'span:name',
  'span:status',
  'span:statusMessage',
  'span:duration',
  'span:kind',
]);

/** Whether the field reads only the span's own fields (the intrinsics above, its own or its resource's attributes). */
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
        if (e.parent || (e.scope !== 'span' && e.scope !== 'resource' && e.scope !== 'none')) return false;
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

// The typed TraceQL syntax tree. Offsets (`from`, `to`) are UTF-16 positions in the query text.
import type { Intrinsic } from './vocabulary.ts';

export type StaticValue =
  | { kind: 'string'; value: string }
  | { kind: 'int'; value: number }
  | { kind: 'float'; value: number }
  /** Nanoseconds. */
  | { kind: 'duration'; value: number }
  | { kind: 'bool'; value: boolean }
  | { kind: 'nil' }
  /** OTLP status code: 0 unset, 1 ok, 2 error. */
  | { kind: 'status'; value: number }
  /** OTLP span kind: 0 unspecified … 5 consumer. */
  | { kind: 'kind'; value: number };

/** `span:name`, `trace:duration`…: the list is src/traceql/vocabulary.ts. */
export type { Intrinsic };

/** Where an attribute is looked up. `none` is the unscoped `.attr`: the span's own, else its resource's. */
export type AttributeScope = 'none' | 'span' | 'resource' | 'event' | 'link' | 'instrumentation';

export type ComparisonOp = '=' | '!=' | '<' | '<=' | '>' | '>=';
export type FieldBinaryOp = ComparisonOp | '=~' | '!~' | '+' | '-' | '*' | '/' | '%' | '^' | '&&' | '||';

export type FieldExpr =
  | { type: 'static'; value: StaticValue; from: number; to: number }
  | { type: 'intrinsic'; name: Intrinsic; from: number; to: number }
  | { type: 'attribute'; scope: AttributeScope; parent: boolean; name: string; from: number; to: number }
  | { type: 'binary'; op: FieldBinaryOp; lhs: FieldExpr; rhs: FieldExpr; from: number; to: number }
  | { type: 'unary'; op: '!' | '-'; operand: FieldExpr; from: number; to: number };

export type StructuralOp = '>' | '>>' | '<' | '<<' | '~';
export type SpansetOp = '&&' | '||' | StructuralOp | `&${StructuralOp}` | `!${StructuralOp}`;

export type AggregateFn = 'count' | 'avg' | 'min' | 'max' | 'sum';

export type ScalarExpr =
  | { type: 'aggregate'; fn: AggregateFn; field?: FieldExpr; text: string }
  | { type: 'static'; value: StaticValue }
  | { type: 'scalarBinary'; op: '+' | '-' | '*' | '/' | '%' | '^'; lhs: ScalarExpr; rhs: ScalarExpr };

/** A spanset expression: filters combined with spanset operators, or a parenthesised pipeline. */
export type SpansetExpr =
  | { type: 'filter'; expr: FieldExpr | null; from: number; to: number }
  | { type: 'spansetOp'; op: SpansetOp; lhs: SpansetExpr; rhs: SpansetExpr }
  | { type: 'pipeline'; stages: PipelineStage[] };

export type PipelineStage =
  | SpansetExpr
  | { type: 'scalarFilter'; op: ComparisonOp; lhs: ScalarExpr; rhs: ScalarExpr }
  | { type: 'by'; field: FieldExpr; text: string }
  | { type: 'select'; fields: Array<{ field: FieldExpr; text: string }> }
  | { type: 'coalesce' };

export type HintValue = string | number | boolean;

/** A metrics function (`rate()`, `quantile_over_time(…)`…) and what follows it. */
export interface MetricsCall {
  fn: string;
  from: number;
  to: number;
  /** The field of `sum_over_time(…)`, `quantile_over_time(…)`, `histogram_over_time(…)`… */
  field?: FieldExpr;
  /** `quantile_over_time(duration, .5, .99)`: the quantiles, in query order. */
  quantiles?: number[];
  /** `by(a, b)`: each field with its text as written (the series label key). */
  by: Array<{ field: FieldExpr; text: string }>;
  /**
   * `compare({ selection }, topN, start, end)`: spans the selection matches (inside start..end, unix
   * ns, when given) against the rest; topN values per attribute (Tempo's default 10).
   */
  compare?: { selection: SpansetExpr & { type: 'filter' }; topN: number; startNs?: bigint; endNs?: bigint };
  /** A second stage: `| topk(5)`, `| bottomk(3)`. */
  second?: { fn: 'topk' | 'bottomk'; k: number };
  /** Set when the query goes beyond one metrics function (arithmetic, thresholds, compare()). */
  unsupported?: string;
}

export interface TraceQLQuery {
  type: 'query';
  pipeline: SpansetExpr;
  /** Present when the query computes metrics (src/traceql/metrics/ evaluates it). */
  metrics?: MetricsCall;
  hints: Record<string, HintValue>;
}

// TraceQL: parse (src/traceql/parser.ts), evaluate over one trace, search many traces.
export type * from './ast.ts';
export {
  type EvaluationResult,
  evaluate,
  MetricsQueryError,
  type PreparedQuery,
  prepareQuery,
  type Spanset,
} from './evaluate.ts';
export type { Value } from './fields.ts';
export { type ParseResult, parseTraceQL, type TraceQLError } from './parser.ts';
export {
  NO_ROOT_SERVICE,
  type SearchOptions,
  type SearchSpan,
  type SearchSpanSet,
  type SearchTrace,
  searchTraces,
} from './search.ts';

// TraceQL metrics over traces held locally, answered in Tempo's /api/metrics shapes.

export {
  DEFAULT_MAX_EXEMPLARS,
  DEFAULT_MAX_SERIES,
  type InstantSeries,
  MetricsError,
  type MetricsExemplar,
  type MetricsSample,
  type MetricsSeries,
  metricsQueryInstant,
  metricsQueryRange,
  type QueryInstantResponse,
  type QueryRangeResponse,
  type RangeRequest,
} from './evaluate.ts';
export { defaultStepNs } from './grid.ts';
export { fieldIsSpanOwn, metricsReadSpanFieldsOnly } from './span-fields.ts';

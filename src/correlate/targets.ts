// Which Loki and Prometheus a trace datasource correlates with, and with which templates: its `logs`
// and `metrics` blocks from config.json, else the first configured loki/prometheus datasource with the
// OpenTelemetry-convention defaults below.
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${…} are query template placeholders

/**
 * What correlation reads of a configured datasource, declared structurally so that the runtime
 * config's datasource entries fit it without correlate importing the config layer. `D` keeps the
 * caller's own datasource type in the targets it gets back.
 */
export interface CorrelationDatasource {
  name: string;
  type: string;
  default?: boolean;
  logs?: { datasource: string; query?: string; before?: string; after?: string };
  metrics?: {
    datasource: string;
    exemplarTraceIdLabels?: readonly string[];
    exemplarSpanIdLabels?: readonly string[];
    queries?: ReadonlyArray<{ name: string; query: string }>;
  };
}

export interface CorrelationConfig<D extends CorrelationDatasource> {
  datasources: readonly D[];
}

export const DEFAULT_LOGS_QUERY = '{service_name="${service}"} | trace_id="${traceId}"';
export const DEFAULT_LOGS_BEFORE_MS = 5 * 60_000;
export const DEFAULT_LOGS_AFTER_MS = 5 * 60_000;

export const DEFAULT_METRICS_QUERIES = [
  {
    name: 'Rate',
    query: 'sum(rate(traces_spanmetrics_calls_total{service="${service}",span_name="${name}"}[5m]))',
  },
  {
    name: 'Errors',
    query:
      'sum(rate(traces_spanmetrics_calls_total{service="${service}",span_name="${name}",status_code="STATUS_CODE_ERROR"}[5m]))',
  },
  {
    name: 'p95 latency',
    query:
      'histogram_quantile(0.95, sum by (le) (rate(traces_spanmetrics_latency_bucket{service="${service}",span_name="${name}"}[5m])))',
  },
] as const;

export const DEFAULT_EXEMPLAR_TRACE_ID_LABELS = ['trace_id', 'traceID', 'trace:id'] as const;
export const DEFAULT_EXEMPLAR_SPAN_ID_LABELS = ['span_id', 'spanID', 'span:id'] as const;

export interface LogsTarget<D extends CorrelationDatasource = CorrelationDatasource> {
  datasource: D;
  query: string;
  beforeMs: number;
  afterMs: number;
}

export interface MetricsTarget<D extends CorrelationDatasource = CorrelationDatasource> {
  datasource: D;
  queries: ReadonlyArray<{ name: string; query: string }>;
  traceIdLabels: readonly string[];
  spanIdLabels: readonly string[];
}

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/;
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `5m`, `30s`, `1h` … in milliseconds; undefined when not a duration. */
export function parseDurationMs(text: string | undefined): number | undefined {
  const match = text ? DURATION.exec(text.trim()) : null;
  if (!match) return undefined;
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}

function findByType<D extends CorrelationDatasource>(
  config: CorrelationConfig<D>,
  type: 'loki' | 'prometheus',
  name?: string,
): D | undefined {
  if (name) return config.datasources.find((ds) => ds.name === name && ds.type === type);
  const ofType = config.datasources.filter((ds) => ds.type === type);
  return ofType.find((ds) => ds.default) ?? ofType[0];
}

export function resolveLogsTarget<D extends CorrelationDatasource>(
  config: CorrelationConfig<D>,
  traceDatasource?: string,
): LogsTarget<D> | undefined {
  const trace = config.datasources.find((ds) => ds.name === traceDatasource);
  const logs = trace?.logs;
  const datasource = findByType(config, 'loki', logs?.datasource);
  if (!datasource) return undefined;
  return {
    datasource,
    query: logs?.query ?? DEFAULT_LOGS_QUERY,
    beforeMs: parseDurationMs(logs?.before) ?? DEFAULT_LOGS_BEFORE_MS,
    afterMs: parseDurationMs(logs?.after) ?? DEFAULT_LOGS_AFTER_MS,
  };
}

export function resolveMetricsTarget<D extends CorrelationDatasource>(
  config: CorrelationConfig<D>,
  traceDatasource?: string,
): MetricsTarget<D> | undefined {
  const trace = config.datasources.find((ds) => ds.name === traceDatasource);
  const metrics = trace?.metrics;
  const datasource = findByType(config, 'prometheus', metrics?.datasource);
  if (!datasource) return undefined;
  const queries = metrics?.queries?.length ? metrics.queries : DEFAULT_METRICS_QUERIES;
  const traceIdLabels = metrics?.exemplarTraceIdLabels?.length
    ? metrics.exemplarTraceIdLabels
    : DEFAULT_EXEMPLAR_TRACE_ID_LABELS;
  const spanIdLabels = metrics?.exemplarSpanIdLabels?.length
    ? metrics.exemplarSpanIdLabels
    : DEFAULT_EXEMPLAR_SPAN_ID_LABELS;
  return { datasource, queries, traceIdLabels, spanIdLabels };
}

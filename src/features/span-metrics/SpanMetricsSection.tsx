// The Metrics section of span details: the configured PromQL templates (default rate, errors and p95
// latency from span metrics) for the span's service and operation around the trace's time, the trace's
// moment marked, and exemplars on latency charts as dots that open their trace.
import { useMemo } from 'react';
import { Link, useNavigate } from 'react-router';
import { type PlacedExemplar, placeExemplars } from '../../correlate/exemplars';
import { spanResolver, spanTemplateSource } from '../../correlate/span-values';
import { type MetricsTarget, resolveMetricsTarget } from '../../correlate/targets';
import { expandQueryTemplate } from '../../correlate/template';
import { errorText } from '../../datasources/error-text';
import type { SpanDetails } from '../../model/types';
import { useRuntimeConfig } from '../../queries/config';
import { usePromExemplars, usePromRange } from '../../queries/metrics';
import { queryHoldsMask, redactLabelRecord } from '../../redact/labels';
import { metricsPath } from '../../routes/metrics-url';
import { tracePath } from '../../routes/trace-url';
import { guessUnit } from '../../ui/charts/format';
import { type ChartExemplar, TimeSeriesChart } from '../../ui/charts/TimeSeriesChart';
import { linkText } from '../../ui/styles';
import { PrometheusHint } from '../metrics';
import { seriesLabel } from '../query-page';
import { useRedactor } from '../redaction';
import { TraceqlSpanMetrics } from './TraceqlSpanMetrics';
import { type MetricsWindow, metricsWindow } from './window';

export interface SpanMetricsSectionProps {
  traceDatasource?: string;
  span: SpanDetails;
  /** The trace's absolute start (decimal ns) and duration. */
  traceStartUnixNano: string;
  traceDurationNs: number;
}

export function SpanMetricsSection(props: SpanMetricsSectionProps) {
  const config = useRuntimeConfig();
  const target = config.data ? resolveMetricsTarget(config.data, props.traceDatasource) : undefined;
  // Without Prometheus, a Tempo-type trace datasource (or the embedded one) answers TraceQL metrics.
  const traceqlDatasource = config.data?.datasources.find(
    (ds) => ds.name === props.traceDatasource && ds.type === 'tempo',
  );
  const window = useMemo(
    () => metricsWindow(props.traceStartUnixNano, props.traceDurationNs, Date.now()),
    [props.traceStartUnixNano, props.traceDurationNs],
  );
  return (
    <section
      aria-label="Metrics"
      data-testid="span-metrics"
      className="border-t border-gray-200 p-2 dark:border-gray-700"
    >
      <h3 className="mb-1 font-semibold">Metrics</h3>
      {config.data && !target && traceqlDatasource && (
        <>
          <TraceqlSpanMetrics
            datasource={traceqlDatasource.name}
            embedded={traceqlDatasource.embedded}
            span={props.span}
            window={window}
          />
          <PrometheusHint embedded={config.data.embedded} compact />
        </>
      )}
      {config.data && !target && !traceqlDatasource && (
        <div data-testid="span-metrics-missing">
          <p className="opacity-70">No Prometheus datasource is configured.</p>
          <PrometheusHint embedded={config.data.embedded} compact />
        </div>
      )}
      {target?.queries.map((query) => (
        <SpanMetricChart
          key={query.name}
          name={query.name}
          template={query.query}
          target={target}
          span={props.span}
          window={window}
        />
      ))}
    </section>
  );
}

const NO_SERIES: never[] = [];

function SpanMetricChart(props: {
  name: string;
  template: string;
  target: MetricsTarget;
  span: SpanDetails;
  window: MetricsWindow;
}) {
  const navigate = useNavigate();
  const expanded = useMemo(
    () => expandQueryTemplate(props.template, spanResolver(spanTemplateSource(props.span))),
    [props.template, props.span],
  );
  const unit = guessUnit(props.template, props.name);
  // A query holding a masked value (the span's details are redacted) is not sent (decision 0332).
  const masked = expanded.ok && queryHoldsMask(expanded.query);
  const query = expanded.ok && !masked ? expanded.query : undefined;
  const datasource = props.target.datasource.name;
  const request = query
    ? { query, start: props.window.start, end: props.window.end, step: props.window.step }
    : undefined;
  const range = usePromRange(datasource, request);
  const exemplars = usePromExemplars(datasource, unit === 'seconds' ? request : undefined);
  // Series labels from Prometheus go through the rules before they are drawn (decision 0332).
  const redactor = useRedactor();
  const series = useMemo(() => {
    const raw = range.data && 'series' in range.data ? range.data.series : NO_SERIES;
    if (raw === NO_SERIES || !redactor) return NO_SERIES;
    return raw.map((s) => {
      const labels = redactLabelRecord(redactor, s.labels);
      return labels === s.labels ? s : { ...s, labels };
    });
  }, [range.data, redactor]);
  const dots = useMemo(
    () =>
      placeExemplars(
        series,
        exemplars.data ?? [],
        (i) => `s${i}`,
        props.target.traceIdLabels,
        props.target.spanIdLabels,
      ),
    [series, exemplars.data, props.target],
  );
  const open = (exemplar: ChartExemplar) => {
    const trace = (exemplar as PlacedExemplar).trace;
    if (trace)
      navigate(
        tracePath({ traceId: trace.traceId, span: trace.spanId }, { kind: 'instant', atUnixMs: exemplar.t }),
      );
  };
  return (
    <div className="mb-2" data-testid="span-metric" data-name={props.name}>
      <p className="flex items-baseline justify-between gap-2">
        <span className="font-medium">{props.name}</span>
        {query && (
          <Link
            to={metricsLinkOf(datasource, query, props.window)}
            className={linkText}
            data-testid="open-in-metrics"
            aria-label={`Open ${props.name} in Metrics`}
          >
            Open in Metrics
          </Link>
        )}
      </p>
      {!expanded.ok && <p className="opacity-70">{expanded.error}</p>}
      {masked && (
        <p className="opacity-70" data-testid="span-metric-masked">
          A redaction rule masks a value this query needs: nothing was sent.
        </p>
      )}
      {range.isPending && query && <p className="opacity-70">Loading…</p>}
      {range.isError && (
        <p role="alert" className="text-red-700 dark:text-red-300" data-testid="span-metric-error">
          Metrics unavailable: {errorText(range.error)}
        </p>
      )}
      {range.isSuccess && series.length === 0 && (
        <p className="opacity-70">No data for this service and operation.</p>
      )}
      {series.length > 0 && (
        <TimeSeriesChart
          label={`${props.name}: ${query}`}
          series={series.map((s, index) => ({
            id: `s${index}`,
            label: seriesLabel(s.labels, props.name),
            points: s.points,
          }))}
          exemplars={dots}
          fromMs={props.window.start * 1000}
          toMs={props.window.end * 1000}
          unit={unit}
          height={140}
          compact={series.length === 1}
          marker={{ t: props.window.markerMs, label: 'This trace' }}
          onExemplarClick={open}
        />
      )}
    </div>
  );
}

/** The Metrics screen (`/metrics`) with the chart's query, datasource, window and step. */
function metricsLinkOf(datasource: string, query: string, window: MetricsWindow): string {
  return metricsPath({
    ds: datasource,
    q: query,
    range: {
      from: { kind: 'absolute', epochMs: window.start * 1000 },
      to: { kind: 'absolute', epochMs: window.end * 1000 },
    },
    step: `${window.step}s`,
  });
}

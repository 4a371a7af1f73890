// The span's Metrics when no Prometheus is configured for its datasource but the datasource speaks
// TraceQL metrics (Tempo, or the embedded backend): the rate, errors and p95 of the span's service and
// operation around the trace's time, computed from the traces themselves, with the p95's exemplars
// as dots that open their trace.
import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { errorText } from '../../datasources/error-text';
import type { SpanDetails } from '../../model/types';
import { useTraceqlMetrics } from '../../queries/traceql-metrics';
import { queryHoldsMask, redactSeriesLabels } from '../../redact/labels';
import { searchPath } from '../../routes/search-url';
import { tracePath } from '../../routes/trace-url';
import type { ChartUnit } from '../../ui/charts/format';
import { TimeSeriesChart } from '../../ui/charts/TimeSeriesChart';
import { formatCount } from '../../ui/format';
import { focusRing, linkText } from '../../ui/styles';
import { chartOf, chartSeries, type MetricsExemplarDot } from '../query-page';
import { useRedactor } from '../redaction';
import { traceqlString } from '../search';
import type { MetricsWindow } from './window';

interface SpanQuery {
  name: string;
  q: string;
  unit: ChartUnit;
  exemplars?: number;
}

/** The TraceQL metrics queries for one span's service and operation. */
export function spanTraceqlQueries(span: Pick<SpanDetails, 'service' | 'name'>): SpanQuery[] {
  const selector = `resource.service.name = ${traceqlString(span.service)} && name = ${traceqlString(span.name)}`;
  return [
    { name: 'Rate', q: `{ ${selector} } | rate()`, unit: 'per-second' },
    { name: 'Errors', q: `{ ${selector} && status = error } | rate()`, unit: 'per-second' },
    {
      name: 'p95 latency',
      q: `{ ${selector} } | quantile_over_time(duration, .95)`,
      unit: 'seconds',
      exemplars: 20,
    },
  ];
}

/**
 * Longest query sent: they go in a GET's URL (Tempo has no POST for metrics), and a server refuses
 * headers past 16 KiB or so. A longer service or operation name is said to be too long.
 */
export const MAX_QUERY_CHARS = 4000;

export function TraceqlSpanMetrics(props: {
  datasource: string;
  /** The embedded backend answers here, cheaply: charts load at once. A remote Tempo waits for a click. */
  embedded: boolean;
  span: SpanDetails;
  window: MetricsWindow;
}) {
  const queries = useMemo(() => spanTraceqlQueries(props.span), [props.span]);
  const [asked, setAsked] = useState(false);
  const tooLong = queries.some((q) => q.q.length > MAX_QUERY_CHARS);
  const masked = queries.some((q) => queryHoldsMask(q.q));
  const load = props.embedded || asked;
  return (
    <div data-testid="span-traceql-metrics">
      <p className="mb-1 opacity-70">
        From TraceQL metrics on {props.datasource}: no Prometheus is configured for this datasource.
      </p>
      {masked ? (
        <p className="opacity-70" data-testid="span-metrics-masked">
          A redaction rule masks this span’s service or operation name: its metrics cannot be asked for, and
          nothing was sent.
        </p>
      ) : tooLong ? (
        <p className="opacity-70" data-testid="span-metrics-too-long">
          The service or operation name is too long to chart (over {formatCount(MAX_QUERY_CHARS)} characters
          in the query); nothing was sent.
        </p>
      ) : load ? (
        queries.map((query) => (
          <TraceqlChart key={query.name} query={query} datasource={props.datasource} window={props.window} />
        ))
      ) : (
        <button type="button" onClick={() => setAsked(true)} className={`mb-2 ${linkText} ${focusRing}`}>
          Chart rate, errors and p95 from TraceQL metrics
        </button>
      )}
    </div>
  );
}

function TraceqlChart(props: { query: SpanQuery; datasource: string; window: MetricsWindow }) {
  const navigate = useNavigate();
  const { query, datasource, window } = props;
  const range = {
    from: { kind: 'absolute' as const, epochMs: window.start * 1000 },
    to: { kind: 'absolute' as const, epochMs: window.end * 1000 },
  };
  const metrics = useTraceqlMetrics({
    datasource,
    q: query.q,
    range,
    step: `${window.step}s`,
    exemplars: query.exemplars,
  });
  // Series and exemplar labels from a remote Tempo go through the rules before they are drawn (0332).
  const redactor = useRedactor();
  const chart = useMemo(() => {
    if (!metrics.data || !redactor) return undefined;
    const set = metrics.data.set;
    return chartOf({ ...set, series: redactSeriesLabels(redactor, set.series) });
  }, [metrics.data, redactor]);
  const open = (dot: MetricsExemplarDot) =>
    navigate(
      tracePath(
        { traceId: dot.traceId, ds: datasource, span: dot.spanId },
        { kind: 'instant', atUnixMs: dot.t },
      ),
    );
  return (
    <div className="mb-2" data-testid="span-metric" data-name={query.name}>
      <p className="flex items-baseline justify-between gap-2">
        <span className="font-medium">{query.name}</span>
        <Link
          to={searchPath({ ds: datasource, q: query.q, range, step: `${window.step}s` })}
          className={linkText}
          aria-label={`Open ${query.name} in Search`}
        >
          Open in Search
        </Link>
      </p>
      {metrics.isPending && <p className="opacity-70">Loading…</p>}
      {metrics.isError && (
        <p role="alert" className="text-red-700 dark:text-red-300" data-testid="span-metric-error">
          Metrics unavailable: {errorText(metrics.error)}
        </p>
      )}
      {chart && chart.series.length === 0 && (
        <p className="opacity-70">No data for this service and operation.</p>
      )}
      {chart && chart.series.length > 0 && (
        <TimeSeriesChart
          label={`${query.name}: ${query.q}`}
          series={chartSeries(chart.series, query.name)}
          exemplars={chart.exemplars}
          fromMs={window.start * 1000}
          toMs={window.end * 1000}
          unit={query.unit}
          height={140}
          compact={chart.series.length === 1}
          marker={{ t: window.markerMs, label: 'This trace' }}
          onExemplarClick={(e) => open(e as MetricsExemplarDot)}
        />
      )}
    </div>
  );
}

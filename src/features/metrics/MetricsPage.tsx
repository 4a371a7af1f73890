// `/metrics`: a PromQL query over a time range drawn as lines, with the exemplars Prometheus stored for
// it as dots; a dot opens its trace (at the span when the exemplar names one). Everything is in the URL.
import { useMemo } from 'react';
import { useNavigate } from 'react-router';
import { type PlacedExemplar, placeExemplars } from '../../correlate/exemplars';
import { DEFAULT_EXEMPLAR_TRACE_ID_LABELS } from '../../correlate/targets';
import type { DatasourceInfo } from '../../datasources/config';
import { errorText } from '../../datasources/error-text';
import type { MetricSeries } from '../../datasources/prometheus';
import { useRuntimeConfig } from '../../queries/config';
import { usePromExemplars, usePromRange } from '../../queries/metrics';
import { type MetricsUrlState, metricsPath, parseMetricsUrl } from '../../routes/metrics-url';
import { tracePath } from '../../routes/trace-url';
import { guessUnit } from '../../ui/charts/format';
import type { ChartExemplar } from '../../ui/charts/TimeSeriesChart';
import { Notice } from '../../ui/Notice';
import {
  QueryChart,
  type QueryDraft,
  QueryPageLayout,
  seriesId,
  TextField,
  useQueryPage,
} from '../query-page';
import { PrometheusHint } from './PrometheusHint';
import { stepSeconds } from './step';

type MetricsDraft = QueryDraft & { step: string };

export function MetricsPage() {
  const navigate = useNavigate();
  const config = useRuntimeConfig();
  const page = useQueryPage<MetricsUrlState, MetricsDraft>({
    datasourceType: 'prometheus',
    parseUrl: parseMetricsUrl,
    pathOf: metricsPath,
    extraDraft: (state) => ({ step: state.step ?? '' }),
    applyDraft: (next, draft) => ({ ...next, step: draft.step.trim() || undefined }),
  });
  const { state, datasource, draft } = page;
  const { allDatasources } = page;

  const timeWindow = useMemo(() => {
    const { fromMs, toMs } = page.window;
    const start = Math.floor(fromMs / 1000);
    const end = Math.max(start + 1, Math.ceil(toMs / 1000));
    return { start, end, step: stepSeconds(state.step, end - start), fromMs, toMs };
  }, [page.window, state.step]);

  const request = state.q
    ? { query: state.q, start: timeWindow.start, end: timeWindow.end, step: timeWindow.step }
    : undefined;
  const range = usePromRange(datasource?.name, request);
  const exemplars = usePromExemplars(datasource?.name, request);
  const unit = guessUnit(state.q);

  const plotted = range.data && 'series' in range.data ? range.data.series : NO_SERIES;
  const traceIdLabels = useMemo(
    () => traceIdLabelsFor(allDatasources, datasource?.name),
    [allDatasources, datasource?.name],
  );
  const dots = useMemo(
    () => placeExemplars(plotted, exemplars.data ?? [], seriesId, traceIdLabels),
    [plotted, exemplars.data, traceIdLabels],
  );

  const openExemplar = (exemplar: ChartExemplar) => {
    const trace = (exemplar as PlacedExemplar).trace;
    if (trace)
      navigate(
        tracePath({ traceId: trace.traceId, span: trace.spanId }, { kind: 'instant', atUnixMs: exemplar.t }),
      );
  };

  return (
    <QueryPageLayout
      page={page}
      title="Metrics"
      language="PromQL"
      modifiedEnterRuns
      noDatasource="No Prometheus datasource is configured."
      noDatasourceHint={<PrometheusHint embedded={config.data?.embedded} />}
      fields={
        <TextField
          label="Step"
          className="w-24 font-mono"
          placeholder={`${timeWindow.step}s`}
          value={draft.step}
          onChange={(step) => page.edit({ step })}
        />
      }
    >
      {range.isError && (
        <Notice tone="error">
          <span data-testid="metrics-error">{errorText(range.error)}</span>
        </Notice>
      )}
      {range.data?.warnings.map((warning) => (
        <Notice key={warning} tone="warning">
          {warning}
        </Notice>
      ))}
      {range.isFetching && <p className="text-sm opacity-70">Querying…</p>}
      {range.data && (range.data.resultType === 'scalar' || range.data.resultType === 'string') && (
        <Notice tone="info">The query returned a {range.data.resultType}, not series.</Notice>
      )}
      {range.isSuccess && plotted.length === 0 && <Notice tone="info">No series match this query.</Notice>}
      {plotted.length > 0 && (
        <QueryChart
          label={`PromQL: ${state.q}`}
          series={plotted}
          unlabelled={state.q}
          exemplars={dots}
          fromMs={timeWindow.fromMs}
          toMs={timeWindow.toMs}
          unit={unit}
          height={320}
          onExemplarClick={openExemplar}
        >
          <p className="mt-2 text-xs opacity-70" data-testid="exemplar-summary">
            {exemplars.isError
              ? `Exemplars could not be loaded: ${errorText(exemplars.error)}`
              : exemplars.data
                ? `${dots.length} exemplar${dots.length === 1 ? '' : 's'}; click a dot to open its trace.`
                : 'Loading exemplars…'}
          </p>
        </QueryChart>
      )}
    </QueryPageLayout>
  );
}

const NO_SERIES: MetricSeries[] = [];

function traceIdLabelsFor(
  datasources: readonly DatasourceInfo[],
  prometheus: string | undefined,
): readonly string[] {
  // Labels configured by any trace datasource that points at this Prometheus, then the defaults.
  const configured = datasources.flatMap((ds) =>
    ds.metrics?.datasource === prometheus ? (ds.metrics?.exemplarTraceIdLabels ?? []) : [],
  );
  return [...new Set([...configured, ...DEFAULT_EXEMPLAR_TRACE_ID_LABELS])];
}

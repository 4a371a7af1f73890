// `/metrics`: a PromQL query over a time range drawn as lines, with the exemplars Prometheus stored for
// it as dots; a dot opens its trace (at the span when the exemplar names one). Everything is in the URL.
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { useLocation, useNavigate, useSearchParams } from 'react-router';
import { type PlacedExemplar, placeExemplars } from '../../correlate/exemplars';
import { DEFAULT_EXEMPLAR_TRACE_ID_LABELS } from '../../correlate/targets';
import type { DatasourceInfo } from '../../datasources/config';
import { errorText } from '../../datasources/error-text';
import type { MetricSeries } from '../../datasources/prometheus';
import { useRuntimeConfig } from '../../queries/config';
import { usePromExemplars, usePromRange } from '../../queries/metrics';
import { type MetricsUrlState, metricsPath, parseMetricsUrl } from '../../routes/metrics-url';
import { formatTimePoint, parseTimePoint, resolveTimeRange } from '../../routes/time-range';
import { tracePath } from '../../routes/trace-url';
import { Button } from '../../ui/Button';
import { formatLabels, guessUnit } from '../../ui/charts/format';
import { type ChartExemplar, TimeSeriesChart } from '../../ui/charts/TimeSeriesChart';
import { Notice } from '../../ui/Notice';
import { TextInput } from '../../ui/TextInput';
import { DatasourceSelect, QueryTextarea } from './QueryFormFields';
import { Field, RangeFields } from './RangeFields';
import { stepSeconds } from './step';

export function MetricsPage() {
  const [params] = useSearchParams();
  const location = useLocation();
  const navigate = useNavigate();
  const state = parseMetricsUrl(params);
  const config = useRuntimeConfig();
  const prometheuses = config.data?.datasources.filter((ds) => ds.type === 'prometheus') ?? [];
  const datasource = prometheuses.find((ds) => ds.name === state.ds) ?? prometheuses[0];

  const [draft, setDraft] = useState(() => draftOf(state));
  // biome-ignore lint/correctness/useExhaustiveDependencies: the draft follows the URL, not every render
  useEffect(() => setDraft(draftOf(state)), [location.search]);

  // Relative times resolve when the URL changes (a new run), not on every render.
  // biome-ignore lint/correctness/useExhaustiveDependencies: resolved once per URL
  const timeWindow = useMemo(() => {
    const { fromMs, toMs } = resolveTimeRange(state.range, Date.now());
    const start = Math.floor(fromMs / 1000);
    const end = Math.max(start + 1, Math.ceil(toMs / 1000));
    return { start, end, step: stepSeconds(state.step, end - start), fromMs, toMs };
  }, [location.search]);

  const request = state.q
    ? { query: state.q, start: timeWindow.start, end: timeWindow.end, step: timeWindow.step }
    : undefined;
  const range = usePromRange(datasource?.name, request);
  const exemplars = usePromExemplars(datasource?.name, request);
  const unit = guessUnit(state.q);

  const plotted = range.data && 'series' in range.data ? range.data.series : NO_SERIES;
  const traceIdLabels = useMemo(
    () => traceIdLabelsFor(config.data?.datasources ?? [], datasource?.name),
    [config.data, datasource?.name],
  );
  const dots = useMemo(
    () => placeExemplars(plotted, exemplars.data ?? [], (i) => `s${i}`, traceIdLabels),
    [plotted, exemplars.data, traceIdLabels],
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next: MetricsUrlState = {
      ...state,
      ds: draft.ds || undefined,
      q: draft.q.trim(),
      range: {
        from: parseTimePoint(draft.from) ?? state.range.from,
        to: parseTimePoint(draft.to) ?? state.range.to,
      },
      step: draft.step.trim() || undefined,
    };
    navigate(metricsPath(next));
  };

  const openExemplar = (exemplar: ChartExemplar) => {
    const trace = (exemplar as PlacedExemplar).trace;
    if (trace) navigate(tracePath({ traceId: trace.traceId, span: trace.spanId }));
  };

  return (
    <div className="mx-auto flex w-full max-w-6xl flex-col gap-4 p-4 sm:p-6">
      <title>Metrics · Tracelight</title>
      <h1 className="text-2xl font-semibold">Metrics</h1>
      {config.data && prometheuses.length === 0 && (
        <Notice tone="warning">No Prometheus datasource is configured.</Notice>
      )}
      <form onSubmit={submit} className="flex flex-col gap-3" aria-label="PromQL query">
        <QueryTextarea
          label="PromQL"
          value={draft.q}
          onChange={(q) => setDraft({ ...draft, q })}
          modifiedEnterRuns
        />
        <div className="flex flex-wrap items-end gap-3">
          <DatasourceSelect
            datasources={prometheuses}
            value={datasource?.name ?? ''}
            onChange={(ds) => setDraft({ ...draft, ds })}
          />
          <RangeFields
            from={draft.from}
            to={draft.to}
            onFrom={(from) => setDraft({ ...draft, from })}
            onTo={(to) => setDraft({ ...draft, to })}
          />
          <Field label="Step">
            {(id) => (
              <TextInput
                id={id}
                className="w-24 font-mono"
                placeholder={`${timeWindow.step}s`}
                value={draft.step}
                onChange={(e) => setDraft({ ...draft, step: e.target.value })}
              />
            )}
          </Field>
          <Button type="submit" variant="primary">
            Run query
          </Button>
        </div>
      </form>
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
        <section aria-label="Chart" className="rounded-lg border border-slate-200 p-3 dark:border-slate-700">
          <TimeSeriesChart
            label={`PromQL: ${state.q}`}
            series={plotted.map((series, index) => ({
              id: `s${index}`,
              label: formatLabels(series.labels),
              points: series.points,
            }))}
            exemplars={dots}
            fromMs={timeWindow.fromMs}
            toMs={timeWindow.toMs}
            unit={unit}
            height={320}
            onExemplarClick={openExemplar}
          />
          <p className="mt-2 text-xs opacity-70" data-testid="exemplar-summary">
            {exemplars.isError
              ? `Exemplars could not be loaded: ${errorText(exemplars.error)}`
              : exemplars.data
                ? `${dots.length} exemplar${dots.length === 1 ? '' : 's'}; click a dot to open its trace.`
                : 'Loading exemplars…'}
          </p>
        </section>
      )}
    </div>
  );
}

const NO_SERIES: MetricSeries[] = [];

function draftOf(state: MetricsUrlState) {
  return {
    ds: state.ds ?? '',
    q: state.q,
    from: formatTimePoint(state.range.from),
    to: formatTimePoint(state.range.to),
    step: state.step ?? '',
  };
}

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

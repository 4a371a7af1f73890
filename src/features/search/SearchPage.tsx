// `/search`: find traces in one trace datasource. The URL is the search (DESIGN.md, "URLs"); results
// come from the query cache when the same search was run before (coming back from a trace never asks
// the backend again). Errors show at the query in the backend's words; earlier results stay meanwhile.
import { useEffect, useMemo, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { type DatasourceInfo, defaultTraceDatasource, isTraceDatasource } from '../../datasources/config';
import { BadRequestError, DatasourceError, RateLimitedError } from '../../datasources/errors';
import { useRuntimeConfig } from '../../queries/config';
import { type TraceSearchOutcome, type TraceSearchRequest, useTraceSearch } from '../../queries/search';
import { useServiceNames } from '../../queries/services';
import type { TraceDatasourceRef, TraceDatasourceType } from '../../queries/trace-clients';
import { type TraceqlMetricsOutcome, useTraceqlMetrics } from '../../queries/traceql-metrics';
import {
  parseSearchUrl,
  type SearchUrlState,
  searchPath,
  serializeSearchSearch,
} from '../../routes/search-url';
import { resolveTimeRange } from '../../routes/time-range';
import { tracePath } from '../../routes/trace-url';
import { boundsOfMillis } from '../../routes/trace-window';
import { ALL_DATASOURCES, useDatasourceStore } from '../../state/datasource-store';
import { Notice } from '../../ui/Notice';
import { Panel } from '../../ui/Panel';
import { linkText } from '../../ui/styles';
import { useRedactor } from '../redaction';
import { CompareResults } from './CompareResults';
import { parseDurationMs } from './durations';
import { sortFromLinkState } from './link-sort';
import { parseLogfmt } from './logfmt';
import { MetricsResults } from './MetricsResults';
import { metricsQueryFacts } from './metrics-query';
import { Presets } from './Presets';
import { useRememberedSort, useScrollMemory } from './page-memory';
import type { QueryInputError } from './QueryInput';
import { redactMetricsOutcome, redactSearchOutcome } from './redacted-results';
import { refineMetricsQuery } from './refine-traceql';
import { SearchResults } from './SearchResults';
import { ServiceSearchForm } from './ServiceSearchForm';
import { TempoSearchForm } from './TempoSearchForm';
import { TimeRangePicker } from './TimeRangePicker';

function searchRequest(state: SearchUrlState, datasource: TraceDatasourceRef): TraceSearchRequest {
  const tags = parseLogfmt(state.tags);
  return {
    datasource,
    q: state.q,
    spss: state.spss,
    service: state.service,
    operation: state.operation,
    tags: tags.tags,
    minDurationMs: state.minDuration === undefined ? undefined : parseDurationMs(state.minDuration),
    maxDurationMs: state.maxDuration === undefined ? undefined : parseDurationMs(state.maxDuration),
    limit: state.limit,
    range: state.range,
  };
}

/** What to show for a failed search: the backend's own words, and where in the query (Tempo). */
export function describeSearchError(error: Error): QueryInputError {
  if (error instanceof DatasourceError) {
    const words = error.backendMessage?.trim() || error.message;
    if (error instanceof BadRequestError) {
      return { message: words, line: error.position?.line, column: error.position?.column };
    }
    if (error instanceof RateLimitedError && error.retryAfterSeconds !== undefined) {
      return { message: `${words} (try again in ${error.retryAfterSeconds} s)` };
    }
    const who = error.fromGateway
      ? 'Tracelight could not reach the datasource'
      : `The datasource answered ${error.status ?? ''}`;
    return { message: `${who.trim()}: ${words}` };
  }
  return { message: error.message };
}

export function SearchPage() {
  const location = useLocation();
  const navigate = useNavigate();
  const config = useRuntimeConfig();
  const chosen = useDatasourceStore((s) => s.chosen);
  const state = parseSearchUrl(location.search);
  const traceSources = config.data?.datasources.filter(isTraceDatasource) ?? [];
  const info: DatasourceInfo | undefined = traceSources.find((d) => d.name === state.ds);
  const datasource: TraceDatasourceRef | undefined = info
    ? { name: info.name, type: info.type as TraceDatasourceType }
    : undefined;

  // No `ds` in the URL: search the remembered (or the default) datasource, unless "All" was chosen.
  const fallback =
    config.data && !state.ds && chosen !== ALL_DATASOURCES
      ? (traceSources.find((d) => d.name === chosen) ??
        defaultTraceDatasource(config.data) ??
        traceSources[0])
      : undefined;
  useEffect(() => {
    if (fallback)
      navigate({ search: serializeSearchSearch({ ...state, ds: fallback.name }) }, { replace: true });
  });

  // Jaeger searches one service: a link without one (the home page's starting points) waits for it.
  const needsService = datasource?.type === 'jaeger' && state.service.trim() === '';
  // A TraceQL metrics query asks /api/metrics and draws a chart instead of the trace table.
  const metricsFacts = datasource?.type === 'tempo' ? metricsQueryFacts(state.q) : undefined;
  const request = datasource && !needsService && !metricsFacts ? searchRequest(state, datasource) : undefined;
  const search = useTraceSearch(request);
  const metrics = useTraceqlMetrics(
    datasource && metricsFacts
      ? { datasource: datasource.name, q: state.q, range: state.range, step: state.step }
      : undefined,
  );
  const [lastGood, setLastGood] = useState<TraceSearchOutcome>();
  useEffect(() => {
    if (search.data && !search.isPlaceholderData) setLastGood(search.data);
  }, [search.data, search.isPlaceholderData]);
  const found = metricsFacts ? undefined : (search.data ?? lastGood);
  // Until the rules' module is here (decision 0339) nothing from the backend is shown.
  const redactor = useRedactor();
  const shown = useMemo(
    () => (found && redactor ? redactSearchOutcome(redactor, found) : undefined),
    [found, redactor],
  );
  const [lastMetrics, setLastMetrics] = useState<TraceqlMetricsOutcome>();
  useEffect(() => {
    if (metrics.data && !metrics.isPlaceholderData) setLastMetrics(metrics.data);
  }, [metrics.data, metrics.isPlaceholderData]);
  const drawnMetrics = metricsFacts ? (metrics.data ?? lastMetrics) : undefined;
  // Series and exemplar labels from a remote Tempo go through the rules before they are drawn (0332).
  const shownMetrics = useMemo(
    () => (drawnMetrics && redactor ? redactMetricsOutcome(redactor, drawnMetrics) : undefined),
    [drawnMetrics, redactor],
  );
  const active = metricsFacts ? metrics : search;
  const [sort, saveSort] = useRememberedSort(location.key, sortFromLinkState(location.state));
  const [sortOrder, setSortOrder] = useState(sort);
  useEffect(() => setSortOrder(sort), [sort]);
  useScrollMemory(location.key, shown !== undefined);

  // Suggestions wait for the search's first answer: on a busy backend (the embedded one scans every
  // span for tag values) they would otherwise queue ahead of it and inflate "query took".
  const searchAnswered = metricsFacts
    ? shownMetrics !== undefined || metrics.isError
    : shown !== undefined || search.isError || request === undefined;
  const services = useServiceNames(
    searchAnswered ? datasource : undefined,
    shown ? { start: Math.floor(shown.fromMs / 1000), end: Math.ceil(shown.toMs / 1000) } : undefined,
  );

  const run = (next: SearchUrlState) => {
    const nextSearch = serializeSearchSearch(next);
    if (nextSearch === serializeSearchSearch(state)) void active.refetch();
    else navigate({ search: nextSearch });
  };
  const setSort = (order: typeof sortOrder) => {
    setSortOrder(order);
    saveSort(order);
  };

  const resolved = resolveTimeRange(state.range, (shown ?? shownMetrics)?.ranAt ?? Date.now());
  const window = { start: Math.floor(resolved.fromMs / 1000), end: Math.ceil(resolved.toMs / 1000) };
  const error =
    active.error && !(active.error instanceof DatasourceError && active.error.kind === 'aborted')
      ? describeSearchError(active.error)
      : undefined;
  const tagProblem = !parseLogfmt(state.tags).ok;

  return (
    <div className="mx-auto flex w-full max-w-7xl flex-col gap-4 p-4">
      <title>Search · Tracelight</title>
      <h1 className="text-2xl font-semibold">Search</h1>
      {config.isError && (
        <Notice tone="error">The configuration could not be loaded: {config.error.message}</Notice>
      )}
      {config.data && traceSources.length === 0 && (
        <Notice tone="warning">
          No trace datasource is configured: add a Tempo, Jaeger or Zipkin datasource to search.
        </Notice>
      )}
      {config.data && !state.ds && !fallback && traceSources.length > 0 && (
        <Notice>
          <p>A search asks one datasource. Choose one:</p>
          <ul className="mt-1 flex flex-wrap gap-3">
            {traceSources.map((d) => (
              <li key={d.name}>
                <Link to={searchPath({ ...state, ds: d.name })} className={linkText}>
                  {d.displayName} ({d.type})
                </Link>
              </li>
            ))}
          </ul>
        </Notice>
      )}
      {config.data && state.ds && !info && (
        <Notice tone="error">
          There is no trace datasource named “{state.ds}” on this server. Choose one in the Datasource menu.
        </Notice>
      )}
      {datasource && (
        <Panel>
          <div className="flex flex-col gap-3">
            <div className="flex flex-wrap items-center justify-between gap-x-4 gap-y-2">
              <p className="text-sm text-slate-700 dark:text-slate-300">
                Searching <span className="font-medium">{info?.displayName}</span> ({datasource.type})
              </p>
              <TimeRangePicker
                key={serializeSearchSearch(state)}
                value={state.range}
                onChange={(range) => run({ ...state, range })}
              />
            </div>
            {datasource.type === 'tempo' ? (
              <TempoSearchForm
                key={`${datasource.name}|${serializeSearchSearch(state)}`}
                state={state}
                datasource={datasource}
                window={window}
                suggest={searchAnswered}
                error={error}
                running={active.isFetching}
                onSubmit={run}
              />
            ) : (
              <ServiceSearchForm
                key={`${datasource.name}|${serializeSearchSearch(state)}`}
                state={state}
                datasource={datasource}
                error={
                  error?.message ?? (tagProblem ? 'The tags in this link are not valid logfmt.' : undefined)
                }
                hint={
                  needsService
                    ? 'Jaeger searches one service at a time: choose a service, then Find traces.'
                    : undefined
                }
                running={search.isFetching}
                onSubmit={run}
              />
            )}
            <Presets
              state={state}
              kind={datasource.type}
              services={services.data ?? []}
              traces={shown?.result.traces ?? []}
              onApply={(next, options) => {
                if (options?.sortByDuration) setSort({ key: 'duration', descending: true });
                run(next);
              }}
            />
          </div>
        </Panel>
      )}
      {datasource && active.isFetching && (
        <p role="status" className="text-sm text-slate-600 dark:text-slate-400">
          {metricsFacts ? 'Querying metrics…' : 'Searching…'}
        </p>
      )}
      {datasource && metricsFacts?.call?.compare && (
        <CompareResults
          outcome={shownMetrics}
          stale={metrics.isPlaceholderData || metrics.isError}
          onAdd={(condition, attribute) => {
            const call = metricsFacts.call;
            if (!call) return;
            const subject =
              attribute === 'resource.service.name'
                ? 'service'
                : attribute === 'status'
                  ? 'status'
                  : undefined;
            run({ ...state, q: refineMetricsQuery(state.q, call.from, { subject, text: condition }) });
          }}
        />
      )}
      {datasource && metricsFacts && !metricsFacts.call?.compare && (
        <MetricsResults
          q={state.q}
          outcome={shownMetrics}
          stale={metrics.isPlaceholderData || metrics.isError}
          unit={metricsFacts.unit}
          step={state.step}
          onStep={(step) => run({ ...state, step })}
          onOpen={(dot) =>
            navigate(
              tracePath(
                {
                  traceId: dot.traceId,
                  ds: datasource.name,
                  span: dot.spanId,
                  // Tempo's exemplars do not name the span: highlight the spans the query counted.
                  filter: (dot.spanId ? undefined : metricsFacts.spanset) ?? '',
                },
                { kind: 'instant', atUnixMs: dot.t },
              ),
            )
          }
        />
      )}
      {shown && datasource && (
        <SearchResults
          outcome={shown}
          stale={search.isPlaceholderData || search.isError}
          state={state}
          sort={sortOrder}
          onSort={setSort}
          showMatched={datasource.type === 'tempo'}
          onOpen={(trace) =>
            navigate(
              tracePath(
                { traceId: trace.traceId, ds: shown.datasource },
                boundsOfMillis(trace.startUnixMs, trace.durationMs),
              ),
            )
          }
          onBrush={(fromMs, toMs) =>
            run({
              ...state,
              range: { from: { kind: 'absolute', epochMs: fromMs }, to: { kind: 'absolute', epochMs: toMs } },
            })
          }
          onLoadMore={() => run({ ...state, limit: Math.min(100_000, state.limit * 2) })}
        />
      )}
    </div>
  );
}

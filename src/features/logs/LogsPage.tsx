// `/logs`: a LogQL query over a time range. Lines come sorted across Loki's streams with their labels;
// trace IDs found in them (structured metadata, JSON, logfmt, or a configured RE2 pattern kept in the
// URL as `idPattern`) link to the trace at the span. Metric queries are drawn as a chart.
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { useLocation, useNavigate, useSearchParams } from 'react-router';
import { compileIdPattern } from '../../correlate/extract-ids';
import { errorText } from '../../datasources/error-text';
import type { LogLine } from '../../datasources/loki';
import { mergeLogPages } from '../../datasources/loki';
import { useRuntimeConfig } from '../../queries/config';
import { useLogsQuery } from '../../queries/logs';
import { type LogsUrlState, logsPath, parseLogsUrl } from '../../routes/logs-url';
import { formatTimePoint, parseTimePoint, resolveTimeRange } from '../../routes/time-range';
import { Button } from '../../ui/Button';
import { formatLabels } from '../../ui/charts/format';
import { TimeSeriesChart } from '../../ui/charts/TimeSeriesChart';
import { Notice } from '../../ui/Notice';
import { TextInput } from '../../ui/TextInput';
import { DatasourceSelect, QueryTextarea } from '../metrics/QueryFormFields';
import { Field, RangeFields } from '../metrics/RangeFields';
import { commonLabels, LogLines } from './LogLines';

const PATTERN_PARAM = 'idPattern';
const PAGE_LIMIT = 100;

export function LogsPage() {
  const [params] = useSearchParams();
  const location = useLocation();
  const navigate = useNavigate();
  const state = parseLogsUrl(params);
  const patternSource = state.extra.find(([key]) => key === PATTERN_PARAM)?.[1] ?? '';
  const config = useRuntimeConfig();
  const lokis = config.data?.datasources.filter((ds) => ds.type === 'loki') ?? [];
  const datasource = lokis.find((ds) => ds.name === state.ds) ?? lokis[0];

  const [draft, setDraft] = useState(() => draftOf(state, patternSource));
  // biome-ignore lint/correctness/useExhaustiveDependencies: the draft follows the URL
  useEffect(() => setDraft(draftOf(state, patternSource)), [location.search]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: relative times resolve once per URL
  const request = useMemo(() => {
    if (!state.q) return undefined;
    const { fromMs, toMs } = resolveTimeRange(state.range, Date.now());
    const rangeSeconds = Math.max(1, (toMs - fromMs) / 1000);
    return {
      query: state.q,
      startNs: BigInt(Math.floor(fromMs)) * 1_000_000n,
      endNs: BigInt(Math.ceil(toMs)) * 1_000_000n,
      limit: PAGE_LIMIT,
      direction: 'backward' as const,
      // Only metric queries take a step (a log query starts with its stream selector).
      step: state.q.trim().startsWith('{') ? undefined : Math.max(1, Math.ceil(rangeSeconds / 250)),
      fromMs,
      toMs,
    };
  }, [location.search]);

  const result = useLogsQuery(datasource?.name, request);
  const pattern = useMemo(
    () => (patternSource ? compileIdPattern(patternSource) : undefined),
    [patternSource],
  );
  const pages = result.data?.pages ?? [];
  const lines = useMemo(
    () =>
      pages.reduce<LogLine[]>(
        (all, page) =>
          page.resultType === 'streams' ? (all.length ? mergeLogPages(all, page.lines) : page.lines) : all,
        [],
      ),
    [pages],
  );
  const firstPage = pages[0];
  const matrix = firstPage && firstPage.resultType !== 'streams' ? firstPage.series : undefined;
  const shared = commonLabels(lines);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const extra = state.extra.filter(([key]) => key !== PATTERN_PARAM);
    if (draft.pattern.trim()) extra.push([PATTERN_PARAM, draft.pattern.trim()]);
    const next: LogsUrlState = {
      ds: draft.ds || undefined,
      q: draft.q.trim(),
      range: {
        from: parseTimePoint(draft.from) ?? state.range.from,
        to: parseTimePoint(draft.to) ?? state.range.to,
      },
      extra,
    };
    navigate(logsPath(next));
  };

  return (
    <div className="mx-auto flex w-full max-w-6xl flex-col gap-4 p-4 sm:p-6">
      <title>Logs · Tracelight</title>
      <h1 className="text-2xl font-semibold">Logs</h1>
      {config.data && lokis.length === 0 && <Notice tone="warning">No Loki datasource is configured.</Notice>}
      <form onSubmit={submit} className="flex flex-col gap-3" aria-label="LogQL query">
        <QueryTextarea
          label="LogQL"
          placeholder='{service_name="checkout"} |= "error"'
          value={draft.q}
          onChange={(q) => setDraft({ ...draft, q })}
        />
        <div className="flex flex-wrap items-end gap-3">
          <DatasourceSelect
            datasources={lokis}
            value={datasource?.name ?? ''}
            onChange={(ds) => setDraft({ ...draft, ds })}
          />
          <RangeFields
            from={draft.from}
            to={draft.to}
            onFrom={(from) => setDraft({ ...draft, from })}
            onTo={(to) => setDraft({ ...draft, to })}
          />
          <Field label="Trace ID pattern (RE2, optional)">
            {(id) => (
              <TextInput
                id={id}
                className="w-72 font-mono"
                placeholder="traceId=(?P<traceId>[0-9a-f]+)"
                value={draft.pattern}
                onChange={(e) => setDraft({ ...draft, pattern: e.target.value })}
              />
            )}
          </Field>
          <Button type="submit" variant="primary">
            Run query
          </Button>
        </div>
      </form>
      {pattern && 'error' in pattern && (
        <Notice tone="warning">The trace ID pattern is not valid RE2: {pattern.error}</Notice>
      )}
      {result.isError && (
        <Notice tone="error">
          <span data-testid="logs-error">{errorText(result.error)}</span>
        </Notice>
      )}
      {result.isFetching && <p className="text-sm opacity-70">Querying…</p>}
      {matrix && request && (
        <section aria-label="Chart" className="rounded-lg border border-slate-200 p-3 dark:border-slate-700">
          <TimeSeriesChart
            label={`LogQL: ${state.q}`}
            series={matrix.map((series, index) => ({
              id: `s${index}`,
              label: formatLabels(series.labels),
              points: series.points,
            }))}
            fromMs={request.fromMs}
            toMs={request.toMs}
          />
        </section>
      )}
      {firstPage?.resultType === 'streams' && (
        <section aria-label="Log lines" className="flex flex-col gap-2">
          <p className="text-sm" data-testid="logs-summary">
            {lines.length} line{lines.length === 1 ? '' : 's'} from {firstPage.streamCount} stream
            {firstPage.streamCount === 1 ? '' : 's'}, newest first
            {shared.length > 0 && (
              <span className="ml-2 font-mono text-xs opacity-70">
                {shared.map((key) => `${key}=${lines[0].labels[key]}`).join(' ')}
              </span>
            )}
          </p>
          {lines.length > 0 && (
            <LogLines
              label="Lines"
              lines={lines}
              hideLabels={shared}
              pattern={pattern && !('error' in pattern) ? pattern : undefined}
            />
          )}
          {result.hasNextPage && (
            <div>
              <Button onClick={() => void result.fetchNextPage()} disabled={result.isFetchingNextPage}>
                {result.isFetchingNextPage ? 'Loading…' : `Limit of ${PAGE_LIMIT} reached — load older lines`}
              </Button>
            </div>
          )}
        </section>
      )}
    </div>
  );
}

function draftOf(state: LogsUrlState, pattern: string) {
  return {
    ds: state.ds ?? '',
    q: state.q,
    from: formatTimePoint(state.range.from),
    to: formatTimePoint(state.range.to),
    pattern,
  };
}

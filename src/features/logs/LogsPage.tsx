// `/logs`: a LogQL query over a time range. Lines come sorted across Loki's streams with their labels;
// trace IDs found in them (structured metadata, JSON, logfmt, or a configured RE2 pattern kept in the
// URL as `idPattern`) link to the trace at the span. Metric queries are drawn as a chart.
import { useMemo } from 'react';
import { compileIdPattern } from '../../correlate/id-pattern';
import { errorText } from '../../datasources/error-text';
import { useLogsQuery } from '../../queries/logs';
import { type LogsUrlState, logsPath, parseLogsUrl } from '../../routes/logs-url';
import { Button } from '../../ui/Button';
import { Notice } from '../../ui/Notice';
import { QueryChart, type QueryDraft, QueryPageLayout, TextField, useQueryPage } from '../query-page';
import { useRedactor } from '../redaction';
import { commonLabels, LogLines } from './LogLines';
import { shownLogLines } from './shown-lines';

const PATTERN_PARAM = 'idPattern';
const PAGE_LIMIT = 100;

type LogsDraft = QueryDraft & { pattern: string };

function patternOf(state: LogsUrlState): string {
  return state.extra.find(([key]) => key === PATTERN_PARAM)?.[1] ?? '';
}

export function LogsPage() {
  const page = useQueryPage<LogsUrlState, LogsDraft>({
    datasourceType: 'loki',
    parseUrl: parseLogsUrl,
    pathOf: logsPath,
    extraDraft: (state) => ({ pattern: patternOf(state) }),
    applyDraft: (next, draft) => {
      const extra = next.extra.filter(([key]) => key !== PATTERN_PARAM);
      if (draft.pattern.trim()) extra.push([PATTERN_PARAM, draft.pattern.trim()]);
      return { ...next, extra };
    },
  });
  const { state, datasource, draft } = page;
  const patternSource = patternOf(state);

  const request = useMemo(() => {
    if (!state.q) return undefined;
    const { fromMs, toMs } = page.window;
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
  }, [state.q, page.window]);

  const result = useLogsQuery(datasource?.name, request);
  const pattern = useMemo(
    () => (patternSource ? compileIdPattern(patternSource) : undefined),
    [patternSource],
  );
  const pages = result.data?.pages ?? [];
  const redactor = useRedactor();
  const lines = useMemo(() => shownLogLines(redactor, pages), [pages, redactor]);
  const firstPage = pages[0];
  const matrix = firstPage && firstPage.resultType !== 'streams' ? firstPage.series : undefined;
  const shared = commonLabels(lines);

  return (
    <QueryPageLayout
      page={page}
      title="Logs"
      language="LogQL"
      placeholder='{service_name="checkout"} |= "error"'
      noDatasource="No Loki datasource is configured."
      fields={
        <TextField
          label="Trace ID pattern (RE2, optional)"
          className="w-72 font-mono"
          placeholder="traceId=(?P<traceId>[0-9a-f]+)"
          value={draft.pattern}
          onChange={(pattern) => page.edit({ pattern })}
        />
      }
    >
      {pattern && 'error' in pattern && (
        <Notice tone="warning">The trace ID pattern is not valid RE2: {pattern.error}</Notice>
      )}
      {result.isError && (
        <Notice tone="error">
          <span data-testid="logs-error">{errorText(result.error)}</span>
        </Notice>
      )}
      {(result.isFetching || (pages.length > 0 && !redactor)) && (
        <p className="text-sm opacity-70">Querying…</p>
      )}
      {matrix && request && (
        <QueryChart
          label={`LogQL: ${state.q}`}
          series={matrix}
          unlabelled={state.q}
          fromMs={request.fromMs}
          toMs={request.toMs}
        />
      )}
      {firstPage?.resultType === 'streams' && redactor && (
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
    </QueryPageLayout>
  );
}

// The results of one search: the summary line, the limit notice with "load more", what the backend
// inspected, a JSON download, the scatter plot and the table.
import { Fragment, useMemo } from 'react';
import { hasUnknownFacts } from '../../datasources/summaries';
import type { TraceSummary } from '../../datasources/types';
import type { TraceSearchOutcome } from '../../queries/search';
import type { SearchUrlState } from '../../routes/search-url';
import { Button } from '../../ui/Button';
import { formatBytes, formatCount, formatDurationMs, formatTimestamp } from '../../ui/format';
import { ResultsScatter } from './ResultsScatter';
import { ResultsTable } from './ResultsTable';
import { measuredRoundTripMs } from './round-trip';
import { SampledCount } from './SampledCount';
import type { SortOrder } from './sort-results';
import { factParts, type SummaryPart, summarizeResults } from './summary';

export interface SearchResultsProps {
  outcome: TraceSearchOutcome;
  /** These are an earlier search's results (a new one is running or failed). */
  stale: boolean;
  state: SearchUrlState;
  sort: SortOrder;
  onSort(order: SortOrder): void;
  showMatched: boolean;
  onOpen(trace: TraceSummary): void;
  onBrush(fromMs: number, toMs: number): void;
  onLoadMore(): void;
}

export function SearchResults(props: SearchResultsProps) {
  const { outcome, state } = props;
  const { result } = outcome;
  const summary = summarizeResults(result.traces);
  const inspected = result.inspected;
  // Read once per outcome: later requests must not change the figure.
  const roundTripMs = useMemo(() => measuredRoundTripMs(outcome), [outcome]);

  const download = () => {
    const document_ = {
      datasource: outcome.datasource,
      search: Object.fromEntries(new URLSearchParams(window.location.search)),
      from: new Date(outcome.fromMs).toISOString(),
      to: new Date(outcome.toMs).toISOString(),
      ranAt: new Date(outcome.ranAt).toISOString(),
      limit: result.limit,
      limitReached: result.limitReached,
      inspected: result.inspected,
      traces: result.traces,
    };
    const blob = new Blob([JSON.stringify(document_, null, 2)], { type: 'application/json' });
    const url = URL.createObjectURL(blob);
    const anchor = window.document.createElement('a');
    anchor.href = url;
    anchor.download = `tracelight-search-${outcome.datasource}-${new Date(outcome.ranAt).toISOString().replace(/[:.]/g, '-')}.json`;
    anchor.click();
    setTimeout(() => URL.revokeObjectURL(url), 0);
  };

  const text = (value: string | undefined): SummaryPart[] => (value === undefined ? [] : [{ text: value }]);
  const parts: SummaryPart[] = [
    ...text(`${summary.count} trace${summary.count === 1 ? '' : 's'}`),
    ...text(summary.avgMs !== undefined ? `avg ${formatDurationMs(summary.avgMs)}` : undefined),
    ...text(summary.p50Ms !== undefined ? `p50 ${formatDurationMs(summary.p50Ms)}` : undefined),
    ...text(summary.p95Ms !== undefined ? `p95 ${formatDurationMs(summary.p95Ms)}` : undefined),
    ...factParts(summary),
    ...text(`query took ${formatDurationMs(roundTripMs)}`),
  ];
  const unknownTraces = result.traces.filter(hasUnknownFacts).length;

  return (
    <section
      aria-label="Search results"
      aria-busy={props.stale || undefined}
      className={`flex flex-col gap-3 ${props.stale ? 'opacity-70' : ''}`}
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p data-testid="results-summary" className="text-sm">
          {parts.map((part, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a fixed sequence of figures
            <Fragment key={index}>
              {index > 0 && ' · '}
              {part.title ? <span title={part.title}>{part.text}</span> : part.text}
            </Fragment>
          ))}
        </p>
        <div className="flex items-center gap-2">
          <span className="text-xs text-slate-600 dark:text-slate-400">
            Ran at {formatTimestamp(outcome.ranAt)}
          </span>
          <Button onClick={download} disabled={result.traces.length === 0}>
            Download JSON
          </Button>
        </div>
      </div>
      <SampledCount
        datasource={outcome.datasource}
        traces={result.traces}
        limitReached={result.limitReached}
      />
      {inspected &&
        (inspected.traces !== undefined ||
          inspected.bytes !== undefined ||
          inspected.spans !== undefined) && (
          <p data-testid="results-inspected" className="text-xs text-slate-600 dark:text-slate-400">
            The backend inspected{' '}
            {[
              inspected.traces !== undefined ? `${formatCount(inspected.traces)} traces` : undefined,
              inspected.spans !== undefined ? `${formatCount(inspected.spans)} spans` : undefined,
              inspected.bytes !== undefined ? formatBytes(inspected.bytes) : undefined,
              inspected.blocks !== undefined ? `${inspected.blocks} blocks` : undefined,
              inspected.totalJobs !== undefined
                ? `${inspected.completedJobs ?? '?'} of ${inspected.totalJobs} jobs`
                : undefined,
            ]
              .filter(Boolean)
              .join(', ')}
            .
          </p>
        )}
      {unknownTraces > 0 && (
        <p data-testid="results-unknown" className="text-xs text-slate-600 dark:text-slate-400">
          — marks what the backend did not send: the span, service and error counts of {unknownTraces} of{' '}
          {result.traces.length} traces. Tempo sends them with TraceQL searches (try <code>{'{}'}</code>);
          opening a trace shows them.
        </p>
      )}
      {result.limitReached && (
        <div
          role="status"
          className="flex flex-wrap items-center gap-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100"
        >
          <span>
            Showing {result.traces.length} — more may match (limit {result.limit}).
          </span>
          <Button onClick={props.onLoadMore}>Load more (limit {Math.min(100_000, state.limit * 2)})</Button>
        </div>
      )}
      {result.traces.length === 0 ? (
        <p className="rounded-md border border-slate-200 p-4 text-sm dark:border-slate-700">
          No traces matched in this time range.
        </p>
      ) : (
        <>
          <ResultsScatter
            traces={result.traces}
            fromMs={outcome.fromMs}
            toMs={outcome.toMs}
            onOpen={props.onOpen}
            onBrush={props.onBrush}
          />
          <ResultsTable
            traces={result.traces}
            ds={outcome.datasource}
            sort={props.sort}
            onSort={props.onSort}
            showMatched={props.showMatched}
          />
        </>
      )}
    </section>
  );
}

// The Logs section of span details: the span's lines (by span ID, or by time when the lines carry no
// span IDs), their count, "limit reached — load more", and a click on a line selects its span.
// Loki down or refusing the query shows here, in Loki's words, and nothing else on the page changes.
import { useMemo } from 'react';
import { extractIds } from '../../correlate/extract-ids';
import { spanTemplateSource } from '../../correlate/span-values';
import { errorText } from '../../datasources/error-text';
import type { SpanDetails } from '../../model/types';
import { Button } from '../../ui/Button';
import { TokenText } from '../../ui/TokenText';
import { LogLines } from '../logs';
import { OpenInLogs } from './OpenInLogs';
import { spanLogsSummary } from './span-logs-summary';
import { useTraceLogs } from './use-trace-logs';

export interface SpanLogsSectionProps {
  /** The trace datasource the trace came from (its `logs` block applies). */
  traceDatasource?: string;
  span: SpanDetails;
  /** Called with the span ID of a clicked line. */
  onSelectSpan: (spanId: string) => void;
}

export function SpanLogsSection({ traceDatasource, span, onSelectSpan }: SpanLogsSectionProps) {
  const request = useMemo(
    () => ({
      traceDatasource,
      source: spanTemplateSource(span),
      startUnixNano: span.startUnixNano,
      durationNs: span.duration,
    }),
    [traceDatasource, span],
  );
  const logs = useTraceLogs(request);
  const { lines, anyCarryIds } = useMemo(() => {
    const withIds = logs.lines.map((line) => ({ line, ids: extractIds(line) }));
    const carry = withIds.some(({ ids }) => ids?.spanId !== undefined);
    const spanStartNs = BigInt(span.startUnixNano);
    const spanEndNs = spanStartNs + BigInt(Math.ceil(span.duration));
    const mine = withIds.filter(({ line, ids }) =>
      carry
        ? ids?.spanId === span.spanId
        : BigInt(line.timeNs) >= spanStartNs && BigInt(line.timeNs) <= spanEndNs,
    );
    return { lines: mine.map(({ line }) => line), anyCarryIds: carry };
  }, [logs.lines, span]);

  return (
    <section
      aria-label="Logs"
      data-testid="span-logs"
      className="border-t border-gray-200 p-2 dark:border-gray-700"
    >
      <h3 className="mb-1 font-semibold">
        Logs{logs.loading ? '' : ` (${lines.length}${logs.limitReached ? '+' : ''})`}
      </h3>
      {logs.problem && <p className="opacity-70">{logs.problem}</p>}
      {logs.missing.length > 0 && (
        <p className="opacity-70">Not on this span, left empty in the query: {logs.missing.join(', ')}</p>
      )}
      {logs.loading && <p className="opacity-70">Loading logs…</p>}
      {logs.error ? (
        <p role="alert" data-testid="span-logs-error" className="text-red-700 dark:text-red-300">
          Logs unavailable: {errorText(logs.error)}
        </p>
      ) : null}
      {!logs.loading && !logs.error && logs.query && logs.target && (
        <p className="mb-1 opacity-70" data-testid="span-logs-count">
          {spanLogsSummary({
            span: lines.length,
            trace: logs.lines.length,
            matchedByTime: !anyCarryIds,
            datasource: logs.target.datasource.displayName,
            beforeMs: logs.target.beforeMs,
            afterMs: logs.target.afterMs,
            limitReached: logs.limitReached,
          })}
        </p>
      )}
      {lines.length > 0 && (
        <LogLines
          label="Span log lines"
          lines={lines}
          showLabels={false}
          traceLinks={false}
          onLineClick={(_line, ids) => {
            if (ids?.spanId) onSelectSpan(ids.spanId);
          }}
        />
      )}
      {logs.limitReached && (
        <Button className="mt-1" onClick={logs.loadMore} disabled={logs.loadingMore}>
          {logs.loadingMore ? 'Loading…' : 'Load more lines'}
        </Button>
      )}
      {logs.logsLink && <OpenInLogs to={logs.logsLink} />}
      {logs.query && (
        <details className="mt-1 opacity-70">
          <summary>LogQL</summary>
          <code className="block font-mono wrap-break-word" data-testid="span-logs-query">
            <TokenText text={logs.query} />
          </code>
        </details>
      )}
    </section>
  );
}

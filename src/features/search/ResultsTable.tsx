// The results as a sortable table; a Tempo row expands to its matched spans, each a link to the trace
// at that span. Every backend value is rendered as text.
import { Fragment, useState } from 'react';
import { Link } from 'react-router';
import { errorFact, serviceCount } from '../../datasources/summaries';
import type { MatchedSpan, TraceSummary } from '../../datasources/types';
import { attributeValueText } from '../../model/attribute-text';
import type { Attribute } from '../../model/types';
import { comparePath } from '../../routes/compare-url';
import { tracePath } from '../../routes/trace-url';
import { boundsOfMillis, traceWindow } from '../../routes/trace-window';
import { formatDurationMs, formatTimestamp } from '../../ui/format';
import { focusRing, linkText } from '../../ui/styles';
import { type SortKey, type SortOrder, sortResults } from './sort-results';

export interface ResultsTableProps {
  traces: readonly TraceSummary[];
  ds: string;
  sort: SortOrder;
  onSort(order: SortOrder): void;
  /** Tempo: show the matched column and expandable rows. */
  showMatched: boolean;
}

const COLUMNS: ReadonlyArray<{ key: SortKey; label: string; numeric?: boolean; tempoOnly?: boolean }> = [
  { key: 'rootService', label: 'Root service' },
  { key: 'rootName', label: 'Root operation' },
  { key: 'start', label: 'Start' },
  { key: 'duration', label: 'Duration', numeric: true },
  { key: 'spans', label: 'Spans', numeric: true },
  { key: 'services', label: 'Services', numeric: true },
  { key: 'errors', label: 'Errors', numeric: true },
  { key: 'matched', label: 'Matched', numeric: true, tempoOnly: true },
];

export function ResultsTable({ traces, ds, sort, onSort, showMatched }: ResultsTableProps) {
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  // Two rows picked for the compare screen (issue 16); a third pick drops the oldest.
  const [picked, setPicked] = useState<readonly string[]>([]);
  const pick = (traceId: string, on: boolean) =>
    setPicked((previous) =>
      on
        ? [...previous.filter((id) => id !== traceId), traceId].slice(-2)
        : previous.filter((id) => id !== traceId),
    );
  const compareHref = compareLink(traces, picked, ds);
  const columns = COLUMNS.filter((c) => showMatched || !c.tempoOnly);
  const rows = sortResults(traces, sort);
  const toggle = (traceId: string) =>
    setExpanded((previous) => {
      const next = new Set(previous);
      if (next.has(traceId)) next.delete(traceId);
      else next.add(traceId);
      return next;
    });

  return (
    <div className="overflow-x-auto">
      <p className="flex items-center gap-2 py-1 text-xs text-slate-700 dark:text-slate-300">
        {compareHref ? (
          <Link to={compareHref} className={linkText} data-testid="compare-selected">
            Compare the two selected traces
          </Link>
        ) : (
          <span>Select two traces to compare them.</span>
        )}
      </p>
      <table className="w-full border-collapse text-sm" aria-label="Traces found">
        <thead>
          <tr className="border-b border-slate-300 text-left dark:border-slate-600">
            {showMatched && (
              <th className="w-8">
                <span className="sr-only">Matched spans</span>
              </th>
            )}
            {columns.map((column) => {
              const active = sort.key === column.key;
              return (
                <th
                  key={column.key}
                  aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : 'none'}
                  className={`px-2 py-1.5 font-medium ${column.numeric ? 'text-right' : ''}`}
                >
                  <button
                    type="button"
                    className={`rounded ${focusRing} hover:underline`}
                    onClick={() =>
                      onSort({
                        key: column.key,
                        descending: active
                          ? !sort.descending
                          : column.numeric === true || column.key === 'start',
                      })
                    }
                  >
                    {column.label}
                    <span aria-hidden="true">{active ? (sort.descending ? ' ▼' : ' ▲') : ''}</span>
                  </button>
                </th>
              );
            })}
            <th className="px-2 py-1.5 text-center font-medium">Compare</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((trace) => {
            const open = expanded.has(trace.traceId);
            const matched = trace.matchedSpans ?? [];
            const errors = errorFact(trace);
            const services = serviceCount(trace);
            return (
              <Fragment key={trace.traceId}>
                <tr
                  data-trace-id={trace.traceId}
                  className="border-b border-slate-200 hover:bg-slate-50 dark:border-slate-800 dark:hover:bg-slate-800/50"
                >
                  {showMatched && (
                    <td className="px-1">
                      {matched.length > 0 && (
                        <button
                          type="button"
                          aria-expanded={open}
                          aria-label={`${open ? 'Hide' : 'Show'} matched spans of ${trace.traceId}`}
                          className={`rounded px-1 ${focusRing}`}
                          onClick={() => toggle(trace.traceId)}
                        >
                          {open ? '▾' : '▸'}
                        </button>
                      )}
                    </td>
                  )}
                  <td className="px-2 py-1.5">
                    {trace.rootMissing && !trace.rootService ? (
                      <span className="text-slate-500 italic">root not received</span>
                    ) : (
                      trace.rootService
                    )}
                  </td>
                  <td className="max-w-md truncate px-2 py-1.5">
                    <Link
                      to={tracePath(
                        { traceId: trace.traceId, ds },
                        boundsOfMillis(trace.startUnixMs, trace.durationMs),
                      )}
                      className={linkText}
                      title={trace.traceId}
                    >
                      {trace.rootName || trace.traceId}
                    </Link>
                  </td>
                  <td className="px-2 py-1.5 whitespace-nowrap font-mono text-xs">
                    {formatTimestamp(trace.startUnixMs)}
                  </td>
                  <td data-column="duration" className="px-2 py-1.5 text-right tabular-nums">
                    {formatDurationMs(trace.durationMs)}
                  </td>
                  <td data-column="spans" className="px-2 py-1.5 text-right tabular-nums">
                    {trace.spanCount ?? <Unknown what="span count" />}
                  </td>
                  <td
                    data-column="services"
                    className="px-2 py-1.5 text-right tabular-nums"
                    title={trace.services?.map((s) => s.name).join(', ')}
                  >
                    {services ?? <Unknown what="services" />}
                  </td>
                  <td
                    data-column="errors"
                    className={`px-2 py-1.5 text-right tabular-nums ${errors === 'errors' ? 'font-medium text-red-700 dark:text-red-400' : ''}`}
                  >
                    {trace.errorCount ?? <Unknown what="error count" />}
                  </td>
                  {showMatched && (
                    <td data-column="matched" className="px-2 py-1.5 text-right tabular-nums">
                      {trace.matchedCount ?? <Unknown what="matched span count" />}
                    </td>
                  )}
                  <td className="px-2 text-center">
                    <input
                      type="checkbox"
                      aria-label={`Compare ${trace.rootName || 'trace'} ${trace.traceId}`}
                      checked={picked.includes(trace.traceId)}
                      onChange={(event) => pick(trace.traceId, event.target.checked)}
                    />
                  </td>
                </tr>
                {open && (
                  <tr className="border-b border-slate-200 bg-slate-50 dark:border-slate-800 dark:bg-slate-900/60">
                    <td />
                    <td colSpan={columns.length + 1} className="px-2 py-2">
                      <MatchedSpans trace={trace} spans={matched} ds={ds} />
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** The compare link for two picked results: the faster is A (the baseline), the slower B. */
function compareLink(traces: readonly TraceSummary[], picked: readonly string[], ds: string) {
  const sides = picked.flatMap((id) => traces.filter((t) => t.traceId === id));
  if (sides.length !== 2) return undefined;
  const [a, b] = [...sides].sort((x, y) => x.durationMs - y.durationMs);
  const side = (t: TraceSummary) => {
    const time = boundsOfMillis(t.startUnixMs, t.durationMs);
    return { traceId: t.traceId, ds, ...(time ? traceWindow(time) : undefined) };
  };
  return comparePath({ a: side(a), b: side(b) });
}

/** A figure the backend did not send: a dash, said as "unknown" to screen readers and on hover. */
export function Unknown({ what }: { what: string }) {
  return (
    <span
      title={`Unknown: the backend did not send the ${what}`}
      className="text-slate-600 dark:text-slate-400"
    >
      <span aria-hidden="true">—</span>
      <span className="sr-only">unknown</span>
    </span>
  );
}

function MatchedSpans({ trace, spans, ds }: { trace: TraceSummary; spans: MatchedSpan[]; ds: string }) {
  return (
    <div>
      <p className="mb-1 text-xs text-slate-600 dark:text-slate-400">
        {trace.matchedCount !== undefined && trace.matchedCount > spans.length
          ? `${spans.length} of ${trace.matchedCount} matched spans shown (raise “Matched spans shown per trace” to see more)`
          : `${spans.length} matched span${spans.length === 1 ? '' : 's'}`}
      </p>
      <ul className="flex flex-col gap-1" aria-label={`Matched spans of ${trace.traceId}`}>
        {spans.map((span) => (
          <li key={span.spanId} className="flex flex-wrap items-baseline gap-x-3">
            <Link
              to={tracePath(
                { traceId: trace.traceId, ds, span: span.spanId },
                boundsOfMillis(trace.startUnixMs, trace.durationMs),
              )}
              className={`font-mono ${linkText}`}
            >
              {span.name ? `${span.name} · ${span.spanId}` : span.spanId}
            </Link>
            {span.durationMs !== undefined && (
              <span className="tabular-nums">{formatDurationMs(span.durationMs)}</span>
            )}
            {span.attributes.length > 0 && (
              <span className="flex flex-wrap gap-x-2 font-mono text-xs text-slate-700 dark:text-slate-300">
                {span.attributes.map((attribute) => (
                  <span key={attribute.key}>
                    {attribute.key}={attributeText(attribute)}
                  </span>
                ))}
              </span>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** `key=value` as TraceQL writes it: strings quoted, everything else the one attribute text. */
function attributeText(attribute: Attribute): string {
  const text = attributeValueText(attribute.value);
  return attribute.value.type === 'string' ? JSON.stringify(text) : text;
}

// A list of log lines: time, labels, the line as text, and a link to the trace (at the span) when the
// line names one. Used by /logs and by the trace view's logs.
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { type ExtractedIds, extractIds, type IdPattern } from '../../correlate/extract-ids';
import type { LogLine } from '../../datasources/loki';
import { tracePath } from '../../routes/trace-url';
import { formatTimestamp } from '../../ui/format';
import { linkText } from '../../ui/styles';

export interface LogLinesProps {
  lines: readonly LogLine[];
  pattern?: IdPattern;
  /** Labels not worth repeating on every line (e.g. the ones every line shares). */
  hideLabels?: readonly string[];
  showLabels?: boolean;
  /** Makes each line a button (the trace view selects the line's span). */
  onLineClick?: (line: LogLine, ids: ExtractedIds | undefined) => void;
  /** Link each line to its trace (the /logs page); off inside the trace's own view. */
  traceLinks?: boolean;
  /** Extra per-line content, e.g. which span it belongs to. */
  lineExtra?: (line: LogLine, ids: ExtractedIds | undefined) => ReactNode;
  label: string;
}

/** Labels every line has with the same value (shown once above the list instead of on each line). */
export function commonLabels(lines: readonly LogLine[]): string[] {
  if (lines.length < 2) return [];
  const first = lines[0].labels;
  return Object.keys(first).filter((key) => lines.every((line) => line.labels[key] === first[key]));
}

export function LogLines(props: LogLinesProps) {
  const hidden = new Set(props.hideLabels ?? []);
  return (
    <ol
      aria-label={props.label}
      className="divide-y divide-slate-200 font-mono text-xs dark:divide-slate-800"
    >
      {props.lines.map((line) => {
        const ids = extractIds(line, props.pattern);
        const labels =
          props.showLabels === false ? [] : Object.entries(line.labels).filter(([k]) => !hidden.has(k));
        const metadata = Object.entries(line.structuredMetadata).filter(
          ([key]) => key !== 'trace_id' && key !== 'span_id',
        );
        const body = (
          <>
            <span className="shrink-0 text-slate-500 dark:text-slate-400" data-testid="log-time">
              {formatTimestamp(line.timeMs)}
            </span>
            <span className="min-w-0 flex-1">
              {(labels.length > 0 || metadata.length > 0) && (
                <span className="mb-0.5 flex flex-wrap gap-1">
                  {labels.map(([key, value]) => (
                    <span key={key} className="rounded bg-slate-100 px-1 dark:bg-slate-800" data-label={key}>
                      {key}={value}
                    </span>
                  ))}
                  {metadata.map(([key, value]) => (
                    <span
                      key={`m:${key}`}
                      className="rounded border border-slate-200 px-1 opacity-80 dark:border-slate-700"
                    >
                      {key}={value}
                    </span>
                  ))}
                </span>
              )}
              <span className="block whitespace-pre-wrap break-all" data-testid="log-line-text">
                {line.line}
              </span>
              {props.lineExtra?.(line, ids)}
            </span>
          </>
        );
        return (
          <li key={line.id} className="flex items-start gap-2 py-1" data-testid="log-line">
            {props.onLineClick ? (
              <button
                type="button"
                className="flex min-w-0 flex-1 items-start gap-2 text-left hover:bg-sky-50 dark:hover:bg-sky-950"
                onClick={() => props.onLineClick?.(line, ids)}
              >
                {body}
              </button>
            ) : (
              <div className="flex min-w-0 flex-1 items-start gap-2">{body}</div>
            )}
            {props.traceLinks !== false && ids && (
              <Link
                className={`shrink-0 ${linkText}`}
                to={tracePath({ traceId: ids.traceId, span: ids.spanId })}
                aria-label={`Open trace ${ids.traceId}${ids.spanId ? ` at span ${ids.spanId}` : ''}`}
              >
                trace {ids.traceId.slice(0, 8)}…{ids.spanId ? ' ›span' : ''}
              </Link>
            )}
          </li>
        );
      })}
    </ol>
  );
}

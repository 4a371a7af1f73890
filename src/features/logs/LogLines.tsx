// A list of log lines, message first: time, the level as a coloured word, the line as text (wrapping
// at token bounds, IDs kept whole), then per line a toggle that unfolds its labels and metadata, and a
// link to the trace (at the span) when the line names one. Used by /logs and by the trace view's logs.
import { type ReactNode, useId, useState } from 'react';
import { Link } from 'react-router';
import { type ExtractedIds, extractIds, type IdPattern } from '../../correlate/extract-ids';
import type { LogLine } from '../../datasources/loki';
import { tracePath } from '../../routes/trace-url';
import { formatTimestamp } from '../../ui/format';
import { focusRing, linkText } from '../../ui/styles';
import { TokenText } from '../../ui/TokenText';
import { LevelBadge } from './LevelBadge';
import { logLevel } from './log-level';

export interface LogLinesProps {
  lines: readonly LogLine[];
  pattern?: IdPattern;
  /** Labels not worth repeating on every line (e.g. the ones every line shares). */
  hideLabels?: readonly string[];
  /** Off: the stream labels are left out of each line's fold (its metadata stays). */
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

/** What a line's fold holds: its stream labels (less the hidden ones), then its structured metadata. */
export function foldedFields(
  line: LogLine,
  options: { hidden: ReadonlySet<string>; showLabels: boolean },
): Array<{ key: string; value: string; kind: 'label' | 'metadata' }> {
  const labels = options.showLabels
    ? Object.entries(line.labels)
        .filter(([key]) => !options.hidden.has(key))
        .map(([key, value]) => ({ key, value, kind: 'label' as const }))
    : [];
  const metadata = Object.entries(line.structuredMetadata)
    .filter(([key]) => key !== 'trace_id' && key !== 'span_id')
    .map(([key, value]) => ({ key, value, kind: 'metadata' as const }));
  return [...labels, ...metadata];
}

/** The visible words of a line's trace link, and its full name for screen readers and the tooltip. */
export function traceLinkText(ids: ExtractedIds): { text: string; label: string } {
  return {
    text: ids.spanId ? 'Open span' : 'Open trace',
    label: `Open trace ${ids.traceId}${ids.spanId ? ` at span ${ids.spanId}` : ''}`,
  };
}

export function LogLines(props: LogLinesProps) {
  const hidden = new Set(props.hideLabels ?? []);
  return (
    <ol
      aria-label={props.label}
      className="divide-y divide-slate-200 font-mono text-xs dark:divide-slate-800"
    >
      {props.lines.map((line) => (
        <LogLineRow key={line.id} line={line} hidden={hidden} {...props} />
      ))}
    </ol>
  );
}

function LogLineRow(props: LogLinesProps & { line: LogLine; hidden: ReadonlySet<string> }) {
  const { line } = props;
  const foldId = useId();
  const [open, setOpen] = useState(false);
  const ids = extractIds(line, props.pattern);
  const level = logLevel(line);
  const fields = foldedFields(line, { hidden: props.hidden, showLabels: props.showLabels !== false });
  const time = formatTimestamp(line.timeMs);
  const body = (
    <>
      <span className="shrink-0 text-slate-600 dark:text-slate-400" data-testid="log-time">
        {time}
      </span>
      {level && <LevelBadge level={level} />}
      <span className="min-w-0 flex-1">
        <span className="block whitespace-pre-wrap wrap-break-word" data-testid="log-line-text">
          <TokenText text={line.line} />
        </span>
        {props.lineExtra?.(line, ids)}
      </span>
    </>
  );
  const link = props.traceLinks !== false && ids ? traceLinkText(ids) : undefined;
  return (
    <li className="py-1" data-testid="log-line" data-level={level}>
      <div className="flex items-start gap-2">
        {props.onLineClick ? (
          <button
            type="button"
            className={`flex min-w-0 flex-1 items-start gap-2 rounded text-left hover:bg-sky-50 dark:hover:bg-sky-950 ${focusRing}`}
            onClick={() => props.onLineClick?.(line, ids)}
          >
            {body}
          </button>
        ) : (
          <div className="flex min-w-0 flex-1 items-start gap-2">{body}</div>
        )}
        {fields.length > 0 && (
          <button
            type="button"
            data-testid="log-labels-toggle"
            aria-expanded={open}
            aria-controls={foldId}
            aria-label={`${open ? 'Hide' : 'Show'} ${fields.length} label${fields.length === 1 ? '' : 's'} of the line at ${time}`}
            className={`shrink-0 rounded border border-slate-300 px-1 text-slate-700 hover:bg-slate-100 dark:border-slate-600 dark:text-slate-300 dark:hover:bg-slate-800 ${focusRing}`}
            onClick={() => setOpen(!open)}
          >
            {fields.length} label{fields.length === 1 ? '' : 's'}{' '}
            <span aria-hidden="true">{open ? '▾' : '▸'}</span>
          </button>
        )}
        {link && ids && (
          <Link
            className={`shrink-0 font-sans ${linkText} ${focusRing}`}
            to={tracePath(
              { traceId: ids.traceId, span: ids.spanId },
              { kind: 'instant', atUnixMs: line.timeMs },
            )}
            aria-label={link.label}
            title={link.label}
          >
            {link.text}
          </Link>
        )}
      </div>
      {fields.length > 0 && (
        <ul
          id={foldId}
          hidden={!open}
          aria-label="Labels"
          className={`mt-1 flex-wrap gap-1 pl-4 ${open ? 'flex' : 'hidden'}`}
          data-testid="log-labels"
        >
          {fields.map(({ key, value, kind }) => (
            <li
              key={`${kind}:${key}`}
              className={
                kind === 'label'
                  ? 'rounded bg-slate-100 px-1 dark:bg-slate-800'
                  : 'rounded border border-slate-200 px-1 dark:border-slate-700'
              }
              data-label={kind === 'label' ? key : undefined}
              data-metadata={kind === 'metadata' ? key : undefined}
            >
              <TokenText text={`${key}=${value}`} />
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

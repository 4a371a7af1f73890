// The sentence under the span panel's Logs heading: how many lines are the span's, of how many Loki
// has for the trace, said plainly — "No log lines for this trace within ±5 min of this span" rather than
// "0 lines for this span (…), of 0 for the trace".
import { formatDuration } from '../../ui/format';

export interface SpanLogsCounts {
  /** Lines shown for the span. */
  span: number;
  /** Lines Loki returned for the trace (so far). */
  trace: number;
  /** The lines carry no span IDs: the span's were picked by its time. */
  matchedByTime: boolean;
  /** The Loki datasource's display name. */
  datasource: string;
  /** The window asked around the span, ms before its start and after its end. */
  beforeMs: number;
  afterMs: number;
  /** Loki stopped at its limit: there may be more. */
  limitReached: boolean;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `±5 min`, or `5 min before to 1 min after` when the two sides differ. */
export function windowText(beforeMs: number, afterMs: number): string {
  const before = formatDuration(beforeMs * 1e6);
  if (beforeMs === afterMs) return `±${before}`;
  return `${before} before to ${formatDuration(afterMs * 1e6)} after`;
}

export function spanLogsSummary(c: SpanLogsCounts): string {
  const where = `in ${c.datasource}`;
  if (c.trace === 0)
    return `No log lines for this trace ${where} within ${windowText(c.beforeMs, c.afterMs)} of this span.`;
  const limit = c.limitReached ? `; Loki's limit of ${c.trace} lines was reached` : '';
  const byTime = c.matchedByTime
    ? ' (the lines carry no span IDs, so they were matched by the span’s time)'
    : '';
  if (c.span === 0)
    return `None of the trace’s ${plural(c.trace, 'log line')} ${where} is from this span${byTime}${limit}.`;
  return `${plural(c.span, 'line')} for this span, of ${c.trace} for the trace ${where}${byTime}${limit}.`;
}

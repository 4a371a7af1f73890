// The figures of the summary line above search results.
import { nearestRank } from '../../analysis/percentile';
import type { TraceSummary } from '../../datasources/types';

export interface ResultSummary {
  count: number;
  avgMs?: number;
  p50Ms?: number;
  p95Ms?: number;
  /** Share (0–1) of traces with at least one error span, over the traces whose error count is known. */
  errorShare?: number;
  /** Average spans per trace, over the traces whose span count is known. */
  avgSpans?: number;
  /** Traces whose error count the backend did not send (left out of `errorShare`). */
  errorsUnknown: number;
  /** Traces whose span count the backend did not send (left out of `avgSpans`). */
  spansUnknown: number;
}

/** The app's percentile (nearest rank, `analysis/percentile.ts`), `p` in 0–100; undefined for no values. */
export function percentile(sortedAscending: readonly number[], p: number): number | undefined {
  return sortedAscending.length === 0 ? undefined : nearestRank(sortedAscending, p / 100);
}

export function summarizeResults(traces: readonly TraceSummary[]): ResultSummary {
  const count = traces.length;
  if (count === 0) return { count, errorsUnknown: 0, spansUnknown: 0 };
  const durations = traces.map((t) => t.durationMs).sort((a, b) => a - b);
  const withErrors = traces.filter((t) => t.errorCount !== undefined);
  const withSpans = traces.filter((t) => t.spanCount !== undefined);
  return {
    count,
    avgMs: durations.reduce((sum, d) => sum + d, 0) / count,
    p50Ms: percentile(durations, 50),
    p95Ms: percentile(durations, 95),
    errorShare:
      withErrors.length === 0
        ? undefined
        : withErrors.filter((t) => (t.errorCount ?? 0) > 0).length / withErrors.length,
    avgSpans:
      withSpans.length === 0
        ? undefined
        : withSpans.reduce((sum, t) => sum + (t.spanCount ?? 0), 0) / withSpans.length,
    errorsUnknown: count - withErrors.length,
    spansUnknown: count - withSpans.length,
  };
}

export interface SummaryPart {
  text: string;
  /** Says what a — or a partial figure means. */
  title?: string;
}

const percent = (share: number) => `${Math.round(share * 1000) / 10}%`;

/**
 * The error and span figures of the summary line: what is known, with how many traces are left out;
 * `—` when no trace says (decision 0176). Empty for no traces.
 */
export function factParts(summary: ResultSummary): SummaryPart[] {
  if (summary.count === 0) return [];
  const part = (figure: string | undefined, words: string, unknown: number, what: string): SummaryPart => {
    if (figure === undefined)
      return { text: `— ${words}`, title: `Unknown: the backend sent no ${what} for these traces` };
    if (unknown === 0) return { text: `${figure} ${words}` };
    return {
      text: `${figure} ${words} (${unknown} unknown)`,
      title: `Of the ${summary.count - unknown} traces whose ${what} the backend sent`,
    };
  };
  return [
    part(
      summary.errorShare === undefined ? undefined : percent(summary.errorShare),
      'with errors',
      summary.errorsUnknown,
      'error counts',
    ),
    part(summary.avgSpans?.toFixed(1), 'spans per trace', summary.spansUnknown, 'span counts'),
  ];
}

// The one start-up line that says what persistence replayed, skipped and set aside.

import type { ReplaySummary } from './persistence.ts';

export interface ReplayedCounts {
  traces: number;
  spans: number;
  /** Spans in intact records that the validator left out (written by an older version). */
  refusedSpans: number;
  logEntries: number;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

export function replayReport(
  dataDir: string,
  traces: ReplaySummary,
  logs: ReplaySummary,
  counts: ReplayedCounts,
): string {
  const parts = [
    `Embedded store: replayed ${plural(traces.records, 'trace record')} (${plural(counts.spans, 'span')} in ${plural(counts.traces, 'trace')}) and ${plural(logs.records, 'log record')} (${plural(counts.logEntries, 'entry', 'entries')}) from ${dataDir}`,
  ];
  const skipped = traces.skippedRecords + logs.skippedRecords;
  const torn = traces.tornBytes + logs.tornBytes;
  if (skipped > 0)
    parts.push(
      `skipped ${plural(skipped, 'damaged record')} (${plural(traces.skippedBytes + logs.skippedBytes, 'byte')})`,
    );
  if (torn > 0) parts.push(`cut ${plural(torn, 'torn byte')} off segment ends`);
  const files = [...traces.quarantineFiles, ...logs.quarantineFiles];
  if (files.length > 0)
    parts.push(
      `${plural(traces.quarantinedBytes + logs.quarantinedBytes, 'byte')} newly quarantined; unreadable bytes are kept in ${files.join(', ')}`,
    );
  if (counts.refusedSpans > 0) parts.push(`left out ${plural(counts.refusedSpans, 'span')} out of range`);
  const details = [...traces.details, ...logs.details];
  if (details.length > 0) parts.push(`first: ${details[0]}`);
  if (skipped === 0 && torn === 0 && counts.refusedSpans === 0) parts.push('nothing skipped');
  return parts.join('; ');
}

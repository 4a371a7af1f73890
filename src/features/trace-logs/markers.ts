// Where a trace's log lines sit in the waterfall: on the span whose ID the line carries, else (a line
// without a span ID) on the deepest span of the line's service that was running at the line's time.

import { extractIds, type IdPattern } from '../../correlate/extract-ids';
import type { LogLine } from '../../datasources/loki';
import { SpanFlag, type SpanTable } from '../../model/types';

export interface LogMarker {
  row: number;
  /** Nanoseconds from the trace start. */
  timeNs: number;
  lineId: string;
  spanId?: string;
}

export const SERVICE_LABELS = ['service_name', 'service', 'app', 'job'] as const;

function hex(hi: number, lo: number): string {
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
}

/** ns from the trace start of an absolute decimal-ns time (exact integer arithmetic, then a number). */
export function offsetNs(timeNs: string, traceStartUnixNano: string): number {
  return Number(BigInt(timeNs) - BigInt(traceStartUnixNano));
}

export function logMarkers(
  lines: readonly LogLine[],
  table: SpanTable,
  traceStartUnixNano: string,
  pattern?: IdPattern,
): LogMarker[] {
  // No lines (the usual case while Loki answers): skip indexing every span ID.
  if (lines.length === 0) return [];
  const rowBySpanId = new Map<string, number>();
  const rowsByService = new Map<string, number[]>();
  for (let row = 0; row < table.count; row++) {
    const id =
      table.flags[row] & SpanFlag.OddId
        ? (table.oddSpanIds.get(row) ?? '')
        : hex(table.spanIdHi[row], table.spanIdLo[row]);
    if (!rowBySpanId.has(id)) rowBySpanId.set(id, row);
    const service = table.strings[table.service[row]];
    let rows = rowsByService.get(service);
    if (!rows) rowsByService.set(service, (rows = []));
    rows.push(row);
  }
  const markers: LogMarker[] = [];
  for (const line of lines) {
    const timeNs = offsetNs(line.timeNs, traceStartUnixNano);
    const ids = extractIds(line, pattern);
    const byId = ids?.spanId !== undefined ? rowBySpanId.get(ids.spanId) : undefined;
    if (byId !== undefined) {
      markers.push({ row: byId, timeNs, lineId: line.id, spanId: ids?.spanId });
      continue;
    }
    const service = SERVICE_LABELS.map((key) => line.labels[key]).find((value) => value !== undefined);
    const candidates = service !== undefined ? rowsByService.get(service) : undefined;
    let best = -1;
    for (const row of candidates ?? []) {
      const start = table.start[row];
      if (timeNs < start || timeNs > start + table.duration[row]) continue;
      if (best < 0 || table.depth[row] > table.depth[best]) best = row;
    }
    if (best >= 0) markers.push({ row: best, timeNs, lineId: line.id });
  }
  return markers;
}

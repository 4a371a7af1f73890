// Sorting the results table.
import { serviceCount } from '../../datasources/summaries';
import type { TraceSummary } from '../../datasources/types';

export const SORT_KEYS = [
  'rootService',
  'rootName',
  'start',
  'duration',
  'spans',
  'services',
  'errors',
  'matched',
] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export interface SortOrder {
  key: SortKey;
  descending: boolean;
}
export const DEFAULT_SORT: SortOrder = { key: 'start', descending: true };

function value(trace: TraceSummary, key: SortKey): number | string {
  switch (key) {
    case 'rootService':
      return trace.rootService;
    case 'rootName':
      return trace.rootName;
    case 'start':
      return trace.startUnixMs;
    case 'duration':
      return trace.durationMs;
    case 'spans':
      return trace.spanCount ?? -1;
    case 'services':
      return serviceCount(trace) ?? -1;
    case 'errors':
      return trace.errorCount ?? -1;
    case 'matched':
      return trace.matchedCount ?? -1;
  }
}

/** A sorted copy; ties keep the backend's order. */
export function sortResults(traces: readonly TraceSummary[], order: SortOrder): TraceSummary[] {
  const sign = order.descending ? -1 : 1;
  return traces
    .map((trace, index) => ({ trace, index }))
    .sort((a, b) => {
      const va = value(a.trace, order.key);
      const vb = value(b.trace, order.key);
      const cmp =
        typeof va === 'string' && typeof vb === 'string' ? va.localeCompare(vb) : Number(va) - Number(vb);
      return cmp === 0 ? a.index - b.index : sign * cmp;
    })
    .map((entry) => entry.trace);
}

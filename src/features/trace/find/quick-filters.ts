// Quick filters (errors, critical path only, slow spans, service) combined with find into one
// match mask. `null` means "nothing asked": every row shows, nothing is highlighted.
import { SpanFlag, type SpanTable } from '../../../model/types.ts';
import type { TraceAnalyses } from '../../../worker/protocol.ts';

export interface QuickFilters {
  errors: boolean;
  criticalOnly: boolean;
  slow: boolean;
  /** String index of the service, or -1 for all. */
  service: number;
}

export const NO_QUICK_FILTERS: QuickFilters = {
  errors: false,
  criticalOnly: false,
  slow: false,
  service: -1,
};

export function hasQuickFilter(f: QuickFilters): boolean {
  return f.errors || f.criticalOnly || f.slow || f.service >= 0;
}

/**
 * Rows passing every active quick filter and, when given, matched by find (`findRows`) and by the
 * TraceQL filter (`filterRows`, from the worker).
 */
export function matchMask(
  table: SpanTable,
  analyses: TraceAnalyses,
  filters: QuickFilters,
  findRows: Uint32Array | null,
  filterRows: Uint32Array | null = null,
): Uint8Array | null {
  if (!hasQuickFilter(filters) && !findRows && !filterRows) return null;
  const n = table.count;
  const mask = new Uint8Array(n);
  if (findRows) for (let i = 0; i < findRows.length; i++) mask[findRows[i]] = 1;
  else mask.fill(1);
  if (filterRows) {
    const inFilter = new Uint8Array(n);
    for (let i = 0; i < filterRows.length; i++) inFilter[filterRows[i]] = 1;
    for (let row = 0; row < n; row++) mask[row] &= inFilter[row];
  }
  const p90 = analyses.p90DurationNs;
  for (let row = 0; row < n; row++) {
    if (!mask[row]) continue;
    if (filters.errors && !(table.flags[row] & SpanFlag.Error)) mask[row] = 0;
    else if (filters.criticalOnly && !(analyses.cpTime[row] > 0)) mask[row] = 0;
    else if (filters.slow && !(table.duration[row] > p90)) mask[row] = 0;
    else if (filters.service >= 0 && table.service[row] !== filters.service) mask[row] = 0;
  }
  return mask;
}

// Quick filters (errors, critical path only, slow spans, service) combined with find into one
// match mask. `null` means "nothing asked": every row shows, nothing is highlighted.
import { SpanFlag, type SpanTable } from '../../../model/types.ts';
import type { QuickFilterFlag, QuickFilterParams } from '../../../routes/trace-view-params.ts';
import type { TraceAnalyses } from '../../../worker/protocol.ts';

export interface QuickFilters {
  errors: boolean;
  criticalOnly: boolean;
  slow: boolean;
  /** String index of the service, or -1 for all. */
  service: number;
}

/** A service index no row has: the URL named a service this trace does not have. */
const UNKNOWN_SERVICE = 0x7fffffff;

export const NO_QUICK_FILTERS: QuickFilters = {
  errors: false,
  criticalOnly: false,
  slow: false,
  service: -1,
};

export function hasQuickFilter(f: QuickFilters): boolean {
  return f.errors || f.criticalOnly || f.slow || f.service >= 0;
}

/** The URL's quick filters (`qf`, `qfservice`) for this table; a service it does not have matches nothing. */
export function quickFiltersOf(table: SpanTable, params: QuickFilterParams): QuickFilters {
  const service = params.service === undefined ? -1 : table.strings.indexOf(params.service);
  return {
    errors: params.flags.includes('errors'),
    criticalOnly: params.flags.includes('critical'),
    slow: params.flags.includes('slow'),
    service: params.service !== undefined && service < 0 ? UNKNOWN_SERVICE : service,
  };
}

/** The URL form of `filters` (service by name: string indices differ between tables). */
export function quickFilterParamsOf(
  table: SpanTable,
  filters: QuickFilters,
  only: boolean,
): QuickFilterParams {
  const flags: QuickFilterFlag[] = [];
  if (filters.errors) flags.push('errors');
  if (filters.criticalOnly) flags.push('critical');
  if (filters.slow) flags.push('slow');
  const service = filters.service >= 0 ? table.strings[filters.service] : undefined;
  return { flags, service, only };
}

/** Only this service's spans, shown alone (the statistics view's "show in waterfall"). */
export function serviceOnly(service: string): QuickFilterParams {
  return { flags: [], service, only: true };
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

// The Statistics view's table model: sorting the worker's groups and the figures of the total row.
import type { GroupStatistics } from '../../../analysis/index.ts';
import type { StatsSortColumn } from '../../../routes/trace-url.ts';
import type { SortState } from './sort.ts';

export type StatsKey =
  | 'service'
  | 'operation'
  | 'count'
  | 'total'
  | 'selfTotal'
  | 'criticalPathTotal'
  | 'errors'
  | 'p50'
  | 'p95';

/** The URL's column names (`sort=-total`) and the group fields they sort by, both ways. */
export const STATS_KEY_OF_COLUMN: Readonly<Record<StatsSortColumn, StatsKey>> = {
  service: 'service',
  operation: 'operation',
  spans: 'count',
  total: 'total',
  self: 'selfTotal',
  'critical-path': 'criticalPathTotal',
  errors: 'errors',
  p50: 'p50',
  p95: 'p95',
};

export const COLUMN_OF_STATS_KEY: Readonly<Record<StatsKey, StatsSortColumn>> = Object.fromEntries(
  Object.entries(STATS_KEY_OF_COLUMN).map(([column, key]) => [key, column]),
) as Record<StatsKey, StatsSortColumn>;

export const TEXT_KEYS: ReadonlySet<StatsKey> = new Set(['service', 'operation']);

/** A sorted copy; ties fall back to service then operation so the order never depends on input order. */
export function sortGroups(groups: readonly GroupStatistics[], sort: SortState<StatsKey>): GroupStatistics[] {
  const sign = sort.descending ? -1 : 1;
  const byName = (a: GroupStatistics, b: GroupStatistics) =>
    compareText(a.service, b.service) || compareText(a.operation, b.operation);
  return [...groups].sort((a, b) => {
    const key = sort.key;
    const primary =
      key === 'service' || key === 'operation'
        ? compareText(a[key], b[key])
        : (a[key] as number) - (b[key] as number);
    return sign * primary || byName(a, b);
  });
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface StatsTotals {
  count: number;
  total: number;
  selfTotal: number;
  criticalPathTotal: number;
  errors: number;
}

/** Column sums over groups that partition the spans (per service, or per service + operation). */
export function totalsOf(groups: readonly GroupStatistics[]): StatsTotals {
  const sum: StatsTotals = { count: 0, total: 0, selfTotal: 0, criticalPathTotal: 0, errors: 0 };
  for (const g of groups) {
    sum.count += g.count;
    sum.total += g.total;
    sum.selfTotal += g.selfTotal;
    sum.criticalPathTotal += g.criticalPathTotal;
    sum.errors += g.errors;
  }
  return sum;
}

/** Share of a whole as a percentage text with one decimal ("12.5 %"); "–" for an empty whole. */
export function percent(part: number, whole: number): string {
  if (!(whole > 0)) return '–';
  return `${((part / whole) * 100).toFixed(1)} %`;
}

// The services table's rows from TraceQL metrics answers: one row per value of the grouping field
// (`resource.service.name`, or `name` for one service's operations). Rate and error share come from
// the range answers (sums of per-step rates are exact counts); the p50/p95/p99 from the instant
// answer over the whole window (per-step quantiles cannot be combined). Pure: no React, no fetch.
import type { MetricsPoint, MetricsSeriesSet, TraceqlMetricsSeries } from '../../datasources/tempo.ts';
import { attributeValueText } from '../../model/attribute-text.ts';
import type { ServiceSortKey } from '../../routes/services-url.ts';

/** The label a series without the grouping field carries (spans that lack it). */
export const NO_VALUE = '(none)';

export interface ServiceRow {
  /** The grouping field's value: a service name, or an operation's span name. */
  key: string;
  /** `key` is shown after a redaction rule masked it (decision 0332): it is never sent as a query. */
  masked?: true;
  /** Spans per second over the window. */
  rate: number;
  /** Failed spans per second over the window; undefined when the errors answer is missing. */
  errorRate?: number;
  /** errorRate / rate; 0 without spans, undefined without the errors answer. */
  errorShare?: number;
  /** Seconds; undefined when the backend gave no figure. */
  p50?: number;
  p95?: number;
  p99?: number;
  rateSeries: MetricsPoint[];
  errorShareSeries: MetricsPoint[];
  p95Series: MetricsPoint[];
}

export interface ServiceRowsInput {
  /** The field the queries group by, as the series label names it. */
  groupBy: string;
  /** `{ … } | rate() by (groupBy)` over the range. */
  rate: MetricsSeriesSet;
  /** `{ … && status = error } | rate() by (groupBy)` over the range. */
  errors?: MetricsSeriesSet;
  /** `quantile_over_time(duration, .5, .95, .99) by (groupBy)`, instant. */
  quantiles?: MetricsSeriesSet;
  /** The same over the range, for the p95 sparkline. */
  quantilesRange?: MetricsSeriesSet;
}

function labelText(series: TraceqlMetricsSeries, key: string): string | undefined {
  const label = series.labels.find((l) => l.key === key);
  return label ? attributeValueText(label.value) : undefined;
}

function quantileOf(series: TraceqlMetricsSeries): number | undefined {
  const label = series.labels.find((l) => l.key === 'p');
  if (!label) return undefined;
  const v = label.value;
  return v.type === 'double' ? v.value : v.type === 'int' ? Number(v.value) : undefined;
}

function byKey(set: MetricsSeriesSet | undefined, groupBy: string): Map<string, TraceqlMetricsSeries[]> {
  const out = new Map<string, TraceqlMetricsSeries[]>();
  for (const series of set?.series ?? []) {
    const key = labelText(series, groupBy) ?? NO_VALUE;
    const list = out.get(key);
    if (list) list.push(series);
    else out.set(key, [series]);
  }
  return out;
}

const mean = (points: MetricsPoint[]) =>
  points.length === 0 ? 0 : points.reduce((sum, [, v]) => sum + v, 0) / points.length;

/** Error share per step, on the rate's steps (a step without spans has share 0). */
function shareSeries(rate: MetricsPoint[], errors: MetricsPoint[]): MetricsPoint[] {
  const failed = new Map(errors);
  return rate.map(([ts, v]) => [ts, v > 0 ? Math.min(1, (failed.get(ts) ?? 0) / v) : 0]);
}

export function buildServiceRows(input: ServiceRowsInput): ServiceRow[] {
  const { groupBy } = input;
  const rates = byKey(input.rate, groupBy);
  const errors = byKey(input.errors, groupBy);
  const quantiles = byKey(input.quantiles, groupBy);
  const quantilesRange = byKey(input.quantilesRange, groupBy);
  const rows: ServiceRow[] = [];
  for (const [key, [series]] of rates) {
    const rateSeries = series.samples;
    const rate = mean(rateSeries);
    const row: ServiceRow = { key, rate, rateSeries, errorShareSeries: [], p95Series: [] };
    if (input.errors) {
      // A service with no failed span has no series in the errors answer: its rate is 0.
      const errorSamples = errors.get(key)?.[0]?.samples ?? [];
      // Both answers share the range's step grid, so the means divide like the counts would.
      const errorRate =
        rateSeries.length === 0 ? 0 : errorSamples.reduce((s, [, v]) => s + v, 0) / rateSeries.length;
      row.errorRate = errorRate;
      row.errorShare = rate > 0 ? Math.min(1, errorRate / rate) : 0;
      row.errorShareSeries = shareSeries(rateSeries, errorSamples);
    }
    for (const q of quantiles.get(key) ?? []) {
      const p = quantileOf(q);
      const value = q.samples.at(-1)?.[1];
      if (value === undefined) continue;
      if (p === 0.5) row.p50 = value;
      else if (p === 0.95) row.p95 = value;
      else if (p === 0.99) row.p99 = value;
    }
    row.p95Series = (quantilesRange.get(key) ?? []).find((q) => quantileOf(q) === 0.95)?.samples ?? [];
    rows.push(row);
  }
  return rows;
}

const FIGURE: Record<Exclude<ServiceSortKey, 'name'>, (row: ServiceRow) => number> = {
  errors: (r) => r.errorShare ?? -1,
  rate: (r) => r.rate,
  p50: (r) => r.p50 ?? -1,
  p95: (r) => r.p95 ?? -1,
  p99: (r) => r.p99 ?? -1,
};

/**
 * Sorted for the table, smallest first when `ascending`. Ties go by error rate (for the error
 * share: a busy failing service before a quiet one with the same share), then rate, then name.
 */
export function sortServiceRows(
  rows: readonly ServiceRow[],
  key: ServiceSortKey,
  ascending: boolean,
): ServiceRow[] {
  const direction = ascending ? 1 : -1;
  const byName = (a: ServiceRow, b: ServiceRow) => a.key.localeCompare(b.key);
  if (key === 'name') return [...rows].sort((a, b) => direction * byName(a, b));
  const figure = FIGURE[key];
  return [...rows].sort(
    (a, b) =>
      direction * (figure(a) - figure(b)) ||
      (key === 'errors' ? direction * ((a.errorRate ?? 0) - (b.errorRate ?? 0)) : 0) ||
      direction * (a.rate - b.rate) ||
      byName(a, b),
  );
}

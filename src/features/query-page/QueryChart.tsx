// A query page's chart of the series a query returned (a LogQL metric query, a PromQL range query):
// each series named by its labels (an aggregated one by the query), with id `s<index>` (exemplars refer to series by that id).
import type { ReactNode } from 'react';
import { formatLabels } from '../../ui/charts/format';
import {
  type ChartPoint,
  type ChartSeries,
  TimeSeriesChart,
  type TimeSeriesChartProps,
} from '../../ui/charts/TimeSeriesChart';

export interface LabelledSeries {
  labels: Readonly<Record<string, string>>;
  points: readonly ChartPoint[];
}

/** The id the chart gives the `index`th series. */
export const seriesId = (index: number): string => `s${index}`;

/** What an aggregated series (no labels: `sum(rate(…))`) is called when nothing else names it. */
export const ALL_SERIES = 'all series';

/**
 * A series' name: its labels, or for a series without any (an aggregation over everything, which
 * Prometheus returns as `{}`) the given name, such as the query.
 */
export function seriesLabel(
  labels: Readonly<Record<string, string>>,
  unlabelled: string = ALL_SERIES,
): string {
  return Object.keys(labels).length === 0 ? unlabelled || ALL_SERIES : formatLabels(labels);
}

export function chartSeries(series: readonly LabelledSeries[], unlabelled?: string): ChartSeries[] {
  return series.map((s, index) => ({
    id: seriesId(index),
    label: seriesLabel(s.labels, unlabelled),
    points: s.points,
  }));
}

export function QueryChart(
  props: Omit<TimeSeriesChartProps, 'series'> & {
    series: readonly LabelledSeries[];
    /** The name of a series without labels (the query); absent: "all series". */
    unlabelled?: string;
    children?: ReactNode;
  },
) {
  const { series, children, unlabelled, ...chart } = props;
  return (
    <section aria-label="Chart" className="rounded-lg border border-slate-200 p-3 dark:border-slate-700">
      <TimeSeriesChart {...chart} series={chartSeries(series, unlabelled)} />
      {children}
    </section>
  );
}

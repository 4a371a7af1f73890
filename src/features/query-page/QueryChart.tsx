// A query page's chart of the series a query returned (a LogQL metric query, a PromQL range query):
// each series named by its labels, with id `s<index>` (exemplars refer to series by that id).
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

export function chartSeries(series: readonly LabelledSeries[]): ChartSeries[] {
  return series.map((s, index) => ({ id: seriesId(index), label: formatLabels(s.labels), points: s.points }));
}

export function QueryChart(
  props: Omit<TimeSeriesChartProps, 'series'> & { series: readonly LabelledSeries[]; children?: ReactNode },
) {
  const { series, children, ...chart } = props;
  return (
    <section aria-label="Chart" className="rounded-lg border border-slate-200 p-3 dark:border-slate-700">
      <TimeSeriesChart {...chart} series={chartSeries(series)} />
      {children}
    </section>
  );
}

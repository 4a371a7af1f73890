// Exemplars → traces: which label holds the trace (and span) ID, left-padded because Tempo's metrics
// generator writes `traceID` without leading zeros; and which plotted series an exemplar belongs to,
// matched by labels (a plotted series of an aggregation carries a subset of the exemplar's series labels).
import type { ExemplarSeries, Labels, MetricSeries } from '../../datasources/prometheus';
import type { ChartExemplar } from '../../ui/charts/TimeSeriesChart';
import { normalizeSpanHex, normalizeTraceHex } from './extract-ids';
import { DEFAULT_EXEMPLAR_SPAN_ID_LABELS, DEFAULT_EXEMPLAR_TRACE_ID_LABELS } from './targets';

export interface ExemplarTrace {
  traceId: string;
  spanId?: string;
}

export function exemplarTrace(
  labels: Readonly<Labels>,
  traceIdLabels: readonly string[] = DEFAULT_EXEMPLAR_TRACE_ID_LABELS,
  spanIdLabels: readonly string[] = DEFAULT_EXEMPLAR_SPAN_ID_LABELS,
): ExemplarTrace | undefined {
  for (const name of traceIdLabels) {
    const traceId = normalizeTraceHex(labels[name]);
    if (!traceId) continue;
    for (const spanName of spanIdLabels) {
      const spanId = normalizeSpanHex(labels[spanName]);
      if (spanId) return { traceId, spanId };
    }
    return { traceId };
  }
  return undefined;
}

/** Index of the plotted series whose labels all appear in `seriesLabels` (the most specific one). */
export function matchPlottedSeries(plotted: readonly MetricSeries[], seriesLabels: Readonly<Labels>): number {
  let best = -1;
  let bestSize = -1;
  plotted.forEach((series, index) => {
    const entries = Object.entries(series.labels).filter(
      ([key]) => key !== '__name__' || '__name__' in seriesLabels,
    );
    if (!entries.every(([key, value]) => seriesLabels[key] === value)) return;
    if (entries.length > bestSize) {
      best = index;
      bestSize = entries.length;
    }
  });
  return best;
}

export interface PlacedExemplar extends ChartExemplar {
  trace?: ExemplarTrace;
}

/** Exemplars as chart dots, each tied to its plotted series (by `seriesId(index)`) and its trace. */
export function placeExemplars(
  plotted: readonly MetricSeries[],
  exemplarSeries: readonly ExemplarSeries[],
  seriesId: (index: number) => string,
  traceIdLabels?: readonly string[],
  spanIdLabels?: readonly string[],
): PlacedExemplar[] {
  const placed: PlacedExemplar[] = [];
  exemplarSeries.forEach((group, groupIndex) => {
    const match = matchPlottedSeries(plotted, group.seriesLabels);
    group.exemplars.forEach((exemplar, index) => {
      const trace = exemplarTrace(exemplar.labels, traceIdLabels, spanIdLabels);
      placed.push({
        id: `${groupIndex}:${index}`,
        seriesId: match >= 0 ? seriesId(match) : undefined,
        t: exemplar.t,
        v: exemplar.value,
        labels: { ...group.seriesLabels, ...exemplar.labels },
        title: trace ? `trace ${trace.traceId}` : 'no trace ID',
        ...(trace ? { trace } : {}),
      });
    });
  });
  return placed;
}

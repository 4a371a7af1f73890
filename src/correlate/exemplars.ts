// Exemplars → traces: which label holds the trace (and span) ID, left-padded because Tempo's metrics
// generator writes `traceID` without leading zeros; and which plotted series an exemplar belongs to,
// matched by labels (a plotted series of an aggregation carries a subset of the exemplar's series labels).
// The shapes are declared here, structurally, so that the Prometheus client's series and the chart's
// exemplar dots fit them without correlate importing either layer.
import { normalizeSpanHex, normalizeTraceHex } from './extract-ids';
import { DEFAULT_EXEMPLAR_SPAN_ID_LABELS, DEFAULT_EXEMPLAR_TRACE_ID_LABELS } from './targets';

export type Labels = Readonly<Record<string, string>>;

/** A plotted series: only its labels matter here (the Prometheus client's `MetricSeries` fits). */
export interface LabelledSeries {
  labels: Labels;
}

/** Exemplars of one series, as the Prometheus client's `ExemplarSeries` carries them. */
export interface ExemplarGroup {
  seriesLabels: Labels;
  exemplars: ReadonlyArray<{ labels: Labels; value: number; t: number }>;
}

export interface ExemplarTrace {
  traceId: string;
  spanId?: string;
}

export function exemplarTrace(
  labels: Labels,
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
export function matchPlottedSeries<S extends LabelledSeries>(
  plotted: readonly S[],
  seriesLabels: Labels,
): number {
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

/** An exemplar as a chart dot (the time-series chart's `ChartExemplar` shape) with its trace. */
export interface PlacedExemplar {
  id: string;
  /** The plotted series it belongs to; undefined when none matched. */
  seriesId?: string;
  t: number;
  v: number;
  labels: Labels;
  title: string;
  trace?: ExemplarTrace;
}

/** Exemplars as chart dots, each tied to its plotted series (by `seriesId(index)`) and its trace. */
export function placeExemplars(
  plotted: readonly LabelledSeries[],
  exemplarSeries: readonly ExemplarGroup[],
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

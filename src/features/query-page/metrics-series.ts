// A TraceQL metrics answer as the charts draw it: one labelled series per answer series, and its
// exemplars as dots that know their trace (the search page's chart and the span panel's fallback).
import type { MetricsSeriesSet } from '../../datasources/tempo';
import { attributeValueText } from '../../model/attribute-text';
import type { ChartExemplar } from '../../ui/charts/TimeSeriesChart';
import { type LabelledSeries, seriesId } from './QueryChart';

export interface MetricsExemplarDot extends ChartExemplar {
  traceId: string;
  spanId?: string;
}

export function chartOf(set: MetricsSeriesSet): {
  series: LabelledSeries[];
  exemplars: MetricsExemplarDot[];
} {
  const series: LabelledSeries[] = [];
  const exemplars: MetricsExemplarDot[] = [];
  set.series.forEach((s, index) => {
    const labels: Record<string, string> = {};
    for (const label of s.labels) labels[label.key] = attributeValueText(label.value);
    series.push({ labels, points: s.samples.map(([t, v]) => ({ t, v })) });
    s.exemplars.forEach((e, n) => {
      const exemplarLabels: Record<string, string> = { 'trace:id': e.traceId };
      if (e.spanId) exemplarLabels['span:id'] = e.spanId;
      for (const label of e.labels) exemplarLabels[label.key] = attributeValueText(label.value);
      exemplars.push({
        id: `${index}-${n}`,
        seriesId: seriesId(index),
        t: e.tsMs,
        v: e.value,
        labels: exemplarLabels,
        title: `trace ${e.traceId.slice(0, 8)}…`,
        traceId: e.traceId,
        spanId: e.spanId,
      });
    });
  });
  return { series, exemplars };
}

/** The step the backend used, read off the first series with two samples (a 10 s default, say). */
export function answeredStepMs(set: MetricsSeriesSet): number | undefined {
  for (const s of set.series) if (s.samples.length >= 2) return s.samples[1][0] - s.samples[0][0];
  return undefined;
}

// A TraceQL metrics query's answer on the search page: one line per series named by its `by()`
// labels, values at the pointer, exemplars as dots that open their trace, and the step control.
import { useId, useMemo } from 'react';
import type { MetricsSeriesSet } from '../../datasources/tempo';
import { attributeValueText } from '../../model/attribute-text';
import type { TraceqlMetricsOutcome } from '../../queries/traceql-metrics';
import type { ChartUnit } from '../../ui/charts/format';
import type { ChartExemplar } from '../../ui/charts/TimeSeriesChart';
import { formatDuration } from '../../ui/format';
import { Notice } from '../../ui/Notice';
import { Select } from '../../ui/Select';
import { type LabelledSeries, QueryChart, seriesId } from '../query-page';

/** The steps offered; a step from a link that is not one of them is offered too. */
export const METRICS_STEPS = ['15s', '30s', '1m', '5m', '15m', '30m', '1h'] as const;

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

export interface MetricsResultsProps {
  q: string;
  outcome: TraceqlMetricsOutcome | undefined;
  /** The earlier answer is on screen while a new one runs or after it failed. */
  stale: boolean;
  unit: ChartUnit;
  step: string | undefined;
  onStep(step: string | undefined): void;
  onOpen(dot: MetricsExemplarDot): void;
}

export function MetricsResults({ q, outcome, stale, unit, step, onStep, onOpen }: MetricsResultsProps) {
  const stepId = useId();
  const chart = useMemo(() => (outcome ? chartOf(outcome.set) : undefined), [outcome]);
  const usedMs = outcome ? answeredStepMs(outcome.set) : undefined;
  const steps: readonly string[] =
    step && !(METRICS_STEPS as readonly string[]).includes(step) ? [step, ...METRICS_STEPS] : METRICS_STEPS;

  return (
    <section aria-label="Metrics" className="flex flex-col gap-2" aria-busy={stale || undefined}>
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <label htmlFor={stepId} className="font-medium">
          Step
        </label>
        <Select id={stepId} value={step ?? ''} onChange={(e) => onStep(e.target.value || undefined)}>
          <option value="">
            {step === undefined && usedMs !== undefined
              ? `Auto (${formatDuration(usedMs * 1e6)})`
              : "Auto (the backend's)"}
          </option>
          {steps.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </Select>
        {chart && (
          <p className="text-slate-700 dark:text-slate-300" data-testid="metrics-summary">
            {chart.series.length} series
            {chart.exemplars.length > 0
              ? ` · ${chart.exemplars.length} exemplar${chart.exemplars.length === 1 ? '' : 's'}: click a dot to open its trace`
              : ''}
          </p>
        )}
      </div>
      {outcome && chart && chart.series.length === 0 && (
        <Notice tone="info">No spans matched in this range: there are no series to draw.</Notice>
      )}
      {outcome && chart && chart.series.length > 0 && (
        <div className={stale ? 'opacity-60' : undefined}>
          <QueryChart
            label={`TraceQL metrics: ${q}`}
            series={chart.series}
            unlabelled={q}
            exemplars={chart.exemplars}
            fromMs={outcome.fromMs}
            toMs={outcome.toMs}
            unit={unit}
            height={320}
            onExemplarClick={(e) => onOpen(e as MetricsExemplarDot)}
          />
        </div>
      )}
    </section>
  );
}

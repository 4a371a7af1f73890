// A TraceQL metrics query's answer on the search page: one line per series named by its `by()`
// labels, values at the pointer, exemplars as dots that open their trace, and the step control.
import { useId, useMemo } from 'react';
import type { TraceqlMetricsOutcome } from '../../queries/traceql-metrics';
import type { ChartUnit } from '../../ui/charts/format';
import { formatDuration } from '../../ui/format';
import { Notice } from '../../ui/Notice';
import { Select } from '../../ui/Select';
import { answeredStepMs, chartOf, type MetricsExemplarDot, QueryChart } from '../query-page';

/** The steps offered; a step from a link that is not one of them is offered too. */
export const METRICS_STEPS = ['15s', '30s', '1m', '5m', '15m', '30m', '1h'] as const;

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

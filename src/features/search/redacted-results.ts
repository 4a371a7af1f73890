// Search results as the redaction rules let them be shown (decision 0318): a remote backend's root
// span names, service names and matched spans' names and attributes, the same rules the worker
// applies to a trace it decodes. The embedded backend's results were redacted at ingest; the rules
// leave redacted values as they are, so they pass through unchanged.
import type { TraceSummary } from '../../datasources/types';
import type { TraceSearchOutcome } from '../../queries/search';
import type { TraceqlMetricsOutcome } from '../../queries/traceql-metrics';
import { MASK } from '../../redact/defaults';
import { redactModelAttributes } from '../../redact/details';
import { redactSeriesLabels } from '../../redact/labels';
import type { Redactor } from '../../redact/rules';

function service(redactor: Redactor, name: string): string {
  const verdict = name === '' ? undefined : redactor.judge('service.name', name);
  return verdict === undefined ? name : verdict.drop ? MASK : verdict.value;
}

const text = (redactor: Redactor, value: string) => (value === '' ? value : (redactor.text(value) ?? value));

function redactSummary(redactor: Redactor, trace: TraceSummary): TraceSummary {
  return {
    ...trace,
    rootService: service(redactor, trace.rootService),
    rootName: text(redactor, trace.rootName),
    services: trace.services?.map((s) => ({ ...s, name: service(redactor, s.name) })),
    matchedSpans: trace.matchedSpans?.map((m) => ({
      ...m,
      name: m.name === undefined ? undefined : text(redactor, m.name),
      attributes: redactModelAttributes(redactor, m.attributes),
    })),
  };
}

export function redactSearchOutcome(redactor: Redactor, outcome: TraceSearchOutcome): TraceSearchOutcome {
  if (redactor.empty) return outcome;
  return {
    ...outcome,
    result: { ...outcome.result, traces: outcome.result.traces.map((t) => redactSummary(redactor, t)) },
  };
}

/**
 * A TraceQL metrics answer with its series and exemplar labels after the rules (decision 0332): the
 * search page's chart, the span panel's metrics. The same outcome when no label changed.
 */
export function redactMetricsOutcome(
  redactor: Redactor,
  outcome: TraceqlMetricsOutcome,
): TraceqlMetricsOutcome {
  const series = redactSeriesLabels(redactor, outcome.set.series);
  if (series.every((s, i) => s === outcome.set.series[i])) return outcome;
  return { ...outcome, set: { ...outcome.set, series } };
}

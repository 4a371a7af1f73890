// How a loaded trace was sampled, worked out in the worker (decision 0333) so the main thread never
// walks span details: the roots' `tracestate` (`ot=th:`, or Jaeger's `w3c.tracestate` tag) and
// `sampler.type`/`sampler.param` tags decide the method (src/analysis/sampling.ts); the table's
// flag column counts the spans whose W3C `sampled` bit was clear and those with Zipkin's debug flag.
import { type SamplingMethod, thresholdHex, traceSampling } from '../analysis/sampling.ts';
import { attributeValueText } from '../model/attribute-text.ts';
import { SpanFlag, type Trace } from '../model/types.ts';

export interface TraceSamplingSummary {
  method: SamplingMethod;
  /** The `th` hex the method was read from (tracestate only). */
  threshold?: string;
  /** Spans whose trace flags were sent with the `sampled` bit clear. */
  notSampledSpans: number;
  /** Spans with Zipkin's `debug: true`. */
  debugSpans: number;
}

/** Roots read for their tracestate and sampler tags: the decision is made at the root. */
const MAX_ROOTS_READ = 16;

export function samplingSummary(trace: Trace): TraceSamplingSummary {
  const { table, details } = trace;
  let notSampledSpans = 0;
  let debugSpans = 0;
  for (let row = 0; row < table.count; row++) {
    const f = table.flags[row];
    if (f & SpanFlag.NotSampled) notSampledSpans++;
    if (f & SpanFlag.Debug) debugSpans++;
  }
  const evidence = [];
  let threshold: string | undefined;
  const roots = trace.roots.length > MAX_ROOTS_READ ? trace.roots.subarray(0, MAX_ROOTS_READ) : trace.roots;
  for (const root of roots) {
    const text = (key: string) => {
      const v = details.attribute(root, 'span', key);
      return v === undefined ? undefined : attributeValueText(v);
    };
    const traceState = details.get(root).traceState || text('w3c.tracestate') || '';
    threshold ??= thresholdHex(traceState);
    const tags: Record<string, string> = {};
    const type = text('sampler.type');
    const param = text('sampler.param');
    if (type !== undefined) tags['sampler.type'] = type;
    if (param !== undefined) tags['sampler.param'] = param;
    evidence.push({ traceState, tags, debug: (table.flags[root] & SpanFlag.Debug) !== 0 });
  }
  const method = traceSampling(evidence);
  const summary: TraceSamplingSummary = { method, notSampledSpans, debugSpans };
  if (method.kind === 'probability' && method.source === 'tracestate' && threshold !== undefined)
    summary.threshold = threshold;
  return summary;
}

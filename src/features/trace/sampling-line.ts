// The header's sampling badges (issue 22, decision 0333): how the trace was sampled when its spans
// say so, from the worker's summary (src/worker/sampling-summary.ts); nothing when they cannot tell.
import { formatCount, formatEstimate, formatProbability } from '../../ui/format.ts';
import type { TraceSamplingSummary } from '../../worker/sampling-summary.ts';

export interface SamplingBadge {
  key: 'sampling' | 'not-sampled';
  text: string;
  title: string;
}

export function samplingBadges(summary: TraceSamplingSummary): SamplingBadge[] {
  const out: SamplingBadge[] = [];
  const m = summary.method;
  if (m.kind === 'probability' && m.source === 'tracestate') {
    const th = summary.threshold === undefined ? '' : ` (th=${summary.threshold})`;
    const each =
      m.adjustedCount === undefined ? '' : `, each span stands for ${formatEstimate(m.adjustedCount)}`;
    out.push({
      key: 'sampling',
      text: `Sampled at ${formatProbability(m.probability)}${th}${each}`,
      title:
        'OpenTelemetry probability sampling: the root span’s tracestate carries the rejection threshold th, so the probability is 1 − th/2⁵⁶ and each kept span stands for 1/probability spans',
    });
  } else if (m.kind === 'probability') {
    const each =
      m.adjustedCount === undefined ? '' : `, each trace stands for ${formatEstimate(m.adjustedCount)}`;
    out.push({
      key: 'sampling',
      text: `Jaeger probabilistic ${m.probability} (${formatProbability(m.probability)})${each}`,
      title: 'The root span’s sampler.type and sampler.param tags, written by the Jaeger SDK that decided',
    });
  } else if (m.kind === 'rate-limited') {
    out.push({
      key: 'sampling',
      text: `Jaeger rate-limiting, at most ${m.tracesPerSecond} traces per second`,
      title:
        'The root span’s sampler.type=ratelimiting and sampler.param tags: counts of these traces are not proportional to traffic',
    });
  } else if (m.kind === 'always' && m.source === 'jaeger-const') {
    out.push({
      key: 'sampling',
      text: 'Jaeger const sampler: every trace kept',
      title: 'The root span’s sampler.type=const with a non-zero sampler.param',
    });
  } else if ((m.kind === 'always' && m.source === 'zipkin-debug') || summary.debugSpans > 0) {
    out.push({
      key: 'sampling',
      text: 'Zipkin debug: sampling forced',
      title: `${formatCount(summary.debugSpans)} spans carry Zipkin’s debug flag, which keeps the trace whatever the sampler says`,
    });
  }
  if (summary.notSampledSpans > 0)
    out.push({
      key: 'not-sampled',
      text: `Sampled flag off on ${formatCount(summary.notSampledSpans)} ${summary.notSampledSpans === 1 ? 'span' : 'spans'}`,
      title:
        'These spans were sent with the W3C sampled trace flag clear: recorded though their trace was not sampled, so other services probably dropped theirs',
    });
  return out;
}

// The search page's sampled-count line (issue 22, decision 0337): beside the count of sampled
// traces, the estimate of the real count when every listed trace says its sampling probability
// (`estimateCount`, decision 0314), otherwise that the counts are of sampled traces only.
import { estimateCount } from '../../analysis/sampling';
import { formatCount, formatEstimate, formatProbability } from '../../ui/format';

export interface SampledCountLine {
  text: string;
  /** True when the line carries an estimate. */
  estimated: boolean;
}

export const SAMPLED_ONLY = 'Counts are of sampled traces only';

/**
 * `probabilities`: each listed trace's root sampling probability, undefined when unknown;
 * `limitReached`: more traces may match than are listed.
 */
export function sampledCountLine(
  probabilities: readonly (number | undefined)[],
  limitReached: boolean,
): SampledCountLine | undefined {
  if (probabilities.length === 0) return undefined;
  const { kept, estimated } = estimateCount(probabilities);
  const known = probabilities.filter((p) => p !== undefined);
  if (estimated === undefined) {
    const some =
      known.length > 0
        ? `: ${formatCount(known.length)} of ${formatCount(kept)} traces say how they were sampled`
        : ': the traces do not say how they were sampled';
    return { text: `${SAMPLED_ONLY}${some}`, estimated: false };
  }
  const low = Math.min(...known);
  const high = Math.max(...known);
  const rate =
    formatProbability(low) === formatProbability(high)
      ? formatProbability(low)
      : `${formatProbability(low)}–${formatProbability(high)}`;
  const listed = limitReached ? ' (of the traces listed)' : '';
  return {
    text: `${formatEstimate(estimated)} requests; ${formatCount(kept)} kept at ${rate}${listed}`,
    estimated: true,
  };
}

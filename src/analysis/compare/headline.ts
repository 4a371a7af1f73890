// The compare headline as data (decision 0241): how much longer (or shorter) B's critical path is, the node whose
// critical-path time changed most in that direction with its self-time change, and the node whose
// dark time changed most in that direction. Sentences are written by features/compare (0153).
import type { TraceDiff } from './merge-tree.ts';

export interface HeadlineNode {
  node: number;
  service: string;
  name: string;
}

export interface CompareHeadline {
  /**
   * Critical path lengths (the root's duration, 0006), ns, and B − A: what the caller waited. Not the
   * trace durations, which include work after the answer (an async consumer) and would make the
   * difference disagree with the critical-path figures that explain it.
   */
  durationA: number;
  durationB: number;
  difference: number;
  /** The node whose own critical-path time moved most with `difference`, with that change and its self-time change. */
  criticalPath?: HeadlineNode & { criticalDiff: number; selfDiff: number };
  /** The node whose dark time moved most with `difference`, and that change. */
  darkTime?: HeadlineNode & { darkDiff: number };
}

/** The node whose `values` is largest in the direction of `sign`, or -1 when none moved that way. */
function mostInDirection(values: Float64Array, sign: number): number {
  let best = -1;
  let bestValue = 0;
  for (let node = 0; node < values.length; node++) {
    const moved = values[node] * sign;
    if (moved > bestValue) {
      best = node;
      bestValue = moved;
    }
  }
  return best;
}

function nodeNamed(diff: TraceDiff, node: number): HeadlineNode {
  return { node, service: diff.strings[diff.service[node]], name: diff.strings[diff.name[node]] };
}

export function compareHeadline(diff: TraceDiff): CompareHeadline {
  const difference = diff.criticalPathB - diff.criticalPathA;
  const headline: CompareHeadline = {
    durationA: diff.criticalPathA,
    durationB: diff.criticalPathB,
    difference,
  };
  const sign = Math.sign(difference);
  if (sign === 0) return headline;
  const onPath = mostInDirection(diff.criticalDiff, sign);
  if (onPath >= 0)
    headline.criticalPath = {
      ...nodeNamed(diff, onPath),
      criticalDiff: diff.criticalDiff[onPath],
      selfDiff: diff.selfDiff[onPath],
    };
  const dark = mostInDirection(diff.darkDiff, sign);
  if (dark >= 0) headline.darkTime = { ...nodeNamed(diff, dark), darkDiff: diff.darkDiff[dark] };
  return headline;
}

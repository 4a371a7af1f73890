// Marks on a bar (critical-path segments, dark gaps) merged into one per pixel run: a lane with
// 25,000 children has 25,000 sub-pixel gaps, and drawing each at a minimum width paints the whole
// bar black. A run joins intervals closer than a pixel and keeps how much of it they really cover.

export interface Run {
  from: number;
  to: number;
  /** ns the merged intervals cover inside the run (≤ to - from). */
  covered: number;
}

/**
 * Merges the intervals `[from[i], to[i])` for i = index(k), k in [start, end) — given in time order —
 * into runs whose members are less than `gapNs` apart.
 */
export function mergeIntoRuns(
  start: number,
  end: number,
  index: (k: number) => number,
  from: ArrayLike<number>,
  to: ArrayLike<number>,
  gapNs: number,
): Run[] {
  const runs: Run[] = [];
  let current: Run | null = null;
  for (let k = start; k < end; k++) {
    const i = index(k);
    const f = from[i];
    const t = to[i];
    if (!(t > f)) continue;
    if (current && f - current.to < gapNs) {
      if (t > current.to) current.to = t;
      current.covered += t - f;
    } else {
      current = { from: f, to: t, covered: t - f };
      runs.push(current);
    }
  }
  return runs;
}

/** How dark to draw a run: solid when its intervals fill it, fainter when they are a sprinkle. */
export function runOpacity(run: Run): number {
  const extent = run.to - run.from;
  if (!(extent > 0)) return 1;
  return Math.max(0.3, Math.min(1, run.covered / extent));
}

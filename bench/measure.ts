// Timing helpers shared by the Node benches.

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Median and best of `runs` timed runs after one warm-up (the best shows the cost when the shared machine is busy). */
export function time(runs: number, work: () => void): { median: number; best: number } {
  work();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const begin = performance.now();
    work();
    samples.push(performance.now() - begin);
  }
  return { median: median(samples), best: Math.min(...samples) };
}

/** "median (best)" in ms, right-aligned to `width`, for a Markdown table cell. */
export function timeCell(runs: number, work: () => void, width: number): string {
  const t = time(runs, work);
  return `${t.median.toFixed(1)} (${t.best.toFixed(1)})`.padStart(width);
}

// The scatter plot's duration axis: log when the durations span more than two orders of magnitude
// (a few 5 ms traces and a 60 s batch job would otherwise squash everything onto the time axis),
// linear otherwise. The user's own choice wins.

/** Log by default above this ratio of the longest to the shortest (positive) duration. */
export const LOG_SCALE_RATIO = 100;

export function wantsLogScale(durationsMs: readonly number[]): boolean {
  let min = Number.POSITIVE_INFINITY;
  let max = 0;
  for (const d of durationsMs) {
    if (!(d > 0) || !Number.isFinite(d)) continue;
    if (d < min) min = d;
    if (d > max) max = d;
  }
  return max > 0 && max / min > LOG_SCALE_RATIO;
}

/** Pixels kept free above and below the dots so the largest dot never crosses the axes. */
export const DOT_PADDING_PX = 12;

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Durations (ms) a responder reads at a glance, finest ladder first. */
const DURATION_LADDERS: readonly (readonly number[])[] = [
  [
    ...[0.001, 0.01, 0.1, 1, 10, 100].flatMap((d) => [d, 2 * d, 5 * d]),
    ...[1, 2, 5, 10, 20, 30].map((s) => s * SECOND),
    ...[1, 2, 5, 10, 20, 30].map((m) => m * MINUTE),
    ...[1, 2, 6, 12, 24].map((h) => h * HOUR),
  ],
  [
    ...[0.001, 0.01, 0.1, 1, 10, 100].flatMap((d) => [d, 3 * d]),
    // No 30 s: it would sit a factor 2 under 1 m, labels touching.
    ...[1, 3, 10].map((s) => s * SECOND),
    ...[1, 3, 10, 30].map((m) => m * MINUTE),
    ...[1, 3, 10, 24].map((h) => h * HOUR),
  ],
  [0.001, 0.01, 0.1, 1, 10, 100, SECOND, 10 * SECOND, MINUTE, 10 * MINUTE, HOUR, 10 * HOUR],
];

/**
 * Tick values for a log duration axis over [lo, hi] ms: the finest ladder of round durations that
 * fits in `maxTicks` (a log axis otherwise labels every 2…9 of each decade, one over the other).
 */
export function logDurationTicks(lo: number, hi: number, maxTicks: number): number[] {
  let coarsest: number[] = [];
  for (const ladder of DURATION_LADDERS) {
    coarsest = ladder.filter((d) => d >= lo && d <= hi);
    if (coarsest.length <= maxTicks) return coarsest;
  }
  const step = Math.ceil(coarsest.length / Math.max(1, maxTicks));
  return coarsest.filter((_, i) => i % step === 0);
}

const pad2 = (n: number) => String(n).padStart(2, '0');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Time-axis labels in 24-hour local time (`00:05`, `13:20:30`), the date at midnight (`Nov 22`). */
export function timeTickLabel(date: Date): string {
  const h = date.getHours();
  const m = date.getMinutes();
  const s = date.getSeconds();
  if (h === 0 && m === 0 && s === 0 && date.getMilliseconds() === 0)
    return `${MONTHS[date.getMonth()]} ${date.getDate()}`;
  return s === 0 ? `${pad2(h)}:${pad2(m)}` : `${pad2(h)}:${pad2(m)}:${pad2(s)}`;
}

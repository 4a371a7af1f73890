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

/** The fitted time axis leaves this share of the results' spread free on each side. */
export const FIT_PADDING_SHARE = 0.05;
/** The fitted time axis never spans less than this (a single trace still gets readable ticks). */
export const MIN_FIT_SPAN_MS = 10_000;
/** Fitting is offered when it would show at most this share of the searched range. */
export const FIT_WORTH_SHARE = 0.8;

export type TimeDomain = readonly [number, number];

/** The searched range, widened to any result that starts outside it. */
export function fullTimeDomain(startsMs: readonly number[], fromMs: number, toMs: number): TimeDomain {
  let lo = fromMs;
  let hi = toMs;
  for (const start of startsMs) {
    if (start < lo) lo = start;
    if (start > hi) hi = start;
  }
  return [lo, hi];
}

/**
 * The time axis fitted to the results' start times (decision 0177): their spread plus padding, at least
 * MIN_FIT_SPAN_MS, shifted to stay inside `full` (a result at the end of the range sits at the edge
 * rather than the axis showing time that was not searched). `full` when there is nothing to fit.
 */
export function fitTimeDomain(startsMs: readonly number[], full: TimeDomain): TimeDomain {
  const [fullLo, fullHi] = full;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const start of startsMs) {
    if (!Number.isFinite(start)) continue;
    if (start < lo) lo = start;
    if (start > hi) hi = start;
  }
  if (lo > hi) return full;
  const width = Math.max((hi - lo) * (1 + 2 * FIT_PADDING_SHARE), MIN_FIT_SPAN_MS);
  if (width >= fullHi - fullLo) return full;
  let a = (lo + hi) / 2 - width / 2;
  let b = a + width;
  if (a < fullLo) {
    b += fullLo - a;
    a = fullLo;
  }
  if (b > fullHi) {
    a -= b - fullHi;
    b = fullHi;
  }
  return [a, b];
}

/** True when the fitted axis shows little enough of the full range to be worth offering. */
export function fitIsNarrower(fit: TimeDomain, full: TimeDomain): boolean {
  const fullWidth = full[1] - full[0];
  return fullWidth > 0 && (fit[1] - fit[0]) / fullWidth <= FIT_WORTH_SHARE;
}

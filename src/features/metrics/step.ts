// The query resolution: the URL's `step` (`15s`, `1m`, or seconds), else about 250 points over the range.
const STEP = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w|y)?$/;
const SECONDS = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86_400, w: 604_800, y: 31_536_000 } as const;
export const TARGET_POINTS = 250;

export function stepSeconds(step: string | undefined, rangeSeconds: number): number {
  const match = step ? STEP.exec(step.trim()) : null;
  if (match) {
    const seconds = Number(match[1]) * SECONDS[(match[2] ?? 's') as keyof typeof SECONDS];
    if (seconds > 0) return Math.max(seconds, rangeSeconds / 11_000);
  }
  return Math.max(1, Math.ceil(rangeSeconds / TARGET_POINTS));
}

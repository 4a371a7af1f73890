// "Nice" time-axis ticks for a window in ns: steps of 1, 2 or 5 × 10^k.
export function niceTicks(from: number, to: number, target = 6): number[] {
  const span = to - from;
  if (!(span > 0)) return [from];
  const raw = span / target;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const ticks: number[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to + step * 1e-9; t += step) ticks.push(t);
  return ticks;
}

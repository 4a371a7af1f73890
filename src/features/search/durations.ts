// Durations as people and backends write them in queries (`250ms`, `1.5s`, `2m`, `100us`), in
// milliseconds, and back in query syntax. Durations shown on screen come from `ui/format.ts`.

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

const DURATION = /^(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h|d)$/;

/** Milliseconds, or undefined when the text is not a duration with a unit. */
export function parseDurationMs(text: string): number | undefined {
  const match = DURATION.exec(text.trim());
  if (!match) return undefined;
  const unit = UNIT_MS[match[2] ?? ''];
  return unit === undefined ? undefined : Number(match[1]) * unit;
}

export function isDuration(text: string): boolean {
  return parseDurationMs(text) !== undefined;
}

/** A duration for a query (`1500ms` → `1.5s`): whole units where possible, never rounded below 1µs. */
export function durationForQuery(ms: number): string {
  if (ms >= 1000 && Number.isInteger(ms / 1000)) return `${ms / 1000}s`;
  if (ms >= 1) return `${Number(ms.toFixed(3))}ms`;
  return `${Math.max(1, Math.round(ms * 1000))}us`;
}

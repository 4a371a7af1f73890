// The backend time window (`start`/`end`, Unix seconds) a generated trace link carries, so a Tempo
// without a recent-traces cache reads only the blocks of that time instead of scanning them all.
// A link knows either the trace's bounds (a search result, a loaded trace) or one instant inside it
// (an exemplar, a log line); the margins cover clock skew and a trace that outlives what was seen.

/** What a link knows of when its trace happened. */
export type TraceTime =
  | { kind: 'bounds'; startUnixMs: number; endUnixMs: number }
  | { kind: 'instant'; atUnixMs: number };

export interface TraceWindow {
  /** Unix seconds. */
  start: number;
  end: number;
}

/** Margin around known bounds (seconds). */
export const BOUNDS_MARGIN_S = 60;
/** Margin around a single known instant (seconds): the trace may have started or ended far from it. */
export const INSTANT_MARGIN_S = 30 * 60;

export const MAX_UNIX_SECONDS = 253_402_300_799; // 9999-12-31, as the trace URL accepts

/** The window for a link, or undefined when the times are not usable (missing, negative, not numbers). */
export function traceWindow(time: TraceTime): TraceWindow | undefined {
  const [fromMs, toMs, margin] =
    time.kind === 'bounds'
      ? [time.startUnixMs, time.endUnixMs, BOUNDS_MARGIN_S]
      : [time.atUnixMs, time.atUnixMs, INSTANT_MARGIN_S];
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs) || fromMs <= 0 || toMs < fromMs) return undefined;
  const start = Math.max(0, Math.floor(fromMs / 1000) - margin);
  const end = Math.min(MAX_UNIX_SECONDS, Math.ceil(toMs / 1000) + margin);
  return end > start ? { start, end } : undefined;
}

/** Bounds from a trace's absolute start (decimal nanoseconds, as the model keeps it) and duration. */
export function boundsOfNanos(startUnixNano: string, durationNs: number): TraceTime | undefined {
  if (!/^\d{1,20}$/.test(startUnixNano)) return undefined;
  const startUnixMs = Number(BigInt(startUnixNano) / 1_000_000n);
  return { kind: 'bounds', startUnixMs, endUnixMs: startUnixMs + Math.max(0, durationNs) / 1e6 };
}

/** Bounds from a start in epoch milliseconds and a duration (a search result's summary). */
export function boundsOfMillis(
  startUnixMs: number | undefined,
  durationMs: number | undefined,
): TraceTime | undefined {
  if (startUnixMs === undefined) return undefined;
  return { kind: 'bounds', startUnixMs, endUnixMs: startUnixMs + Math.max(0, durationMs ?? 0) };
}

// The time window the span's metrics are drawn over: half an hour either side of the trace, never past
// now, with about 120 points.
export interface MetricsWindow {
  /** Unix seconds. */
  start: number;
  end: number;
  step: number;
  /** The trace's moment (its start), epoch ms. */
  markerMs: number;
}

export const AROUND_MS = 30 * 60_000;

export function metricsWindow(
  traceStartUnixNano: string,
  traceDurationNs: number,
  nowMs: number,
): MetricsWindow {
  const startMs = Number(BigInt(traceStartUnixNano) / 1_000_000n);
  const endMs = startMs + traceDurationNs / 1e6;
  const start = Math.floor((startMs - AROUND_MS) / 1000);
  const end = Math.max(start + 60, Math.ceil(Math.min(nowMs, endMs + AROUND_MS) / 1000));
  return { start, end, step: Math.max(1, Math.ceil((end - start) / 120)), markerMs: startMs };
}

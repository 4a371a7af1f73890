// A loaded trace's own bounds as links take them (routes/trace-window.ts turns them into `start`/`end`).
import { boundsOfNanos, type TraceTime } from '../../routes/trace-window.ts';
import type { LoadedTrace } from '../../worker/protocol.ts';

export function loadedTraceTime(
  trace: Pick<LoadedTrace, 'startUnixNano' | 'durationNs'>,
): TraceTime | undefined {
  return boundsOfNanos(trace.startUnixNano, trace.durationNs);
}

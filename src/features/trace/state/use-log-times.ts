// Log-line times per waterfall row, from the trace's logs in Loki. Deferred past the first paint:
// placing markers indexes every span ID (~80 ms at 100k spans), even before any log line arrives.
import { useDeferredValue, useMemo } from 'react';
import type { LoadedTrace } from '../../../worker/protocol.ts';
import { useTraceLogMarkers } from '../../trace-logs';
import { logTimesByRow } from '../waterfall/log-marks.ts';

export function useLogTimes(trace: LoadedTrace, traceDatasource: string | undefined) {
  const table = trace.table;
  const input = useMemo(
    () => ({
      traceDatasource,
      traceId: trace.traceId,
      startUnixNano: trace.startUnixNano,
      durationNs: trace.durationNs,
      table,
    }),
    [trace, traceDatasource, table],
  );
  // null first: an undefined initial value would not defer. Never for another table than the one shown.
  const deferred = useDeferredValue<typeof input | null>(input, null);
  const markers = useTraceLogMarkers(deferred?.table === table ? deferred : undefined);
  return useMemo(() => logTimesByRow(markers), [markers]);
}

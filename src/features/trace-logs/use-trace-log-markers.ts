// Log markers for the waterfall: the trace's lines (all services) placed on their spans.
import { useMemo } from 'react';
import type { SpanTable } from '../../model/types';
import { type LogMarker, logMarkers } from './markers';
import { useTraceLogs } from './use-trace-logs';

export interface TraceLogMarkersInput {
  traceDatasource?: string;
  traceId: string;
  startUnixNano: string;
  durationNs: number;
  table: SpanTable;
}

/** Markers (row, ns from the trace start) for every line Loki has for the trace; [] while loading or on error. */
export function useTraceLogMarkers(input: TraceLogMarkersInput | undefined): LogMarker[] {
  const services = useMemo(() => {
    if (!input) return [];
    const seen = new Set<string>();
    for (let row = 0; row < input.table.count; row++) seen.add(input.table.strings[input.table.service[row]]);
    return [...seen].filter(Boolean).sort();
  }, [input?.table, input]);
  const request = useMemo(
    () =>
      input && {
        traceDatasource: input.traceDatasource,
        source: { traceId: input.traceId },
        services,
        startUnixNano: input.startUnixNano,
        durationNs: input.durationNs,
      },
    [input, services],
  );
  const logs = useTraceLogs(request);
  return useMemo(
    () => (input ? logMarkers(logs.lines, input.table, input.startUnixNano) : []),
    [logs.lines, input],
  );
}

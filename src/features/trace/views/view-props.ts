// What every trace view gets from the trace screen: the loaded trace, the worker, the URL state and
// the screen's selection, colours and find/filter mask (views follow them, never own them).
import type { TraceUrlState } from '../../../routes/trace-url.ts';
import type { TraceWorkerClient } from '../../../worker/client.ts';
import type { LoadedTrace } from '../../../worker/protocol.ts';

export interface TraceViewProps {
  trace: LoadedTrace;
  client: TraceWorkerClient;
  url: TraceUrlState;
  update: (patch: Partial<TraceUrlState>, mode?: 'replace' | 'push') => void;
  selectedRow: number;
  colours: Map<number, string>;
  /** Rows matched by find and the quick filters, or null when nothing is asked. */
  mask: Uint8Array | null;
  /** Selects the span in the waterfall and switches to it. */
  openInWaterfall: (row: number) => void;
  /** Filters the waterfall to the spans of a service (and operation) and switches to it. */
  filterWaterfall: (service: string, operation?: string) => void;
  /** Absolute link to a span of this trace in the waterfall. */
  spanHref: (row: number) => string;
}

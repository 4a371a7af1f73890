import type { CompareSideRef } from '../../routes/compare-url.ts';
import type { TraceWorkerClient } from '../../worker/client.ts';
import type { LoadedTrace } from '../../worker/protocol.ts';

/** One loaded side of the compare: what the URL asked for, the trace, and the worker that holds its details. */
export interface CompareSideView {
  ref: CompareSideRef;
  trace: LoadedTrace;
  client: TraceWorkerClient;
}

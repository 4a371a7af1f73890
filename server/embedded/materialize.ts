// Rebuilds a model Trace from a stored record with the app's own protobuf decoder (src/formats), so
// search and the browser see the same spans.

import { decodeTrace } from '../../src/formats/index.ts';
import type { Trace } from '../../src/model/types.ts';

export function materializeTrace(protobuf: Uint8Array, traceId: string): Trace {
  const result = decodeTrace(protobuf, { contentType: 'application/protobuf' });
  const trace = result.traces.find((t) => t.traceId === traceId) ?? result.traces[0];
  if (!trace) throw new Error(`stored trace ${traceId} could not be decoded: ${result.error ?? 'no spans'}`);
  return trace;
}

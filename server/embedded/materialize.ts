// Rebuilds a model Trace from a stored record with the app's own decoder (src/formats), so search
// and the browser see the same spans. Protobuf is tried first; until the decoder reads protobuf the
// record is handed over as OTLP JSON.

import { decodeTrace } from '../../src/formats/index.ts';
import type { Trace } from '../../src/model/types.ts';
import { renderResourceSpans } from './otlp/otlp-json.ts';
import { decodeTracesData } from './otlp/otlp-protobuf.ts';

export function materializeTrace(protobuf: Uint8Array, traceId: string): Trace {
  let result = decodeTrace(protobuf, { contentType: 'application/protobuf' });
  if (result.error || result.traces.length === 0) {
    const json = JSON.stringify({
      resourceSpans: renderResourceSpans(decodeTracesData(protobuf), 'jaeger-v3'),
    });
    result = decodeTrace(json, { contentType: 'application/json' });
  }
  const trace = result.traces.find((t) => t.traceId === traceId) ?? result.traces[0];
  if (!trace) throw new Error(`stored trace ${traceId} could not be decoded: ${result.error ?? 'no spans'}`);
  return trace;
}

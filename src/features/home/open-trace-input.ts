// What the "Open trace" box accepts. For now: a trace ID of 1–32 hex characters, left-padded to 32
// (Tempo hands out IDs with leading zeros dropped; Jaeger uses 64-bit IDs). The search issue extends
// this to traceparent headers, B3, and Jaeger/Grafana/Tracelight URLs.

import { normalizeTraceId } from '../../routes/ids';

export type OpenTraceInput = { ok: true; traceId: string } | { ok: false; error: string };

export function parseOpenTraceInput(input: string): OpenTraceInput {
  const text = input.trim();
  if (text === '') return { ok: false, error: 'Enter a trace ID.' };
  if (/[^0-9a-fA-F]/.test(text)) {
    return { ok: false, error: 'A trace ID has only hexadecimal characters (0-9, a-f).' };
  }
  if (text.length > 32) {
    return { ok: false, error: `That is ${text.length} characters; a trace ID has at most 32.` };
  }
  const traceId = normalizeTraceId(text);
  if (!traceId) return { ok: false, error: 'Not a trace ID.' };
  if (/^0+$/.test(traceId))
    return { ok: false, error: 'The all-zero trace ID is not valid (W3C Trace Context).' };
  return { ok: true, traceId };
}

// The one entry point for wire data: sniffs protobuf vs JSON vs JSON Lines, then the JSON shape, and
// returns the decoded traces. Never throws; problems are warnings, or `error` when nothing decoded.

import { decode as msgpackDecode } from '@msgpack/msgpack';
import type { DecodeResult } from '../model/types.ts';
import { looksLikeDatadog, parseDatadogJson } from './datadog.ts';
import { addDatadog, addJsonDocument, addXray, JsonSession } from './json-payload.ts';
import { scanOtlpJson } from './otlp-json-scan.ts';
import { decodeOtlpProtobuf } from './otlp-protobuf.ts';
import { looksLikeXray, parseXrayJson } from './xray.ts';

export interface DecodeHint {
  contentType?: string;
  fileName?: string;
}

/** The formats `decodeTrace` reads, as people name them (to say what a file is not). */
export const TRACE_FORMAT_NAMES: readonly string[] = [
  'OTLP JSON',
  'OTLP protobuf',
  'Tempo JSON (v1, v2)',
  'Tempo protobuf',
  'Jaeger JSON',
  'Jaeger api_v3 JSON',
  'Zipkin v2 JSON',
  'Datadog v0.4 JSON or msgpack',
  'AWS X-Ray segment documents',
  'JSON Lines of these',
];

/** V8's longest string (2^29 − 24 UTF-16 units on 64-bit). */
export const MAX_JSON_CHARS = 0x1fffffe8;

export function decodeTrace(input: ArrayBuffer | Uint8Array | string, hint: DecodeHint = {}): DecodeResult {
  try {
    return decodeUnchecked(input, hint);
  } catch (e) {
    return failure('unknown', `decoding failed unexpectedly: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function failure(format: string, error: string): DecodeResult {
  return { format, traces: [], warnings: [], error };
}

function decodeUnchecked(input: ArrayBuffer | Uint8Array | string, hint: DecodeHint): DecodeResult {
  if (typeof input === 'string') return decodeJsonText(input);
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  const first = firstSignificantByte(bytes);
  if (first < 0)
    return { format: 'empty', traces: [], warnings: [{ kind: 'format', message: 'empty input: no trace' }] };
  const looksJson = first === 0x7b /* { */ || first === 0x5b; /* [ */
  if (!looksJson && ((first & 0xf0) === 0x90 || first === 0xdc || first === 0xdd)) {
    const result = decodeDatadogMsgpack(bytes);
    if (result) return result;
  }
  if (!looksJson && !hintsJson(hint)) {
    const result = decodeOtlpProtobuf(bytes);
    if (result.traces.length === 0 && !looksLikeProtobuf(bytes))
      result.unrecognized = looksLikeText(bytes) ? 'text' : 'binary';
    return result;
  }
  if (bytes.length > MAX_JSON_CHARS) return tooLong(bytes.length);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false }).decode(bytes);
  } catch (e) {
    if (e instanceof RangeError) return tooLong(bytes.length);
    throw e;
  }
  return decodeJsonText(text);
}

function tooLong(size: number): DecodeResult {
  return failure(
    'json',
    `json: the document is ${(size / 2 ** 20).toFixed(0)} MiB, longer than the longest string this JavaScript engine can hold (${(MAX_JSON_CHARS / 2 ** 20) | 0} MiB); fetch the trace as protobuf (Accept: application/protobuf) instead`,
  );
}

/**
 * Whether bytes could be the protobuf messages we read: TracesData and Tempo's TraceByIdResponse both
 * start with field 1 as a length-delimited message (tag 0x0a), and every span's 16-byte trace ID puts
 * a control byte (its length, 0x10) in the first bytes — so text, even text starting with a newline, is not.
 */
function looksLikeProtobuf(bytes: Uint8Array): boolean {
  return bytes[0] === 0x0a && !looksLikeText(bytes);
}

/** The first KiB has no control characters but tab, newline and carriage return. */
function looksLikeText(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, 1024);
  for (let i = 0; i < end; i++) {
    const b = bytes[i];
    if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) || b === 0x7f) return false;
  }
  return true;
}

function hintsJson(hint: DecodeHint): boolean {
  return /json/i.test(hint.contentType ?? '') || /\.(json|jsonl|ndjson)$/i.test(hint.fileName ?? '');
}

/** First byte that is not whitespace or a UTF-8 BOM; -1 when there is none. */
function firstSignificantByte(bytes: Uint8Array): number {
  let i = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
  for (; i < bytes.length; i++) {
    const b = bytes[i];
    if (b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09) return b;
  }
  return -1;
}

function decodeJsonText(text: string): DecodeResult {
  if (text.trim() === '')
    return { format: 'empty', traces: [], warnings: [{ kind: 'format', message: 'empty input: no trace' }] };
  const expected = Math.min(1 << 20, Math.max(1024, text.length >> 9));
  // OTLP and Tempo JSON read straight from the text when it is the plain case (decision 0360).
  const scanned = scanOtlpJson(text, expected);
  if (scanned) return scanned;
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    const lines = text.split('\n').filter((l) => l.trim() !== '');
    // Text named .json that is not JSON at all is not a damaged trace.
    const notJson = !/^\s*[[{]/.test(text);
    const result =
      lines.length > 1
        ? decodeJsonLines(lines, expected)
        : failure('json', `json: invalid or truncated JSON: ${e instanceof Error ? e.message : String(e)}`);
    if (notJson && result.traces.length === 0) result.unrecognized = 'text';
    return result;
  }
  const session = new JsonSession(expected);
  // Datadog's 64-bit IDs and nanosecond times do not fit a JS number: read the text again, exactly.
  if (looksLikeDatadog(doc)) addDatadog(session, parseDatadogJson(text), '');
  else if (looksLikeXray(doc)) addXray(session, parseXrayJson(text), '');
  else addJsonDocument(session, doc, '', false);
  return session.finish('json');
}

/** msgpack starting with an array (a Datadog v0.4/v0.5 payload); undefined when it is not one. */
function decodeDatadogMsgpack(bytes: Uint8Array): DecodeResult | undefined {
  let doc: unknown;
  try {
    doc = msgpackDecode(bytes, { useBigInt64: true });
  } catch {
    return undefined;
  }
  const v05 = Array.isArray(doc) && doc.length === 2 && Array.isArray(doc[0]) && Array.isArray(doc[1]);
  if (!v05 && !looksLikeDatadog(doc)) return undefined;
  const session = new JsonSession(1024);
  addDatadog(session, doc, '', 'datadog-msgpack');
  return session.finish('datadog-msgpack');
}

function decodeJsonLines(lines: string[], expected: number): DecodeResult {
  const session = new JsonSession(expected);
  let parsed = 0;
  for (let i = 0; i < lines.length; i++) {
    let doc: unknown;
    try {
      doc = JSON.parse(lines[i]);
    } catch (e) {
      session.warnings.push({
        kind: 'format',
        message: `json-lines: line ${i + 1}: invalid JSON (${e instanceof Error ? e.message : String(e)}); skipped`,
        path: `line ${i + 1}`,
      });
      continue;
    }
    parsed++;
    addJsonDocument(session, doc, `line ${i + 1}`, true);
  }
  const result = session.finish('json-lines');
  if (parsed === 0) result.error = 'json-lines: no line is valid JSON';
  return result;
}

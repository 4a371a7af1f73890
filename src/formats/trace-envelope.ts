// Looks inside a trace-by-ID payload just far enough to tell "not found" (an empty trace) and Tempo's
// PARTIAL status apart, without decoding the spans: full decoding happens once, in the worker.
// Both scans are linear over the bytes and allocate nothing per span, so a 60 MB trace is cheap.
// Also where the protobuf decoder (./otlp-protobuf.ts) tells Tempo v2's envelope from TracesData.

import { WireError, WireReader, WireType } from './protobuf-wire.ts';

export interface EnvelopeFacts {
  /** False when the payload holds no spans at all (Tempo v2 answers 200 with an empty trace). */
  hasSpans: boolean;
  /** Tempo v2 `status` = PARTIAL: the message says why the trace is incomplete. */
  partialMessage?: string;
}

// JSON's structural bytes.
const [QUOTE, BACKSLASH, COLON, COMMA] = [0x22, 0x5c, 0x3a, 0x2c];
const [OPEN_BRACE, CLOSE_BRACE, OPEN_BRACKET, CLOSE_BRACKET] = [0x7b, 0x7d, 0x5b, 0x5d];

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

function skipSpace(bytes: Uint8Array, i: number): number {
  while (i < bytes.length && isSpace(bytes[i])) i++;
  return i;
}

/** `i` at an opening quote; returns the index of the closing quote. */
function skipString(bytes: Uint8Array, i: number): number {
  let j = i + 1;
  while (j < bytes.length && bytes[j] !== QUOTE) j += bytes[j] === BACKSLASH ? 2 : 1;
  return j;
}

/** `i` at the first byte of a value; returns the index just past it. */
function skipValue(bytes: Uint8Array, i: number): number {
  let depth = 0;
  for (; i < bytes.length; i++) {
    const byte = bytes[i];
    if (byte === QUOTE) {
      i = skipString(bytes, i);
      if (depth === 0) return i + 1;
    } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      depth++;
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      if (depth === 0) return i;
      depth--;
      if (depth === 0) return i + 1;
    } else if (depth === 0 && (byte === COMMA || isSpace(byte))) {
      return i;
    }
  }
  return i;
}

const textDecoder = new TextDecoder();

/** The members of a top-level JSON object as byte ranges, without parsing their values. */
export function topLevelJsonMembers(
  bytes: Uint8Array,
): Map<string, { start: number; end: number }> | undefined {
  const members = new Map<string, { start: number; end: number }>();
  let i = skipSpace(bytes, 0);
  if (bytes[i] === 0xef && bytes[i + 1] === 0xbb && bytes[i + 2] === 0xbf) i = skipSpace(bytes, i + 3);
  if (bytes[i] !== OPEN_BRACE) return undefined;
  i = skipSpace(bytes, i + 1);
  while (i < bytes.length && bytes[i] !== CLOSE_BRACE) {
    if (bytes[i] !== QUOTE) return undefined;
    const keyEnd = skipString(bytes, i);
    const key = JSON.parse(textDecoder.decode(bytes.subarray(i, keyEnd + 1))) as string;
    i = skipSpace(bytes, keyEnd + 1);
    if (bytes[i] !== COLON) return undefined;
    const start = skipSpace(bytes, i + 1);
    const end = skipValue(bytes, start);
    members.set(key, { start, end });
    i = skipSpace(bytes, end);
    if (bytes[i] === COMMA) i = skipSpace(bytes, i + 1);
  }
  return members;
}

function memberValue(bytes: Uint8Array, range: { start: number; end: number } | undefined): unknown {
  if (!range) return undefined;
  try {
    return JSON.parse(textDecoder.decode(bytes.subarray(range.start, range.end)));
  } catch {
    return undefined;
  }
}

/** Spans live in a non-empty array; a small value can be parsed to check, a big one certainly has spans. */
function containerHasSpans(
  bytes: Uint8Array,
  range: { start: number; end: number } | undefined,
  keys: string[],
) {
  if (!range) return false;
  if (range.end - range.start > 512) return true;
  const value = memberValue(bytes, range);
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return keys.some((key) => Array.isArray(record[key]) && (record[key] as unknown[]).length > 0);
}

/**
 * Tempo v2 JSON (`{trace:{resourceSpans}, status, message}`), Tempo v1 JSON (`{batches}`), OTLP JSON
 * (`{resourceSpans}`), Jaeger v3 (`{result:{resourceSpans}}`) and legacy Jaeger (`{data:[…]}`).
 */
export function inspectJsonEnvelope(bytes: Uint8Array): EnvelopeFacts | undefined {
  const members = topLevelJsonMembers(bytes);
  if (!members) return undefined;
  const facts: EnvelopeFacts = { hasSpans: false };
  if (members.has('trace'))
    facts.hasSpans = containerHasSpans(bytes, members.get('trace'), ['resourceSpans', 'batches']);
  else if (members.has('result'))
    facts.hasSpans = containerHasSpans(bytes, members.get('result'), ['resourceSpans']);
  else if (members.has('batches')) facts.hasSpans = containerHasSpans(bytes, members.get('batches'), []);
  else if (members.has('resourceSpans'))
    facts.hasSpans = containerHasSpans(bytes, members.get('resourceSpans'), []);
  else if (members.has('data')) facts.hasSpans = containerHasSpans(bytes, members.get('data'), []);
  const status = memberValue(bytes, members.get('status'));
  if (status === 'PARTIAL' || status === 1) {
    const message = memberValue(bytes, members.get('message'));
    facts.partialMessage =
      typeof message === 'string' && message !== '' ? message : 'The trace is incomplete';
  }
  return facts;
}

interface ProtoField {
  field: number;
  wireType: number;
  /** Varint value (for wire type 0). */
  value: number;
  /** Payload range (for wire type 2). */
  start: number;
  end: number;
}

/** Top-level fields of a protobuf message; undefined when the bytes are not a well-formed message. */
function protoFields(bytes: Uint8Array): ProtoField[] | undefined {
  const fields: ProtoField[] = [];
  const r = new WireReader(bytes);
  try {
    while (r.pos < r.end) {
      const tag = r.varint();
      const field = Math.floor(tag / 8);
      const wireType = tag & 7;
      if (wireType === WireType.Varint) {
        const value = r.varint();
        fields.push({ field, wireType, value, start: r.pos, end: r.pos });
      } else if (wireType === WireType.Bytes) {
        const end = r.delimitedEnd();
        fields.push({ field, wireType, value: end - r.pos, start: r.pos, end });
        r.pos = end;
      } else r.skip(wireType);
    }
  } catch (e) {
    if (e instanceof WireError) return undefined;
    throw e;
  }
  return fields;
}

/**
 * Does a protobuf trace body look like Tempo v2's `TraceByIDResponse` rather than `TracesData` (Tempo v1,
 * OTLP)? Both start with field 1; a response also has metrics (2), status (3) or message (4), and its
 * field 1 is a `Trace`, which holds only field 1, while a `ResourceSpans` holds scope spans (2) or more.
 */
export function isTraceByIdResponse(buf: Uint8Array): boolean {
  try {
    const r = new WireReader(buf);
    let firstField1: [number, number] | undefined;
    while (r.pos < r.end) {
      const tag = r.varint();
      const field = Math.floor(tag / 8);
      const wt = tag & 7;
      if (
        (field === 3 && wt === WireType.Varint) ||
        (field === 4 && wt === WireType.Bytes) ||
        (field === 2 && wt === WireType.Bytes)
      ) {
        return true;
      }
      if (field === 1 && wt === WireType.Bytes && !firstField1) {
        const end = r.delimitedEnd();
        firstField1 = [r.pos, end];
        r.pos = end;
      } else r.skip(wt);
    }
    if (!firstField1) return false;
    const inner = new WireReader(buf, firstField1[0], firstField1[1]);
    while (inner.pos < inner.end) {
      const tag = inner.varint();
      if (tag >>> 3 !== 1) return false;
      inner.skip(tag & 7);
    }
    return true;
  } catch {
    return false;
  }
}

/** Tempo v2 protobuf `TraceByIDResponse` (trace=1, metrics=2, status=3, message=4). */
export function inspectTempoV2Protobuf(bytes: Uint8Array): EnvelopeFacts | undefined {
  const fields = protoFields(bytes);
  if (!fields) return undefined;
  const trace = fields.find((f) => f.field === 1 && f.wireType === 2);
  const facts: EnvelopeFacts = { hasSpans: trace !== undefined && trace.end > trace.start };
  const status = fields.find((f) => f.field === 3 && f.wireType === 0);
  if (status?.value === 1) {
    const message = fields.find((f) => f.field === 4 && f.wireType === 2);
    const text = message ? textDecoder.decode(bytes.subarray(message.start, message.end)) : '';
    facts.partialMessage = text || 'The trace is incomplete';
  }
  return facts;
}

/** Tempo v1 protobuf: an OTLP `TracesData`-like message (repeated ResourceSpans = 1). */
export function inspectTracesDataProtobuf(bytes: Uint8Array): EnvelopeFacts | undefined {
  const fields = protoFields(bytes);
  if (!fields) return undefined;
  return { hasSpans: fields.some((f) => f.field === 1 && f.wireType === 2 && f.end > f.start) };
}

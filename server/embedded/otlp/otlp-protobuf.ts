// OTLP trace protobuf (TracesData / ExportTraceServiceRequest: field 1 = repeated ResourceSpans)
// to and from the plain objects in ./types.ts, on the one wire reader and writer (src/formats).
// Throws WireError on malformed input.

import { WireReader, WireType } from '../../../src/formats/protobuf-wire.ts';
import { WireWriter } from '../../../src/formats/protobuf-writer.ts';
import {
  bytesToHex,
  decodeKeyValue,
  decodeRepeated,
  decodeResource,
  decodeScope,
  hexToBytes,
} from './otlp-protobuf-parts.ts';
import {
  emptyScope,
  emptySpan,
  type OtlpAnyValue,
  type OtlpEvent,
  type OtlpKeyValue,
  type OtlpLink,
  type OtlpResourceSpans,
  type OtlpScopeSpans,
  type OtlpSpan,
} from './types.ts';

/**
 * Decoded messages mapped to their bytes as received (length prefix included, field tag not): the
 * resources, scopes and spans read in full (no unknown field skipped inside). The ingest path passes one
 * to `decodeTracesData` and then to `encodeTracesData`, which copies those bytes instead of encoding
 * again (decision 0350). Whoever changes a decoded message deletes it from the map first.
 */
export type WireParts = Map<object, Uint8Array>;

let keeping: WireParts | undefined;

export function decodeTracesData(buf: Uint8Array, parts?: WireParts): OtlpResourceSpans[] {
  keeping = parts;
  try {
    return decodeRepeated(new WireReader(buf), 1, decodeResourceSpans);
  } finally {
    keeping = undefined;
  }
}

/** After a message that began at `from` was read: its bytes, when nothing in it was skipped. */
function keep(r: WireReader, message: object, from: number, skippedBefore: number): void {
  if (keeping !== undefined && r.skipped === skippedBefore) keeping.set(message, r.buf.subarray(from, r.pos));
}

function decodeResourceSpans(r: WireReader): OtlpResourceSpans {
  const rs: OtlpResourceSpans = {
    resource: { attributes: [], droppedAttributesCount: 0 },
    scopeSpans: [],
    schemaUrl: '',
  };
  let resourceFields = 0;
  const outer = r.enter();
  while (r.pos < r.end) {
    const tag = r.varint();
    if (tag === (1 << 3) + 2) {
      // A second Resource field merges into the first: its bytes alone are no longer the message.
      const from = r.pos;
      const skipped = r.skipped;
      decodeResource(r, rs.resource);
      if (resourceFields++ === 0) keep(r, rs.resource, from, skipped);
      else keeping?.delete(rs.resource);
    } else if (tag === (2 << 3) + 2) rs.scopeSpans.push(decodeScopeSpans(r));
    else if (tag === (3 << 3) + 2) rs.schemaUrl = r.string();
    else r.skip(tag & 7);
  }
  r.leave(outer);
  return rs;
}

function decodeScopeSpans(r: WireReader): OtlpScopeSpans {
  const ss: OtlpScopeSpans = { scope: emptyScope(), spans: [], schemaUrl: '' };
  const outer = r.enter();
  while (r.pos < r.end) {
    const tag = r.varint();
    if (tag === (1 << 3) + 2) {
      const from = r.pos;
      const skipped = r.skipped;
      ss.scope = decodeScope(r);
      keep(r, ss.scope, from, skipped);
    } else if (tag === (2 << 3) + 2) {
      const from = r.pos;
      const skipped = r.skipped;
      const span = decodeSpan(r);
      keep(r, span, from, skipped);
      ss.spans.push(span);
    } else if (tag === (3 << 3) + 2) ss.schemaUrl = r.string();
    else r.skip(tag & 7);
  }
  r.leave(outer);
  return ss;
}

function decodeSpan(r: WireReader): OtlpSpan {
  const span = emptySpan();
  const outer = r.enter();
  while (r.pos < r.end) {
    const tag = r.varint();
    switch (tag) {
      case (1 << 3) + 2:
        span.traceId = bytesToHex(r.bytes());
        break;
      case (2 << 3) + 2:
        span.spanId = bytesToHex(r.bytes());
        break;
      case (3 << 3) + 2:
        span.traceState = r.string();
        break;
      case (4 << 3) + 2:
        span.parentSpanId = bytesToHex(r.bytes());
        break;
      case (16 << 3) + 5:
        span.flags = r.fixed32();
        break;
      case (5 << 3) + 2:
        span.name = r.string();
        break;
      case 6 << 3:
        span.kind = enumVarint(r);
        break;
      case (7 << 3) + 1:
        span.startTimeUnixNano = r.fixed64();
        break;
      case (8 << 3) + 1:
        span.endTimeUnixNano = r.fixed64();
        break;
      case (9 << 3) + 2:
        span.attributes.push(decodeKeyValue(r, 0));
        break;
      case 10 << 3:
        span.droppedAttributesCount = r.varint();
        break;
      case (11 << 3) + 2:
        span.events.push(decodeEvent(r));
        break;
      case 12 << 3:
        span.droppedEventsCount = r.varint();
        break;
      case (13 << 3) + 2:
        span.links.push(decodeLink(r));
        break;
      case 14 << 3:
        span.droppedLinksCount = r.varint();
        break;
      case (15 << 3) + 2:
        decodeStatus(r, span.status);
        break;
      default:
        r.skip(tag & 7);
    }
  }
  r.leave(outer);
  return span;
}

/**
 * An enum (int32) varint: a negative value comes sign-extended to 10 bytes and is read as itself (-1, not
 * 18446744073709552000), so the validator can name it; ranges are the validator's.
 */
function enumVarint(r: WireReader): number {
  const start = r.pos;
  const v = r.varint();
  if (v <= 0x7fffffff) return v;
  r.pos = start;
  return Number(r.int64String());
}

/** Status { message = 2, code = 3 }, merged into `status` (protobuf merges a message field that comes twice). */
function decodeStatus(r: WireReader, status: OtlpSpan['status']): void {
  const outer = r.enter();
  while (r.pos < r.end) {
    const tag = r.varint();
    if (tag === (2 << 3) + 2) status.message = r.string();
    else if (tag === 3 << 3) status.code = enumVarint(r);
    else r.skip(tag & 7);
  }
  r.leave(outer);
}

function decodeEvent(r: WireReader): OtlpEvent {
  const ev: OtlpEvent = { timeUnixNano: 0n, name: '', attributes: [], droppedAttributesCount: 0 };
  const outer = r.enter();
  while (r.pos < r.end) {
    const tag = r.varint();
    if (tag === (1 << 3) + 1) ev.timeUnixNano = r.fixed64();
    else if (tag === (2 << 3) + 2) ev.name = r.string();
    else if (tag === (3 << 3) + 2) ev.attributes.push(decodeKeyValue(r, 0));
    else if (tag === 4 << 3) ev.droppedAttributesCount = r.varint();
    else r.skip(tag & 7);
  }
  r.leave(outer);
  return ev;
}

function decodeLink(r: WireReader): OtlpLink {
  const link: OtlpLink = {
    traceId: '',
    spanId: '',
    traceState: '',
    attributes: [],
    droppedAttributesCount: 0,
    flags: 0,
  };
  const outer = r.enter();
  while (r.pos < r.end) {
    const tag = r.varint();
    if (tag === (1 << 3) + 2) link.traceId = bytesToHex(r.bytes());
    else if (tag === (2 << 3) + 2) link.spanId = bytesToHex(r.bytes());
    else if (tag === (3 << 3) + 2) link.traceState = r.string();
    else if (tag === (4 << 3) + 2) link.attributes.push(decodeKeyValue(r, 0));
    else if (tag === 5 << 3) link.droppedAttributesCount = r.varint();
    else if (tag === (6 << 3) + 5) link.flags = r.fixed32();
    else r.skip(tag & 7);
  }
  r.leave(outer);
  return link;
}

// ---------------------------------------------------------------- encoding

/** With `parts`, a message found there is copied as received instead of encoded. */
export function encodeTracesData(batches: OtlpResourceSpans[], parts?: WireParts): Uint8Array {
  const w = new WireWriter();
  for (const rs of batches) writeResourceSpans(w, 1, rs, parts);
  return w.finish();
}

/** A message kept as received (length prefix included) as field `field`; false when not kept. */
function writeKept(w: WireWriter, field: number, message: object, parts: WireParts | undefined): boolean {
  const kept = parts?.get(message);
  if (kept === undefined) return false;
  w.tag(field, WireType.Bytes);
  w.raw(kept);
  return true;
}

export function writeResourceSpans(
  w: WireWriter,
  field: number,
  rs: OtlpResourceSpans,
  parts?: WireParts,
): void {
  const slot = w.beginMessage(field);
  if (writeKept(w, 1, rs.resource, parts)) {
    // as received
  } else if (rs.resource.attributes.length || rs.resource.droppedAttributesCount) {
    const r = w.beginMessage(1);
    for (const kv of rs.resource.attributes) writeKeyValue(w, 1, kv);
    w.uint32Field(2, rs.resource.droppedAttributesCount);
    w.endMessage(r);
  }
  for (const ss of rs.scopeSpans) {
    const s = w.beginMessage(2);
    if (!writeKept(w, 1, ss.scope, parts)) {
      const sc = w.beginMessage(1);
      w.stringField(1, ss.scope.name);
      w.stringField(2, ss.scope.version);
      for (const kv of ss.scope.attributes) writeKeyValue(w, 3, kv);
      w.uint32Field(4, ss.scope.droppedAttributesCount);
      w.endMessage(sc);
    }
    for (const span of ss.spans) if (!writeKept(w, 2, span, parts)) writeSpan(w, span);
    w.stringField(3, ss.schemaUrl);
    w.endMessage(s);
  }
  w.stringField(3, rs.schemaUrl);
  w.endMessage(slot);
}

function writeSpan(w: WireWriter, span: OtlpSpan): void {
  const slot = w.beginMessage(2);
  w.bytesField(1, hexToBytes(span.traceId));
  w.bytesField(2, hexToBytes(span.spanId));
  w.stringField(3, span.traceState);
  w.bytesField(4, hexToBytes(span.parentSpanId));
  w.stringField(5, span.name);
  w.uint32Field(6, span.kind);
  w.fixed64Field(7, span.startTimeUnixNano);
  w.fixed64Field(8, span.endTimeUnixNano);
  for (const kv of span.attributes) writeKeyValue(w, 9, kv);
  w.uint32Field(10, span.droppedAttributesCount);
  for (const ev of span.events) {
    const e = w.beginMessage(11);
    w.fixed64Field(1, ev.timeUnixNano);
    w.stringField(2, ev.name);
    for (const kv of ev.attributes) writeKeyValue(w, 3, kv);
    w.uint32Field(4, ev.droppedAttributesCount);
    w.endMessage(e);
  }
  w.uint32Field(12, span.droppedEventsCount);
  for (const link of span.links) {
    const l = w.beginMessage(13);
    w.bytesField(1, hexToBytes(link.traceId));
    w.bytesField(2, hexToBytes(link.spanId));
    w.stringField(3, link.traceState);
    for (const kv of link.attributes) writeKeyValue(w, 4, kv);
    w.uint32Field(5, link.droppedAttributesCount);
    w.fixed32Field(6, link.flags);
    w.endMessage(l);
  }
  w.uint32Field(14, span.droppedLinksCount);
  if (span.status.code || span.status.message) {
    const s = w.beginMessage(15);
    w.stringField(2, span.status.message);
    w.uint32Field(3, span.status.code);
    w.endMessage(s);
  }
  w.fixed32Field(16, span.flags);
  w.endMessage(slot);
}

function writeKeyValue(w: WireWriter, field: number, kv: OtlpKeyValue): void {
  const slot = w.beginMessage(field);
  w.stringField(1, kv.key);
  writeAnyValue(w, 2, kv.value);
  w.endMessage(slot);
}

function writeAnyValue(w: WireWriter, field: number, v: OtlpAnyValue): void {
  const slot = w.beginMessage(field);
  if (v.stringValue !== undefined) w.stringField(1, v.stringValue, true);
  else if (v.boolValue !== undefined) w.boolField(2, v.boolValue);
  else if (v.intValue !== undefined) {
    // '0' is written (the value is set); other zeros ('00', '-0') as int64Field leaves them out.
    if (v.intValue === '0') {
      w.tag(3, 0);
      w.varint(0);
    } else w.int64Field(3, v.intValue);
  } else if (v.doubleValue !== undefined) w.doubleField(4, v.doubleValue);
  else if (v.arrayValue !== undefined) {
    const a = w.beginMessage(5);
    for (const item of v.arrayValue.values) writeAnyValue(w, 1, item);
    w.endMessage(a);
  } else if (v.kvlistValue !== undefined) {
    const k = w.beginMessage(6);
    for (const item of v.kvlistValue.values) writeKeyValue(w, 1, item);
    w.endMessage(k);
  } else if (v.bytesValue !== undefined) w.bytesField(7, Buffer.from(v.bytesValue, 'base64'), true);
  w.endMessage(slot);
}

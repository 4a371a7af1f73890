// OTLP trace protobuf (TracesData / ExportTraceServiceRequest: field 1 = repeated ResourceSpans)
// to and from the plain objects in ./types.ts. Throws ProtobufError on malformed input.

import { bytesToHex, hexToBytes, ProtobufError, ProtoReader, ProtoWriter } from './protobuf.ts';
import {
  emptyScope,
  emptySpan,
  type OtlpAnyValue,
  type OtlpEvent,
  type OtlpKeyValue,
  type OtlpLink,
  type OtlpResourceSpans,
  type OtlpScope,
  type OtlpScopeSpans,
  type OtlpSpan,
} from './types.ts';

/** Attribute values nest (arrays, kvlists); a hostile payload must not exhaust the stack. */
const MAX_VALUE_DEPTH = 32;

export function decodeTracesData(buf: Uint8Array): OtlpResourceSpans[] {
  const r = new ProtoReader(buf);
  const out: OtlpResourceSpans[] = [];
  while (!r.done()) {
    const tag = r.varint();
    if (tag === (1 << 3) + 2) {
      const [s, e] = r.delimited();
      out.push(decodeResourceSpans(new ProtoReader(buf, s, e)));
    } else r.skip(tag & 7);
  }
  return out;
}

function decodeResourceSpans(r: ProtoReader): OtlpResourceSpans {
  const rs: OtlpResourceSpans = {
    resource: { attributes: [], droppedAttributesCount: 0 },
    scopeSpans: [],
    schemaUrl: '',
  };
  while (!r.done()) {
    const tag = r.varint();
    const field = tag >>> 3;
    if (field === 1 && (tag & 7) === 2) {
      const [s, e] = r.delimited();
      const rr = new ProtoReader(r.buf, s, e);
      while (!rr.done()) {
        const t = rr.varint();
        if (t === (1 << 3) + 2) rs.resource.attributes.push(decodeKeyValue(rr, 0));
        else if (t === (2 << 3) + 0) rs.resource.droppedAttributesCount = rr.varint();
        else rr.skip(t & 7);
      }
    } else if (field === 2 && (tag & 7) === 2) {
      const [s, e] = r.delimited();
      rs.scopeSpans.push(decodeScopeSpans(new ProtoReader(r.buf, s, e)));
    } else if (field === 3 && (tag & 7) === 2) rs.schemaUrl = r.string();
    else r.skip(tag & 7);
  }
  return rs;
}

function decodeScopeSpans(r: ProtoReader): OtlpScopeSpans {
  const ss: OtlpScopeSpans = { scope: emptyScope(), spans: [], schemaUrl: '' };
  while (!r.done()) {
    const tag = r.varint();
    const field = tag >>> 3;
    if (field === 1 && (tag & 7) === 2) {
      const [s, e] = r.delimited();
      ss.scope = decodeScope(new ProtoReader(r.buf, s, e));
    } else if (field === 2 && (tag & 7) === 2) {
      const [s, e] = r.delimited();
      ss.spans.push(decodeSpan(new ProtoReader(r.buf, s, e)));
    } else if (field === 3 && (tag & 7) === 2) ss.schemaUrl = r.string();
    else r.skip(tag & 7);
  }
  return ss;
}

function decodeScope(r: ProtoReader): OtlpScope {
  const scope = emptyScope();
  while (!r.done()) {
    const tag = r.varint();
    switch (tag) {
      case (1 << 3) + 2:
        scope.name = r.string();
        break;
      case (2 << 3) + 2:
        scope.version = r.string();
        break;
      case (3 << 3) + 2:
        scope.attributes.push(decodeKeyValue(r, 0));
        break;
      case 4 << 3:
        scope.droppedAttributesCount = r.varint();
        break;
      default:
        r.skip(tag & 7);
    }
  }
  return scope;
}

function decodeSpan(r: ProtoReader): OtlpSpan {
  const span = emptySpan();
  while (!r.done()) {
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
        span.kind = r.varint();
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
      case (11 << 3) + 2: {
        const [s, e] = r.delimited();
        span.events.push(decodeEvent(new ProtoReader(r.buf, s, e)));
        break;
      }
      case 12 << 3:
        span.droppedEventsCount = r.varint();
        break;
      case (13 << 3) + 2: {
        const [s, e] = r.delimited();
        span.links.push(decodeLink(new ProtoReader(r.buf, s, e)));
        break;
      }
      case 14 << 3:
        span.droppedLinksCount = r.varint();
        break;
      case (15 << 3) + 2: {
        const [s, e] = r.delimited();
        const sr = new ProtoReader(r.buf, s, e);
        while (!sr.done()) {
          const t = sr.varint();
          if (t === (2 << 3) + 2) span.status.message = sr.string();
          else if (t === 3 << 3) span.status.code = sr.varint();
          else sr.skip(t & 7);
        }
        break;
      }
      default:
        r.skip(tag & 7);
    }
  }
  return span;
}

function decodeEvent(r: ProtoReader): OtlpEvent {
  const ev: OtlpEvent = { timeUnixNano: 0n, name: '', attributes: [], droppedAttributesCount: 0 };
  while (!r.done()) {
    const tag = r.varint();
    if (tag === (1 << 3) + 1) ev.timeUnixNano = r.fixed64();
    else if (tag === (2 << 3) + 2) ev.name = r.string();
    else if (tag === (3 << 3) + 2) ev.attributes.push(decodeKeyValue(r, 0));
    else if (tag === 4 << 3) ev.droppedAttributesCount = r.varint();
    else r.skip(tag & 7);
  }
  return ev;
}

function decodeLink(r: ProtoReader): OtlpLink {
  const link: OtlpLink = {
    traceId: '',
    spanId: '',
    traceState: '',
    attributes: [],
    droppedAttributesCount: 0,
    flags: 0,
  };
  while (!r.done()) {
    const tag = r.varint();
    if (tag === (1 << 3) + 2) link.traceId = bytesToHex(r.bytes());
    else if (tag === (2 << 3) + 2) link.spanId = bytesToHex(r.bytes());
    else if (tag === (3 << 3) + 2) link.traceState = r.string();
    else if (tag === (4 << 3) + 2) link.attributes.push(decodeKeyValue(r, 0));
    else if (tag === 5 << 3) link.droppedAttributesCount = r.varint();
    else if (tag === (6 << 3) + 5) link.flags = r.fixed32();
    else r.skip(tag & 7);
  }
  return link;
}

/** Reads one length-delimited KeyValue at the reader's position. */
export function decodeKeyValue(outer: ProtoReader, depth: number): OtlpKeyValue {
  const [s, e] = outer.delimited();
  const r = new ProtoReader(outer.buf, s, e);
  const kv: OtlpKeyValue = { key: '', value: {} };
  while (!r.done()) {
    const tag = r.varint();
    if (tag === (1 << 3) + 2) kv.key = r.string();
    else if (tag === (2 << 3) + 2) kv.value = decodeAnyValue(r, depth + 1);
    else r.skip(tag & 7);
  }
  return kv;
}

/** Reads one length-delimited AnyValue at the reader's position. */
export function decodeAnyValue(outer: ProtoReader, depth: number): OtlpAnyValue {
  if (depth > MAX_VALUE_DEPTH) throw new ProtobufError('attribute values nested too deeply');
  const [s, e] = outer.delimited();
  const r = new ProtoReader(outer.buf, s, e);
  let v: OtlpAnyValue = {};
  while (!r.done()) {
    const tag = r.varint();
    switch (tag) {
      case (1 << 3) + 2:
        v = { stringValue: r.string() };
        break;
      case 2 << 3:
        v = { boolValue: r.varint() !== 0 };
        break;
      case 3 << 3:
        v = { intValue: r.int64String() };
        break;
      case (4 << 3) + 1:
        v = { doubleValue: r.double() };
        break;
      case (5 << 3) + 2: {
        const [as, ae] = r.delimited();
        const ar = new ProtoReader(r.buf, as, ae);
        const values: OtlpAnyValue[] = [];
        while (!ar.done()) {
          const t = ar.varint();
          if (t === (1 << 3) + 2) values.push(decodeAnyValue(ar, depth + 1));
          else ar.skip(t & 7);
        }
        v = { arrayValue: { values } };
        break;
      }
      case (6 << 3) + 2: {
        const [ks, ke] = r.delimited();
        const kr = new ProtoReader(r.buf, ks, ke);
        const values: OtlpKeyValue[] = [];
        while (!kr.done()) {
          const t = kr.varint();
          if (t === (1 << 3) + 2) values.push(decodeKeyValue(kr, depth + 1));
          else kr.skip(t & 7);
        }
        v = { kvlistValue: { values } };
        break;
      }
      case (7 << 3) + 2:
        v = { bytesValue: Buffer.from(r.bytes()).toString('base64') };
        break;
      default:
        r.skip(tag & 7);
    }
  }
  return v;
}

// ---------------------------------------------------------------- encoding

export function encodeTracesData(batches: OtlpResourceSpans[]): Uint8Array {
  const w = new ProtoWriter();
  for (const rs of batches) writeResourceSpans(w, 1, rs);
  return w.finish();
}

export function writeResourceSpans(w: ProtoWriter, field: number, rs: OtlpResourceSpans): void {
  const slot = w.beginMessage(field);
  if (rs.resource.attributes.length || rs.resource.droppedAttributesCount) {
    const r = w.beginMessage(1);
    for (const kv of rs.resource.attributes) writeKeyValue(w, 1, kv);
    w.uintField(2, rs.resource.droppedAttributesCount);
    w.endMessage(r);
  }
  for (const ss of rs.scopeSpans) {
    const s = w.beginMessage(2);
    const sc = w.beginMessage(1);
    w.stringField(1, ss.scope.name);
    w.stringField(2, ss.scope.version);
    for (const kv of ss.scope.attributes) writeKeyValue(w, 3, kv);
    w.uintField(4, ss.scope.droppedAttributesCount);
    w.endMessage(sc);
    for (const span of ss.spans) writeSpan(w, span);
    w.stringField(3, ss.schemaUrl);
    w.endMessage(s);
  }
  w.stringField(3, rs.schemaUrl);
  w.endMessage(slot);
}

function writeSpan(w: ProtoWriter, span: OtlpSpan): void {
  const slot = w.beginMessage(2);
  w.bytesField(1, hexToBytes(span.traceId));
  w.bytesField(2, hexToBytes(span.spanId));
  w.stringField(3, span.traceState);
  w.bytesField(4, hexToBytes(span.parentSpanId));
  w.stringField(5, span.name);
  w.uintField(6, span.kind);
  w.fixed64Field(7, span.startTimeUnixNano);
  w.fixed64Field(8, span.endTimeUnixNano);
  for (const kv of span.attributes) writeKeyValue(w, 9, kv);
  w.uintField(10, span.droppedAttributesCount);
  for (const ev of span.events) {
    const e = w.beginMessage(11);
    w.fixed64Field(1, ev.timeUnixNano);
    w.stringField(2, ev.name);
    for (const kv of ev.attributes) writeKeyValue(w, 3, kv);
    w.uintField(4, ev.droppedAttributesCount);
    w.endMessage(e);
  }
  w.uintField(12, span.droppedEventsCount);
  for (const link of span.links) {
    const l = w.beginMessage(13);
    w.bytesField(1, hexToBytes(link.traceId));
    w.bytesField(2, hexToBytes(link.spanId));
    w.stringField(3, link.traceState);
    for (const kv of link.attributes) writeKeyValue(w, 4, kv);
    w.uintField(5, link.droppedAttributesCount);
    w.fixed32Field(6, link.flags);
    w.endMessage(l);
  }
  w.uintField(14, span.droppedLinksCount);
  if (span.status.code || span.status.message) {
    const s = w.beginMessage(15);
    w.stringField(2, span.status.message);
    w.uintField(3, span.status.code);
    w.endMessage(s);
  }
  w.fixed32Field(16, span.flags);
  w.endMessage(slot);
}

function writeKeyValue(w: ProtoWriter, field: number, kv: OtlpKeyValue): void {
  const slot = w.beginMessage(field);
  w.stringField(1, kv.key);
  writeAnyValue(w, 2, kv.value);
  w.endMessage(slot);
}

function writeAnyValue(w: ProtoWriter, field: number, v: OtlpAnyValue): void {
  const slot = w.beginMessage(field);
  if (v.stringValue !== undefined) w.stringField(1, v.stringValue, true);
  else if (v.boolValue !== undefined) w.boolField(2, v.boolValue);
  else if (v.intValue !== undefined) {
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

// Tempo's trace JSON written straight from stored OTLP protobuf, without building OTLP objects and
// render objects first. The text is exactly `JSON.stringify(renderResourceSpans(decodeTracesData(
// chunk…), 'tempo'))`: same fields, order, zero values left out, base64 IDs, enum names
// (tempo-json-writer.test.ts holds it to that). One cursor walks the bytes; nothing is allocated per
// nested message.

import { ProtobufError } from './protobuf.ts';
import { SPAN_KIND_NAMES, STATUS_CODE_NAMES } from './types.ts';

const MAX_VALUE_DEPTH = 32;
const TWO_32 = 4294967296;
const TEXT_DECODER = new TextDecoder('utf-8');

const str = JSON.stringify;

/** Reads protobuf wire values from `buf`; every read is bounded by the enclosing message's end. */
class Cursor {
  pos = 0;

  constructor(readonly buf: Buffer) {}

  /** A varint up to 2^53 exactly (as ProtoReader.varint). */
  varint(end: number): number {
    let result = 0;
    let shift = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= end) throw new ProtobufError('truncated varint');
      const b = this.buf[this.pos++];
      result += (b & 0x7f) * shift;
      if (b < 0x80) return result;
      shift *= 128;
    }
    throw new ProtobufError('varint too long');
  }

  /** A varint as a signed 64-bit decimal string (int64 two's complement). */
  int64String(end: number): string {
    let result = 0n;
    let shift = 0n;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= end) throw new ProtobufError('truncated varint');
      const b = this.buf[this.pos++];
      result |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return BigInt.asIntN(64, result).toString();
      shift += 7n;
    }
    throw new ProtobufError('varint too long');
  }

  /** Reads a length prefix: the cursor is left at the field's start; returns the field's end. */
  open(end: number): number {
    const len = this.varint(end);
    const fieldEnd = this.pos + len;
    if (fieldEnd > end) throw new ProtobufError('truncated length-delimited field');
    return fieldEnd;
  }

  string(end: number): string {
    const e = this.open(end);
    const s = this.pos;
    this.pos = e;
    const b = this.buf;
    // TextDecoder (what the object decoder uses) drops a leading byte-order mark; Buffer keeps it.
    if (e - s >= 3 && b[s] === 0xef && b[s + 1] === 0xbb && b[s + 2] === 0xbf)
      return TEXT_DECODER.decode(b.subarray(s, e));
    return b.toString('utf8', s, e);
  }

  base64(end: number): string {
    const e = this.open(end);
    const s = this.pos;
    this.pos = e;
    return this.buf.toString('base64', s, e);
  }

  fixed64Text(end: number): string {
    if (this.pos + 8 > end) throw new ProtobufError('truncated fixed64');
    const lo = this.buf.readUInt32LE(this.pos);
    const hi = this.buf.readUInt32LE(this.pos + 4);
    this.pos += 8;
    if (hi < 0x200000) return String(hi * TWO_32 + lo);
    return ((BigInt(hi) << 32n) | BigInt(lo)).toString();
  }

  fixed32(end: number): number {
    if (this.pos + 4 > end) throw new ProtobufError('truncated fixed32');
    const v = this.buf.readUInt32LE(this.pos);
    this.pos += 4;
    return v;
  }

  double(end: number): number {
    if (this.pos + 8 > end) throw new ProtobufError('truncated double');
    const v = this.buf.readDoubleLE(this.pos);
    this.pos += 8;
    return v;
  }

  skip(wireType: number, end: number): void {
    switch (wireType) {
      case 0:
        this.varint(end);
        return;
      case 1:
        if (this.pos + 8 > end) throw new ProtobufError('truncated field');
        this.pos += 8;
        return;
      case 2:
        this.pos = this.open(end);
        return;
      case 5:
        if (this.pos + 4 > end) throw new ProtobufError('truncated field');
        this.pos += 4;
        return;
      default:
        throw new ProtobufError(`unsupported wire type ${wireType}`);
    }
  }
}

function list(items: string[]): string {
  return `[${items.join(',')}]`;
}

function enumJson(names: readonly string[], code: number): string {
  return str(names[code] ?? code);
}

/** One length-delimited AnyValue at the cursor. */
function anyValue(c: Cursor, outerEnd: number, depth: number): string {
  if (depth > MAX_VALUE_DEPTH) throw new ProtobufError('attribute values nested too deeply');
  const end = c.open(outerEnd);
  let v = '{}';
  while (c.pos < end) {
    const tag = c.varint(end);
    switch (tag) {
      case (1 << 3) + 2:
        v = `{"stringValue":${str(c.string(end))}}`;
        break;
      case 2 << 3:
        v = `{"boolValue":${c.varint(end) !== 0}}`;
        break;
      case 3 << 3:
        v = `{"intValue":"${c.int64String(end)}"}`;
        break;
      case (4 << 3) + 1:
        v = `{"doubleValue":${str(c.double(end))}}`;
        break;
      case (5 << 3) + 2: {
        const ae = c.open(end);
        const values: string[] = [];
        while (c.pos < ae) {
          const t = c.varint(ae);
          if (t === (1 << 3) + 2) values.push(anyValue(c, ae, depth + 1));
          else c.skip(t & 7, ae);
        }
        v = `{"arrayValue":{"values":${list(values)}}}`;
        break;
      }
      case (6 << 3) + 2: {
        const ke = c.open(end);
        const values: string[] = [];
        while (c.pos < ke) {
          const t = c.varint(ke);
          if (t === (1 << 3) + 2) values.push(keyValue(c, ke, depth + 1));
          else c.skip(t & 7, ke);
        }
        v = `{"kvlistValue":{"values":${list(values)}}}`;
        break;
      }
      case (7 << 3) + 2:
        v = `{"bytesValue":${str(c.base64(end))}}`;
        break;
      default:
        c.skip(tag & 7, end);
    }
  }
  c.pos = end;
  return v;
}

/** One length-delimited KeyValue at the cursor. */
function keyValue(c: Cursor, outerEnd: number, depth: number): string {
  const end = c.open(outerEnd);
  let key = '';
  let value = '{}';
  while (c.pos < end) {
    const tag = c.varint(end);
    if (tag === (1 << 3) + 2) key = c.string(end);
    else if (tag === (2 << 3) + 2) value = anyValue(c, end, depth + 1);
    else c.skip(tag & 7, end);
  }
  return `{"key":${str(key)},"value":${value}}`;
}

function event(c: Cursor, end: number): string {
  let time = '0';
  let name = '';
  const attributes: string[] = [];
  let dropped = 0;
  while (c.pos < end) {
    const tag = c.varint(end);
    if (tag === (1 << 3) + 1) time = c.fixed64Text(end);
    else if (tag === (2 << 3) + 2) name = c.string(end);
    else if (tag === (3 << 3) + 2) attributes.push(keyValue(c, end, 0));
    else if (tag === 4 << 3) dropped = c.varint(end);
    else c.skip(tag & 7, end);
  }
  let out = `{"timeUnixNano":"${time}","name":${str(name)}`;
  if (attributes.length) out += `,"attributes":${list(attributes)}`;
  if (dropped) out += `,"droppedAttributesCount":${dropped}`;
  return `${out}}`;
}

function link(c: Cursor, end: number): string {
  let traceId = '';
  let spanId = '';
  let traceState = '';
  const attributes: string[] = [];
  let dropped = 0;
  let flags = 0;
  while (c.pos < end) {
    const tag = c.varint(end);
    if (tag === (1 << 3) + 2) traceId = c.base64(end);
    else if (tag === (2 << 3) + 2) spanId = c.base64(end);
    else if (tag === (3 << 3) + 2) traceState = c.string(end);
    else if (tag === (4 << 3) + 2) attributes.push(keyValue(c, end, 0));
    else if (tag === 5 << 3) dropped = c.varint(end);
    else if (tag === (6 << 3) + 5) flags = c.fixed32(end);
    else c.skip(tag & 7, end);
  }
  let out = `{"traceId":"${traceId}","spanId":"${spanId}"`;
  if (traceState) out += `,"traceState":${str(traceState)}`;
  if (attributes.length) out += `,"attributes":${list(attributes)}`;
  if (dropped) out += `,"droppedAttributesCount":${dropped}`;
  if (flags) out += `,"flags":${flags}`;
  return `${out}}`;
}

function span(c: Cursor, end: number): string {
  let traceId = '';
  let spanId = '';
  let parentSpanId = '';
  let traceState = '';
  let flags = 0;
  let name = '';
  let kind = 0;
  let start = '0';
  let stop = '0';
  const attributes: string[] = [];
  let droppedAttributes = 0;
  const events: string[] = [];
  let droppedEvents = 0;
  const links: string[] = [];
  let droppedLinks = 0;
  let statusMessage = '';
  let statusCode = 0;
  while (c.pos < end) {
    const tag = c.varint(end);
    switch (tag) {
      case (1 << 3) + 2:
        traceId = c.base64(end);
        break;
      case (2 << 3) + 2:
        spanId = c.base64(end);
        break;
      case (3 << 3) + 2:
        traceState = c.string(end);
        break;
      case (4 << 3) + 2:
        parentSpanId = c.base64(end);
        break;
      case (16 << 3) + 5:
        flags = c.fixed32(end);
        break;
      case (5 << 3) + 2:
        name = c.string(end);
        break;
      case 6 << 3:
        kind = c.varint(end);
        break;
      case (7 << 3) + 1:
        start = c.fixed64Text(end);
        break;
      case (8 << 3) + 1:
        stop = c.fixed64Text(end);
        break;
      case (9 << 3) + 2:
        attributes.push(keyValue(c, end, 0));
        break;
      case 10 << 3:
        droppedAttributes = c.varint(end);
        break;
      case (11 << 3) + 2: {
        const e = c.open(end);
        events.push(event(c, e));
        c.pos = e;
        break;
      }
      case 12 << 3:
        droppedEvents = c.varint(end);
        break;
      case (13 << 3) + 2: {
        const e = c.open(end);
        links.push(link(c, e));
        c.pos = e;
        break;
      }
      case 14 << 3:
        droppedLinks = c.varint(end);
        break;
      case (15 << 3) + 2: {
        const e = c.open(end);
        while (c.pos < e) {
          const t = c.varint(e);
          if (t === (2 << 3) + 2) statusMessage = c.string(e);
          else if (t === 3 << 3) statusCode = c.varint(e);
          else c.skip(t & 7, e);
        }
        break;
      }
      default:
        c.skip(tag & 7, end);
    }
  }
  // IDs are base64 (no characters JSON escapes).
  let out = `{"traceId":"${traceId}","spanId":"${spanId}"`;
  if (traceState) out += `,"traceState":${str(traceState)}`;
  if (parentSpanId) out += `,"parentSpanId":"${parentSpanId}"`;
  if (flags) out += `,"flags":${flags}`;
  out += `,"name":${str(name)}`;
  if (kind) out += `,"kind":${enumJson(SPAN_KIND_NAMES, kind)}`;
  out += `,"startTimeUnixNano":"${start}","endTimeUnixNano":"${stop}"`;
  if (attributes.length) out += `,"attributes":${list(attributes)}`;
  if (droppedAttributes) out += `,"droppedAttributesCount":${droppedAttributes}`;
  if (events.length) out += `,"events":${list(events)}`;
  if (droppedEvents) out += `,"droppedEventsCount":${droppedEvents}`;
  if (links.length) out += `,"links":${list(links)}`;
  if (droppedLinks) out += `,"droppedLinksCount":${droppedLinks}`;
  let status = '';
  if (statusMessage) status = `"message":${str(statusMessage)}`;
  if (statusCode) status += `${status ? ',' : ''}"code":${enumJson(STATUS_CODE_NAMES, statusCode)}`;
  return `${out},"status":{${status}}}`;
}

function scope(c: Cursor, end: number): string {
  let name = '';
  let version = '';
  const attributes: string[] = [];
  while (c.pos < end) {
    const tag = c.varint(end);
    if (tag === (1 << 3) + 2) name = c.string(end);
    else if (tag === (2 << 3) + 2) version = c.string(end);
    else if (tag === (3 << 3) + 2) attributes.push(keyValue(c, end, 0));
    else if (tag === 4 << 3) c.varint(end);
    else c.skip(tag & 7, end);
  }
  const fields: string[] = [];
  if (name) fields.push(`"name":${str(name)}`);
  if (version) fields.push(`"version":${str(version)}`);
  if (attributes.length) fields.push(`"attributes":${list(attributes)}`);
  return `{${fields.join(',')}}`;
}

function scopeSpans(c: Cursor, end: number): string {
  let scopeJson = '{}';
  const spans: string[] = [];
  let schemaUrl = '';
  while (c.pos < end) {
    const tag = c.varint(end);
    const field = tag >>> 3;
    if (field === 1 && (tag & 7) === 2) {
      const e = c.open(end);
      scopeJson = scope(c, e);
      c.pos = e;
    } else if (field === 2 && (tag & 7) === 2) {
      const e = c.open(end);
      spans.push(span(c, e));
      c.pos = e;
    } else if (field === 3 && (tag & 7) === 2) schemaUrl = c.string(end);
    else c.skip(tag & 7, end);
  }
  const out = `{"scope":${scopeJson},"spans":${list(spans)}`;
  return schemaUrl ? `${out},"schemaUrl":${str(schemaUrl)}}` : `${out}}`;
}

function resourceSpans(c: Cursor, end: number): string {
  const attributes: string[] = [];
  let dropped = 0;
  const scopes: string[] = [];
  let schemaUrl = '';
  while (c.pos < end) {
    const tag = c.varint(end);
    const field = tag >>> 3;
    if (field === 1 && (tag & 7) === 2) {
      const e = c.open(end);
      while (c.pos < e) {
        const t = c.varint(e);
        if (t === (1 << 3) + 2) attributes.push(keyValue(c, e, 0));
        else if (t === (2 << 3) + 0) dropped = c.varint(e);
        else c.skip(t & 7, e);
      }
    } else if (field === 2 && (tag & 7) === 2) {
      const e = c.open(end);
      scopes.push(scopeSpans(c, e));
      c.pos = e;
    } else if (field === 3 && (tag & 7) === 2) schemaUrl = c.string(end);
    else c.skip(tag & 7, end);
  }
  const resource: string[] = [];
  if (attributes.length) resource.push(`"attributes":${list(attributes)}`);
  if (dropped) resource.push(`"droppedAttributesCount":${dropped}`);
  const out = `{"resource":{${resource.join(',')}},"scopeSpans":${list(scopes)}`;
  return schemaUrl ? `${out},"schemaUrl":${str(schemaUrl)}}` : `${out}}`;
}

/** The JSON array of ResourceSpans (Tempo's dialect) of the given TracesData messages, in order. */
export function tempoResourceSpansJson(chunks: readonly Uint8Array[]): string {
  const out: string[] = [];
  for (const chunk of chunks) {
    const c = new Cursor(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    const end = chunk.length;
    while (c.pos < end) {
      const tag = c.varint(end);
      if (tag === (1 << 3) + 2) {
        const e = c.open(end);
        out.push(resourceSpans(c, e));
        c.pos = e;
      } else c.skip(tag & 7, end);
    }
  }
  return list(out);
}

// Tempo's trace JSON written straight from stored OTLP protobuf, without building OTLP objects and
// render objects first. The text is exactly `JSON.stringify(renderResourceSpans(decodeTracesData(
// chunk…), 'tempo'))`: same fields, order, zero values left out, base64 IDs, enum names
// (tempo-json-writer.test.ts holds it to that). The one wire reader (src/formats/protobuf-wire.ts)
// walks the bytes, narrowed to each nested message in turn; nothing is allocated per nested message.
// See docs/decisions/0052 and 0130.

import { WireError, WireReader } from '../../../src/formats/protobuf-wire.ts';
import { encodeTracesData } from './otlp-protobuf.ts';
import { emptySpan, SPAN_KIND_NAMES, STATUS_CODE_NAMES } from './types.ts';

const MAX_VALUE_DEPTH = 32;
const TWO_32 = 4294967296;
const TEXT_DECODER = new TextDecoder('utf-8');

const str = JSON.stringify;

// The shared reader walks the message; text comes out of the same bytes through a Buffer view `b`
// (Buffer's UTF-8 and base64 are faster than TextDecoder and our own base64 here).

function text(r: WireReader, b: Buffer): string {
  const e = r.delimitedEnd();
  const s = r.pos;
  r.pos = e;
  // TextDecoder (what the object decoder uses) drops a leading byte-order mark; Buffer keeps it.
  if (e - s >= 3 && b[s] === 0xef && b[s + 1] === 0xbb && b[s + 2] === 0xbf)
    return TEXT_DECODER.decode(b.subarray(s, e));
  return b.toString('utf8', s, e);
}

function base64(r: WireReader, b: Buffer): string {
  const e = r.delimitedEnd();
  const s = r.pos;
  r.pos = e;
  return b.toString('base64', s, e);
}

function fixed64Text(r: WireReader): string {
  const lo = r.fixed64Lo();
  const hi = r.fixed64Hi();
  if (hi < 0x200000) return String(hi * TWO_32 + lo);
  return ((BigInt(hi) << 32n) | BigInt(lo)).toString();
}

function list(items: string[]): string {
  return `[${items.join(',')}]`;
}

function enumJson(names: readonly string[], code: number): string {
  return str(names[code] ?? code);
}

/** One length-delimited AnyValue at the reader. */
function anyValue(r: WireReader, b: Buffer, depth: number): string {
  if (depth > MAX_VALUE_DEPTH) throw new WireError('attribute values nested too deeply');
  const outer = r.enter();
  let v = '{}';
  while (r.pos < r.end) {
    const tag = r.varint();
    switch (tag) {
      case (1 << 3) + 2:
        v = `{"stringValue":${str(text(r, b))}}`;
        break;
      case 2 << 3:
        v = `{"boolValue":${r.varint() !== 0}}`;
        break;
      case 3 << 3:
        v = `{"intValue":"${r.int64String()}"}`;
        break;
      case (4 << 3) + 1:
        v = `{"doubleValue":${str(r.double())}}`;
        break;
      case (5 << 3) + 2: {
        const array = r.enter();
        const values: string[] = [];
        while (r.pos < r.end) {
          const t = r.varint();
          if (t === (1 << 3) + 2) values.push(anyValue(r, b, depth + 1));
          else r.skip(t & 7);
        }
        r.leave(array);
        v = `{"arrayValue":{"values":${list(values)}}}`;
        break;
      }
      case (6 << 3) + 2: {
        const kvlist = r.enter();
        const values: string[] = [];
        while (r.pos < r.end) {
          const t = r.varint();
          if (t === (1 << 3) + 2) values.push(keyValue(r, b, depth + 1));
          else r.skip(t & 7);
        }
        r.leave(kvlist);
        v = `{"kvlistValue":{"values":${list(values)}}}`;
        break;
      }
      case (7 << 3) + 2:
        v = `{"bytesValue":${str(base64(r, b))}}`;
        break;
      default:
        r.skip(tag & 7);
    }
  }
  r.leave(outer);
  return v;
}

/** One length-delimited KeyValue at the reader. */
function keyValue(r: WireReader, b: Buffer, depth: number): string {
  const outer = r.enter();
  let key = '';
  let value = '{}';
  while (r.pos < r.end) {
    const tag = r.varint();
    if (tag === (1 << 3) + 2) key = text(r, b);
    else if (tag === (2 << 3) + 2) value = anyValue(r, b, depth + 1);
    else r.skip(tag & 7);
  }
  r.leave(outer);
  return `{"key":${str(key)},"value":${value}}`;
}

function event(r: WireReader, b: Buffer): string {
  const outer = r.enter();
  let time = '0';
  let name = '';
  const attributes: string[] = [];
  let dropped = 0;
  while (r.pos < r.end) {
    const tag = r.varint();
    if (tag === (1 << 3) + 1) time = fixed64Text(r);
    else if (tag === (2 << 3) + 2) name = text(r, b);
    else if (tag === (3 << 3) + 2) attributes.push(keyValue(r, b, 0));
    else if (tag === 4 << 3) dropped = r.varint();
    else r.skip(tag & 7);
  }
  r.leave(outer);
  let out = `{"timeUnixNano":"${time}","name":${str(name)}`;
  if (attributes.length) out += `,"attributes":${list(attributes)}`;
  if (dropped) out += `,"droppedAttributesCount":${dropped}`;
  return `${out}}`;
}

function link(r: WireReader, b: Buffer): string {
  const outer = r.enter();
  let traceId = '';
  let spanId = '';
  let traceState = '';
  const attributes: string[] = [];
  let dropped = 0;
  let flags = 0;
  while (r.pos < r.end) {
    const tag = r.varint();
    if (tag === (1 << 3) + 2) traceId = base64(r, b);
    else if (tag === (2 << 3) + 2) spanId = base64(r, b);
    else if (tag === (3 << 3) + 2) traceState = text(r, b);
    else if (tag === (4 << 3) + 2) attributes.push(keyValue(r, b, 0));
    else if (tag === 5 << 3) dropped = r.varint();
    else if (tag === (6 << 3) + 5) flags = r.fixed32();
    else r.skip(tag & 7);
  }
  r.leave(outer);
  let out = `{"traceId":"${traceId}","spanId":"${spanId}"`;
  if (traceState) out += `,"traceState":${str(traceState)}`;
  if (attributes.length) out += `,"attributes":${list(attributes)}`;
  if (dropped) out += `,"droppedAttributesCount":${dropped}`;
  if (flags) out += `,"flags":${flags}`;
  return `${out}}`;
}

function span(r: WireReader, b: Buffer): string {
  const outer = r.enter();
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
  while (r.pos < r.end) {
    const tag = r.varint();
    switch (tag) {
      case (1 << 3) + 2:
        traceId = base64(r, b);
        break;
      case (2 << 3) + 2:
        spanId = base64(r, b);
        break;
      case (3 << 3) + 2:
        traceState = text(r, b);
        break;
      case (4 << 3) + 2:
        parentSpanId = base64(r, b);
        break;
      case (16 << 3) + 5:
        flags = r.fixed32();
        break;
      case (5 << 3) + 2:
        name = text(r, b);
        break;
      case 6 << 3:
        kind = r.varint();
        break;
      case (7 << 3) + 1:
        start = fixed64Text(r);
        break;
      case (8 << 3) + 1:
        stop = fixed64Text(r);
        break;
      case (9 << 3) + 2:
        attributes.push(keyValue(r, b, 0));
        break;
      case 10 << 3:
        droppedAttributes = r.varint();
        break;
      case (11 << 3) + 2:
        events.push(event(r, b));
        break;
      case 12 << 3:
        droppedEvents = r.varint();
        break;
      case (13 << 3) + 2:
        links.push(link(r, b));
        break;
      case 14 << 3:
        droppedLinks = r.varint();
        break;
      case (15 << 3) + 2: {
        const status = r.enter();
        while (r.pos < r.end) {
          const t = r.varint();
          if (t === (2 << 3) + 2) statusMessage = text(r, b);
          else if (t === 3 << 3) statusCode = r.varint();
          else r.skip(t & 7);
        }
        r.leave(status);
        break;
      }
      default:
        r.skip(tag & 7);
    }
  }
  r.leave(outer);
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

function scope(r: WireReader, b: Buffer): string {
  const outer = r.enter();
  let name = '';
  let version = '';
  const attributes: string[] = [];
  while (r.pos < r.end) {
    const tag = r.varint();
    if (tag === (1 << 3) + 2) name = text(r, b);
    else if (tag === (2 << 3) + 2) version = text(r, b);
    else if (tag === (3 << 3) + 2) attributes.push(keyValue(r, b, 0));
    else if (tag === 4 << 3) r.varint();
    else r.skip(tag & 7);
  }
  r.leave(outer);
  const fields: string[] = [];
  if (name) fields.push(`"name":${str(name)}`);
  if (version) fields.push(`"version":${str(version)}`);
  if (attributes.length) fields.push(`"attributes":${list(attributes)}`);
  return `{${fields.join(',')}}`;
}

function scopeSpans(r: WireReader, b: Buffer): string {
  const outer = r.enter();
  let scopeJson = '{}';
  const spans: string[] = [];
  let schemaUrl = '';
  while (r.pos < r.end) {
    const tag = r.varint();
    if (tag === (1 << 3) + 2) scopeJson = scope(r, b);
    else if (tag === (2 << 3) + 2) spans.push(span(r, b));
    else if (tag === (3 << 3) + 2) schemaUrl = text(r, b);
    else r.skip(tag & 7);
  }
  r.leave(outer);
  const out = `{"scope":${scopeJson},"spans":${list(spans)}`;
  return schemaUrl ? `${out},"schemaUrl":${str(schemaUrl)}}` : `${out}}`;
}

function resourceSpans(r: WireReader, b: Buffer): string {
  const outer = r.enter();
  const attributes: string[] = [];
  let dropped = 0;
  const scopes: string[] = [];
  let schemaUrl = '';
  while (r.pos < r.end) {
    const tag = r.varint();
    if (tag === (1 << 3) + 2) {
      const resource = r.enter();
      while (r.pos < r.end) {
        const t = r.varint();
        if (t === (1 << 3) + 2) attributes.push(keyValue(r, b, 0));
        else if (t === (2 << 3) + 0) dropped = r.varint();
        else r.skip(t & 7);
      }
      r.leave(resource);
    } else if (tag === (2 << 3) + 2) scopes.push(scopeSpans(r, b));
    else if (tag === (3 << 3) + 2) schemaUrl = text(r, b);
    else r.skip(tag & 7);
  }
  r.leave(outer);
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
    const r = new WireReader(chunk);
    const b = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    while (r.pos < r.end) {
      const tag = r.varint();
      if (tag === (1 << 3) + 2) out.push(resourceSpans(r, b));
      else r.skip(tag & 7);
    }
  }
  return list(out);
}

/**
 * Runs the writer over a small made-up trace (every kind of value, events, links, status) until V8
 * has optimized it, so the first trace asked for as JSON is written at warm speed (decision 0324):
 * measured on a 10,000-span trace, the first call took 87–102 ms of CPU without this and 36–38 ms
 * with it, as later calls do. About 40 ms of CPU, run once after start.
 */
export function warmTempoJsonWriter(rounds = 25): void {
  const attributes = [
    { key: 's', value: { stringValue: 'text "quoted"' } },
    { key: 'i', value: { intValue: '42' } },
    { key: 'd', value: { doubleValue: 1.5 } },
    { key: 'b', value: { boolValue: true } },
    { key: 'a', value: { arrayValue: { values: [{ stringValue: 'x' }, { intValue: '1' }] } } },
  ];
  const spans = Array.from({ length: 200 }, (_, i) => {
    const s = emptySpan();
    s.traceId = '0af7651916cd43dd8448eb211c80319c';
    s.spanId = (i + 1).toString(16).padStart(16, '0');
    s.parentSpanId = i === 0 ? '' : '0000000000000001';
    s.name = `warm-${i % 7}`;
    s.kind = (i % 5) + 1;
    s.startTimeUnixNano = 1_700_000_000_000_000_000n + BigInt(i);
    s.endTimeUnixNano = s.startTimeUnixNano + 1_000n;
    s.attributes = attributes;
    if (i % 10 === 0) {
      s.events = [{ timeUnixNano: s.startTimeUnixNano, name: 'e', attributes, droppedAttributesCount: 0 }];
      s.status = { code: 2, message: 'boom' };
    }
    return s;
  });
  const chunk = encodeTracesData([
    {
      resource: {
        attributes: [{ key: 'service.name', value: { stringValue: 'warm' } }],
        droppedAttributesCount: 0,
      },
      scopeSpans: [
        {
          scope: { name: 'warm', version: '1', attributes: [], droppedAttributesCount: 0 },
          spans,
          schemaUrl: '',
        },
      ],
      schemaUrl: '',
    },
  ]);
  for (let i = 0; i < rounds; i++) tempoResourceSpansJson([chunk]);
}

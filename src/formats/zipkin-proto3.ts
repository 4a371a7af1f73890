// Zipkin's proto3 encoding (zipkin.proto3.ListOfSpans, as `POST /api/v2/spans` takes with
// `Content-Type: application/x-protobuf`), read into the JSON v2 span shape, so `zipkinToOtlp` and the
// Zipkin decoder keep one mapping. Field numbers from openzipkin/zipkin-api's zipkin.proto. Throws
// WireError when the bytes are not that message.

import { WireError, WireReader, WireType } from './protobuf-wire.ts';

const KINDS = ['', 'CLIENT', 'SERVER', 'PRODUCER', 'CONSUMER'];

function hex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

/** An IPv6 address as text, the longest run of two or more zero groups written `::`. */
function ipv6Text(bytes: Uint8Array): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((bytes[i] << 8) | bytes[i + 1]);
  let best = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      best = i;
      bestLength = j - i;
    }
    i = j === i ? i + 1 : j;
  }
  const text = (list: number[]) => list.map((g) => g.toString(16)).join(':');
  if (best < 0) return text(groups);
  return `${text(groups.slice(0, best))}::${text(groups.slice(best + bestLength))}`;
}

function expect(key: number, wireType: number, at: number): void {
  if ((key & 7) !== wireType)
    throw new WireError(`field ${key >>> 3} has wire type ${key & 7} at byte ${at}`);
}

/** A fixed64 of microseconds as a number (exact below 2^53 µs, about 285 years). */
function micros(r: WireReader): number {
  return Number(r.fixed64());
}

function endpoint(r: WireReader): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const outer = r.enter();
  while (r.pos < r.end) {
    const at = r.pos;
    const key = r.varint();
    const field = key >>> 3;
    if (field === 1) {
      expect(key, WireType.Bytes, at);
      out.serviceName = r.string();
    } else if (field === 2) {
      expect(key, WireType.Bytes, at);
      const b = r.bytes();
      if (b.length === 4) out.ipv4 = Array.from(b).join('.');
    } else if (field === 3) {
      expect(key, WireType.Bytes, at);
      const b = r.bytes();
      if (b.length === 16) out.ipv6 = ipv6Text(b);
    } else if (field === 4) {
      expect(key, WireType.Varint, at);
      out.port = (r.varint() % 2 ** 32) | 0;
    } else r.skip(key & 7);
  }
  r.leave(outer);
  return out;
}

function span(r: WireReader): Record<string, unknown> {
  const s: Record<string, unknown> = {};
  const annotations: Record<string, unknown>[] = [];
  const tags: Record<string, string> = {};
  const outer = r.enter();
  while (r.pos < r.end) {
    const at = r.pos;
    const key = r.varint();
    const field = key >>> 3;
    switch (field) {
      case 1:
      case 2:
      case 3: {
        expect(key, WireType.Bytes, at);
        s[field === 1 ? 'traceId' : field === 2 ? 'parentId' : 'id'] = hex(r.bytes());
        break;
      }
      case 4:
        expect(key, WireType.Varint, at);
        s.kind = KINDS[r.varint()] ?? '';
        break;
      case 5:
        expect(key, WireType.Bytes, at);
        s.name = r.string();
        break;
      case 6:
        expect(key, WireType.Fixed64, at);
        s.timestamp = micros(r);
        break;
      case 7:
        expect(key, WireType.Varint, at);
        s.duration = r.varint();
        break;
      case 8:
      case 9:
        expect(key, WireType.Bytes, at);
        s[field === 8 ? 'localEndpoint' : 'remoteEndpoint'] = endpoint(r);
        break;
      case 10: {
        expect(key, WireType.Bytes, at);
        const a: Record<string, unknown> = {};
        const end = r.enter();
        while (r.pos < r.end) {
          const k = r.varint();
          if (k === ((1 << 3) | WireType.Fixed64)) a.timestamp = micros(r);
          else if (k === ((2 << 3) | WireType.Bytes)) a.value = r.string();
          else r.skip(k & 7);
        }
        r.leave(end);
        annotations.push(a);
        break;
      }
      case 11: {
        expect(key, WireType.Bytes, at);
        let k = '';
        let v = '';
        const end = r.enter();
        while (r.pos < r.end) {
          const t = r.varint();
          if (t === ((1 << 3) | WireType.Bytes)) k = r.string();
          else if (t === ((2 << 3) | WireType.Bytes)) v = r.string();
          else r.skip(t & 7);
        }
        r.leave(end);
        tags[k] = v;
        break;
      }
      case 12:
        // debug: sampling forced (decision 0333).
        expect(key, WireType.Varint, at);
        if (r.varint() !== 0) s.debug = true;
        break;
      case 13:
        expect(key, WireType.Varint, at);
        if (r.varint() !== 0) s.shared = true;
        break;
      default:
        r.skip(key & 7);
    }
  }
  r.leave(outer);
  if (annotations.length > 0) s.annotations = annotations;
  if (Object.keys(tags).length > 0) s.tags = tags;
  return s;
}

/** The spans of a ListOfSpans message, each as its Zipkin JSON v2 object. */
export function readZipkinProto3(bytes: Uint8Array): Record<string, unknown>[] {
  const r = new WireReader(bytes);
  const spans: Record<string, unknown>[] = [];
  while (r.pos < r.end) {
    const at = r.pos;
    const key = r.varint();
    if (key >>> 3 !== 1) {
      r.skip(key & 7);
      continue;
    }
    expect(key, WireType.Bytes, at);
    spans.push(span(r));
  }
  return spans;
}

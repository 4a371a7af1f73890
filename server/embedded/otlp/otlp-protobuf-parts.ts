// The messages OTLP's trace and log protobufs share (Resource, InstrumentationScope, KeyValue, AnyValue)
// and the walk over a repeated top-level field, read with the one wire reader (src/formats). Every
// `decode…` reads the length-delimited message at the reader's position and leaves it just past it.
// Throws WireError on malformed input.

import { WireError, type WireReader, WireType } from '../../../src/formats/protobuf-wire.ts';
import { emptyScope, type OtlpAnyValue, type OtlpKeyValue, type OtlpScope } from './types.ts';

/** Attribute values nest (arrays, kvlists); a hostile payload must not exhaust the stack. */
const MAX_VALUE_DEPTH = 32;

const STRING_1 = (1 << 3) | WireType.Bytes;
const STRING_2 = (2 << 3) | WireType.Bytes;
const STRING_3 = (3 << 3) | WireType.Bytes;
const VARINT_2 = (2 << 3) | WireType.Varint;
const VARINT_4 = (4 << 3) | WireType.Varint;

export interface OtlpResource {
  attributes: OtlpKeyValue[];
  droppedAttributesCount: number;
}

/** Every length-delimited `field` of the message the reader spans, each read by `decodeOne`. */
export function decodeRepeated<T>(r: WireReader, field: number, decodeOne: (r: WireReader) => T): T[] {
  const out: T[] = [];
  const tagOf = (field << 3) | WireType.Bytes;
  while (r.pos < r.end) {
    const tag = r.varint();
    if (tag === tagOf) out.push(decodeOne(r));
    else r.skip(tag & 7);
  }
  return out;
}

/** Resource { attributes = 1, dropped_attributes_count = 2 }, added to `into`. */
export function decodeResource(r: WireReader, into: OtlpResource): void {
  const outer = r.enter();
  while (r.pos < r.end) {
    const tag = r.varint();
    if (tag === STRING_1) into.attributes.push(decodeKeyValue(r, 0));
    else if (tag === VARINT_2) into.droppedAttributesCount = r.varint();
    else r.skip(tag & 7);
  }
  r.leave(outer);
}

/** InstrumentationScope { name = 1, version = 2, attributes = 3, dropped_attributes_count = 4 }, into `scope`. */
export function decodeScope(r: WireReader, scope: OtlpScope = emptyScope()): OtlpScope {
  const outer = r.enter();
  while (r.pos < r.end) {
    const tag = r.varint();
    if (tag === STRING_1) scope.name = r.string();
    else if (tag === STRING_2) scope.version = r.string();
    else if (tag === STRING_3) scope.attributes.push(decodeKeyValue(r, 0));
    else if (tag === VARINT_4) scope.droppedAttributesCount = r.varint();
    else r.skip(tag & 7);
  }
  r.leave(outer);
  return scope;
}

/** Attribute keys recur in every span: one string per key's bytes, in a small direct-mapped table. */
const KEY_SLOTS = 1024;
const MAX_INTERNED_KEY = 64;
const keyBytes: (Uint8Array | undefined)[] = new Array(KEY_SLOTS).fill(undefined);
const keyStrings: string[] = new Array(KEY_SLOTS).fill('');
const keyDecoder = new TextDecoder();

/**
 * A length-delimited key, the same string object each time the same bytes come (decision 0351): no
 * per-character concatenation per span, and Map lookups on it (redaction rules, digests, metrics)
 * hash a flat string once. A slot holds the last key that hashed to it; a miss decodes as usual.
 */
function keyString(r: WireReader): string {
  const end = r.delimitedEnd();
  const start = r.pos;
  r.pos = end;
  const len = end - start;
  const buf = r.buf;
  if (len > MAX_INTERNED_KEY) return keyDecoder.decode(buf.subarray(start, end));
  let h = len;
  for (let i = start; i < end; i++) h = Math.imul(h, 31) + buf[i];
  const slot = h & (KEY_SLOTS - 1);
  const cached = keyBytes[slot];
  if (cached !== undefined && cached.length === len) {
    let same = true;
    for (let i = 0; i < len; i++)
      if (cached[i] !== buf[start + i]) {
        same = false;
        break;
      }
    if (same) return keyStrings[slot];
  }
  const key = keyDecoder.decode(buf.subarray(start, end));
  keyBytes[slot] = buf.slice(start, end);
  keyStrings[slot] = key;
  return key;
}

export function decodeKeyValue(r: WireReader, depth: number): OtlpKeyValue {
  const kv: OtlpKeyValue = { key: '', value: {} };
  const outer = r.enter();
  while (r.pos < r.end) {
    const tag = r.varint();
    if (tag === STRING_1) kv.key = keyString(r);
    else if (tag === STRING_2) kv.value = decodeAnyValue(r, depth + 1);
    else r.skip(tag & 7);
  }
  r.leave(outer);
  return kv;
}

export function decodeAnyValue(r: WireReader, depth: number): OtlpAnyValue {
  if (depth > MAX_VALUE_DEPTH) throw new WireError('attribute values nested too deeply');
  let v: OtlpAnyValue = {};
  const outer = r.enter();
  while (r.pos < r.end) {
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
        const array = r.enter();
        const values = decodeRepeatedValues(r, depth);
        r.leave(array);
        v = { arrayValue: { values } };
        break;
      }
      case (6 << 3) + 2: {
        const kvlist = r.enter();
        const values: OtlpKeyValue[] = [];
        while (r.pos < r.end) {
          const t = r.varint();
          if (t === STRING_1) values.push(decodeKeyValue(r, depth + 1));
          else r.skip(t & 7);
        }
        r.leave(kvlist);
        v = { kvlistValue: { values } };
        break;
      }
      case (7 << 3) + 2:
        v = { bytesValue: bytesToBase64(r.bytes()) };
        break;
      default:
        r.skip(tag & 7);
    }
  }
  r.leave(outer);
  return v;
}

function decodeRepeatedValues(r: WireReader, depth: number): OtlpAnyValue[] {
  const values: OtlpAnyValue[] = [];
  while (r.pos < r.end) {
    const t = r.varint();
    if (t === STRING_1) values.push(decodeAnyValue(r, depth + 1));
    else r.skip(t & 7);
  }
  return values;
}

export function hexToBytes(hex: string): Uint8Array {
  return Buffer.from(hex, 'hex');
}

export function bytesToHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

function bytesToBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

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

export function decodeKeyValue(r: WireReader, depth: number): OtlpKeyValue {
  const kv: OtlpKeyValue = { key: '', value: {} };
  const outer = r.enter();
  while (r.pos < r.end) {
    const tag = r.varint();
    if (tag === STRING_1) kv.key = r.string();
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

// The one protobuf wire writer (server responses and stored fragments, bench and test payloads), beside
// the one reader in ./protobuf-wire.ts. A growable byte buffer; a nested message is written in place by
// reserving a length slot and patching it, so nothing is encoded twice. `…Field` writers leave out
// proto3 zero values unless told `always`; the bare writers (`varint`, `int64`, `fixed64`) write a value
// after a `tag` the caller wrote. Every writer refuses (WireWriteError) a value its reader in
// ./protobuf-wire.ts could not read back as written: a negative, fractional or unsafe varint, a fixed32
// or fixed64 out of its range, an int64 that is not a decimal integer in range. See
// docs/decisions/0130-one-wire-layer.md and 0200-ingest-refuses-what-it-cannot-store.md.

import { WireType } from './protobuf-wire.ts';

const TEXT_ENCODER = new TextEncoder();
const LENGTH_SLOT = 5;
const UINT64_MAX = (1n << 64n) - 1n;
const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

/** A value the writer will not encode, because the wire form would not read back as that value. */
export class WireWriteError extends RangeError {}

function int64Of(value: string | number | bigint): bigint {
  let v: bigint;
  if (typeof value === 'bigint') v = value;
  else if (typeof value === 'number' && Number.isSafeInteger(value)) v = BigInt(value);
  else if (typeof value === 'string' && /^-?\d+$/.test(value)) v = BigInt(value);
  else throw new WireWriteError(`int64 must be a decimal integer, got ${String(value).slice(0, 40)}`);
  if (v < INT64_MIN || v > INT64_MAX) throw new WireWriteError(`int64 out of range: ${v}`);
  return v;
}

export class WireWriter {
  private buf: Uint8Array;
  private view: DataView;
  pos = 0;

  constructor(capacity = 1024) {
    this.buf = new Uint8Array(capacity);
    this.view = new DataView(this.buf.buffer);
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  /** An unsigned varint of up to 53 bits. */
  varint(v: number): void {
    if (!(v >= 0 && Number.isSafeInteger(v)))
      throw new WireWriteError(`varint must be a safe unsigned integer, got ${v}`);
    this.ensure(10);
    while (v >= 0x80) {
      this.buf[this.pos++] = (v % 128) | 0x80;
      v = Math.floor(v / 128);
    }
    this.buf[this.pos++] = v;
  }

  /** A signed 64-bit integer (decimal string, number or bigint) as a two's complement varint. */
  int64(value: string | number | bigint): void {
    this.uint64Varint(BigInt.asUintN(64, int64Of(value)));
  }

  private uint64Varint(v: bigint): void {
    this.ensure(10);
    while (v >= 0x80n) {
      this.buf[this.pos++] = Number(v & 0x7fn) | 0x80;
      v >>= 7n;
    }
    this.buf[this.pos++] = Number(v);
  }

  fixed64(v: bigint): void {
    if (v < 0n || v > UINT64_MAX) throw new WireWriteError(`fixed64 out of range: ${v}`);
    this.ensure(8);
    this.view.setBigUint64(this.pos, v, true);
    this.pos += 8;
  }

  tag(field: number, wireType: number): void {
    this.varint(field * 8 + wireType);
  }

  int64Field(field: number, decimal: string): void {
    const v = BigInt.asUintN(64, int64Of(decimal));
    if (v === 0n) return;
    this.tag(field, WireType.Varint);
    this.uint64Varint(v);
  }

  uintField(field: number, v: number): void {
    if (v === 0) return; // NaN is not a zero value: varint refuses it

    this.tag(field, WireType.Varint);
    this.varint(v);
  }

  boolField(field: number, v: boolean): void {
    this.tag(field, WireType.Varint);
    this.varint(v ? 1 : 0);
  }

  fixed64Field(field: number, v: bigint, always = false): void {
    if (!always && v === 0n) return;
    this.tag(field, WireType.Fixed64);
    this.fixed64(v);
  }

  /** A uint32 varint field (dropped counts; enums, whose callers check the defined values). */
  uint32Field(field: number, v: number): void {
    if (!(v >= 0 && v <= 0xffffffff && Number.isInteger(v)))
      throw new WireWriteError(`uint32 out of range: ${v}`);
    this.uintField(field, v);
  }

  fixed32Field(field: number, v: number): void {
    if (!(v >= 0 && v <= 0xffffffff && Number.isInteger(v)))
      throw new WireWriteError(`fixed32 out of range: ${v}`);
    if (!v) return;
    this.tag(field, WireType.Fixed32);
    this.ensure(4);
    this.view.setUint32(this.pos, v, true);
    this.pos += 4;
  }

  doubleField(field: number, v: number): void {
    this.tag(field, WireType.Fixed64);
    this.ensure(8);
    this.view.setFloat64(this.pos, v, true);
    this.pos += 8;
  }

  bytesField(field: number, bytes: Uint8Array, always = false): void {
    if (!always && bytes.length === 0) return;
    this.tag(field, WireType.Bytes);
    this.varint(bytes.length);
    this.raw(bytes);
  }

  stringField(field: number, s: string, always = false): void {
    if (!always && s.length === 0) return;
    // Worst case 3 bytes per UTF-16 unit; written in place after a length slot.
    this.tag(field, WireType.Bytes);
    this.ensure(s.length * 3 + LENGTH_SLOT);
    const start = this.pos + LENGTH_SLOT;
    const { written } = TEXT_ENCODER.encodeInto(s, this.buf.subarray(start));
    this.writeLengthPrefixAt(start, written);
  }

  /** Starts a nested message; returns a token for `endMessage`. */
  beginMessage(field: number): number {
    this.tag(field, WireType.Bytes);
    this.ensure(LENGTH_SLOT);
    const slot = this.pos;
    this.pos += LENGTH_SLOT;
    return slot;
  }

  endMessage(slot: number): void {
    const start = slot + LENGTH_SLOT;
    this.writeLengthPrefixAt(start, this.pos - start);
  }

  /** Writes `len` as a varint just before `start` (where a slot was reserved), moving the body down. */
  private writeLengthPrefixAt(start: number, len: number): void {
    let p = start - LENGTH_SLOT;
    let v = len;
    while (v >= 0x80) {
      this.buf[p++] = (v % 128) | 0x80;
      v = Math.floor(v / 128);
    }
    this.buf[p++] = v;
    if (p < start) this.buf.copyWithin(p, start, start + len);
    this.pos = p + len;
  }

  /** Bytes copied as they are (an already encoded message or field). */
  raw(bytes: Uint8Array): void {
    this.ensure(bytes.length);
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
  }

  /** A copy of what was written. */
  finish(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }
}

// The one protobuf wire writer (server responses and stored fragments, bench and test payloads), beside
// the one reader in ./protobuf-wire.ts. A growable byte buffer; a nested message is written in place by
// reserving a length slot and patching it, so nothing is encoded twice. `…Field` writers leave out
// proto3 zero values unless told `always`; the bare writers (`varint`, `int64`, `fixed64`) write a value
// after a `tag` the caller wrote. See docs/decisions/0130-one-wire-layer.md.

import { WireType } from './protobuf-wire.ts';

const TEXT_ENCODER = new TextEncoder();
const LENGTH_SLOT = 5;

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
    this.ensure(10);
    while (v >= 0x80) {
      this.buf[this.pos++] = (v % 128) | 0x80;
      v = Math.floor(v / 128);
    }
    this.buf[this.pos++] = v;
  }

  /** A signed 64-bit integer (decimal string, number or bigint) as a two's complement varint. */
  int64(value: string | number | bigint): void {
    this.uint64Varint(BigInt.asUintN(64, BigInt(value)));
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
    this.ensure(8);
    this.view.setBigUint64(this.pos, v, true); // wraps modulo 2^64 itself
    this.pos += 8;
  }

  tag(field: number, wireType: number): void {
    this.varint(field * 8 + wireType);
  }

  int64Field(field: number, decimal: string): void {
    const v = BigInt.asUintN(64, BigInt(decimal));
    if (v === 0n) return;
    this.tag(field, WireType.Varint);
    this.uint64Varint(v);
  }

  uintField(field: number, v: number): void {
    if (!v) return;
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

  fixed32Field(field: number, v: number): void {
    if (!v) return;
    this.tag(field, WireType.Fixed32);
    this.ensure(4);
    this.view.setUint32(this.pos, v >>> 0, true);
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

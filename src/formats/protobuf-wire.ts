// The one protobuf wire reader (browser decoder, Tempo envelope checks, server decoders, the Tempo JSON
// writer): varints, fixed32/64, length-delimited fields, bounds-checked against `end`. Malformed input
// raises `WireError`. A reader is a byte array and a position; nested messages are read by narrowing
// `end` (`enter`/`leave`), so walking a message allocates nothing. The writer is ./protobuf-writer.ts.
// See docs/decisions/0004-protobuf-wire-reader.md and 0130-one-wire-layer.md.

export class WireError extends Error {}

export const WireType = { Varint: 0, Fixed64: 1, Bytes: 2, StartGroup: 3, EndGroup: 4, Fixed32: 5 } as const;

export class WireReader {
  readonly buf: Uint8Array;
  readonly view: DataView;
  pos: number;
  /** Fields skipped as unknown so far (a decoder keeping received bytes only keeps fully read messages). */
  skipped = 0;

  constructor(
    buf: Uint8Array,
    start = 0,
    public end = buf.length,
  ) {
    // A Buffer (the server's bodies) is read through a plain Uint8Array view of the same bytes, so the
    // element loads below only ever see one kind of array, in the browser and in the server alike.
    this.buf =
      buf.constructor === Uint8Array ? buf : new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    this.pos = start;
  }

  /** An unsigned varint of up to 53 bits as a number. */
  varint(): number {
    const buf = this.buf;
    let pos = this.pos;
    if (pos >= this.end) throw new WireError(`truncated varint at byte ${pos}`);
    let b = buf[pos++];
    if (b < 128) {
      this.pos = pos;
      return b;
    }
    let result = b & 127;
    let shift = 128;
    for (let i = 1; i < 10; i++) {
      if (pos >= this.end) throw new WireError(`truncated varint at byte ${pos}`);
      b = buf[pos++];
      result += (b & 127) * shift;
      if (b < 128) {
        this.pos = pos;
        return result;
      }
      shift *= 128;
    }
    throw new WireError(`varint longer than 10 bytes at byte ${this.pos}`);
  }

  /** A varint as a signed 64-bit decimal string (int64 two's complement), exact. */
  int64String(): string {
    let result = 0n;
    let shift = 0n;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new WireError(`truncated varint at byte ${this.pos}`);
      const b = this.buf[this.pos++];
      result |= BigInt(b & 127) << shift;
      if (b < 128) return BigInt.asIntN(64, result).toString();
      shift += 7n;
    }
    throw new WireError(`varint longer than 10 bytes at byte ${this.pos}`);
  }

  fixed32(): number {
    if (this.pos + 4 > this.end) throw new WireError(`truncated fixed32 at byte ${this.pos}`);
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }

  /** Low half; call `fixed64Hi` right after reading with `fixed64Lo` (it advances past both). */
  fixed64Lo(): number {
    if (this.pos + 8 > this.end) throw new WireError(`truncated fixed64 at byte ${this.pos}`);
    return this.view.getUint32(this.pos, true);
  }

  fixed64Hi(): number {
    const v = this.view.getUint32(this.pos + 4, true);
    this.pos += 8;
    return v;
  }

  double(): number {
    if (this.pos + 8 > this.end) throw new WireError(`truncated double at byte ${this.pos}`);
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }

  /** A fixed64 as an exact unsigned bigint. */
  fixed64(): bigint {
    if (this.pos + 8 > this.end) throw new WireError(`truncated fixed64 at byte ${this.pos}`);
    const v = this.view.getBigUint64(this.pos, true);
    this.pos += 8;
    return v;
  }

  /** Reads a length prefix and returns the end of the delimited bytes (pos is at their start). */
  delimitedEnd(): number {
    const n = this.varint();
    const end = this.pos + n;
    if (end > this.end)
      throw new WireError(`truncated field: length ${n} at byte ${this.pos} runs past the end (${this.end})`);
    return end;
  }

  /**
   * Reads a length prefix and narrows the reader to the delimited bytes; returns the enclosing end,
   * which `leave` restores (moving past the delimited bytes).
   */
  enter(): number {
    const end = this.delimitedEnd();
    const outer = this.end;
    this.end = end;
    return outer;
  }

  leave(outerEnd: number): void {
    this.pos = this.end;
    this.end = outerEnd;
  }

  /** A length-delimited UTF-8 string. */
  string(): string {
    const end = this.delimitedEnd();
    const start = this.pos;
    this.pos = end;
    return decodeUtf8(this.buf, start, end);
  }

  /** A length-delimited field's bytes (a view into the buffer, not a copy). */
  bytes(): Uint8Array {
    const end = this.delimitedEnd();
    const start = this.pos;
    this.pos = end;
    return this.buf.subarray(start, end);
  }

  skip(wireType: number): void {
    this.skipped++;
    switch (wireType) {
      case WireType.Varint:
        this.varint();
        return;
      case WireType.Fixed64:
        if (this.pos + 8 > this.end) throw new WireError(`truncated fixed64 at byte ${this.pos}`);
        this.pos += 8;
        return;
      case WireType.Bytes:
        this.pos = this.delimitedEnd();
        return;
      case WireType.Fixed32:
        if (this.pos + 4 > this.end) throw new WireError(`truncated fixed32 at byte ${this.pos}`);
        this.pos += 4;
        return;
      default:
        throw new WireError(`unsupported wire type ${wireType} at byte ${this.pos}`);
    }
  }
}

const utf8 = new TextDecoder('utf-8');

export function decodeUtf8(buf: Uint8Array, start: number, end: number): string {
  if (end - start < 24) {
    // Short ASCII strings: cheaper than a TextDecoder call.
    let s = '';
    for (let i = start; i < end; i++) {
      const c = buf[i];
      if (c >= 128) return utf8.decode(buf.subarray(start, end));
      s += String.fromCharCode(c);
    }
    return s;
  }
  return utf8.decode(buf.subarray(start, end));
}

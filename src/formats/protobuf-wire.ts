// A small, bounds-checked protobuf wire reader: varints, fixed32/64, length-delimited fields. Malformed
// input raises `WireError`, which decoders catch to keep what they decoded before it.

export class WireError extends Error {}

export const WireType = { Varint: 0, Fixed64: 1, Bytes: 2, StartGroup: 3, EndGroup: 4, Fixed32: 5 } as const;

export class WireReader {
  readonly view: DataView;
  pos: number;

  constructor(
    readonly buf: Uint8Array,
    start = 0,
    public end = buf.length,
  ) {
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

  /** Reads a length prefix and returns the end of the delimited bytes (pos is at their start). */
  delimitedEnd(): number {
    const n = this.varint();
    const end = this.pos + n;
    if (end > this.end)
      throw new WireError(`length ${n} at byte ${this.pos} runs past the end (${this.end})`);
    return end;
  }

  skip(wireType: number): void {
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

// A minimal protobuf writer for the benchmark generator and test fixtures (encoding only).

export class ProtoWriter {
  private buf: Uint8Array;
  private view: DataView;
  length = 0;
  private readonly encoder = new TextEncoder();

  constructor(capacity = 1024) {
    this.buf = new Uint8Array(capacity);
    this.view = new DataView(this.buf.buffer);
  }

  private ensure(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  varint(v: number): this {
    this.ensure(10);
    while (v > 127) {
      this.buf[this.length++] = (v % 128) | 128;
      v = Math.floor(v / 128);
    }
    this.buf[this.length++] = v;
    return this;
  }

  /** A signed 64-bit value given as a decimal string or number, two's complement varint. */
  int64(v: string | number): this {
    let n = BigInt(v);
    if (n < 0n) n += 1n << 64n;
    this.ensure(10);
    while (n > 127n) {
      this.buf[this.length++] = Number(n & 127n) | 128;
      n >>= 7n;
    }
    this.buf[this.length++] = Number(n);
    return this;
  }

  tag(field: number, wireType: number): this {
    return this.varint(field * 8 + wireType);
  }

  fixed64(field: number, decimal: string): this {
    const n = BigInt(decimal);
    this.tag(field, 1);
    this.ensure(8);
    this.view.setUint32(this.length, Number(n & 0xffffffffn), true);
    this.view.setUint32(this.length + 4, Number(n >> 32n), true);
    this.length += 8;
    return this;
  }

  fixed32(field: number, v: number): this {
    this.tag(field, 5);
    this.ensure(4);
    this.view.setUint32(this.length, v >>> 0, true);
    this.length += 4;
    return this;
  }

  double(field: number, v: number): this {
    this.tag(field, 1);
    this.ensure(8);
    this.view.setFloat64(this.length, v, true);
    this.length += 8;
    return this;
  }

  bytes(field: number, bytes: Uint8Array): this {
    this.tag(field, 2).varint(bytes.length);
    this.ensure(bytes.length);
    this.buf.set(bytes, this.length);
    this.length += bytes.length;
    return this;
  }

  string(field: number, s: string): this {
    // UTF-8 needs at most 3 bytes per UTF-16 unit.
    this.ensure(s.length * 3 + 15);
    const bodyStart = this.length + 5;
    const { written } = this.encoder.encodeInto(s, this.buf.subarray(bodyStart));
    const body = this.buf.slice(bodyStart, bodyStart + written);
    this.tag(field, 2).varint(written);
    this.buf.set(body, this.length);
    this.length += written;
    return this;
  }

  message(field: number, inner: ProtoWriter): this {
    return this.bytes(field, inner.finish());
  }

  finish(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }
}

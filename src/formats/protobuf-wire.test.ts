// The one wire reader and writer, held to protobufjs (the oracle) byte for byte.
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { WireError, WireReader, WireType } from './protobuf-wire.ts';
import { WireWriteError, WireWriter } from './protobuf-writer.ts';

const tag = (field: number, wireType: number) => (field << 3) | wireType;
const LONG_TEXT = 'grüße, 世界 — '.repeat(20);

describe('WireWriter against protobufjs', () => {
  it('writes scalars as protobufjs does', () => {
    const w = new WireWriter(4); // grows
    const o = protobuf.Writer.create();
    for (const [field, v] of [
      [1, 1],
      [2, 127],
      [3, 128],
      [4, 2 ** 32],
      [5, Number.MAX_SAFE_INTEGER],
    ] as const) {
      w.uintField(field, v);
      o.uint32(tag(field, WireType.Varint)).uint64(v);
    }
    for (const [field, v] of [
      [6, '-1'],
      [7, '9223372036854775807'],
      [8, '-9223372036854775808'],
    ] as const) {
      w.int64Field(field, v);
      o.uint32(tag(field, WireType.Varint)).int64(v);
    }
    w.fixed64Field(9, 18446744073709551615n);
    o.uint32(tag(9, WireType.Fixed64)).fixed64('18446744073709551615');
    w.fixed32Field(10, 0xdeadbeef);
    o.uint32(tag(10, WireType.Fixed32)).fixed32(0xdeadbeef);
    w.doubleField(11, -1.5e300);
    o.uint32(tag(11, WireType.Fixed64)).double(-1.5e300);
    w.boolField(12, true);
    o.uint32(tag(12, WireType.Varint)).bool(true);
    w.stringField(13, LONG_TEXT);
    o.uint32(tag(13, WireType.Bytes)).string(LONG_TEXT);
    w.bytesField(14, new Uint8Array([0, 1, 255]));
    o.uint32(tag(14, WireType.Bytes)).bytes(new Uint8Array([0, 1, 255]));
    expect(w.finish()).toEqual(new Uint8Array(o.finish()));
  });

  it('leaves zero values out unless told to write them', () => {
    const w = new WireWriter();
    w.uintField(1, 0);
    w.int64Field(2, '0');
    w.fixed64Field(3, 0n);
    w.fixed32Field(4, 0);
    w.stringField(5, '');
    w.bytesField(6, new Uint8Array(0));
    expect(w.finish()).toEqual(new Uint8Array(0));
    w.stringField(5, '', true);
    w.bytesField(6, new Uint8Array(0), true);
    w.fixed64Field(3, 0n, true);
    const o = protobuf.Writer.create();
    o.uint32(tag(5, WireType.Bytes)).string('');
    o.uint32(tag(6, WireType.Bytes)).bytes(new Uint8Array(0));
    o.uint32(tag(3, WireType.Fixed64)).fixed64(0);
    expect(w.finish()).toEqual(new Uint8Array(o.finish()));
  });

  it('writes nested messages with minimal length prefixes (short, long and empty bodies)', () => {
    const w = new WireWriter(8);
    const outer = w.beginMessage(1);
    const empty = w.beginMessage(2);
    w.endMessage(empty);
    const long = w.beginMessage(3);
    w.stringField(1, LONG_TEXT);
    w.uintField(2, 300);
    w.endMessage(long);
    w.uintField(4, 5);
    w.endMessage(outer);

    const inner = protobuf.Writer.create();
    inner.uint32(tag(1, WireType.Bytes)).string(LONG_TEXT);
    inner.uint32(tag(2, WireType.Varint)).uint32(300);
    const body = protobuf.Writer.create();
    body.uint32(tag(2, WireType.Bytes)).bytes(new Uint8Array(0));
    body.uint32(tag(3, WireType.Bytes)).bytes(inner.finish());
    body.uint32(tag(4, WireType.Varint)).uint32(5);
    const o = protobuf.Writer.create();
    o.uint32(tag(1, WireType.Bytes)).bytes(body.finish());
    expect(w.finish()).toEqual(new Uint8Array(o.finish()));
  });
});

describe('WireWriter refuses what WireReader could not read back', () => {
  const refusals: [string, (w: WireWriter) => void][] = [
    ['a negative varint (once written as one byte with the continuation bit set)', (w) => w.uintField(6, -1)],
    ['1e300 as a varint', (w) => w.uintField(10, 1e300)],
    ['a fractional varint', (w) => w.varint(1.5)],
    ['NaN as a varint', (w) => w.uintField(1, Number.NaN)],
    ['a uint32 beyond 2^32-1', (w) => w.uint32Field(10, 2 ** 32)],
    ['a fixed32 beyond 2^32-1', (w) => w.fixed32Field(16, 2 ** 32)],
    ['a negative fixed32', (w) => w.fixed32Field(16, -1)],
    ['a negative fixed64 (once stored modulo 2^64)', (w) => w.fixed64Field(7, -5n)],
    ['a fixed64 beyond 2^64-1', (w) => w.fixed64Field(7, 1n << 64n)],
    ['an int64 in exponent notation', (w) => w.int64Field(3, '1e+21')],
    ['an int64 beyond 2^63-1', (w) => w.int64Field(3, '9223372036854775808')],
    ['an int64 below -2^63', (w) => w.int64('-9223372036854775809')],
  ];
  for (const [what, write] of refusals) {
    it(`throws on ${what} and writes nothing readable wrongly`, () => {
      const w = new WireWriter();
      expect(() => write(w)).toThrow(WireWriteError);
    });
  }

  it('still writes the extremes of each range, which read back exactly', () => {
    const w = new WireWriter();
    w.uint32Field(1, 0xffffffff);
    w.fixed32Field(2, 0xffffffff);
    w.fixed64Field(3, (1n << 64n) - 1n);
    w.int64Field(4, '-9223372036854775808');
    w.uintField(5, Number.MAX_SAFE_INTEGER);
    const r = new WireReader(w.finish());
    expect([r.varint(), r.varint()]).toEqual([tag(1, WireType.Varint), 0xffffffff]);
    expect([r.varint(), r.fixed32()]).toEqual([tag(2, WireType.Fixed32), 0xffffffff]);
    expect([r.varint(), r.fixed64()]).toEqual([tag(3, WireType.Fixed64), (1n << 64n) - 1n]);
    expect([r.varint(), r.int64String()]).toEqual([tag(4, WireType.Varint), '-9223372036854775808']);
    expect([r.varint(), r.varint()]).toEqual([tag(5, WireType.Varint), Number.MAX_SAFE_INTEGER]);
  });
});

describe('WireReader against protobufjs', () => {
  const o = protobuf.Writer.create();
  o.uint32(tag(1, WireType.Varint)).uint64(Number.MAX_SAFE_INTEGER);
  o.uint32(tag(2, WireType.Varint)).int64('-9223372036854775808');
  o.uint32(tag(3, WireType.Fixed64)).fixed64('18446744073709551615');
  o.uint32(tag(4, WireType.Fixed64)).double(Math.PI);
  o.uint32(tag(5, WireType.Fixed32)).fixed32(0xdeadbeef);
  const nested = protobuf.Writer.create();
  nested.uint32(tag(1, WireType.Bytes)).string(LONG_TEXT);
  nested.uint32(tag(2, WireType.Bytes)).bytes(new Uint8Array([9, 8, 7]));
  o.uint32(tag(6, WireType.Bytes)).bytes(nested.finish());
  o.uint32(tag(7, WireType.Varint)).uint32(42);
  const bytes = o.finish();

  it('reads every wire type, entering and leaving a nested message', () => {
    const r = new WireReader(bytes);
    expect(r.varint()).toBe(tag(1, WireType.Varint));
    expect(r.varint()).toBe(Number.MAX_SAFE_INTEGER);
    expect(r.varint()).toBe(tag(2, WireType.Varint));
    expect(r.int64String()).toBe('-9223372036854775808');
    expect(r.varint()).toBe(tag(3, WireType.Fixed64));
    expect(r.fixed64()).toBe(18446744073709551615n);
    expect(r.varint()).toBe(tag(4, WireType.Fixed64));
    expect(r.double()).toBe(Math.PI);
    expect(r.varint()).toBe(tag(5, WireType.Fixed32));
    expect(r.fixed32()).toBe(0xdeadbeef);
    expect(r.varint()).toBe(tag(6, WireType.Bytes));
    const outer = r.enter();
    expect(outer).toBe(bytes.length);
    expect(r.varint()).toBe(tag(1, WireType.Bytes));
    expect(r.string()).toBe(LONG_TEXT);
    // Left before its end: `leave` still moves past the whole nested message.
    r.leave(outer);
    expect(r.end).toBe(bytes.length);
    expect(r.varint()).toBe(tag(7, WireType.Varint));
    expect(r.varint()).toBe(42);
    expect(r.pos).toBe(r.end);
  });

  it('skips fields and bounds reads by the nested message', () => {
    const r = new WireReader(bytes);
    const seen: number[] = [];
    while (r.pos < r.end) {
      const t = r.varint();
      seen.push(t >>> 3);
      if (t === tag(6, WireType.Bytes)) {
        const outer = r.enter();
        r.skip(r.varint() & 7);
        expect(r.varint()).toBe(tag(2, WireType.Bytes));
        expect([...r.bytes()]).toEqual([9, 8, 7]);
        expect(() => r.varint()).toThrow(WireError); // the nested message ends here
        r.leave(outer);
      } else r.skip(t & 7);
    }
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('raises WireError naming the truncation', () => {
    const cut = new WireReader(bytes.subarray(0, bytes.length - 40));
    const read = () => {
      while (cut.pos < cut.end) cut.skip(cut.varint() & 7);
    };
    expect(read).toThrow(WireError);
    expect(read).toThrow(/truncated/);
    expect(() => new WireReader(new Uint8Array([0x80, 0x80])).varint()).toThrow(/truncated varint/);
    expect(() =>
      new WireReader(new Uint8Array([tag(1, WireType.StartGroup)])).skip(WireType.StartGroup),
    ).toThrow(/unsupported wire type/);
  });
});

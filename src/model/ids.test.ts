import { describe, expect, it } from 'vitest';
import {
  base64ToBytes,
  bytesToHex,
  IdForm,
  newIdHalves,
  normalizeSpanId,
  normalizeTraceId,
  padTraceId,
  readSpanId,
  spanIdHex,
} from './ids.ts';

describe('IDs', () => {
  it('turns Tempo base64 IDs into hex', () => {
    expect(normalizeTraceId('K6++F8EjwwRDLFNTQvh9gQ==')).toEqual({
      id: '2bafbe17c123c304432c535342f87d81',
      form: IdForm.Base64,
    });
    expect(normalizeSpanId('sXMaYKLHGDw=')).toEqual({ id: 'b1731a60a2c7183c', form: IdForm.Base64 });
  });

  it('left-pads short hex and lowercases', () => {
    expect(normalizeTraceId('8EFFF7').id).toBe('00000000000000000000000000' + '8efff7');
    expect(normalizeSpanId('ABC').id).toBe('0000000000000abc');
    expect(padTraceId('e2e5c39')).toBe('0000000000000000000000000e2e5c39');
  });

  it('keeps IDs that are neither hex nor base64 as given', () => {
    expect(normalizeTraceId('trace-123')).toEqual({ id: 'trace-123', form: IdForm.Odd });
    expect(normalizeSpanId('span-1')).toEqual({ id: 'span-1', form: IdForm.Odd });
    expect(padTraceId('Trace-X')).toBe('Trace-X');
  });

  it('reads span IDs into exact 32-bit halves', () => {
    const h = newIdHalves();
    expect(readSpanId('ffffffff00000001', h)).toBe(IdForm.Hex);
    expect(Array.from(h)).toEqual([0xffffffff, 1]);
    expect(spanIdHex(h[0], h[1])).toBe('ffffffff00000001');
    expect(readSpanId('', h)).toBe(IdForm.Empty);
  });

  it('reads 8-byte base64 span IDs into the same halves as their bytes, every bit position', () => {
    const h = newIdHalves();
    // One bit set at a time, then all bits, in standard, URL-safe and unpadded spellings.
    const cases: Uint8Array[] = [new Uint8Array(8).fill(0xff)];
    for (let bit = 0; bit < 64; bit++) {
      const b = new Uint8Array(8);
      b[bit >> 3] = 0x80 >> (bit & 7);
      cases.push(b);
    }
    for (const bytes of cases) {
      const padded = Buffer.from(bytes).toString('base64');
      for (const s of [padded, padded.slice(0, 11), Buffer.from(bytes).toString('base64url')]) {
        if (/^[0-9a-f]+$/i.test(s)) continue;
        expect(readSpanId(s, h), s).toBe(IdForm.Base64);
        expect(spanIdHex(h[0], h[1]), s).toBe(bytesToHex(bytes));
        expect(bytesToHex(base64ToBytes(s) ?? new Uint8Array())).toBe(bytesToHex(bytes));
      }
    }
    expect(readSpanId('sXMaYKLH!Dw=', h)).toBe(IdForm.Odd);
    expect(Array.from(h)).toEqual([0, 0]);
    expect(readSpanId('sXMaYKLHGD==', h)).toBe(IdForm.Odd);
  });
});

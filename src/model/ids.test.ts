import { describe, expect, it } from 'vitest';
import {
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
});

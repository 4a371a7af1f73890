// log2Bucket's integer fast path against the definition, 2^⌈log2 v⌉, on the edges where they could part.
import { describe, expect, it } from 'vitest';
import { log2Bucket } from './log2.ts';

const byDefinition = (v: number) => (v >= 2 ? 2 ** Math.ceil(Math.log2(v)) : -1);

describe('log2Bucket', () => {
  it('gives the power of two at or above the value, as the definition does', () => {
    const values = [
      -1,
      0,
      1,
      1.5,
      2,
      2.5,
      3,
      4,
      5,
      1e3,
      150_000_000,
      2 ** 31,
      2 ** 32,
      2 ** 32 + 1,
      1e12,
      2 ** 40 + 0.5,
    ];
    for (let k = 1; k <= 33; k++) values.push(2 ** k - 1, 2 ** k, 2 ** k + 1);
    for (let i = 0; i < 2000; i++) values.push(Math.floor((i * 2654435761) % 4294967296));
    for (const v of values) expect(log2Bucket(v), String(v)).toBe(byDefinition(v));
    expect(log2Bucket(Number.NaN)).toBe(-1);
  });
});

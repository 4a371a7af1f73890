import { describe, expect, it } from 'vitest';
import { radixOrderAscending } from './radix-order.ts';

describe('radixOrderAscending', () => {
  it('orders by key like a stable comparator sort, negatives and fractions included', () => {
    const keys = [3.5, -2, 0, 1e15, -0.25, 3.5, 7, -2, 0.125, 65_536.5, 2 ** 40 + 0.5, 3.5];
    const items = Uint32Array.from(keys.keys());
    radixOrderAscending(items, (item) => keys[item]);
    const expected = [...keys.keys()].sort((a, b) => keys[a] - keys[b] || a - b);
    expect(Array.from(items)).toEqual(expected);
  });

  it('keeps the given order of equal keys', () => {
    const items = Uint32Array.of(9, 4, 7, 1);
    radixOrderAscending(items, () => 42);
    expect(Array.from(items)).toEqual([9, 4, 7, 1]);
  });
});

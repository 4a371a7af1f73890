import { describe, expect, it } from 'vitest';
import { BytesMap, hashBytes } from './bytes-map.ts';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('values keyed by bytes', () => {
  it('finds a key by equal bytes anywhere in a buffer, and keeps its own copy of them', () => {
    const map = new BytesMap<number>();
    const buf = bytes('xxcheckoutyy');
    map.set(hashBytes(buf, 2, 10), buf, 2, 10, 7);
    buf.fill(0);
    const other = bytes('checkout');
    expect(map.get(hashBytes(other, 0, 8), other, 0, 8)).toBe(7);
    expect(map.get(hashBytes(other, 0, 7), other, 0, 7)).toBeUndefined();
  });

  it('misses on a colliding hash instead of answering for other bytes, and keeps the first key', () => {
    const map = new BytesMap<string>();
    const a = bytes('payment');
    const b = bytes('inventory');
    const h = hashBytes(a, 0, a.length);
    map.set(h, a, 0, a.length, 'a');
    // As if b hashed to a's hash.
    expect(map.get(h, b, 0, b.length)).toBeUndefined();
    map.set(h, b, 0, b.length, 'b');
    expect(map.get(h, a, 0, a.length)).toBe('a');
    expect(map.size).toBe(1);
  });
});

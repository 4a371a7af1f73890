// Stable ordering of many items by a float64 key without a comparator: a least-significant-digit radix
// sort over the key's bits (16 bits a pass). Used where a comparator sort of tens of thousands of
// children would dominate an analysis.

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * Reorders `items` in place so their keys ascend; items with equal keys keep their relative order.
 * `key(item)` must be finite.
 */
export function radixOrderAscending(items: Uint32Array, key: (item: number) => number): void {
  const m = items.length;
  const values = new Float64Array(m);
  for (let i = 0; i < m; i++) values[i] = key(items[i]);
  const words = new Uint32Array(values.buffer);
  const hiAt = LITTLE_ENDIAN ? 1 : 0;
  const loAt = 1 - hiAt;
  // Order-preserving map from doubles to unsigned 64-bit: negative numbers flip every bit, others flip the sign.
  const hi = new Uint32Array(m);
  const lo = new Uint32Array(m);
  for (let i = 0; i < m; i++) {
    const h = words[2 * i + hiAt];
    const l = words[2 * i + loAt];
    const negative = h >>> 31 === 1;
    hi[i] = negative ? ~h >>> 0 : (h | 0x80000000) >>> 0;
    lo[i] = negative ? ~l >>> 0 : l;
  }
  // Sort positions 0..m-1 by (hi, lo), then apply the permutation to items.
  let order = new Uint32Array(m);
  for (let i = 0; i < m; i++) order[i] = i;
  let scratch = new Uint32Array(m);
  const counts = new Uint32Array(65_537);
  const passes: [Uint32Array, number][] = [
    [lo, 0],
    [lo, 16],
    [hi, 0],
    [hi, 16],
  ];
  for (const [word, shift] of passes) {
    counts.fill(0);
    for (let i = 0; i < m; i++) counts[((word[order[i]] >>> shift) & 0xffff) + 1]++;
    if (counts[1 + ((word[order[0]] >>> shift) & 0xffff)] === m) continue; // one digit value: nothing moves
    for (let d = 0; d < 65_536; d++) counts[d + 1] += counts[d];
    for (let i = 0; i < m; i++) scratch[counts[(word[order[i]] >>> shift) & 0xffff]++] = order[i];
    const swap = order;
    order = scratch;
    scratch = swap;
  }
  const original = items.slice();
  for (let i = 0; i < m; i++) items[i] = original[order[i]];
}

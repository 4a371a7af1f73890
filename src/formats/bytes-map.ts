// Values keyed by byte ranges (strings, messages as they are on the wire) without making a string
// per lookup: a key is its FNV-1a hash, and a hit compares the bytes. One key per hash: a key whose
// hash another key holds is a miss every time, so callers keep a slow path that is right on its own
// (decode the bytes) and the map only saves its cost.

/** FNV-1a over `buf[start..end)`, seeded with the length. */
export function hashBytes(buf: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5 ^ (end - start);
  for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i], 0x01000193);
  return h;
}

export class BytesMap<V> {
  private readonly entries = new Map<number, { bytes: Uint8Array; value: V }>();

  get size(): number {
    return this.entries.size;
  }

  /** The value kept for the bytes `buf[start..end)`, whose hash is `hash`. */
  get(hash: number, buf: Uint8Array, start: number, end: number): V | undefined {
    const hit = this.entries.get(hash);
    if (!hit) return undefined;
    const bytes = hit.bytes;
    const n = bytes.length;
    if (n !== end - start) return undefined;
    for (let i = 0; i < n; i++) if (bytes[i] !== buf[start + i]) return undefined;
    return hit.value;
  }

  /** Keeps `value` for a copy of the bytes, unless another key holds their hash. */
  set(hash: number, buf: Uint8Array, start: number, end: number, value: V): void {
    if (!this.entries.has(hash)) this.entries.set(hash, { bytes: buf.slice(start, end), value });
  }

  clear(): void {
    this.entries.clear();
  }
}

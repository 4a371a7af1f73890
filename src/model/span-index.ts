// Span ID → row index over the table's (hi, lo) ID columns: open addressing on typed arrays, no string or
// object per span. Duplicate IDs are chained (`nextSame`) so every row with an ID can be found.

export class SpanIdIndex {
  private readonly slots: Int32Array;
  private readonly mask: number;
  /** Row → next row with the same ID, or -1. */
  private readonly nextSame: Int32Array;
  /** Whether any two indexed rows share an ID (then callers look for them; usually none do). */
  hasDuplicates = false;

  constructor(
    private readonly idHi: Uint32Array,
    private readonly idLo: Uint32Array,
    count: number,
    /** Rows to leave out (odd IDs, which are looked up by string). */
    skip?: (row: number) => boolean,
  ) {
    let size = 16;
    while (size < count * 2) size *= 2;
    this.slots = new Int32Array(size).fill(-1);
    this.mask = size - 1;
    this.nextSame = new Int32Array(count).fill(-1);
    // Insert in reverse so each chain lists rows in ascending order.
    for (let row = count - 1; row >= 0; row--) {
      if (skip?.(row)) continue;
      this.insert(row);
    }
  }

  private static hash(hi: number, lo: number): number {
    return (Math.imul(hi ^ (lo >>> 15), 0x9e3779b1) ^ Math.imul(lo, 0x85ebca6b)) >>> 0;
  }

  private insert(row: number): void {
    const hi = this.idHi[row];
    const lo = this.idLo[row];
    let slot = SpanIdIndex.hash(hi, lo) & this.mask;
    for (;;) {
      const existing = this.slots[slot];
      if (existing < 0) {
        this.slots[slot] = row;
        return;
      }
      if (this.idHi[existing] === hi && this.idLo[existing] === lo) {
        this.nextSame[row] = existing;
        this.slots[slot] = row;
        this.hasDuplicates = true;
        return;
      }
      slot = (slot + 1) & this.mask;
    }
  }

  /** First row with this ID, or -1. */
  find(hi: number, lo: number): number {
    let slot = SpanIdIndex.hash(hi, lo) & this.mask;
    for (;;) {
      const row = this.slots[slot];
      if (row < 0) return -1;
      if (this.idHi[row] === hi && this.idLo[row] === lo) return row;
      slot = (slot + 1) & this.mask;
    }
  }

  /** The next row sharing the ID of `row`, or -1. */
  next(row: number): number {
    return this.nextSame[row];
  }
}

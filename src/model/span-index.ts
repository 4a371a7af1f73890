// Span ID → row index over the table's (hi, lo) ID columns: open addressing on typed arrays, no string or
// object per span. Duplicate IDs are chained (`nextSame`) so every row with an ID can be found.

export class SpanIdIndex {
  private slots = new Int32Array(0);
  private mask = 0;
  /** Row → next row with the same ID, or -1. */
  private nextSame = new Int32Array(0);
  /** Whether any two indexed rows share an ID (then callers look for them; usually none do). */
  hasDuplicates = false;
  private idHi: Uint32Array;
  private idLo: Uint32Array;

  constructor(
    idHi: Uint32Array,
    idLo: Uint32Array,
    count: number,
    /** Rows to leave out (odd IDs, which are looked up by string). */
    skip?: (row: number) => boolean,
  ) {
    this.idHi = idHi;
    this.idLo = idLo;
    this.rebuild(idHi, idLo, count, skip);
  }

  /**
   * Indexes the first `count` rows of these columns instead, reusing the index's arrays when their
   * size fits: a reader that goes through many small traces (the embedded backend's slim traces)
   * allocates nothing per trace.
   */
  rebuild(idHi: Uint32Array, idLo: Uint32Array, count: number, skip?: (row: number) => boolean): void {
    this.idHi = idHi;
    this.idLo = idLo;
    let size = 16;
    while (size < count * 2) size *= 2;
    if (this.slots.length !== size) this.slots = new Int32Array(size);
    this.slots.fill(-1);
    this.mask = size - 1;
    if (this.nextSame.length < count) this.nextSame = new Int32Array(count);
    this.nextSame.fill(-1, 0, count);
    this.hasDuplicates = false;
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

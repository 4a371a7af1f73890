// Interval lanes: items sorted by start each go on the lowest-numbered lane whose last item has
// ended (an item may start exactly where the previous one ended). Two heaps keep it O(k log k) for
// k items, so a span with 50,000 parallel children costs milliseconds, not a quadratic scan.

/** Reusable scratch for `assignLanes`, sized for the largest batch (allocate once per layout). */
export class LaneScratch {
  /** Busy lanes as a min-heap by end time: lane numbers, and their ends by lane. */
  readonly busy: Uint32Array;
  readonly end: Float64Array;
  /** Free lanes as a min-heap of lane numbers. */
  readonly free: Uint32Array;
  readonly endsFirst: (a: number, b: number) => boolean;
  constructor(capacity: number) {
    this.busy = new Uint32Array(capacity);
    const end = new Float64Array(capacity);
    this.end = end;
    this.free = new Uint32Array(capacity);
    this.endsFirst = (a, b) => end[a] < end[b] || (end[a] === end[b] && a < b);
  }
}

/**
 * Lanes for `items[from, to)`, which must be sorted by `itemStart`; writes each item's lane into
 * `laneOf[item]` and returns the number of lanes used.
 */
export function assignLanes(
  items: ArrayLike<number>,
  from: number,
  to: number,
  itemStart: ArrayLike<number>,
  itemEnd: ArrayLike<number>,
  laneOf: Uint32Array,
  scratch: LaneScratch,
): number {
  const { busy, end, free, endsFirst } = scratch;
  let busyCount = 0;
  let freeCount = 0;
  let lanes = 0;
  for (let i = from; i < to; i++) {
    const item = items[i];
    const start = itemStart[item];
    // Lanes whose last item has ended become free.
    while (busyCount > 0 && end[busy[0]] <= start) {
      const lane = busy[0];
      busy[0] = busy[--busyCount];
      siftDown(busy, busyCount, endsFirst);
      free[freeCount] = lane;
      siftUp(free, freeCount++, lower);
    }
    let lane: number;
    if (freeCount > 0) {
      lane = free[0];
      free[0] = free[--freeCount];
      siftDown(free, freeCount, lower);
    } else lane = lanes++;
    laneOf[item] = lane;
    end[lane] = Math.max(start, itemEnd[item]);
    busy[busyCount] = lane;
    siftUp(busy, busyCount++, endsFirst);
  }
  return lanes;
}

const lower = (a: number, b: number) => a < b;

function siftUp(heap: Uint32Array, at: number, before: (a: number, b: number) => boolean): void {
  let i = at;
  const value = heap[i];
  while (i > 0) {
    const up = (i - 1) >>> 1;
    if (!before(value, heap[up])) break;
    heap[i] = heap[up];
    i = up;
  }
  heap[i] = value;
}

function siftDown(heap: Uint32Array, count: number, before: (a: number, b: number) => boolean): void {
  let i = 0;
  const value = heap[0];
  for (;;) {
    const left = 2 * i + 1;
    if (left >= count) break;
    const right = left + 1;
    const child = right < count && before(heap[right], heap[left]) ? right : left;
    if (!before(heap[child], value)) break;
    heap[i] = heap[child];
    i = child;
  }
  heap[i] = value;
}

// Span intervals as the analyses see them: bad durations (negative, NaN) count as zero, and a span's
// "effective" interval is its own clipped to every ancestor's, which is what the critical path walks.
import type { SpanTable } from '../model/types.ts';

/** A finite start offset (NaN and ±Infinity count as 0). */
export function cleanStart(value: number): number {
  return Number.isFinite(value) ? value : 0;
}

/** A non-negative finite duration (negative, NaN and Infinity count as 0). */
export function cleanDuration(value: number): number {
  return value > 0 && value < Number.POSITIVE_INFINITY ? value : 0;
}

/** Rows ordered so every parent comes before its children (breadth first from the roots). */
export function topDownOrder(table: SpanTable): Uint32Array {
  const n = table.count;
  const order = new Uint32Array(n);
  const seen = new Uint8Array(n);
  let tail = 0;
  for (let row = 0; row < n; row++) {
    if (table.parent[row] < 0) {
      order[tail++] = row;
      seen[row] = 1;
    }
  }
  for (let head = 0; head < tail; head++) {
    const row = order[head];
    for (let i = table.childStart[row]; i < table.childStart[row + 1]; i++) {
      const child = table.children[i];
      if (!seen[child]) {
        seen[child] = 1;
        order[tail++] = child;
      }
    }
  }
  // Rows the model should never leave unreachable (a cycle it did not break) still get a place.
  if (tail < n) for (let row = 0; row < n; row++) if (!seen[row]) order[tail++] = row;
  return order;
}

export interface Intervals {
  start: Float64Array;
  end: Float64Array;
}

/** Each span's own interval, with bad values cleaned. */
export function ownIntervals(table: SpanTable): Intervals {
  const n = table.count;
  const start = new Float64Array(n);
  const end = new Float64Array(n);
  for (let row = 0; row < n; row++) {
    const s = cleanStart(table.start[row]);
    start[row] = s;
    end[row] = s + cleanDuration(table.duration[row]);
  }
  return { start, end };
}

/**
 * Each span's interval clipped to its parent's clipped interval. A span entirely outside its parent
 * collapses to a zero-length interval at the parent's nearer edge, and so does its subtree.
 */
export function effectiveIntervals(table: SpanTable, own: Intervals = ownIntervals(table)): Intervals {
  const order = topDownOrder(table);
  const start = new Float64Array(table.count);
  const end = new Float64Array(table.count);
  for (let i = 0; i < order.length; i++) {
    const row = order[i];
    let s = own.start[row];
    let e = own.end[row];
    const p = table.parent[row];
    if (p >= 0) {
      const ps = start[p];
      const pe = end[p];
      if (s < ps) s = ps;
      else if (s > pe) s = pe;
      if (e > pe) e = pe;
      if (e < s) e = s;
    }
    start[row] = s;
    end[row] = e;
  }
  return { start, end };
}

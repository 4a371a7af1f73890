// Dark time: the parts of a span's interval that none of its children cover (children clipped to the
// span). Leaves have none: their time is their own operation. The trace's dark share is the dark time
// lying on the critical path over the trace's duration (DESIGN.md "Names").
import type { SpanTable, Trace } from '../model/types.ts';
import { type CriticalPath, criticalPath } from './critical-path.ts';
import { cleanDuration, cleanStart } from './intervals.ts';

export interface DarkGap {
  row: number;
  /** ns from the trace start. */
  start: number;
  end: number;
}

export interface DarkTime {
  /** Per row: ns of its interval no child covers; 0 for leaves. */
  perSpan: Float64Array;
  /** Sum over all spans. */
  total: number;
  /** The trace's largest gaps, longest first. */
  topGaps: DarkGap[];
  /** Dark time that lies on the critical path, ns. */
  onCriticalPath: number;
  /** `onCriticalPath` over the trace's duration (0 for an empty or zero-length trace). */
  share: number;
}

export interface DarkTimeOptions {
  /** How many of the largest gaps to keep. Default 20. */
  topN?: number;
}

/**
 * Walks the children of `row` (sorted by start, clipped to the row) and calls `onGap` for every
 * uncovered interval in time order. Returns the covered ns.
 */
function sweepGaps(table: SpanTable, row: number, onGap: (from: number, to: number) => void): number {
  const from = cleanStart(table.start[row]);
  const to = from + cleanDuration(table.duration[row]);
  let cursor = from;
  let covered = 0;
  for (let i = table.childStart[row]; i < table.childStart[row + 1]; i++) {
    const child = table.children[i];
    const childStart = cleanStart(table.start[child]);
    const childEnd = childStart + cleanDuration(table.duration[child]);
    const cs = Math.max(childStart, from);
    const ce = Math.min(childEnd, to);
    if (ce <= cs) continue;
    if (cs > cursor) {
      onGap(cursor, cs);
      covered += ce - cs;
      cursor = ce;
    } else if (ce > cursor) {
      covered += ce - cursor;
      cursor = ce;
    }
  }
  if (to > cursor) onGap(cursor, to);
  return covered;
}

/** The uncovered intervals of one span, in time order (for drawing the span that is on screen). */
export function darkGapsOf(trace: Trace, row: number): DarkGap[] {
  const table = trace.table;
  const gaps: DarkGap[] = [];
  if (table.childStart[row + 1] === table.childStart[row]) return gaps;
  sweepGaps(table, row, (start, end) => gaps.push({ row, start, end }));
  return gaps;
}

/** Every span's dark gaps, grouped by row in CSR form: gaps of row i are [start[i] .. start[i+1]). */
export interface DarkGapsByRow {
  start: Uint32Array;
  /** ns from the trace start, in time order within a row. */
  from: Float64Array;
  to: Float64Array;
}

/**
 * All the trace's dark gaps at once (what a waterfall draws by row index, never by searching): two
 * sweeps over the CSR children, count then fill, O(spans).
 */
export function allDarkGaps(trace: Trace): DarkGapsByRow {
  const table = trace.table;
  const n = table.count;
  const start = new Uint32Array(n + 1);
  let row = 0;
  const count = () => {
    start[row + 1]++;
  };
  for (row = 0; row < n; row++) {
    if (table.childStart[row + 1] !== table.childStart[row]) sweepGaps(table, row, count);
  }
  for (let r = 0; r < n; r++) start[r + 1] += start[r];
  const from = new Float64Array(start[n]);
  const to = new Float64Array(start[n]);
  let at = 0;
  const fill = (gapFrom: number, gapTo: number) => {
    from[at] = gapFrom;
    to[at] = gapTo;
    at++;
  };
  for (row = 0; row < n; row++) {
    if (table.childStart[row + 1] !== table.childStart[row]) sweepGaps(table, row, fill);
  }
  return { start, from, to };
}

/** Per row: duration minus the union of its children's intervals (clipped to the row). */
export function selfTime(trace: Trace): Float64Array {
  const table = trace.table;
  const self = new Float64Array(table.count);
  const ignore = () => {};
  for (let row = 0; row < table.count; row++) {
    const duration = cleanDuration(table.duration[row]);
    self[row] =
      table.childStart[row + 1] === table.childStart[row]
        ? duration
        : duration - sweepGaps(table, row, ignore);
  }
  return self;
}

/** Keeps the N longest gaps in a min-heap on length. */
class TopGaps {
  private readonly rows: Int32Array;
  private readonly starts: Float64Array;
  private readonly ends: Float64Array;
  private size = 0;
  constructor(private readonly capacity: number) {
    this.rows = new Int32Array(capacity);
    this.starts = new Float64Array(capacity);
    this.ends = new Float64Array(capacity);
  }
  private length(i: number): number {
    return this.ends[i] - this.starts[i];
  }
  offer(row: number, start: number, end: number): void {
    if (this.capacity === 0) return;
    if (this.size < this.capacity) {
      let i = this.size++;
      this.set(i, row, start, end);
      while (i > 0) {
        const up = (i - 1) >> 1;
        if (this.length(up) <= this.length(i)) break;
        this.swap(i, up);
        i = up;
      }
      return;
    }
    if (end - start <= this.length(0)) return;
    this.set(0, row, start, end);
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < this.size && this.length(left) < this.length(smallest)) smallest = left;
      if (right < this.size && this.length(right) < this.length(smallest)) smallest = right;
      if (smallest === i) break;
      this.swap(i, smallest);
      i = smallest;
    }
  }
  private set(i: number, row: number, start: number, end: number): void {
    this.rows[i] = row;
    this.starts[i] = start;
    this.ends[i] = end;
  }
  private swap(a: number, b: number): void {
    const row = this.rows[a];
    const start = this.starts[a];
    const end = this.ends[a];
    this.set(a, this.rows[b], this.starts[b], this.ends[b]);
    this.set(b, row, start, end);
  }
  sorted(): DarkGap[] {
    const gaps: DarkGap[] = [];
    for (let i = 0; i < this.size; i++)
      gaps.push({ row: this.rows[i], start: this.starts[i], end: this.ends[i] });
    return gaps.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start || a.row - b.row);
  }
}

export function darkTime(trace: Trace, path?: CriticalPath, options: DarkTimeOptions = {}): DarkTime {
  const table = trace.table;
  const n = table.count;
  const cp = path ?? criticalPath(trace);
  const perSpan = new Float64Array(n);
  const top = new TopGaps(Math.max(0, options.topN ?? 20));

  // The critical path's segments of each row, as a linked list in time order (segments come in time
  // order, so linking them backwards keeps each row's list sorted), to intersect with the row's gaps.
  const { segmentRow, segmentStart, segmentEnd } = cp;
  const firstSegment = new Int32Array(n).fill(-1);
  const nextSegment = new Int32Array(cp.segmentCount);
  for (let i = cp.segmentCount - 1; i >= 0; i--) {
    nextSegment[i] = firstSegment[segmentRow[i]];
    firstSegment[segmentRow[i]] = i;
  }

  let total = 0;
  let onCriticalPath = 0;
  let row = 0;
  let segmentCursor = -1;
  const onGap = (from: number, to: number) => {
    perSpan[row] += to - from;
    top.offer(row, from, to);
    // Gaps and this row's segments both come in time order: advance past segments that end before.
    while (segmentCursor >= 0) {
      const segmentTo = segmentEnd[segmentCursor];
      const overlap = Math.min(to, segmentTo) - Math.max(from, segmentStart[segmentCursor]);
      if (overlap > 0) onCriticalPath += overlap;
      if (segmentTo > to) break;
      segmentCursor = nextSegment[segmentCursor];
    }
  };
  for (row = 0; row < n; row++) {
    if (table.childStart[row + 1] === table.childStart[row]) continue;
    segmentCursor = firstSegment[row];
    sweepGaps(table, row, onGap);
    total += perSpan[row];
  }
  const duration = trace.durationNs;
  return {
    perSpan,
    total,
    topGaps: top.sorted(),
    onCriticalPath,
    share: duration > 0 ? onCriticalPath / duration : 0,
  };
}

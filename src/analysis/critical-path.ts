// Critical path by the last-finishing-child backward walk (Uber's CRISP): from the end of a span, step
// into the child that finished last; when that child's start is reached, return to the parent and step
// into the child that finished last before that start; time between children is the parent's own.
// Children are clipped to their parent's (clipped) interval. See docs/decisions/0006-critical-path.md.
import { SpanFlag, SpanKind, type SpanTable, type Trace } from '../model/types.ts';
import { effectiveIntervals, ownIntervals } from './intervals.ts';
import { radixOrderAscending } from './radix-order.ts';

/** From this many children a radix sort beats the comparator sort. */
const RADIX_THRESHOLD = 512;

export interface CriticalPathOptions {
  /** A CONSUMER child of a PRODUCER blocks its parent. Default false. */
  consumerBlocksProducer?: boolean;
  /** A child referenced by FOLLOWS_FROM blocks its parent. Default true. */
  followsFromBlocks?: boolean;
  /** Walk from this root instead of the one that ends last (a stitched set's opened trace, decision 0284). */
  root?: number;
}

export interface CriticalPathSegment {
  row: number;
  /** ns from the trace start. */
  start: number;
  end: number;
}

export interface CriticalPath {
  /** Number of segments. Segments are in time order and consecutive ones touch. */
  segmentCount: number;
  /** Columnar segments (length `segmentCount`): row, start and end (ns from the trace start). */
  segmentRow: Uint32Array;
  segmentStart: Float64Array;
  segmentEnd: Float64Array;
  /** The same segments as objects, built on first read (prefer the columns for big traces). */
  readonly segments: CriticalPathSegment[];
  /** Per row: ns of that span on the path (0 when it is not on it). */
  timeOnPath: Float64Array;
  /** Duration of the path: the chosen root's duration. */
  length: number;
  /** The root the path runs through (the root that ends last), or -1 for an empty trace. */
  root: number;
}

/** Whether `child` holds up `parent` under the options (the DESIGN.md defaults when absent). */
export function isBlockingChild(
  table: SpanTable,
  parent: number,
  child: number,
  options: CriticalPathOptions = {},
): boolean {
  if (!(options.followsFromBlocks ?? true) && table.flags[child] & SpanFlag.FollowsFrom) return false;
  if (
    !(options.consumerBlocksProducer ?? false) &&
    table.kind[child] === SpanKind.Consumer &&
    table.kind[parent] === SpanKind.Producer
  ) {
    return false;
  }
  return true;
}

/** The root whose clipped interval ends last; ties go to the one that started first. */
function latestEndingRoot(table: SpanTable, end: Float64Array, start: Float64Array): number {
  let best = -1;
  for (let row = 0; row < table.count; row++) {
    if (table.parent[row] >= 0) continue;
    if (best < 0 || end[row] > end[best] || (end[row] === end[best] && start[row] < start[best])) best = row;
  }
  return best;
}

export function criticalPath(trace: Trace, options: CriticalPathOptions = {}): CriticalPath {
  const table = trace.table;
  const n = table.count;
  const timeOnPath = new Float64Array(n);
  const own = ownIntervals(table);
  const { start, end } = effectiveIntervals(table, own);
  const root = options.root ?? latestEndingRoot(table, end, start);
  if (root < 0)
    return pathResult(new Uint32Array(0), new Float64Array(0), new Float64Array(0), timeOnPath, 0, root);

  const { childStart, children } = table;
  // Per row, its children reordered by clipped end, latest first, in the row's own CSR slots;
  // sorted only for rows the walk enters, so the work is O(n log n) at worst.
  const byEnd = new Uint32Array(children);
  // Ties in end go to the child that started first by its own clock (CSR order), then the lower row.
  const ownStart = own.start;
  const latestEndFirst = (a: number, b: number) => end[b] - end[a] || ownStart[a] - ownStart[b] || a - b;
  const sortByEnd = (row: number) => {
    const from = childStart[row];
    const to = childStart[row + 1];
    if (to - from < 2) return;
    // Children come sorted by start; when their ends also strictly increase (sequential calls)
    // reversing is the sort.
    let increasing = true;
    for (let i = from + 1; i < to && increasing; i++) increasing = end[byEnd[i - 1]] < end[byEnd[i]];
    if (increasing) byEnd.subarray(from, to).reverse();
    else if (to - from < RADIX_THRESHOLD) byEnd.subarray(from, to).sort(latestEndFirst);
    else {
      // Same order as latestEndFirst: a stable ascending sort of the reversed start order, reversed.
      const slots = byEnd.subarray(from, to);
      slots.reverse();
      radixOrderAscending(slots, (child) => end[child]);
      slots.reverse();
    }
  };

  // Explicit stack of frames: the span, its time cursor (walking backwards) and its position in byEnd.
  const stackRow = new Uint32Array(n);
  const stackCursor = new Float64Array(n);
  const stackNext = new Uint32Array(n);
  // Segments are written backwards in time into growable buffers, then read out in reverse.
  let capacity = 64;
  let segRow = new Uint32Array(capacity);
  let segStart = new Float64Array(capacity);
  let segEnd = new Float64Array(capacity);
  let count = 0;
  const emit = (row: number, from: number, to: number) => {
    if (to <= from) return;
    if (count === capacity) {
      capacity *= 2;
      const rows = new Uint32Array(capacity);
      rows.set(segRow);
      segRow = rows;
      const starts = new Float64Array(capacity);
      starts.set(segStart);
      segStart = starts;
      const ends = new Float64Array(capacity);
      ends.set(segEnd);
      segEnd = ends;
    }
    segRow[count] = row;
    segStart[count] = from;
    segEnd[count] = to;
    count++;
    timeOnPath[row] += to - from;
  };

  let top = 0;
  stackRow[0] = root;
  stackCursor[0] = end[root];
  stackNext[0] = childStart[root];
  sortByEnd(root);
  while (top >= 0) {
    const row = stackRow[top];
    const cursor = stackCursor[top];
    const last = childStart[row + 1];
    let next = stackNext[top];
    let child = -1;
    for (; next < last; next++) {
      const candidate = byEnd[next];
      if (end[candidate] > cursor) continue;
      if (end[candidate] <= start[candidate]) continue;
      if (!isBlockingChild(table, row, candidate, options)) continue;
      child = candidate;
      next++;
      break;
    }
    stackNext[top] = next;
    if (child < 0) {
      emit(row, start[row], cursor);
      top--;
      continue;
    }
    emit(row, end[child], cursor);
    stackCursor[top] = start[child];
    top++;
    stackRow[top] = child;
    stackCursor[top] = end[child];
    stackNext[top] = childStart[child];
    sortByEnd(child);
  }

  const segmentRow = new Uint32Array(count);
  const segmentStart = new Float64Array(count);
  const segmentEnd = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const from = count - 1 - i;
    segmentRow[i] = segRow[from];
    segmentStart[i] = segStart[from];
    segmentEnd[i] = segEnd[from];
  }
  return pathResult(segmentRow, segmentStart, segmentEnd, timeOnPath, end[root] - start[root], root);
}

function pathResult(
  segmentRow: Uint32Array,
  segmentStart: Float64Array,
  segmentEnd: Float64Array,
  timeOnPath: Float64Array,
  length: number,
  root: number,
): CriticalPath {
  let objects: CriticalPathSegment[] | undefined;
  return {
    segmentCount: segmentRow.length,
    segmentRow,
    segmentStart,
    segmentEnd,
    get segments() {
      objects ??= Array.from(segmentRow, (row, i) => ({ row, start: segmentStart[i], end: segmentEnd[i] }));
      return objects;
    },
    timeOnPath,
    length,
    root,
  };
}

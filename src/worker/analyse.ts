// Runs the analyses on a trace and packs their per-span outputs into typed arrays for transfer:
// critical-path segments grouped by row, and every dark gap grouped by row (the waterfall draws
// the gaps of visible rows by index, never by searching).
import { allDarkGaps, criticalPath, darkTime, selfTime, withClockSkewAdjusted } from '../analysis/index.ts';
import type { Trace } from '../model/types.ts';
import type { TraceAnalyses } from './protocol.ts';

export function analyseTrace(trace: Trace): TraceAnalyses {
  const table = trace.table;
  const path = criticalPath(trace);
  const dark = darkTime(trace, path);
  const self = selfTime(trace);
  const segments = path.segments;
  const cpRow = new Uint32Array(segments.length);
  const cpStartNs = new Float64Array(segments.length);
  const cpEndNs = new Float64Array(segments.length);
  for (let i = 0; i < segments.length; i++) {
    cpRow[i] = segments[i].row;
    cpStartNs[i] = segments[i].start;
    cpEndNs[i] = segments[i].end;
  }
  const { start: cpRowStart, index: cpRowIndex } = groupByRow(cpRow, table.count);
  const gaps = allDarkGaps(trace);
  return {
    cpRow,
    cpStartNs,
    cpEndNs,
    cpRowStart,
    cpRowIndex,
    cpTime: path.timeOnPath,
    cpLengthNs: path.length,
    selfTime: self,
    darkTime: dark.perSpan,
    darkGapStart: gaps.start,
    darkGapFrom: gaps.from,
    darkGapTo: gaps.to,
    darkShare: dark.share,
    p90DurationNs: percentile(table.duration, 0.9),
  };
}

/** CSR grouping of item indices by their row. */
export function groupByRow(rows: Uint32Array, count: number): { start: Uint32Array; index: Uint32Array } {
  const start = new Uint32Array(count + 1);
  for (let i = 0; i < rows.length; i++) start[rows[i] + 1]++;
  for (let r = 0; r < count; r++) start[r + 1] += start[r];
  const fill = start.slice(0, count);
  const index = new Uint32Array(rows.length);
  for (let i = 0; i < rows.length; i++) index[fill[rows[i]]++] = i;
  return { start, index };
}

/**
 * The value at rank `floor(q * n)` of the sorted values (what sorting would give), found by
 * selection in O(n) rather than by sorting all of them: it is on the way to the first rows.
 */
export function percentile(values: Float64Array, q: number): number {
  const n = values.length;
  if (n === 0) return 0;
  const k = Math.min(n - 1, Math.floor(q * n));
  const a = values.slice();
  // Sorting puts NaN last; selection's comparisons would not, so leave those rare inputs to sort.
  for (let i = 0; i < n; i++) if (Number.isNaN(a[i])) return a.sort()[k];
  let lo = 0;
  let hi = n - 1;
  while (hi > lo) {
    // Hoare partition around the median of three; then keep only the side holding rank k.
    const mid = (lo + hi) >>> 1;
    const pivot = medianOfThree(a[lo], a[mid], a[hi]);
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}

function medianOfThree(x: number, y: number, z: number): number {
  return Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
}

/** The clock-skew-adjusted trace (a new table; the decoded one is kept for switching back). */
export function adjustTraceSkew(trace: Trace): Trace {
  return withClockSkewAdjusted(trace);
}

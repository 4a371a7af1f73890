// Runs the analyses on a trace and packs their per-span outputs into typed arrays for transfer:
// critical-path segments grouped by row, and every dark gap grouped by row (the waterfall draws
// the gaps of visible rows by index, never by searching).
import {
  allDarkGaps,
  type CriticalPathOptions,
  criticalPath,
  darkTime,
  errorOrigin,
  selectNearestRank,
  selfTime,
  withClockSkewAdjusted,
} from '../analysis/index.ts';
import type { Trace } from '../model/types.ts';
import type { TraceAnalyses } from './protocol.ts';
import { type Stitched, widenedForCrossTracePath } from './stitch.ts';

export function analyseTrace(trace: Trace, cpOptions: CriticalPathOptions = {}): TraceAnalyses {
  const table = trace.table;
  const path = criticalPath(trace, cpOptions);
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
  const origin = errorOrigin(trace);
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
    p90DurationNs: selectNearestRank(table.duration, 0.9),
    errorOriginRow: origin.row,
    errorOriginExplainsRoot: origin.explainsRoot,
  };
}

/**
 * The analyses of a stitched set (decision 0286): self time, dark time and the rest on the traces
 * apart, so a stitched consumer never changes the producer's figures; the critical path is the
 * opened trace's, or with `crossTrace` the one across the set: the shown tree with every span widened
 * over the traces downstream of it, consumers blocking their producers.
 */
export function analyseStitched(stitched: Stitched, crossTrace: boolean): TraceAnalyses {
  const apart = stitched.apart;
  const t = apart.table;
  // The opened trace's root that ends last (its rows come first in the set).
  let root = -1;
  for (const r of apart.roots) {
    if (t.traceIndex?.[r]) continue;
    if (root < 0 || t.start[r] + t.duration[r] > t.start[root] + t.duration[root]) root = r;
  }
  const base = analyseTrace(apart, root >= 0 ? { root } : {});
  if (!crossTrace) return base;
  const path = criticalPath(widenedForCrossTracePath(stitched), { consumerBlocksProducer: true });
  const cpRow = path.segmentRow;
  const { start: cpRowStart, index: cpRowIndex } = groupByRow(cpRow, t.count);
  return {
    ...base,
    cpRow,
    cpStartNs: path.segmentStart,
    cpEndNs: path.segmentEnd,
    cpRowStart,
    cpRowIndex,
    cpTime: path.timeOnPath,
    cpLengthNs: path.length,
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

/** The clock-skew-adjusted trace (a new table; the decoded one is kept for switching back). */
export function adjustTraceSkew(trace: Trace): Trace {
  return withClockSkewAdjusted(trace);
}

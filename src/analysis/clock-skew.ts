// Clock skew: a child that starts before its parent or ends after it, where the two run in different
// services (different hosts, different clocks). Detection is always available; the adjustment is off by
// default and callers choose it. See docs/decisions/0008-clock-skew-adjustment.md.
import { formatDuration } from '../model/time.ts';
import { SpanFlag, SpanKind, type SpanTable, type Trace, type TraceWarning } from '../model/types.ts';
import { cleanDuration, cleanStart, topDownOrder } from './intervals.ts';

export interface SkewFinding {
  row: number;
  parent: number;
  /** ns the child starts before its parent (0 when it does not). */
  startsBefore: number;
  /** ns the child ends after its parent (0 when it does not). */
  endsAfter: number;
}

/**
 * A child its parent does not wait for (FOLLOWS_FROM, or a consumer of a producer): it may rightly end
 * long after its parent, so only starting before the parent is skew.
 */
function isAsyncChild(table: SpanTable, parent: number, child: number): boolean {
  return (
    (table.flags[child] & SpanFlag.FollowsFrom) !== 0 ||
    (table.kind[child] === SpanKind.Consumer && table.kind[parent] === SpanKind.Producer)
  );
}

/** Children that leave their parent's interval across a service boundary, in row order. */
export function clockSkew(trace: Trace): SkewFinding[] {
  const table = trace.table;
  const findings: SkewFinding[] = [];
  for (let row = 0; row < table.count; row++) {
    const parent = table.parent[row];
    if (parent < 0 || table.service[parent] === table.service[row]) continue;
    const start = cleanStart(table.start[row]);
    const end = start + cleanDuration(table.duration[row]);
    const parentStart = cleanStart(table.start[parent]);
    const parentEnd = parentStart + cleanDuration(table.duration[parent]);
    const startsBefore = start < parentStart ? parentStart - start : 0;
    const endsAfter = end > parentEnd && !isAsyncChild(table, parent, row) ? end - parentEnd : 0;
    if (startsBefore > 0 || endsAfter > 0) findings.push({ row, parent, startsBefore, endsAfter });
  }
  return findings;
}

export interface SkewAdjustment {
  /** Adjusted start offsets (a new array; the trace is untouched). */
  start: Float64Array;
  /** Per row: ns it was moved by (0 when it was not). */
  shift: Float64Array;
  /** One per moved span. */
  warnings: TraceWarning[];
}

/**
 * How far to move a child that sits across a service boundary, given its parent's adjusted interval
 * (the rule Jaeger's backend adjuster uses): a child no longer than its parent is centred in it, as if
 * request and response latency were equal; a longer child (async work, or the parent timed out) or
 * an async child is moved only when it starts before the parent, to start with it.
 */
function skewShift(
  parentStart: number,
  parentDuration: number,
  childStart: number,
  childDuration: number,
  async: boolean,
) {
  const childEnd = childStart + childDuration;
  if (async || childDuration > parentDuration) return childStart < parentStart ? parentStart - childStart : 0;
  if (childStart >= parentStart && childEnd <= parentStart + parentDuration) return 0;
  return parentStart + (parentDuration - childDuration) / 2 - childStart;
}

/** Shifts skewed child subtrees into their parents' intervals, top-down, so moves accumulate. */
export function adjustClockSkew(trace: Trace): SkewAdjustment {
  const table = trace.table;
  const n = table.count;
  const start = new Float64Array(n);
  const shift = new Float64Array(n);
  const warnings: TraceWarning[] = [];
  const order = topDownOrder(table);
  const strings = table.strings;
  for (let i = 0; i < n; i++) {
    const row = order[i];
    const parent = table.parent[row];
    const inherited = parent >= 0 ? shift[parent] : 0;
    const ownStart = cleanStart(table.start[row]);
    let moved = inherited;
    if (parent >= 0 && table.service[parent] !== table.service[row]) {
      moved += skewShift(
        start[parent],
        cleanDuration(table.duration[parent]),
        ownStart + inherited,
        cleanDuration(table.duration[row]),
        isAsyncChild(table, parent, row),
      );
    }
    shift[row] = moved;
    start[row] = ownStart + moved;
    if (moved !== 0) {
      const cause =
        moved === inherited
          ? 'with its parent'
          : `into its parent ${strings[table.service[parent]]} ${strings[table.name[parent]]}`;
      warnings.push({
        kind: 'clock-skew',
        message: `Clock skew: moved ${strings[table.service[row]]} ${strings[table.name[row]]} by ${formatShift(moved)} ${cause}`,
        rows: [row],
      });
    }
  }
  return { start, shift, warnings };
}

function formatShift(ns: number): string {
  return `${ns < 0 ? '−' : '+'}${formatDuration(Math.abs(ns))}`;
}

/**
 * The trace with the adjustment applied: a new table (starts, event times, children order and the
 * `SkewAdjusted` flag updated; the input is untouched) rebased so the earliest span starts at 0, plus one
 * warning per moved span. Details keep their recorded times.
 */
export function withClockSkewAdjusted(trace: Trace): Trace {
  const adjustment = adjustClockSkew(trace);
  if (adjustment.warnings.length === 0) return trace;
  const table = trace.table;
  const n = table.count;
  let minStart = Number.POSITIVE_INFINITY;
  let maxEnd = Number.NEGATIVE_INFINITY;
  for (let row = 0; row < n; row++) {
    minStart = Math.min(minStart, adjustment.start[row]);
    maxEnd = Math.max(maxEnd, adjustment.start[row] + cleanDuration(table.duration[row]));
  }
  const start = adjustment.start;
  for (let row = 0; row < n; row++) start[row] -= minStart;
  const eventTime = new Float64Array(table.eventTime.length);
  const flags = new Uint16Array(table.flags);
  for (let row = 0; row < n; row++) {
    const moved = adjustment.shift[row];
    if (moved !== 0) flags[row] |= SpanFlag.SkewAdjusted;
    for (let e = table.eventStart[row]; e < table.eventStart[row + 1]; e++) {
      eventTime[e] = table.eventTime[e] + moved - minStart;
    }
  }
  const byStart = (a: number, b: number) => start[a] - start[b] || a - b;
  const children = new Uint32Array(table.children);
  for (let row = 0; row < n; row++) {
    const from = table.childStart[row];
    const to = table.childStart[row + 1];
    if (to - from > 1) children.subarray(from, to).sort(byStart);
  }
  const roots = new Uint32Array(trace.roots).sort(byStart);
  return {
    ...trace,
    startNs: trace.startNs + BigInt(Math.round(minStart)),
    durationNs: maxEnd - minStart,
    table: { ...table, start, flags, children, eventTime },
    roots,
    warnings: [...trace.warnings, ...adjustment.warnings],
  };
}

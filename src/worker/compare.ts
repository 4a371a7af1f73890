// Trace compare in a worker (issue 16): each side is loaded by its own trace worker. The compare is
// asked of A's worker, which still holds A's table: the main thread sends A's analyses and a copy
// of B's table (or copies of both, to a worker holding neither); the merge, the headline and the
// tree's default rows run here and come back as transferable buffers (decisions 0240–0242, 0246).
import {
  type CompareHeadline,
  type CompareRows,
  compareHeadline,
  compareRows,
  compareTraces,
  type SideFigures,
  type TraceDiff,
} from '../analysis/compare/index.ts';
import type { SpanTable, Trace } from '../model/types.ts';

/**
 * What one side needs to cross: its table and roots, and the analyses its worker computed (the
 * fields of the same names in `LoadedTrace`, which protocol.ts defines; not imported, to keep no circle).
 */
export interface CompareInput {
  table: SpanTable;
  roots: Uint32Array;
  durationNs: number;
  analyses: { cpTime: Float64Array; selfTime: Float64Array; darkTime: Float64Array; cpLengthNs: number };
}

/** A side this worker loaded itself: its table is read here, only the analyses cross (they went to the main thread). */
export interface CompareLoadedHere {
  loadedHere: { traceId: string; spans: number };
  analyses: CompareInput['analyses'];
}

export type CompareRequest = {
  type: 'compare';
  id: number;
  a: CompareInput | CompareLoadedHere;
  b: CompareInput;
};
export type CompareReply = {
  type: 'compared';
  id: number;
  diff: TraceDiff;
  headline: CompareHeadline;
  /** The tree's default rows, subtree counts and bar scale, ready to draw. */
  rows: CompareRows;
};

/** A's analyses only: the worker that loaded A reads its own table (no copy of A crosses). */
export function compareLoadedHereOf(trace: CompareInput & { traceId: string }): CompareLoadedHere {
  const { cpTime, selfTime, darkTime, cpLengthNs } = trace.analyses;
  return {
    loadedHere: { traceId: trace.traceId, spans: trace.table.count },
    analyses: { cpTime, selfTime, darkTime, cpLengthNs },
  };
}

/** The parts of a loaded trace the compare reads (structured clone copies them; the screen keeps its own). */
export function compareInputOf(trace: CompareInput): CompareInput {
  const { cpTime, selfTime, darkTime, cpLengthNs } = trace.analyses;
  return {
    table: trace.table,
    roots: trace.roots,
    durationNs: trace.durationNs,
    analyses: { cpTime, selfTime, darkTime, cpLengthNs },
  };
}

/** The inputs come from another worker through the main thread: a mismatch is a bug, said clearly. */
function sideOf(input: CompareInput, label: string) {
  const n = input.table.count;
  const { cpTime, selfTime, darkTime } = input.analyses;
  if (cpTime.length !== n || selfTime.length !== n || darkTime.length !== n)
    throw new Error(`Trace ${label}: its analyses do not match its ${n} spans`);
  for (const root of input.roots)
    if (root >= n) throw new Error(`Trace ${label}: root row ${root} is not one of its ${n} spans`);
  return {
    trace: input,
    timeOnPath: input.analyses.cpTime,
    self: input.analyses.selfTime,
    dark: input.analyses.darkTime,
    criticalPathLength: input.analyses.cpLengthNs,
  };
}

function figureBuffers(figures: SideFigures): ArrayBufferLike[] {
  return [
    figures.count,
    figures.errors,
    figures.total,
    figures.self,
    figures.dark,
    figures.critical,
    figures.subtreeCritical,
    figures.nodeOfRow,
    figures.memberStart,
    figures.members,
  ].map((column) => column.buffer);
}

/** The diff's and the rows' column buffers, for the transfer list. */
export function transferablesOfDiff(diff: TraceDiff, rows?: CompareRows): ArrayBuffer[] {
  const buffers = [
    diff.parent,
    diff.depth,
    diff.childStart,
    diff.service,
    diff.name,
    diff.totalDiff,
    diff.selfDiff,
    diff.darkDiff,
    diff.criticalDiff,
    diff.subtreeCriticalDiff,
  ].map((column): ArrayBufferLike => column.buffer);
  const rowBuffers = rows
    ? [rows.defaultRows.buffer, rows.subtreeSpansA.buffer, rows.subtreeSpansB.buffer]
    : [];
  return [
    ...new Set([...buffers, ...figureBuffers(diff.a), ...figureBuffers(diff.b), ...rowBuffers]),
  ] as ArrayBuffer[];
}

/** A side named as loaded here must be the trace this worker shows, span for span. */
function resolveSide(
  input: CompareInput | CompareLoadedHere,
  here: Trace | null,
  label: string,
): CompareInput {
  if (!('loadedHere' in input)) return input;
  const { traceId, spans } = input.loadedHere;
  if (!here || here.traceId !== traceId || here.table.count !== spans)
    throw new Error(`Trace ${label}: ${traceId} is not the trace loaded in this worker`);
  return { table: here.table, roots: here.roots, durationNs: here.durationNs, analyses: input.analyses };
}

/** `here`: the trace this worker loaded and shows (A, when the compare is asked of A's worker). */
export function answerCompare(
  request: CompareRequest,
  post: (reply: CompareReply, transfer: Transferable[]) => void,
  here: Trace | null = null,
): void {
  const a = resolveSide(request.a, here, 'A');
  const diff = compareTraces(sideOf(a, 'A'), sideOf(request.b, 'B'));
  const rows = compareRows(diff);
  post(
    { type: 'compared', id: request.id, diff, headline: compareHeadline(diff), rows },
    transferablesOfDiff(diff, rows),
  );
}

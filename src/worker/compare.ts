// Trace compare in a worker (issue 16): the main thread has both sides' tables and analyses (each
// side loaded by its own trace worker) and sends copies; the merge and the headline run here and the
// merged tree's columns come back as transferable buffers (decisions 0240, 0241).
import {
  type CompareHeadline,
  compareHeadline,
  compareTraces,
  type SideFigures,
  type TraceDiff,
} from '../analysis/compare/index.ts';
import type { SpanTable } from '../model/types.ts';

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

export type CompareRequest = { type: 'compare'; id: number; a: CompareInput; b: CompareInput };
export type CompareReply = { type: 'compared'; id: number; diff: TraceDiff; headline: CompareHeadline };

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

/** The diff's column buffers, for the transfer list. */
export function transferablesOfDiff(diff: TraceDiff): ArrayBuffer[] {
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
  return [...new Set([...buffers, ...figureBuffers(diff.a), ...figureBuffers(diff.b)])] as ArrayBuffer[];
}

export function answerCompare(
  request: CompareRequest,
  post: (reply: CompareReply, transfer: Transferable[]) => void,
): void {
  const diff = compareTraces(sideOf(request.a, 'A'), sideOf(request.b, 'B'));
  post(
    { type: 'compared', id: request.id, diff, headline: compareHeadline(diff) },
    transferablesOfDiff(diff),
  );
}

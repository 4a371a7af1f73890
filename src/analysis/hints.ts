// Hints for the responder, each pointing at rows: broken context propagation, sibling calls made one
// after another that could have run in parallel, and where an error started. Data only (kinds, rows,
// times); the sentences are the trace screen's (decision 0153). See docs/decisions/0009-hints.md.
import { SpanFlag, SpanKind, type Trace } from '../model/types.ts';
import type { CriticalPath } from './critical-path.ts';
import { cleanDuration, cleanStart } from './intervals.ts';

export type HintKind =
  | 'orphans'
  | 'several-roots'
  | 'missing-client-span'
  | 'sequential-siblings'
  | 'error-origin';

export interface Hint {
  kind: HintKind;
  /**
   * The spans the hint is about: orphans, roots, server spans without a client parent (the first is
   * the one to name), the error's origin, or for sequential siblings the run, in start order.
   */
  rows: number[];
  /** Sequential siblings: the row they are children of. */
  parent?: number;
  /** Sequential siblings: upper bound of the ns saved if the run ran in parallel (run total − longest). */
  savedNs?: number;
  /** Some of `rows` lie on the critical path. */
  onCriticalPath: boolean;
}

export interface HintOptions {
  /** Fewest siblings that make a sequential run. Default 2. */
  minRun?: number;
  /** At most this many sequential-sibling and error-origin hints each (the most telling first). Default 50. */
  maxPerKind?: number;
}

function anyOnPath(rows: readonly number[], path: CriticalPath | undefined): boolean {
  if (!path) return false;
  for (const row of rows) if (path.timeOnPath[row] > 0) return true;
  return false;
}

function brokenPropagation(trace: Trace, path: CriticalPath | undefined): Hint[] {
  const table = trace.table;
  const hints: Hint[] = [];
  const orphans: number[] = [];
  const roots: number[] = [];
  const missingClient: number[] = [];
  for (let row = 0; row < table.count; row++) {
    const parent = table.parent[row];
    if (table.flags[row] & SpanFlag.Orphan) orphans.push(row);
    if (parent < 0) {
      roots.push(row);
      continue;
    }
    if (table.kind[row] !== SpanKind.Server) continue;
    const callerKind = table.kind[parent];
    const calledAcross =
      (callerKind === SpanKind.Client || callerKind === SpanKind.Producer) &&
      table.service[parent] !== table.service[row];
    if (!calledAcross) missingClient.push(row);
  }
  if (orphans.length > 0) {
    hints.push({
      kind: 'orphans',
      rows: orphans,
      onCriticalPath: anyOnPath(orphans, path),
    });
  }
  if (roots.length > 1) {
    hints.push({
      kind: 'several-roots',
      rows: roots,
      onCriticalPath: anyOnPath(roots, path),
    });
  }
  if (missingClient.length > 0) {
    hints.push({
      kind: 'missing-client-span',
      rows: missingClient,
      onCriticalPath: anyOnPath(missingClient, path),
    });
  }
  return hints;
}

/**
 * Children in start order fall into stages: a new stage begins when a child starts after every earlier
 * sibling has ended. A run is a stretch of consecutive stages of one call each; stages of several
 * overlapping calls already run in parallel and end the run.
 */
function sequentialSiblings(trace: Trace, path: CriticalPath | undefined, minRun: number): Hint[] {
  const table = trace.table;
  const hints: Hint[] = [];
  const run: number[] = [];
  let runTotal = 0;
  let runLongest = 0;
  const flushRun = (parent: number) => {
    const saved = runTotal - runLongest;
    if (run.length >= minRun && saved > 0) {
      const rows = run.slice();
      hints.push({
        kind: 'sequential-siblings',
        rows,
        parent,
        savedNs: saved,
        onCriticalPath: anyOnPath(rows, path),
      });
    }
    run.length = 0;
    runTotal = 0;
    runLongest = 0;
  };
  for (let parent = 0; parent < table.count; parent++) {
    const from = table.childStart[parent];
    const to = table.childStart[parent + 1];
    if (to - from < minRun) continue;
    let stageFirst = -1;
    let stageSize = 0;
    let stageEnd = Number.NEGATIVE_INFINITY;
    const closeStage = () => {
      if (stageSize === 1) {
        const duration = cleanDuration(table.duration[stageFirst]);
        run.push(stageFirst);
        runTotal += duration;
        runLongest = Math.max(runLongest, duration);
      } else if (stageSize > 1) {
        flushRun(parent);
      }
    };
    for (let i = from; i < to; i++) {
      const child = table.children[i];
      const duration = cleanDuration(table.duration[child]);
      if (duration === 0) continue;
      const start = cleanStart(table.start[child]);
      if (start >= stageEnd) {
        closeStage();
        stageFirst = child;
        stageSize = 0;
      }
      stageSize++;
      stageEnd = Math.max(stageEnd, start + duration);
    }
    closeStage();
    flushRun(parent);
  }
  return hints;
}

/** Error spans none of whose children failed: where each failure started. Deepest first. */
function errorOrigins(trace: Trace, path: CriticalPath | undefined): Hint[] {
  const table = trace.table;
  const origins: number[] = [];
  for (let row = 0; row < table.count; row++) {
    if (!(table.flags[row] & SpanFlag.Error)) continue;
    let childFailed = false;
    for (let i = table.childStart[row]; i < table.childStart[row + 1] && !childFailed; i++) {
      childFailed = (table.flags[table.children[i]] & SpanFlag.Error) !== 0;
    }
    if (!childFailed) origins.push(row);
  }
  origins.sort((a, b) => table.depth[b] - table.depth[a] || table.start[a] - table.start[b] || a - b);
  return origins.map((row) => ({
    kind: 'error-origin' as const,
    rows: [row],
    onCriticalPath: anyOnPath([row], path),
  }));
}

/** Critical-path hints first, then by size. */
function rank(hints: Hint[]): Hint[] {
  return hints.sort(
    (a, b) => Number(b.onCriticalPath) - Number(a.onCriticalPath) || (b.savedNs ?? 0) - (a.savedNs ?? 0),
  );
}

export function hints(trace: Trace, path?: CriticalPath, options: HintOptions = {}): Hint[] {
  const minRun = Math.max(2, options.minRun ?? 2);
  const maxPerKind = Math.max(0, options.maxPerKind ?? 50);
  return [
    ...brokenPropagation(trace, path),
    ...rank(errorOrigins(trace, path)).slice(0, maxPerKind),
    ...rank(sequentialSiblings(trace, path, minRun)).slice(0, maxPerKind),
  ];
}

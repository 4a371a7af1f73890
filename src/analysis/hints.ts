// Hints for the responder, each pointing at rows: broken context propagation, sibling calls made one
// after another that could have run in parallel, and where an error started. Data only (kinds, rows,
// times); the sentences are the trace screen's (decision 0153). See docs/decisions/0009-hints.md,
// 0170 (the error origin that explains the root's error) and 0171 (guard calls end a sequential run).
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
  /** Sequential siblings: the run's summed and longest call durations, ns. */
  totalNs?: number;
  longestNs?: number;
  /**
   * Sequential siblings: the guard call just before the run (a check the calls after it depend on, or
   * a call that failed), left out of every run (decision 0171).
   */
  guard?: number;
  /**
   * Error origin: the root failed and every span from it down to this one failed too, so this is
   * where the root's error comes from (the first such origin, deepest first).
   */
  explainsRoot?: boolean;
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
 * Words of an operation name that say it checks something the calls after it depend on: identity,
 * credentials, tokens, permissions, input validation (matched per word: `auth.Verify`,
 * `validateCart`, `check_permissions`, `POST /login`; not `authors`).
 */
const GUARD_WORD =
  /^(?:o?auth[nz]?|authenticat\w*|authori[sz]\w*|verif\w*|validat\w*|log[io]n|signin|token\w*|jwt|permission\w*|acl|rbac)$/i;

/** The words of a name: split at non-letters and at lower-to-upper case changes. */
function nameWords(name: string): string[] {
  return name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z]+/)
    .filter((word) => word.length > 0);
}

/** Whether the name reads like a guard call (see GUARD_WORD). */
export function looksLikeGuard(name: string): boolean {
  return nameWords(name).some((word) => GUARD_WORD.test(word));
}

/**
 * A call the later siblings may depend on: one that failed (they ran knowing it failed) or whose
 * name reads like a check. Such calls cannot simply run in parallel with what follows them.
 */
function isGuardCall(trace: Trace, row: number): boolean {
  const table = trace.table;
  return (table.flags[row] & SpanFlag.Error) !== 0 || looksLikeGuard(table.strings[table.name[row]]);
}

/**
 * Children in start order fall into stages: a new stage begins when a child starts after every earlier
 * sibling has ended. A run is a stretch of consecutive stages of one call each; stages of several
 * overlapping calls already run in parallel and end the run. A guard call (`isGuardCall`) also ends
 * the run and is part of none: what follows it may need its answer.
 */
function sequentialSiblings(trace: Trace, path: CriticalPath | undefined, minRun: number): Hint[] {
  const table = trace.table;
  const hints: Hint[] = [];
  const run: number[] = [];
  let runTotal = 0;
  let runLongest = 0;
  let runGuard = -1;
  const flushRun = (parent: number) => {
    const saved = runTotal - runLongest;
    if (run.length >= minRun && saved > 0) {
      const rows = run.slice();
      const hint: Hint = {
        kind: 'sequential-siblings',
        rows,
        parent,
        savedNs: saved,
        totalNs: runTotal,
        longestNs: runLongest,
        onCriticalPath: anyOnPath(rows, path),
      };
      if (runGuard >= 0) hint.guard = runGuard;
      hints.push(hint);
    }
    run.length = 0;
    runTotal = 0;
    runLongest = 0;
    runGuard = -1;
  };
  for (let parent = 0; parent < table.count; parent++) {
    const from = table.childStart[parent];
    const to = table.childStart[parent + 1];
    if (to - from < minRun) continue;
    let stageFirst = -1;
    let stageSize = 0;
    let stageEnd = Number.NEGATIVE_INFINITY;
    const closeStage = () => {
      if (stageSize === 1 && isGuardCall(trace, stageFirst)) {
        flushRun(parent);
        runGuard = stageFirst;
      } else if (stageSize === 1) {
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

/**
 * Marks the spans reached from a failed root through failed children only: the chain of errors that
 * explains the root's error. Iterative (no recursion over spans).
 */
function failedFromRoot(trace: Trace): Uint8Array {
  const table = trace.table;
  const reached = new Uint8Array(table.count);
  const stack: number[] = [];
  for (let row = 0; row < table.count; row++) {
    if (table.parent[row] < 0 && table.flags[row] & SpanFlag.Error) {
      reached[row] = 1;
      stack.push(row);
    }
  }
  while (stack.length > 0) {
    const row = stack.pop() as number;
    for (let i = table.childStart[row]; i < table.childStart[row + 1]; i++) {
      const child = table.children[i];
      if (!reached[child] && table.flags[child] & SpanFlag.Error) {
        reached[child] = 1;
        stack.push(child);
      }
    }
  }
  return reached;
}

/**
 * Error spans none of whose children failed: where each failure started. The first one that explains
 * the root's error (decision 0170) leads; then deepest first.
 */
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
  const reached = origins.length > 0 ? failedFromRoot(trace) : null;
  const lead = reached ? origins.findIndex((row) => reached[row] === 1) : -1;
  if (lead > 0) origins.unshift(...origins.splice(lead, 1));
  return origins.map((row, i) => {
    const hint: Hint = { kind: 'error-origin', rows: [row], onCriticalPath: anyOnPath([row], path) };
    if (i === 0 && lead >= 0) hint.explainsRoot = true;
    return hint;
  });
}

export interface ErrorOrigin {
  /** The span, -1 when nothing failed. */
  row: number;
  /** The root failed and every span from it down to `row` failed too. */
  explainsRoot: boolean;
}

/** The one error origin to name first: the one explaining the root's error, else the deepest. */
export function errorOrigin(trace: Trace): ErrorOrigin {
  const first = errorOrigins(trace, undefined)[0];
  return first
    ? { row: first.rows[0], explainsRoot: first.explainsRoot === true }
    : { row: -1, explainsRoot: false };
}

/** The origin explaining the root's error first, then critical-path hints, then by size. */
function rank(hints: Hint[]): Hint[] {
  return hints.sort(
    (a, b) =>
      Number(b.explainsRoot === true) - Number(a.explainsRoot === true) ||
      Number(b.onCriticalPath) - Number(a.onCriticalPath) ||
      (b.savedNs ?? 0) - (a.savedNs ?? 0),
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

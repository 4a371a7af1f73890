// What the compare screen draws from the merged tree besides its rows (decision 0244): the
// differences per service or per operation, and the error differences, once per diff. The rows,
// subtree counts and bar scale live in analysis/compare/rows.ts (the worker sends the default ones,
// 0246); they are re-exported here for the screen.
import type { TraceDiff } from '../../analysis/compare/index.ts';
import { SpanFlag } from '../../model/types.ts';
import type { CompareGroup } from '../../routes/compare-url.ts';
import type { LoadedTrace } from '../../worker/protocol.ts';

export { barScale, nodeLabel, subtreeCounts, visibleNodes } from '../../analysis/compare/index.ts';

export function hasChildren(diff: TraceDiff, node: number): boolean {
  return diff.childStart[node + 1] > diff.childStart[node];
}

/** Differences of one service, or one service's operation, summed over its nodes. */
export interface GroupDifference {
  service: string;
  /** Absent when grouped by service. */
  operation?: string;
  spansA: number;
  spansB: number;
  errorsA: number;
  errorsB: number;
  criticalDiff: number;
  selfDiff: number;
  totalDiff: number;
}

/** Per service (or per service and operation), largest critical-path change first. */
export function groupDifferences(diff: TraceDiff, group: CompareGroup): GroupDifference[] {
  const groups = new Map<number, GroupDifference>();
  const stride = diff.strings.length;
  for (let node = 0; node < diff.count; node++) {
    const service = diff.service[node];
    const key = group === 'service' ? service : service * stride + diff.name[node];
    let entry = groups.get(key);
    if (!entry) {
      entry = {
        service: diff.strings[service],
        operation: group === 'operation' ? diff.strings[diff.name[node]] : undefined,
        spansA: 0,
        spansB: 0,
        errorsA: 0,
        errorsB: 0,
        criticalDiff: 0,
        selfDiff: 0,
        totalDiff: 0,
      };
      groups.set(key, entry);
    }
    entry.spansA += diff.a.count[node];
    entry.spansB += diff.b.count[node];
    entry.errorsA += diff.a.errors[node];
    entry.errorsB += diff.b.errors[node];
    entry.criticalDiff += diff.criticalDiff[node];
    entry.selfDiff += diff.selfDiff[node];
    entry.totalDiff += diff.totalDiff[node];
  }
  return [...groups.values()].sort(
    (x, y) =>
      Math.abs(y.criticalDiff) - Math.abs(x.criticalDiff) ||
      Math.abs(y.selfDiff) - Math.abs(x.selfDiff) ||
      x.service.localeCompare(y.service) ||
      (x.operation ?? '').localeCompare(y.operation ?? ''),
  );
}

/** A node whose spans fail more (or less) often in B than in A, with B's (or A's) status messages. */
export interface ErrorDifference {
  node: number;
  errorsA: number;
  errorsB: number;
  spansA: number;
  spansB: number;
  /** Distinct status messages of the failing spans on the side that fails more, at most 3. */
  messages: string[];
}

const MAX_MESSAGES = 3;

function statusMessages(trace: Pick<LoadedTrace, 'table'>, diff: TraceDiff, side: 'a' | 'b', node: number) {
  const figures = diff[side];
  const table = trace.table;
  const messages = new Set<string>();
  for (let m = figures.memberStart[node]; m < figures.memberStart[node + 1]; m++) {
    const row = figures.members[m];
    const text = table.strings[table.statusMessage[row]];
    if ((table.flags[row] & SpanFlag.Error) !== 0 && text) messages.add(text);
    if (messages.size >= MAX_MESSAGES) break;
  }
  return [...messages];
}

/**
 * Nodes that fail in B and not (or less) in A first, most new failures first, then nodes that
 * failed in A and no longer (or less) in B.
 */
export function errorDifferences(
  diff: TraceDiff,
  a: Pick<LoadedTrace, 'table'>,
  b: Pick<LoadedTrace, 'table'>,
): ErrorDifference[] {
  const out: ErrorDifference[] = [];
  for (let node = 0; node < diff.count; node++) {
    const errorsA = diff.a.errors[node];
    const errorsB = diff.b.errors[node];
    if (errorsA === errorsB) continue;
    out.push({
      node,
      errorsA,
      errorsB,
      spansA: diff.a.count[node],
      spansB: diff.b.count[node],
      messages: errorsB > errorsA ? statusMessages(b, diff, 'b', node) : statusMessages(a, diff, 'a', node),
    });
  }
  return out.sort((x, y) => y.errorsB - y.errorsA - (x.errorsB - x.errorsA) || x.node - y.node);
}

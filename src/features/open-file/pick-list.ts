// The list of traces to pick from when opened files hold several: one entry per trace per file,
// sorted by start or duration, narrowed to the traces a TraceQL search matched in their workers.
import type { TraceChoice } from '../../worker/protocol.ts';
import type { ChoiceMatch } from '../../worker/search-choices.ts';

export interface PickEntry {
  /** Unique in the list: the same trace ID may come in two files. */
  key: string;
  /** Index of the opened file (and its worker) that holds the trace. */
  source: number;
  fileName: string;
  choice: TraceChoice;
  /** Spans the search matched, when a search is applied. */
  matchedSpans?: number;
}

export type PickSortKey = 'start' | 'duration';

export interface PickSort {
  key: PickSortKey;
  descending: boolean;
}

export const DEFAULT_PICK_SORT: PickSort = { key: 'start', descending: true };

export function entriesOf(
  files: ReadonlyArray<{ fileName: string; choices: readonly TraceChoice[] }>,
): PickEntry[] {
  const entries: PickEntry[] = [];
  files.forEach((file, source) => {
    for (const choice of file.choices) {
      entries.push({ key: `${source}:${choice.traceId}`, source, fileName: file.fileName, choice });
    }
  });
  return entries;
}

/** Keeps the entries whose trace matched in its own file's worker (`matches[source]`), with counts. */
export function matchedEntries(
  entries: readonly PickEntry[],
  matches: ReadonlyArray<readonly ChoiceMatch[]>,
): PickEntry[] {
  const bySource = matches.map((list) => new Map(list.map((m) => [m.traceId, m.matchedSpans])));
  const out: PickEntry[] = [];
  for (const entry of entries) {
    const matchedSpans = bySource[entry.source]?.get(entry.choice.traceId);
    if (matchedSpans !== undefined) out.push({ ...entry, matchedSpans });
  }
  return out;
}

/** A sorted copy; ties keep file order, then trace ID, so the order never depends on the input's. */
export function sortEntries(entries: readonly PickEntry[], sort: PickSort): PickEntry[] {
  const sign = sort.descending ? -1 : 1;
  return [...entries].sort((a, b) => {
    const primary =
      sort.key === 'duration'
        ? a.choice.durationNs - b.choice.durationNs
        : compareBig(a.choice.startUnixNano, b.choice.startUnixNano);
    return (
      sign * primary ||
      a.source - b.source ||
      (a.choice.traceId < b.choice.traceId ? -1 : a.choice.traceId > b.choice.traceId ? 1 : 0)
    );
  });
}

/** Clicking the active column flips it; another column starts with the largest first. */
export function nextPickSort(current: PickSort, key: PickSortKey): PickSort {
  return current.key === key ? { key, descending: !current.descending } : { key, descending: true };
}

function compareBig(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

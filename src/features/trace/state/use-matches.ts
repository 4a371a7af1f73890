// What find, the TraceQL filter and the quick filters match together: one mask over rows, the matches
// in tree order, stepping through them, and "show only matches" (matches plus their ancestors).
// The quick filters and "show only" live in the URL (`qf`, `qfservice`, `only`; decision 0183).
import { useCallback, useMemo } from 'react';
import type { QuickFilterParams } from '../../../routes/trace-view-params.ts';
import type { LoadedTrace } from '../../../worker/protocol.ts';
import { matchMask, type QuickFilters, quickFilterParamsOf, quickFiltersOf } from '../find/quick-filters.ts';
import { withAncestors } from '../tree/visible-rows.ts';

export interface Matches {
  filters: QuickFilters;
  setFilters: (filters: QuickFilters) => void;
  showOnly: boolean;
  setShowOnly: (showOnly: boolean) => void;
  /** 1 per matched row; null when nothing is asked. */
  mask: Uint8Array | null;
  /** Matched rows in tree order. */
  rows: Uint32Array;
  /** Rows to keep in the waterfall when showing only matches, else null. */
  include: Uint8Array | null;
  /** Position of the selected row among the matches, -1 when it is not one. */
  index: number;
  /** The next (`1`) or previous (`-1`) match from the selection, wrapping; selects it. */
  step: (delta: number) => void;
}

export function useMatches(
  trace: LoadedTrace,
  quick: QuickFilterParams,
  onQuick: (quick: QuickFilterParams) => void,
  findRows: Uint32Array | null,
  filterRows: Uint32Array | null,
  selectedRow: number,
  select: (row: number) => void,
): Matches {
  const { table, preorder, preorderPosition } = trace;
  const quickKey = `${quick.flags.join('.')}|${quick.service ?? ''}`;
  // biome-ignore lint/correctness/useExhaustiveDependencies: quickKey stands for `quick` (a new object per URL change)
  const filters = useMemo(() => quickFiltersOf(table, quick), [table, quickKey]);
  const showOnly = quick.only;
  const setFilters = useCallback(
    (next: QuickFilters) => onQuick(quickFilterParamsOf(table, next, showOnly)),
    [table, showOnly, onQuick],
  );
  const setShowOnly = useCallback(
    (only: boolean) => onQuick(quickFilterParamsOf(table, filters, only)),
    [table, filters, onQuick],
  );
  const mask = useMemo(
    () => matchMask(table, trace.analyses, filters, findRows, filterRows),
    [table, trace.analyses, filters, findRows, filterRows],
  );
  const rows = useMemo(() => {
    if (!mask) return new Uint32Array(0);
    return preorder.filter((row) => mask[row] === 1);
  }, [mask, preorder]);
  const include = useMemo(
    () => (showOnly && mask ? withAncestors(table, rows) : null),
    [showOnly, mask, rows, table],
  );
  const index = selectedRow >= 0 ? rows.indexOf(selectedRow) : -1;
  const step = (delta: number) => {
    const next = nextMatch(
      rows,
      index,
      delta,
      selectedRow >= 0 ? preorderPosition[selectedRow] : -1,
      preorderPosition,
    );
    if (next >= 0) select(rows[next]);
  };
  return { filters, setFilters, showOnly, setShowOnly, mask, rows, include, index, step };
}

/**
 * Index in `matches` of the match to step to: from a selected match, its neighbour (wrapping); from
 * elsewhere (`from` is the selection's tree position, -1 for the top), the next one in tree order.
 * -1 when there are no matches.
 */
export function nextMatch(
  matches: Uint32Array,
  index: number,
  delta: number,
  from: number,
  preorderPosition: Uint32Array,
): number {
  if (matches.length === 0) return -1;
  if (index >= 0) return (index + delta + matches.length) % matches.length;
  const next =
    delta > 0
      ? matches.findIndex((r) => preorderPosition[r] > from)
      : findLastIndex(matches, (r) => preorderPosition[r] < from);
  if (next >= 0) return next;
  return delta > 0 ? 0 : matches.length - 1;
}

function findLastIndex(list: Uint32Array, test: (row: number) => boolean): number {
  for (let i = list.length - 1; i >= 0; i--) if (test(list[i])) return i;
  return -1;
}

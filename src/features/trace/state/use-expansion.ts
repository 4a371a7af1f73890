// Which rows show their children. The set lives in the URL (`depth` + `fold`, tree/fold-param.ts), so
// a reload or a shared link shows the same rows; it is named by span IDs, so it survives the skew
// switch (a new table of the same spans). null means every row expanded.
import { useCallback, useMemo } from 'react';
import type { SpanTable } from '../../../model/types.ts';
import type { FoldParams } from '../../../routes/trace-view-params.ts';
import { allExpanded, type ExpandedSet, revealed, toggled } from '../tree/expanded.ts';
import { expandedFromFold, foldOf } from '../tree/fold-param.ts';

export interface Expansion {
  /** null: every row expanded. */
  expanded: ExpandedSet | null;
  /** Expands every ancestor of `row`, so the row is in the waterfall's list. */
  reveal: (row: number) => void;
  toggle: (row: number) => void;
  /** Expands (`true`) or collapses one row; nothing changes when it already is. */
  expand: (row: number, value: boolean) => void;
  collapseAll: () => void;
  expandAll: () => void;
  expandToDepth: (depth: number) => void;
}

export function useExpansion(
  table: SpanTable,
  fold: FoldParams,
  onFold: (fold: FoldParams) => void,
): Expansion {
  const { depth } = fold;
  const foldKey = `${depth ?? ''}|${fold.flipped.join('.')}`;
  // biome-ignore lint/correctness/useExhaustiveDependencies: foldKey stands for `fold` (a new object per URL change)
  const expanded = useMemo(() => expandedFromFold(table, fold), [table, foldKey]);
  const write = useCallback(
    (next: ExpandedSet) => onFold(foldOf(table, next, depth)),
    [table, depth, onFold],
  );
  const reveal = useCallback(
    (row: number) => {
      if (expanded === null) return;
      const next = revealed(table, expanded, row);
      if (next !== expanded) write(next);
    },
    [table, expanded, write],
  );
  const toggle = useCallback(
    (row: number) => write(toggled(expanded ?? allExpanded(table), row)),
    [table, expanded, write],
  );
  const expand = useCallback(
    (row: number, value: boolean) => {
      const isExpanded = expanded === null || expanded[row] === 1;
      if (isExpanded !== value) write(toggled(expanded ?? allExpanded(table), row));
    },
    [table, expanded, write],
  );
  return useMemo(
    () => ({
      expanded,
      reveal,
      toggle,
      expand,
      collapseAll: () => onFold({ depth: 0, flipped: [] }),
      expandAll: () => onFold({ flipped: [] }),
      expandToDepth: (d: number) => onFold({ depth: d, flipped: [] }),
    }),
    [expanded, reveal, toggle, expand, onFold],
  );
}

// Which rows show their children: null means every row expanded (the initial state, no bitset needed
// until something collapses). A new table (another trace, or the skew switch) starts fully expanded.
import { useCallback, useMemo, useState } from 'react';
import type { SpanTable } from '../../../model/types.ts';
import {
  allCollapsed,
  allExpanded,
  type ExpandedSet,
  expandedToDepth,
  revealed,
  toggled,
} from '../tree/expanded.ts';

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

export function useExpansion(table: SpanTable): Expansion {
  const [expanded, setExpanded] = useState<ExpandedSet | null>(null);
  const [expandedFor, setExpandedFor] = useState(table);
  if (expandedFor !== table) {
    setExpandedFor(table);
    setExpanded(null);
  }

  const reveal = useCallback(
    (row: number) => setExpanded((set) => (set === null ? null : revealed(table, set, row))),
    [table],
  );
  const toggle = useCallback(
    (row: number) => setExpanded((set) => toggled(set ?? allExpanded(table), row)),
    [table],
  );
  const expand = useCallback(
    (row: number, value: boolean) =>
      setExpanded((set) => {
        const isExpanded = set === null || set[row] === 1;
        if (isExpanded === value) return set;
        return toggled(set ?? allExpanded(table), row);
      }),
    [table],
  );
  return useMemo(
    () => ({
      expanded,
      reveal,
      toggle,
      expand,
      collapseAll: () => setExpanded(allCollapsed(table)),
      expandAll: () => setExpanded(null),
      expandToDepth: (depth: number) => setExpanded(expandedToDepth(table, depth)),
    }),
    [expanded, reveal, toggle, expand, table],
  );
}

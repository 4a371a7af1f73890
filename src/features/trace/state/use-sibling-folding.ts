// Repeated siblings folded into group rows (decision 0191): the groups of the table (found once per
// table), which the URL unfolds (`unfold`, by first member's span ID), unfolding and folding one, and
// the URL patch that unfolds the groups above a span being revealed. `fold=0` turns folding off.
import { useCallback, useMemo } from 'react';
import { groupsAbove, groupsContaining, type SiblingGroups, siblingGroups } from '../../../analysis/index.ts';
import { SpanFlag } from '../../../model/types.ts';
import type { TraceUrlState } from '../../../routes/trace-url.ts';
import type { LoadedTrace } from '../../../worker/protocol.ts';
import { rowOfSpanId, rowSpanId } from '../waterfall/span-id.ts';
import type { UpdateTraceUrl } from './use-span-selection.ts';

export interface SiblingFolding {
  /** null when folding is off (`fold=0`). */
  groups: SiblingGroups | null;
  /** Per group: 1 when it holds a critical-path span, or an error span (members or below them). */
  critical: Uint8Array;
  failing: Uint8Array;
  /** Per group: 1 when it shows its members (the URL unfolds it, or it holds the selected span). */
  unfolded: Uint8Array;
  /** The span ID a group is known by in the URL: its first member's. */
  groupId: (group: number) => string;
  /**
   * Unfolds a folded group, folds an unfolded one (`alsoPatch` joins the same URL write). Folding one
   * that holds the selected span also clears the selection, which would otherwise keep it open.
   */
  toggle: (group: number, alsoPatch?: Partial<TraceUrlState>) => void;
  /** The URL change that unfolds every group above `row`; {} when none is folded. */
  revealPatch: (row: number) => Partial<TraceUrlState>;
}

const NONE = new Uint8Array(0);

export function useSiblingFolding(
  trace: LoadedTrace,
  url: TraceUrlState,
  update: UpdateTraceUrl,
): SiblingFolding {
  const { table } = trace;
  const found = useMemo(() => {
    const begin = performance.now();
    const groups = siblingGroups(table);
    const critical = groupsContaining(table, groups, (row) => trace.analyses.cpTime[row] > 0);
    const failing = groupsContaining(table, groups, (row) => (table.flags[row] & SpanFlag.Error) !== 0);
    const byId = new Map<string, number>();
    for (let g = 0; g < groups.count; g++)
      byId.set(rowSpanId(table, table.children[groups.memberFrom[g]]), g);
    performance.measure('tracelight:sibling-groups', { start: begin, detail: { spans: table.count } });
    return { groups, critical, failing, byId };
  }, [table, trace.analyses]);
  const on = url.foldRepeats && found.groups.count > 0;
  const unfold = url.unfold;
  // A link may name a span inside a folded group (written before it folded, or by another tool):
  // the groups above the selected span show unfolded, so the selection is always a visible row.
  const selected = useMemo(() => rowOfSpanId(table, url.span), [table, url.span]);
  const inUrl = useMemo(() => {
    const set = new Uint8Array(found.groups.count);
    for (const id of unfold) {
      const g = found.byId.get(id);
      if (g !== undefined) set[g] = 1;
    }
    return set;
  }, [found, unfold]);
  const unfolded = useMemo(() => {
    if (selected < 0) return inUrl;
    const set = inUrl.slice();
    for (const g of groupsAbove(table, found.groups, selected)) set[g] = 1;
    return set;
  }, [inUrl, found, table, selected]);
  const groupId = useCallback(
    (group: number) => rowSpanId(table, table.children[found.groups.memberFrom[group]]),
    [table, found],
  );
  const toggle = useCallback(
    (group: number, alsoPatch: Partial<TraceUrlState> = {}) => {
      const id = groupId(group);
      if (!unfolded[group]) {
        update({ ...alsoPatch, unfold: [...unfold, id] });
        return;
      }
      const holdsSelection = selected >= 0 && groupsAbove(table, found.groups, selected).includes(group);
      update({
        ...(holdsSelection ? { span: undefined } : {}),
        ...alsoPatch,
        unfold: unfold.filter((u) => u !== id),
      });
    },
    [groupId, unfolded, unfold, update, selected, table, found],
  );
  const revealPatch = useCallback(
    (row: number): Partial<TraceUrlState> => {
      if (!on || row < 0) return {};
      // The groups the selection opened stay open when it moves on: rows do not jump under the cursor.
      const above = new Set(groupsAbove(table, found.groups, row));
      if (selected >= 0) for (const g of groupsAbove(table, found.groups, selected)) above.add(g);
      const more = [...above].filter((g) => !inUrl[g]).map(groupId);
      return more.length > 0 ? { unfold: [...unfold, ...more] } : {};
    },
    [on, table, found, inUrl, selected, groupId, unfold],
  );
  return useMemo(
    () => ({
      groups: on ? found.groups : null,
      critical: on ? found.critical : NONE,
      failing: on ? found.failing : NONE,
      unfolded,
      groupId,
      toggle,
      revealPatch,
    }),
    [on, found, unfolded, groupId, toggle, revealPatch],
  );
}

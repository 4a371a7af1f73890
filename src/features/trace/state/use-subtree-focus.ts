// Focus on a subtree in the waterfall (decision 0192): the URL's `focus` span as a row, focusing on a
// row and leaving, and the URL patch that leaves the focus when a span outside it is revealed.
import { useCallback, useMemo } from 'react';
import { isInSubtree } from '../../../analysis/index.ts';
import type { SpanTable } from '../../../model/types.ts';
import type { TraceUrlState } from '../../../routes/trace-url.ts';
import { rowOfSpanId, rowSpanId } from '../waterfall/span-id.ts';
import type { UpdateTraceUrl } from './use-span-selection.ts';

export interface SubtreeFocus {
  /** The focused row, -1 for the whole trace (also when the URL names a span the table lacks). */
  row: number;
  /** Shows only `row`'s subtree and selects it; -1 shows the whole trace. A new history entry. */
  focusOn: (row: number) => void;
  /** {focus: undefined} when `row` is outside the focused subtree, else {}. */
  revealPatch: (row: number) => Partial<TraceUrlState>;
}

export function useSubtreeFocus(
  table: SpanTable,
  focus: string | undefined,
  update: UpdateTraceUrl,
): SubtreeFocus {
  const row = useMemo(() => rowOfSpanId(table, focus), [table, focus]);
  const focusOn = useCallback(
    (target: number) => {
      if (target < 0) update({ focus: undefined }, 'push');
      else {
        const id = rowSpanId(table, target);
        // The zoom was a window on the whole trace; the focused span's interval replaces it.
        update({ focus: id, span: id, zoom: undefined }, 'push');
      }
    },
    [table, update],
  );
  const revealPatch = useCallback(
    (target: number): Partial<TraceUrlState> =>
      row >= 0 && target >= 0 && !isInSubtree(table, target, row) ? { focus: undefined } : {},
    [table, row],
  );
  return useMemo(() => ({ row, focusOn, revealPatch }), [row, focusOn, revealPatch]);
}

// The selected span lives in the URL (`span`); selecting one also reveals it in the waterfall.
import { useCallback, useMemo, useState } from 'react';
import type { SpanTable } from '../../../model/types.ts';
import type { TraceUrlState } from '../../../routes/trace-url.ts';
import { rowOfSpanId, rowSpanId } from '../waterfall/span-id.ts';

export type UpdateTraceUrl = (patch: Partial<TraceUrlState>, mode?: 'replace' | 'push') => void;

export interface SpanSelection {
  /** The URL's span as a row, -1 when none (or not in this table). */
  selectedRow: number;
  /** Selects `row` in place (replacing the history entry); -1 clears the selection. */
  select: (row: number) => void;
  /** Selects the span with this ID, when the table has it. */
  selectSpanId: (spanId: string) => void;
  /** From another view: selects `row` and switches to the waterfall, as a new history entry. */
  openInWaterfall: (row: number) => void;
}

export function useSpanSelection(
  table: SpanTable,
  spanId: string | undefined,
  update: UpdateTraceUrl,
  reveal: (row: number) => void,
  /** URL changes that reveal `row` too (unfold its group, leave a focus it is outside), written with it. */
  revealPatch?: (row: number) => Partial<TraceUrlState>,
): SpanSelection {
  // The URL names a span by its ID, which two spans with a duplicate ID share: the row last picked
  // here says which of them is meant, so picking the second one does not select the first.
  const [picked, setPicked] = useState<{ table: SpanTable; row: number } | null>(null);
  const selectedRow = useMemo(() => {
    const pickedId = picked && picked.table === table ? rowSpanId(table, picked.row) : undefined;
    if (picked && spanId && (pickedId === spanId || pickedId === spanId.toLowerCase())) return picked.row;
    return rowOfSpanId(table, spanId);
  }, [table, spanId, picked]);
  // The one place that reveals a span and selects it.
  const revealAndSelect = useCallback(
    (row: number, inWaterfall: boolean) => {
      setPicked({ table, row });
      reveal(row);
      const span = rowSpanId(table, row);
      const also = revealPatch?.(row);
      if (inWaterfall) update({ ...also, span, view: 'waterfall' }, 'push');
      else update({ ...also, span });
    },
    [table, update, reveal, revealPatch],
  );
  const select = useCallback(
    (row: number) => (row < 0 ? update({ span: undefined }) : revealAndSelect(row, false)),
    [update, revealAndSelect],
  );
  const selectSpanId = useCallback((id: string) => select(rowOfSpanId(table, id)), [select, table]);
  const openInWaterfall = useCallback(
    (row: number) => {
      if (row >= 0) revealAndSelect(row, true);
    },
    [revealAndSelect],
  );
  return { selectedRow, select, selectSpanId, openInWaterfall };
}

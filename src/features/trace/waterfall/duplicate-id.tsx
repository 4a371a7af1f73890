// The mark of a span whose span ID another span of the trace also has (SpanFlag.DuplicateId): a
// chip on its waterfall row, a line in the hover cards, a count in the trace header. Both spans are kept and both are marked; the
// span panel's warnings say the same in full (model/details.ts).
import type { SpanTable } from '../../../model/types.ts';
import { SpanFlag } from '../../../model/types.ts';

export const DUPLICATE_ID_LABEL = 'duplicate span ID';
const DUPLICATE_ID_DETAIL = 'another span of this trace has the same span ID; both are shown.';
export const DUPLICATE_ID_WHY = `${DUPLICATE_ID_DETAIL[0].toUpperCase()}${DUPLICATE_ID_DETAIL.slice(1)}`;

export function hasDuplicateId(table: SpanTable, row: number): boolean {
  return (table.flags[row] & SpanFlag.DuplicateId) !== 0;
}

/** Spans flagged in the table (one pass, for the trace header's badge). */
export function duplicateIdCount(table: SpanTable): number {
  let n = 0;
  for (let row = 0; row < table.count; row++) if (table.flags[row] & SpanFlag.DuplicateId) n++;
  return n;
}

/** The chip after a row's name. */
export function DuplicateIdChip() {
  return (
    <span
      data-duplicate-id=""
      title={DUPLICATE_ID_WHY}
      className="ml-1 shrink-0 rounded border border-amber-600 px-1 text-amber-800 dark:border-amber-400 dark:text-amber-200"
    >
      {DUPLICATE_ID_LABEL}
    </span>
  );
}

/** The line in a hover card. */
export function DuplicateIdLine() {
  return (
    <div data-duplicate-id="" className="text-amber-800 dark:text-amber-200">
      {DUPLICATE_ID_LABEL}: {DUPLICATE_ID_DETAIL}
    </div>
  );
}

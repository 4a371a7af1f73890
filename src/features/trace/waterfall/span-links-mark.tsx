// The mark of a span that links to other spans (SpanFlag.HasLinks, set by every decoder): a chip on
// its waterfall row, a line in the hover cards and an entry in the legend. The links themselves are
// in the span's details; the span panel lists them and opens each in its own trace.
import type { SpanTable } from '../../../model/types.ts';
import { SpanFlag } from '../../../model/types.ts';

export const SPAN_LINKS_LABEL = 'links';
const SPAN_LINKS_DETAIL = 'this span links to other spans; the span panel lists them and opens each one.';
export const SPAN_LINKS_WHY = `${SPAN_LINKS_DETAIL[0].toUpperCase()}${SPAN_LINKS_DETAIL.slice(1)}`;

export function hasSpanLinks(table: SpanTable, row: number): boolean {
  return (table.flags[row] & SpanFlag.HasLinks) !== 0;
}

/** The chip after a row's name. */
export function SpanLinksChip() {
  return (
    <span
      data-span-links=""
      title={SPAN_LINKS_WHY}
      className="ml-1 shrink-0 rounded border border-sky-700 px-1 text-sky-800 dark:border-sky-300 dark:text-sky-200"
    >
      <span aria-hidden="true">⇢ </span>
      {SPAN_LINKS_LABEL}
    </span>
  );
}

/** The line in a hover card. */
export function SpanLinksLine() {
  return (
    <div data-span-links="" className="text-sky-800 dark:text-sky-200">
      Span links: {SPAN_LINKS_DETAIL}
    </div>
  );
}

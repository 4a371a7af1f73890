// Above a waterfall focused on a subtree (decision 0192): the path from the root to the focused span,
// each step a way to focus there instead, and "Show whole trace".
import type { SpanTable } from '../../../model/types.ts';
import { breadcrumbsOf } from '../views/flame-layout.ts';
import { rowSpanId } from './span-id.ts';

const MAX_CRUMBS = 6;

export function FocusBar(props: { table: SpanTable; row: number; onFocus: (row: number) => void }) {
  const { table, row, onFocus } = props;
  const crumbs = breadcrumbsOf(table, row);
  const shown =
    crumbs.length > MAX_CRUMBS ? [crumbs[0], -1, ...crumbs.slice(crumbs.length - (MAX_CRUMBS - 2))] : crumbs;
  const label = (r: number) => `${table.strings[table.service[r]]} ${table.strings[table.name[r]]}`;
  return (
    <nav
      aria-label="Focused subtree"
      data-testid="focus-bar"
      className="flex flex-wrap items-center gap-1 border-b border-gray-300 bg-blue-50 px-2 py-1 text-xs dark:border-gray-700 dark:bg-blue-950/40"
    >
      <button
        type="button"
        data-testid="focus-whole-trace"
        className="rounded border border-blue-700 px-1.5 font-medium text-blue-800 hover:bg-blue-100 dark:border-blue-300 dark:text-blue-200 dark:hover:bg-blue-900"
        onClick={() => onFocus(-1)}
      >
        Show whole trace
      </button>
      <span className="opacity-80">Focused on</span>
      {shown.map((r, i) =>
        r < 0 ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: one ellipsis per list
          <span key={`gap${i}`}>› …</span>
        ) : (
          <span key={r} className="flex items-center gap-1">
            {i > 0 ? '›' : null}
            {r === row ? (
              <span aria-current="true" className="font-semibold" data-span-id={rowSpanId(table, r)}>
                {label(r)}
              </span>
            ) : (
              <button
                type="button"
                data-span-id={rowSpanId(table, r)}
                className="text-blue-700 hover:underline dark:text-blue-300"
                onClick={() => onFocus(r)}
              >
                {label(r)}
              </button>
            )}
          </span>
        ),
      )}
      <span className="ml-auto opacity-70">f focuses the selected span · Backspace goes up one level</span>
    </nav>
  );
}

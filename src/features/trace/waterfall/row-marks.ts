// How the waterfall marks a span, as class lists and styles the legend draws with (TraceLegend.tsx):
// hatching for dark time, a bar under the span for the critical path, a red outline and `!` for an
// error, ticks for events and log lines. They are the values WaterfallRow.tsx draws with; a test
// (TraceLegend.test.tsx) renders a row and the legend and fails when the two drift apart, until the
// row imports them from here too (decision 0172).

/** Hatching over a span's dark gaps. */
export const DARK_HATCH =
  'repeating-linear-gradient(135deg, rgba(0,0,0,0.55) 0 2px, rgba(255,255,255,0.35) 2px 5px)';
/** The bar under a span's critical-path segments. */
export const CRITICAL_PATH_MARK = 'absolute bottom-0 h-1.5 bg-black dark:bg-white';
/** The outline of an error span's bar. */
export const ERROR_BAR_RING = 'ring-2 ring-red-600';
/** The `!` before an error span's name. */
export const ERROR_NAME_MARK = 'font-bold text-red-600';
/** A span event's tick, at the top of the row. */
export const EVENT_TICK = 'absolute top-0 h-2 w-0.5 bg-gray-900 dark:bg-gray-100';
/** A log line's tick, at the bottom of the row. */
export const LOG_TICK = 'absolute bottom-0 h-2.5 w-0.5 bg-amber-500 dark:bg-amber-300';
/** A span's bar. */
export const SPAN_BAR = 'absolute top-1 bottom-1 rounded-sm';

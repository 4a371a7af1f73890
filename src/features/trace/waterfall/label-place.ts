// Where a waterfall bar's duration label goes, in percent of the visible time window (0 at its left
// edge, 100 at its right): right of the bar when it fits before the right edge, else left of it when
// it fits after the left edge, else on a chip at the end of the bar's visible part, else nowhere.
// A bar outside the window gets no label, so zooming leaves no fragments at the edges.

export type LabelPlacement =
  | { place: 'right'; left: number }
  | { place: 'left'; right: number }
  | { place: 'inside'; right: number };

/** Text-xs digits and units average under 7 px; the label's padding is 4 px a side. */
const CHAR_PX = 7;
const PADDING_PX = 8;

/** The label's width as a percent of a drawing area `timelinePx` wide. */
export function labelWidthPct(text: string, timelinePx: number): number {
  return ((text.length * CHAR_PX + PADDING_PX) / Math.max(1, timelinePx)) * 100;
}

/**
 * `barFrom`/`barTo` are the bar's ends in percent of the window (either may lie outside 0–100);
 * `right` values are distances from the window's right edge, as CSS `right` takes them.
 */
export function placeLabel(barFrom: number, barTo: number, labelWidth: number): LabelPlacement | null {
  if (barTo < 0 || barFrom > 100) return null;
  if (barTo + labelWidth <= 100) return { place: 'right', left: barTo };
  if (barFrom - labelWidth >= 0) return { place: 'left', right: 100 - barFrom };
  const visibleEnd = Math.min(100, barTo);
  if (visibleEnd - labelWidth >= 0) return { place: 'inside', right: 100 - visibleEnd };
  return null;
}

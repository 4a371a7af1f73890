// Virtual scrolling past the browser's maximum element height: the scroll spacer is capped and
// scroll positions map linearly onto the natural (uncapped) content height.
// See docs/decisions/0062-waterfall-virtual-scroll.md and 0156-one-virtual-scroll-helper.md.
export const MAX_SCROLL_HEIGHT_PX = 8_000_000;

export interface ScrollGeometry {
  rowHeight: number;
  rowCount: number;
  viewportHeight: number;
}

export function naturalHeight(g: ScrollGeometry): number {
  return g.rowCount * g.rowHeight;
}

export function spacerHeight(g: ScrollGeometry): number {
  return Math.min(naturalHeight(g), MAX_SCROLL_HEIGHT_PX);
}

/** How far the viewport travels: in scroll px (over the capped spacer) and in natural px. */
function travel(g: ScrollGeometry): { scroll: number; natural: number } {
  return { scroll: spacerHeight(g) - g.viewportHeight, natural: naturalHeight(g) - g.viewportHeight };
}

/** `value` in [0, fromMax] mapped linearly onto [0, toMax] (0 when either range is empty). */
function rescale(value: number, fromMax: number, toMax: number): number {
  if (fromMax <= 0 || toMax <= 0) return 0;
  const clamped = Math.min(Math.max(value, 0), fromMax);
  return fromMax === toMax ? clamped : (clamped / fromMax) * toMax;
}

/** The natural content offset (px) at the top of the viewport for a scrollTop. */
export function naturalOffset(g: ScrollGeometry, scrollTop: number): number {
  const { scroll, natural } = travel(g);
  return rescale(scrollTop, scroll, natural);
}

/** The scrollTop that puts natural offset `offset` at the top of the viewport. */
export function scrollTopFor(g: ScrollGeometry, offset: number): number {
  const { scroll, natural } = travel(g);
  return rescale(offset, natural, scroll);
}

/** The natural offset that keeps `index` fully visible, moving as little as possible. */
export function offsetToReveal(g: ScrollGeometry, currentOffset: number, index: number): number {
  const top = index * g.rowHeight;
  const bottom = top + g.rowHeight;
  if (top < currentOffset) return top;
  if (bottom > currentOffset + g.viewportHeight) return bottom - g.viewportHeight;
  return currentOffset;
}

/**
 * The rows to draw for a scrollTop: `first` up to (not including) `last`, `overscan` rows beyond
 * each edge of the viewport and always one more below it.
 */
export function virtualWindow(
  g: ScrollGeometry,
  scrollTop: number,
  overscan = 0,
): { offset: number; first: number; last: number } {
  const offset = naturalOffset(g, scrollTop);
  const first = Math.max(0, Math.floor(offset / g.rowHeight) - overscan);
  const last = Math.min(g.rowCount, Math.ceil((offset + g.viewportHeight) / g.rowHeight) + 1 + overscan);
  return { offset, first, last: Math.max(first, last) };
}

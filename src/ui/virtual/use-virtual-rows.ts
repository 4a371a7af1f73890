// One virtual-scroll hook for every long list (waterfall, critical-path list, JSON lines, flame
// graph depths): rows of one fixed height, the scroll range capped under the browser's element
// height limit and mapped linearly onto the natural content height (./scroll-scale.ts, decision
// 0062), so the last of two million rows is reachable. The hook owns the scroll position and the
// viewport size; the component draws rows `first`…`last - 1`.
import { type RefObject, type UIEvent, useCallback, useLayoutEffect, useRef, useState } from 'react';
import {
  naturalHeight,
  naturalOffset,
  offsetToReveal,
  type ScrollGeometry,
  scrollTopFor,
  spacerHeight,
  virtualWindow,
} from './scroll-scale.ts';

export interface VirtualRowsOptions {
  rowCount: number;
  rowHeight: number;
  /** Rows drawn beyond each edge of the viewport (one more is always drawn below). */
  overscan?: number;
  /** Height of sticky content at the top of the scroller (a header row) that hides rows. */
  stickyTop?: number;
  /** Viewport height before it is measured, and while the scroller has none. */
  fallbackHeight?: number;
  /** Viewport width before it is measured, and while the scroller has none. */
  fallbackWidth?: number;
  /**
   * The first measure from the resize observer (after the browser's layout) instead of during the
   * commit: for a scroller of a fixed height that `fallbackHeight` already gives, so a big screen's
   * first commit does not force its whole layout inside one task (decision 0246).
   */
  measureAfterLayout?: boolean;
}

export interface VirtualRows<E extends HTMLElement> {
  /** Attach to the scrolling element. */
  ref: RefObject<E | null>;
  /** Attach as the scrolling element's `onScroll`. */
  onScroll: (event: UIEvent<E>) => void;
  /** The element's scrollTop (DOM px, for things positioned in scroll coordinates). */
  scrollTop: number;
  /** Height the rows get (px): the scroller's minus `stickyTop`. */
  viewportHeight: number;
  /** The scroller's width without its scrollbar (px). */
  viewportWidth: number;
  /** The natural content offset (px) at the top of the viewport. */
  offset: number;
  /** First row to draw. */
  first: number;
  /** One past the last row to draw. */
  last: number;
  /** Height of the scroll spacer (px): the natural height, capped. */
  spacerHeight: number;
  /**
   * translateY for a layer pinned to the viewport (sticky) that holds the drawn rows at
   * `(i - first) * rowHeight`: only the layer moves while scrolling within a row.
   */
  shift: number;
  /** Top (px, inside the spacer) of row `index` for rows positioned in the spacer itself. */
  rowTop: (index: number) => number;
  /** Scrolls as little as possible to show row `index` whole. */
  reveal: (index: number) => void;
  /** Scrolls row `index` to the middle of the viewport. */
  centre: (index: number) => void;
}

export function useVirtualRows<E extends HTMLElement>(options: VirtualRowsOptions): VirtualRows<E> {
  const {
    rowCount,
    rowHeight,
    overscan = 0,
    stickyTop = 0,
    fallbackHeight = 600,
    fallbackWidth = 1000,
    measureAfterLayout = false,
  } = options;
  const ref = useRef<E>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewportHeight, setViewportHeight] = useState(fallbackHeight);
  const [viewportWidth, setViewportWidth] = useState(fallbackWidth);

  const heightOf = useCallback(
    (el: HTMLElement) => (el.clientHeight > stickyTop ? el.clientHeight - stickyTop : fallbackHeight),
    [stickyTop, fallbackHeight],
  );

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => {
      setViewportHeight(heightOf(el));
      setViewportWidth(el.clientWidth || fallbackWidth);
    };
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    if (!measureAfterLayout) measure();
    return () => observer.disconnect();
  }, [heightOf, fallbackWidth, measureAfterLayout]);

  // Scrolling on request reads the element, not state, so it is right before the next render too.
  const scrollToOffset = useCallback(
    (target: (g: ScrollGeometry, current: number) => number) => {
      const el = ref.current;
      if (!el) return;
      const g: ScrollGeometry = { rowHeight, rowCount, viewportHeight: heightOf(el) };
      const current = naturalOffset(g, el.scrollTop);
      const next = target(g, current);
      if (next === current) return;
      el.scrollTop = scrollTopFor(g, next);
      setScrollTop(el.scrollTop);
    },
    [rowHeight, rowCount, heightOf],
  );
  const reveal = useCallback(
    (index: number) => scrollToOffset((g, current) => offsetToReveal(g, current, index)),
    [scrollToOffset],
  );
  const centre = useCallback(
    (index: number) => scrollToOffset((g) => index * g.rowHeight - (g.viewportHeight - g.rowHeight) / 2),
    [scrollToOffset],
  );
  const onScroll = useCallback((event: UIEvent<E>) => setScrollTop(event.currentTarget.scrollTop), []);

  const geometry: ScrollGeometry = { rowHeight, rowCount, viewportHeight };
  const { offset, first, last } = virtualWindow(geometry, scrollTop, overscan);
  const scaled = spacerHeight(geometry) < naturalHeight(geometry);
  return {
    ref,
    onScroll,
    scrollTop,
    viewportHeight,
    viewportWidth,
    offset,
    first,
    last,
    spacerHeight: spacerHeight(geometry),
    shift: first * rowHeight - offset,
    rowTop: (index) => (scaled ? scrollTop - offset : 0) + index * rowHeight,
    reveal,
    centre,
  };
}

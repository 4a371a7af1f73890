// @vitest-environment jsdom
// The hook every long list scrolls with: it measures its scroller, draws only the viewport's rows,
// and reaches the last of two million rows although the spacer is capped (decisions 0062, 0156).
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { stubResizeObserver } from '../testing/no-layout.ts';
import { MAX_SCROLL_HEIGHT_PX } from './scroll-scale.ts';
import { LAYER_ROWS, useVirtualRows, type VirtualRows } from './use-virtual-rows.ts';

const VIEWPORT = 560;

beforeAll(() => {
  // jsdom lays nothing out: give every element a viewport-sized box and a no-op ResizeObserver.
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => VIEWPORT });
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 800 });
  stubResizeObserver();
});
afterEach(cleanup);

let latest: VirtualRows<HTMLDivElement> | undefined;

function List(props: { rowCount: number; rowHeight: number; stickyTop?: number }) {
  const virtual = useVirtualRows<HTMLDivElement>({ ...props, overscan: 2 });
  latest = virtual;
  const rows = [];
  for (let i = virtual.first; i < virtual.last; i++)
    rows.push(
      <div key={i} data-row={i} style={{ position: 'absolute', top: virtual.rowTop(i) }}>
        row {i}
      </div>,
    );
  return (
    <div ref={virtual.ref} onScroll={virtual.onScroll} data-testid="scroller">
      <div data-testid="spacer" style={{ height: virtual.spacerHeight }}>
        {rows}
      </div>
    </div>
  );
}

function drawn(): number[] {
  return Array.from(document.querySelectorAll('[data-row]'), (el) => Number(el.getAttribute('data-row')));
}

describe('useVirtualRows', () => {
  it('measures the scroller and draws the viewport’s rows with the overscan, at their natural tops', () => {
    render(<List rowCount={1000} rowHeight={28} />);
    expect(latest?.viewportHeight).toBe(VIEWPORT);
    expect(latest?.viewportWidth).toBe(800);
    expect(drawn()).toEqual(Array.from({ length: 23 }, (_, i) => i)); // 20 visible + 1 + 2 overscan
    expect(screen.getByTestId('spacer').style.height).toBe('28000px');
    expect(latest?.rowTop(10)).toBe(280);
  });

  it('keeps the spacer under the cap for two million 28 px rows and reaches the last one', () => {
    render(<List rowCount={2_000_000} rowHeight={28} />);
    expect(screen.getByTestId('spacer').style.height).toBe(`${MAX_SCROLL_HEIGHT_PX}px`);
    const scroller = screen.getByTestId('scroller');
    scroller.scrollTop = MAX_SCROLL_HEIGHT_PX - VIEWPORT;
    fireEvent.scroll(scroller);
    const rows = drawn();
    expect(rows.at(-1)).toBe(1_999_999);
    // The last row ends where the capped spacer does.
    expect((latest?.rowTop(1_999_999) ?? 0) + 28).toBeCloseTo(MAX_SCROLL_HEIGHT_PX, 3);
  });

  it('centres and reveals a row far past the cap through the scaled scroll position', () => {
    render(<List rowCount={2_000_000} rowHeight={28} />);
    act(() => latest?.centre(1_500_000));
    const offset = latest?.offset ?? 0;
    expect(offset).toBeCloseTo(1_500_000 * 28 - (VIEWPORT - 28) / 2, 0);
    expect(drawn()).toContain(1_500_000);
    act(() => latest?.reveal(10));
    expect(latest?.offset).toBeCloseTo(10 * 28, 0);
    expect(drawn()[0]).toBe(8);
  });

  it('gives rows below a sticky header the scroller’s height minus the header', () => {
    render(<List rowCount={100} rowHeight={24} stickyTop={24} />);
    expect(latest?.viewportHeight).toBe(VIEWPORT - 24);
  });

  it('keeps the layer anchor while scrolling within a step, and puts every row where it belongs', () => {
    // A drawn row's screen top is layerShift + (i - layerFirst) × rowHeight; it must equal its
    // natural top minus the offset, and `layerFirst` must not move while the window moves a few
    // rows (else every memoized row gets a new `top` and re-renders on each scroll, decision 0329).
    render(<List rowCount={2_000_000} rowHeight={24} />);
    const scroller = screen.getByTestId('scroller');
    const anchors: number[] = [];
    for (const scrollTop of [
      0,
      5,
      24 * 3 + 7,
      24 * 40,
      24 * (LAYER_ROWS - 30),
      MAX_SCROLL_HEIGHT_PX - VIEWPORT,
    ]) {
      scroller.scrollTop = scrollTop;
      fireEvent.scroll(scroller);
      const v = latest as VirtualRows<HTMLDivElement>;
      anchors.push(v.layerFirst);
      expect(v.layerFirst % LAYER_ROWS).toBe(0);
      expect(v.layerFirst).toBeLessThanOrEqual(v.first);
      for (const i of [v.first, v.last - 1])
        expect(v.layerShift + (i - v.layerFirst) * 24).toBeCloseTo(i * 24 - v.offset, 6);
      // The shift stays small (float precision of a transform), even two million rows down.
      expect(Math.abs(v.layerShift)).toBeLessThanOrEqual(LAYER_ROWS * 24);
    }
    // Scrolling through the first 40 rows (scaled: 240 rows) keeps the anchor; far down it moves.
    expect(anchors.slice(0, 4)).toEqual([0, 0, 0, 0]);
    expect(anchors[4]).toBeGreaterThan(0);
    expect(anchors[5]).toBeGreaterThan(anchors[4]);
  });
});

import { describe, expect, it } from 'vitest';
import {
  MAX_SCROLL_HEIGHT_PX,
  naturalOffset,
  offsetToReveal,
  scrollTopFor,
  spacerHeight,
  virtualWindow,
} from './scroll-scale.ts';

describe('virtual scroll scale', () => {
  const small = { rowHeight: 24, rowCount: 100, viewportHeight: 480 };
  const huge = { rowHeight: 24, rowCount: 2_000_000, viewportHeight: 480 };

  it('scrolls 1:1 while the content fits under the cap', () => {
    expect(spacerHeight(small)).toBe(2400);
    expect(naturalOffset(small, 300)).toBe(300);
    expect(scrollTopFor(small, 300)).toBe(300);
  });

  it('caps the spacer for two million rows and still reaches the last row', () => {
    expect(spacerHeight(huge)).toBe(MAX_SCROLL_HEIGHT_PX);
    const maxScroll = MAX_SCROLL_HEIGHT_PX - 480;
    const bottom = naturalOffset(huge, maxScroll);
    expect(Math.floor((bottom + 480) / 24)).toBe(2_000_000);
  });

  it('round-trips offsets through scrollTop', () => {
    const offset = 24 * 1_234_567;
    expect(naturalOffset(huge, scrollTopFor(huge, offset))).toBeCloseTo(offset, 3);
  });

  it('moves as little as possible to reveal a row', () => {
    expect(offsetToReveal(small, 0, 5)).toBe(0);
    expect(offsetToReveal(small, 0, 20)).toBe(21 * 24 - 480);
    expect(offsetToReveal(small, 600, 3)).toBe(72);
  });
});

describe('virtual window', () => {
  const huge = { rowHeight: 28, rowCount: 2_000_000, viewportHeight: 560 };

  it('draws the viewport’s rows plus one below, and the overscan on both sides', () => {
    expect(virtualWindow({ rowHeight: 24, rowCount: 100, viewportHeight: 480 }, 0)).toEqual({
      offset: 0,
      first: 0,
      last: 21,
    });
    expect(virtualWindow({ rowHeight: 24, rowCount: 100, viewportHeight: 480 }, 240, 10)).toEqual({
      offset: 240,
      first: 0,
      last: 41,
    });
    expect(virtualWindow({ rowHeight: 24, rowCount: 0, viewportHeight: 480 }, 0, 10)).toEqual({
      offset: 0,
      first: 0,
      last: 0,
    });
  });

  it('reaches the last of two million 28 px segments at the bottom of the capped range', () => {
    const bottom = virtualWindow(huge, MAX_SCROLL_HEIGHT_PX - huge.viewportHeight, 10);
    expect(bottom.last).toBe(2_000_000);
    expect(bottom.first).toBe(2_000_000 - 20 - 10);
    const middle = virtualWindow(huge, (MAX_SCROLL_HEIGHT_PX - huge.viewportHeight) / 2);
    expect(middle.first).toBeGreaterThan(990_000);
    expect(middle.first).toBeLessThan(1_010_000);
  });
});

import { describe, expect, it } from 'vitest';
import {
  MAX_SCROLL_HEIGHT_PX,
  naturalOffset,
  offsetToReveal,
  scrollTopFor,
  spacerHeight,
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

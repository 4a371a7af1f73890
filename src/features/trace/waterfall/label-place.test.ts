import { describe, expect, it } from 'vitest';
import { labelWidthPct, placeLabel } from './label-place.ts';

// A 1000 px timeline: a "12.3 ms" label is 57 px, 5.7 % of it.
const LABEL = labelWidthPct('12.3 ms', 1000);

describe('duration label placement', () => {
  it('puts the label right of the bar, else left, else inside it', () => {
    expect(LABEL).toBeCloseTo(5.7);
    expect(placeLabel(10, 20, LABEL)).toEqual({ place: 'right', left: 20 });
    expect(placeLabel(60, 97, LABEL)).toEqual({ place: 'left', right: 40 });
    expect(placeLabel(2, 98, LABEL)).toEqual({ place: 'inside', right: 2 });
  });

  it('gives a bar that ends before the window or starts after it no label', () => {
    // Zoomed to 40-60 % of a trace, a span at 10-20 % lies at -150..-100 % of the window.
    expect(placeLabel(-150, -100, LABEL)).toBeNull();
    expect(placeLabel(101, 130, LABEL)).toBeNull();
  });

  it('keeps the label of a bar cut by the window inside the window', () => {
    // Starts before the window, ends inside it: right of its visible end.
    expect(placeLabel(-50, 30, LABEL)).toEqual({ place: 'right', left: 30 });
    // Ends just inside the left edge: the label goes right of it, wholly inside the window.
    expect(placeLabel(-50, 2, LABEL)).toEqual({ place: 'right', left: 2 });
    // Covers the whole window: on a chip at the window's right edge.
    expect(placeLabel(-50, 150, LABEL)).toEqual({ place: 'inside', right: 0 });
    // Starts inside the right edge and runs past it: left of its start.
    expect(placeLabel(90, 150, LABEL)).toEqual({ place: 'left', right: 10 });
  });

  it('places no label where none fits in the window', () => {
    const wide = labelWidthPct('12.3 ms', 40);
    expect(placeLabel(-10, 50, wide)).toBeNull();
  });
});

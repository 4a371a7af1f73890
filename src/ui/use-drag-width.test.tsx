// @vitest-environment jsdom
// Drag-to-resize: the width follows the pointer from where the drag began, clamped, on either edge.
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type DragWidthOptions, draggedWidth, useDragWidth } from './use-drag-width.ts';

beforeAll(() => {
  // jsdom has no pointer capture.
  HTMLElement.prototype.setPointerCapture = () => {};
});
afterEach(cleanup);

function Resizable(props: { start: number; edge: DragWidthOptions['edge'] }) {
  const [width, setWidth] = useState(props.start);
  const onPointerDown = useDragWidth({ width, onWidth: setWidth, min: 100, max: 400, edge: props.edge });
  return (
    <div role="separator" aria-orientation="vertical" aria-valuenow={width} onPointerDown={onPointerDown} />
  );
}

/** jsdom's PointerEvent keeps no clientX: a MouseEvent of the pointer type carries it. */
function pointer(separator: HTMLElement, type: string, clientX: number) {
  act(() => {
    separator.dispatchEvent(new MouseEvent(type, { clientX, bubbles: true }));
  });
}

/** Renders a box `start` px wide, presses its separator at x = 500 and returns the width at each move. */
function pressAt500(start: number, edge: DragWidthOptions['edge']) {
  render(<Resizable start={start} edge={edge} />);
  const separator = screen.getByRole('separator');
  fireEvent.pointerDown(separator, { clientX: 500, pointerId: 1 });
  return {
    moveTo: (x: number) => {
      pointer(separator, 'pointermove', x);
      return Number(separator.getAttribute('aria-valuenow'));
    },
    release: () => pointer(separator, 'pointerup', 0),
  };
}

describe('draggedWidth', () => {
  it('widens with the pointer on the end edge and against it on the start edge, within bounds', () => {
    expect(draggedWidth(200, 50, { min: 100, max: 400, edge: 'end' })).toBe(250);
    expect(draggedWidth(200, 50, { min: 100, max: 400, edge: 'start' })).toBe(150);
    expect(draggedWidth(200, 500, { min: 100, max: 400, edge: 'end' })).toBe(400);
    expect(draggedWidth(200, 500, { min: 100, max: 400, edge: 'start' })).toBe(100);
  });
});

describe('useDragWidth', () => {
  it('follows the pointer from where the drag began until it is released', () => {
    const drag = pressAt500(200, 'end');
    expect(drag.moveTo(560)).toBe(260);
    expect(drag.moveTo(530)).toBe(230);
    drag.release();
    expect(drag.moveTo(900)).toBe(230);
  });

  it('narrows a panel whose separator is on its left edge as the pointer moves right', () => {
    const drag = pressAt500(300, 'start');
    expect(drag.moveTo(560)).toBe(240);
    expect(drag.moveTo(0)).toBe(400);
  });
});

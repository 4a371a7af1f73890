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

function drag(separator: HTMLElement, from: number, to: number) {
  fireEvent.pointerDown(separator, { clientX: from, pointerId: 1 });
  pointer(separator, 'pointermove', to);
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
    render(<Resizable start={200} edge="end" />);
    const separator = screen.getByRole('separator');
    drag(separator, 500, 560);
    expect(separator.getAttribute('aria-valuenow')).toBe('260');
    pointer(separator, 'pointermove', 530);
    expect(separator.getAttribute('aria-valuenow')).toBe('230');
    pointer(separator, 'pointerup', 530);
    pointer(separator, 'pointermove', 900);
    expect(separator.getAttribute('aria-valuenow')).toBe('230');
  });

  it('narrows a panel whose separator is on its left edge as the pointer moves right', () => {
    render(<Resizable start={300} edge="start" />);
    const separator = screen.getByRole('separator');
    drag(separator, 500, 560);
    expect(separator.getAttribute('aria-valuenow')).toBe('240');
    pointer(separator, 'pointermove', 0);
    expect(separator.getAttribute('aria-valuenow')).toBe('400');
  });
});

// Drag-to-resize for a column or panel width: a pointerdown on the separator captures the pointer
// and reports the new width, clamped, on every move until the pointer is released.
import { type PointerEvent, useCallback } from 'react';

export interface DragWidthOptions {
  width: number;
  onWidth: (px: number) => void;
  min: number;
  max: number;
  /**
   * Which edge of the box the separator sits on: `end` (right edge, the box widens as the pointer
   * moves right) or `start` (left edge, it widens as the pointer moves left).
   */
  edge: 'start' | 'end';
}

/** The width after dragging the separator by `dx` px from where it was at `startWidth`. */
export function draggedWidth(
  startWidth: number,
  dx: number,
  options: Omit<DragWidthOptions, 'width' | 'onWidth'>,
) {
  const width = options.edge === 'end' ? startWidth + dx : startWidth - dx;
  return Math.max(options.min, Math.min(options.max, width));
}

/** The separator's `onPointerDown`. */
export function useDragWidth(options: DragWidthOptions): (event: PointerEvent<HTMLElement>) => void {
  const { width, onWidth, min, max, edge } = options;
  return useCallback(
    (event: PointerEvent<HTMLElement>) => {
      const startX = event.clientX;
      const target = event.currentTarget;
      target.setPointerCapture(event.pointerId);
      const move = (e: globalThis.PointerEvent) =>
        onWidth(draggedWidth(width, e.clientX - startX, { min, max, edge }));
      const up = () => {
        target.removeEventListener('pointermove', move);
        target.removeEventListener('pointerup', up);
      };
      target.addEventListener('pointermove', move);
      target.addEventListener('pointerup', up);
    },
    [width, onWidth, min, max, edge],
  );
}

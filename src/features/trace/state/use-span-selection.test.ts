// @vitest-environment jsdom
import { act, renderHook } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { traceFromSpecs } from '../../../analysis/testing/trace-builder.ts';
import { rowSpanId } from '../waterfall/span-id.ts';
import { useSpanSelection } from './use-span-selection.ts';

const { table } = traceFromSpecs([
  { name: 'root', parent: -1, start: 0, duration: 100 },
  { name: 'child', parent: 0, start: 10, duration: 20 },
]);

function setup(span?: string) {
  const update = vi.fn();
  const reveal = vi.fn();
  const { result } = renderHook(() => useSpanSelection(table, span, update, reveal));
  return { update, reveal, selection: result.current };
}

describe('useSpanSelection', () => {
  it('reads the URL span as a row', () => {
    expect(setup(rowSpanId(table, 1)).selection.selectedRow).toBe(1);
    expect(setup(rowSpanId(table, 1).toUpperCase()).selection.selectedRow).toBe(1);
    expect(setup('ffffffffffffffff').selection.selectedRow).toBe(-1);
    expect(setup(undefined).selection.selectedRow).toBe(-1);
  });

  it('selects in place: reveals the row and replaces the URL span; -1 clears it', () => {
    const { update, reveal, selection } = setup();
    selection.select(1);
    expect(reveal).toHaveBeenCalledWith(1);
    expect(update).toHaveBeenLastCalledWith({ span: rowSpanId(table, 1) });
    selection.select(-1);
    expect(update).toHaveBeenLastCalledWith({ span: undefined });
    expect(reveal).toHaveBeenCalledTimes(1);
  });

  it('selects by span ID (the span panel’s links); an unknown ID clears the selection', () => {
    const { update, selection } = setup();
    selection.selectSpanId(rowSpanId(table, 0));
    expect(update).toHaveBeenLastCalledWith({ span: rowSpanId(table, 0) });
    selection.selectSpanId('ffffffffffffffff');
    expect(update).toHaveBeenLastCalledWith({ span: undefined });
  });

  it('opens a row in the waterfall from another view as a new history entry; -1 does nothing', () => {
    const { update, reveal, selection } = setup();
    selection.openInWaterfall(1);
    expect(reveal).toHaveBeenCalledWith(1);
    expect(update).toHaveBeenCalledWith({ span: rowSpanId(table, 1), view: 'waterfall' }, 'push');
    selection.openInWaterfall(-1);
    expect(update).toHaveBeenCalledTimes(1);
  });

  it('keeps the picked copy of a duplicated span ID selected, not the first copy', () => {
    const dup = traceFromSpecs([
      { name: 'copy 1', parent: -1, start: 0, duration: 10 },
      { name: 'copy 2', parent: -1, start: 0, duration: 10 },
    ]).table;
    dup.spanIdHi[1] = dup.spanIdHi[0];
    dup.spanIdLo[1] = dup.spanIdLo[0];
    const id = rowSpanId(dup, 0);
    let span: string | undefined;
    const update = vi.fn((patch: { span?: string }) => {
      span = patch.span;
    });
    const { result, rerender } = renderHook(() => useSpanSelection(dup, span, update, vi.fn()));
    act(() => result.current.select(1));
    rerender();
    expect(span).toBe(id);
    expect(result.current.selectedRow).toBe(1);
    // Cleared from the URL: nothing is selected, whichever copy was picked.
    span = undefined;
    rerender();
    expect(result.current.selectedRow).toBe(-1);
  });
});

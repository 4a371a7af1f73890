// @vitest-environment jsdom
import { act, renderHook } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { traceFromSpecs } from '../../../analysis/testing/trace-builder.ts';
import type { SpanTable } from '../../../model/types.ts';
import { type FoldParams, NO_FOLD_PARAMS } from '../../../routes/trace-view-params.ts';
import { useExpansion } from './use-expansion.ts';

/** The hook with its URL params kept in local state, as the trace URL would keep them. */
function useExpansionInState(table: SpanTable) {
  const [fold, setFold] = useState<FoldParams>(NO_FOLD_PARAMS);
  return { ...useExpansion(table, fold, setFold), fold };
}

// root ─┬─ a ── a1 ── a2
//       └─ b
const specs = [
  { name: 'root', parent: -1, start: 0, duration: 100 },
  { name: 'a', parent: 0, start: 10, duration: 20 },
  { name: 'a1', parent: 1, start: 12, duration: 5 },
  { name: 'a2', parent: 2, start: 13, duration: 1 },
  { name: 'b', parent: 0, start: 50, duration: 10 },
];

describe('useExpansion', () => {
  it('starts with everything expanded, and revealing then changes nothing', () => {
    const { table } = traceFromSpecs(specs);
    const { result } = renderHook(() => useExpansionInState(table));
    expect(result.current.expanded).toBeNull();
    act(() => result.current.reveal(3));
    expect(result.current.expanded).toBeNull();
  });

  it('reveals a deep row by expanding every ancestor, and nothing else', () => {
    const { table } = traceFromSpecs(specs);
    const { result } = renderHook(() => useExpansionInState(table));
    act(() => result.current.collapseAll());
    act(() => result.current.reveal(3));
    expect(Array.from(result.current.expanded ?? [])).toEqual([1, 1, 1, 0, 0]);
  });

  it('toggles and expands single rows, and expands to a depth', () => {
    const { table } = traceFromSpecs(specs);
    const { result } = renderHook(() => useExpansionInState(table));
    act(() => result.current.toggle(1));
    expect(result.current.expanded?.[1]).toBe(0);
    const before = result.current.expanded;
    act(() => result.current.expand(1, false));
    expect(result.current.expanded).toBe(before);
    act(() => result.current.expand(1, true));
    // Nothing folded any more: back to "every row expanded", with nothing left in the URL.
    expect(result.current.expanded).toBeNull();
    expect(result.current.fold).toEqual({ flipped: [] });
    act(() => result.current.expandToDepth(1));
    expect(Array.from(result.current.expanded ?? [])).toEqual([1, 0, 0, 0, 0]);
    act(() => result.current.expandAll());
    expect(result.current.expanded).toBeNull();
  });

  it('writes a collapse as the span it names, and keeps it for a new table of the same spans (skew switch)', () => {
    const first = traceFromSpecs(specs).table;
    const { result, rerender } = renderHook(({ table }) => useExpansionInState(table), {
      initialProps: { table: first },
    });
    act(() => result.current.toggle(1));
    expect(result.current.fold).toEqual({ depth: undefined, flipped: ['0000000000000002'] });
    rerender({ table: traceFromSpecs(specs).table });
    expect(Array.from(result.current.expanded ?? [])).toEqual([1, 0, 1, 1, 1]);
    act(() => result.current.collapseAll());
    expect(result.current.fold).toEqual({ depth: 0, flipped: [] });
    act(() => result.current.reveal(3));
    expect(result.current.fold.flipped).toHaveLength(3);
  });
});

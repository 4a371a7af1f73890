// @vitest-environment jsdom
import { act, renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { traceFromSpecs } from '../../../analysis/testing/trace-builder.ts';
import { useExpansion } from './use-expansion.ts';

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
    const { result } = renderHook(() => useExpansion(table));
    expect(result.current.expanded).toBeNull();
    act(() => result.current.reveal(3));
    expect(result.current.expanded).toBeNull();
  });

  it('reveals a deep row by expanding every ancestor, and nothing else', () => {
    const { table } = traceFromSpecs(specs);
    const { result } = renderHook(() => useExpansion(table));
    act(() => result.current.collapseAll());
    act(() => result.current.reveal(3));
    expect(Array.from(result.current.expanded ?? [])).toEqual([1, 1, 1, 0, 0]);
  });

  it('toggles and expands single rows, and expands to a depth', () => {
    const { table } = traceFromSpecs(specs);
    const { result } = renderHook(() => useExpansion(table));
    act(() => result.current.toggle(1));
    expect(result.current.expanded?.[1]).toBe(0);
    const before = result.current.expanded;
    act(() => result.current.expand(1, false));
    expect(result.current.expanded).toBe(before);
    act(() => result.current.expand(1, true));
    expect(result.current.expanded?.[1]).toBe(1);
    act(() => result.current.expandToDepth(1));
    expect(Array.from(result.current.expanded ?? [])).toEqual([1, 0, 0, 0, 0]);
    act(() => result.current.expandAll());
    expect(result.current.expanded).toBeNull();
  });

  it('starts fully expanded again for a new table (another trace, or the skew switch)', () => {
    const first = traceFromSpecs(specs).table;
    const { result, rerender } = renderHook(({ table }) => useExpansion(table), {
      initialProps: { table: first },
    });
    act(() => result.current.collapseAll());
    expect(result.current.expanded).not.toBeNull();
    rerender({ table: traceFromSpecs(specs).table });
    expect(result.current.expanded).toBeNull();
  });
});

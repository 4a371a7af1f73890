// @vitest-environment jsdom
import { act, renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { createSafeStorage } from '../../../state/local-storage.ts';
import { parseDismissed, useDismissedInsights } from './dismissed-insights.ts';

const A = 'a'.repeat(32);
const B = 'b'.repeat(32);

function memoryStorage() {
  const map = new Map<string, string>();
  const storage = {
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
    removeItem: (k: string) => void map.delete(k),
  } as unknown as Storage;
  return { map, safe: createSafeStorage(() => storage) };
}

describe('dismissed insights', () => {
  it('reads back only short strings from what storage holds', () => {
    expect(parseDismissed(null)).toEqual([]);
    expect(parseDismissed('not json')).toEqual([]);
    expect(parseDismissed('{"a":1}')).toEqual([]);
    expect(parseDismissed(JSON.stringify(['dark-gap:1:2', 3, '', 'x'.repeat(500), 'orphans::']))).toEqual([
      'dark-gap:1:2',
      'orphans::',
    ]);
  });

  it('remembers dismissals per trace, survives a remount and shows them all again', () => {
    const { map, safe } = memoryStorage();
    const first = renderHook(({ id }) => useDismissedInsights(id, safe), { initialProps: { id: A } });
    act(() => first.result.current.dismiss('dark-gap:00000000000000aa:5'));
    act(() => first.result.current.dismiss('error-origin:00000000000000bb:'));
    expect([...first.result.current.dismissed]).toHaveLength(2);
    // Another trace has its own list.
    first.rerender({ id: B });
    expect(first.result.current.dismissed.size).toBe(0);
    first.rerender({ id: A });
    expect(first.result.current.dismissed.has('dark-gap:00000000000000aa:5')).toBe(true);
    first.unmount();
    // Reopened in the same session: still dismissed.
    const again = renderHook(() => useDismissedInsights(A, safe));
    expect(again.result.current.dismissed.size).toBe(2);
    act(() => again.result.current.restoreAll());
    expect(again.result.current.dismissed.size).toBe(0);
    expect(map.size).toBe(0);
  });

  it('still dismisses (for the page) when storage is blocked', () => {
    const blocked = createSafeStorage(() => {
      throw new Error('SecurityError');
    });
    const { result } = renderHook(() => useDismissedInsights(A, blocked));
    act(() => result.current.dismiss('orphans::'));
    expect(result.current.dismissed.has('orphans::')).toBe(true);
  });
});

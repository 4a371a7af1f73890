// @vitest-environment jsdom
import { act, renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { inProcessWorker, loadRecordedTrace } from './testing/in-process-worker.ts';
import { useFind } from './use-find.ts';
import { nextMatch, useMatches } from './use-matches.ts';

describe('stepping through matches', () => {
  // Matches at rows 2, 5 and 9; each row's tree position is its number.
  const position = Uint32Array.from({ length: 12 }, (_, r) => r);
  const matches = Uint32Array.of(2, 5, 9);

  it('goes to the neighbour of a selected match, wrapping both ways', () => {
    expect(nextMatch(matches, 0, 1, 2, position)).toBe(1);
    expect(nextMatch(matches, 2, 1, 9, position)).toBe(0);
    expect(nextMatch(matches, 0, -1, 2, position)).toBe(2);
  });

  it('from a selection that is no match, goes to the next one in tree order', () => {
    expect(nextMatch(matches, -1, 1, 3, position)).toBe(1);
    expect(nextMatch(matches, -1, -1, 3, position)).toBe(0);
    expect(nextMatch(matches, -1, 1, 10, position)).toBe(0);
    expect(nextMatch(matches, -1, -1, 1, position)).toBe(2);
  });

  it('from no selection, starts at the top (or the bottom going back)', () => {
    expect(nextMatch(matches, -1, 1, -1, position)).toBe(0);
    expect(nextMatch(matches, -1, -1, -1, position)).toBe(2);
    expect(nextMatch(new Uint32Array(0), -1, 1, -1, position)).toBe(-1);
  });
});

describe('useMatches (recorded Tempo trace)', () => {
  it('combines find with the quick filters, shows only matches with their ancestors, and steps', async () => {
    const { client } = inProcessWorker();
    const trace = await loadRecordedTrace(client);
    const select = vi.fn();
    const { result } = renderHook(() => {
      const find = useFind(trace, client, 'stock');
      return useMatches(trace, find.rows, null, -1, select);
    });
    await waitFor(() => expect(result.current.rows.length).toBe(5));
    expect(result.current.include).toBeNull();
    expect(result.current.index).toBe(-1);
    act(() => result.current.step(1));
    expect(select).toHaveBeenLastCalledWith(result.current.rows[0]);

    const inventory = trace.table.strings.indexOf('inventory');
    act(() => result.current.setFilters({ ...result.current.filters, service: inventory }));
    expect(result.current.rows.length).toBe(4);
    act(() => result.current.setShowOnly(true));
    const include = result.current.include;
    expect(include).not.toBeNull();
    for (const root of trace.roots) expect(include?.[root]).toBe(1);
  });

  it('shows one service alone (from the statistics view)', async () => {
    const { client } = inProcessWorker();
    const trace = await loadRecordedTrace(client);
    const { result } = renderHook(() => useMatches(trace, null, null, -1, () => {}));
    expect(result.current.mask).toBeNull();
    act(() => result.current.showService('auth'));
    expect(result.current.showOnly).toBe(true);
    expect(result.current.rows.length).toBe(3);
  });
});

// @vitest-environment jsdom
import { act, renderHook, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { NO_QUICK_FILTER_PARAMS, type QuickFilterParams } from '../../../routes/trace-view-params.ts';
import type { LoadedTrace } from '../../../worker/protocol.ts';
import { serviceOnly } from '../find/quick-filters.ts';
import { inProcessWorker, loadRecordedTrace } from './testing/in-process-worker.ts';
import { useFind } from './use-find.ts';
import { nextMatch, useMatches } from './use-matches.ts';

/** The hook with its URL params kept in local state, as the trace URL would keep them. */
function useMatchesInState(
  trace: LoadedTrace,
  findRows: Uint32Array | null,
  select: (row: number) => void,
  initial: QuickFilterParams = NO_QUICK_FILTER_PARAMS,
) {
  const [quick, setQuick] = useState(initial);
  return { ...useMatches(trace, quick, setQuick, findRows, null, -1, select), quick };
}

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
      return useMatchesInState(trace, find.rows, select);
    });
    await waitFor(() => expect(result.current.rows.length).toBe(5));
    expect(result.current.include).toBeNull();
    expect(result.current.index).toBe(-1);
    act(() => result.current.step(1));
    expect(select).toHaveBeenLastCalledWith(result.current.rows[0]);

    const inventory = trace.table.strings.indexOf('inventory');
    act(() => result.current.setFilters({ ...result.current.filters, service: inventory }));
    expect(result.current.rows.length).toBe(4);
    expect(result.current.quick).toEqual({ flags: [], service: 'inventory', only: false });
    act(() => result.current.setShowOnly(true));
    const include = result.current.include;
    expect(include).not.toBeNull();
    for (const root of trace.roots) expect(include?.[root]).toBe(1);
  });

  it('shows one service alone (from the statistics view)', async () => {
    const { client } = inProcessWorker();
    const trace = await loadRecordedTrace(client);
    const { result } = renderHook(() => useMatchesInState(trace, null, () => {}, serviceOnly('auth')));
    expect(result.current.showOnly).toBe(true);
    expect(result.current.rows.length).toBe(3);
  });

  it('reads errors-only from the URL form, and a service the trace lacks matches nothing', async () => {
    const { client } = inProcessWorker();
    const trace = await loadRecordedTrace(client);
    const errors = renderHook(() =>
      useMatchesInState(trace, null, () => {}, { flags: ['errors'], only: false }),
    );
    expect(errors.result.current.filters.errors).toBe(true);
    expect(errors.result.current.rows.length).toBeGreaterThan(0);
    const missing = renderHook(() =>
      useMatchesInState(trace, null, () => {}, { flags: [], service: 'no-such-service', only: false }),
    );
    expect(missing.result.current.rows.length).toBe(0);
  });
});

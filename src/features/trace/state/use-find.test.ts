// @vitest-environment jsdom
import { renderHook, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { inProcessWorker, loadRecordedTrace } from './testing/in-process-worker.ts';
import { useFind } from './use-find.ts';

const nameOf = (trace: Awaited<ReturnType<typeof loadRecordedTrace>>, row: number) =>
  trace.table.strings[trace.table.name[row]];

afterEach(() => vi.useRealTimers());

describe('useFind (recorded Tempo trace, real engine)', () => {
  it('matches names at once and adds attribute matches from the worker, in tree order', async () => {
    const { client, requests } = inProcessWorker();
    const trace = await loadRecordedTrace(client);
    // `stock` names two spans; three more carry it only in their attributes (SQL, Redis keys, a URL).
    const { result } = renderHook(() => useFind(trace, client, 'stock'));
    const atOnce = Array.from(result.current.rows ?? [], (r) => nameOf(trace, r));
    expect(atOnce.sort()).toEqual(['POST /v2/stock/reserve', 'UPDATE shop.stock']);
    expect(requests.some((r) => r.type === 'find')).toBe(false);
    await waitFor(() => expect(result.current.rows?.length).toBe(5));
    expect(result.current.progress).toBeNull();
    const rows = Array.from(result.current.rows ?? []);
    expect(rows.map((r) => nameOf(trace, r)).sort()).toEqual([
      'GET',
      'POST',
      'POST /v2/stock/reserve',
      'SET',
      'UPDATE shop.stock',
    ]);
    const positions = rows.map((r) => trace.preorderPosition[r]);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('finds by an attribute value only the worker knows', async () => {
    const { client } = inProcessWorker();
    const trace = await loadRecordedTrace(client);
    const { result } = renderHook(() => useFind(trace, client, 'pricing.currency'));
    expect(result.current.rows?.length).toBe(0);
    await waitFor(() =>
      expect(Array.from(result.current.rows ?? [], (r) => nameOf(trace, r))).toEqual(['pricing.quote']),
    );
  });

  it('asks nothing for empty text, and cancels the worker’s search when the text changes', async () => {
    const { client, requests } = inProcessWorker();
    const trace = await loadRecordedTrace(client);
    vi.useFakeTimers();
    const { result, rerender } = renderHook(({ text }) => useFind(trace, client, text), {
      initialProps: { text: '  ' },
    });
    expect(result.current.rows).toBeNull();
    rerender({ text: 'POST' });
    vi.advanceTimersByTime(100);
    rerender({ text: 'GET' });
    vi.advanceTimersByTime(200);
    const finds = requests.filter((r) => r.type === 'find');
    expect(finds.map((r) => (r.type === 'find' ? r.text : ''))).toEqual(['GET']);
  });
});

// @vitest-environment jsdom
import { renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { inProcessWorker, loadRecordedTrace } from './testing/in-process-worker.ts';
import { useTraceqlFilter } from './use-traceql-filter.ts';

describe('useTraceqlFilter (recorded Tempo trace, real engine)', () => {
  it('answers with the matching rows, or the query’s error', async () => {
    const { client } = inProcessWorker();
    const trace = await loadRecordedTrace(client);
    const { result, rerender } = renderHook(({ q }) => useTraceqlFilter(client, trace.table, q), {
      initialProps: { q: '{ resource.service.name = "auth" }' },
    });
    await waitFor(() => expect(result.current.rows?.length).toBe(3));
    rerender({ q: '{ resource.service.name = ' });
    // The previous answer does not show for the new query.
    expect(result.current.outcome).toBeNull();
    await waitFor(() => expect(result.current.outcome?.ok).toBe(false));
    expect(result.current.rows).toBeNull();
  });

  it('asks nothing without a query, and never shows an answer for another table', async () => {
    const { client, requests } = inProcessWorker();
    const trace = await loadRecordedTrace(client);
    const { result, rerender } = renderHook(({ table, q }) => useTraceqlFilter(client, table, q), {
      initialProps: { table: trace.table, q: ' ' },
    });
    expect(result.current.outcome).toBeNull();
    expect(requests.some((r) => r.type === 'filter')).toBe(false);
    rerender({ table: trace.table, q: '{ status = error }' });
    await waitFor(() => expect(result.current.rows).not.toBeNull());
    // A new table (the skew switch re-analyses): the answer for the old one no longer counts.
    rerender({ table: { ...trace.table }, q: '{ status = error }' });
    expect(result.current.outcome).toBeNull();
  });
});

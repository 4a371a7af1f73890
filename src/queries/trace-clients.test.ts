import { QueryClient } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { getTempoClient, getTraceClient } from './trace-clients';

beforeEach(() => vi.stubGlobal('document', { baseURI: 'http://tracelight.test/' }));
afterEach(() => vi.unstubAllGlobals());

describe('the main thread’s trace datasource clients', () => {
  it('builds one client per datasource for the page session, so it learns about its backend once', async () => {
    const queryClient = new QueryClient();
    const first = await getTraceClient(queryClient, { name: 'jaeger', type: 'jaeger' });
    const again = await getTraceClient(queryClient, { name: 'jaeger', type: 'jaeger' });
    expect(again).toBe(first);
    expect(await getTraceClient(queryClient, { name: 'other', type: 'jaeger' })).not.toBe(first);
  });

  it('gives TraceQL completion the same Tempo client search uses', async () => {
    const queryClient = new QueryClient();
    const search = await getTraceClient(queryClient, { name: 'tempo', type: 'tempo' });
    expect(search.type).toBe('tempo');
    expect(await getTempoClient(queryClient, 'tempo')).toBe(search.client);
  });
});

// @vitest-environment jsdom
// The span panel's TraceQL metrics for a span whose service or name a redaction rule masked (decision
// 0332): the queries would ask the backend for the mask, so nothing is sent and the panel says so.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RuntimeConfig } from '../../datasources/config';
import { type SpanDetails, SpanKind, StatusCode } from '../../model/types';
import { configQueryKey } from '../../queries/config';
import { MASK } from '../../redact/rules';
import { TraceqlSpanMetrics } from './TraceqlSpanMetrics';

const config: RuntimeConfig = {
  basePath: '/',
  datasources: [{ name: 'tempo', type: 'tempo', displayName: 'Tempo', default: true, embedded: false }],
};

const span = (name: string): SpanDetails => ({
  row: 0,
  traceId: '2bafbe17c123c304432c535342f87d81',
  spanId: '48cb889768a3f10d',
  parentSpanId: '',
  name,
  service: 'notifier',
  kind: SpanKind.Server,
  status: StatusCode.Ok,
  statusMessage: '',
  start: 0,
  duration: 1_000_000,
  startUnixNano: '1795300496000000000',
  traceState: '',
  attributes: [],
  resource: { attributes: [] },
  scope: { name: '', version: '', attributes: [] },
  events: [],
  links: [],
  warnings: [],
});

const window = { start: 1795300000, end: 1795303600, step: 60, markerMs: 1795300496000 };

function renderFor(details: SpanDetails) {
  const fetchMock = vi.fn(async () => new Response('{"series":[]}', { status: 200 }));
  vi.stubGlobal('fetch', fetchMock);
  const client = new QueryClient();
  client.setQueryData(configQueryKey, config);
  render(
    <QueryClientProvider client={client}>
      <MemoryRouter>
        <TraceqlSpanMetrics datasource="tempo" embedded span={details} window={window} />
      </MemoryRouter>
    </QueryClientProvider>,
  );
  return fetchMock;
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('span panel TraceQL metrics and masked values', () => {
  it('sends nothing for a span whose name holds a mask, and says why', () => {
    const fetchMock = renderFor(span(`notify ${MASK}`));
    expect(screen.getByTestId('span-metrics-masked').textContent).toContain('nothing was sent');
    // No chart is mounted, so no query exists to run.
    expect(screen.queryAllByTestId('span-metric')).toHaveLength(0);
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('charts a span with plain values as before', async () => {
    const fetchMock = renderFor(span('POST /notify'));
    expect(screen.queryByTestId('span-metrics-masked')).toBeNull();
    expect(screen.getAllByTestId('span-metric')).toHaveLength(3);
    await waitFor(() => expect(fetchMock).toHaveBeenCalled());
  });
});

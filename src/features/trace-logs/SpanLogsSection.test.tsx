// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RuntimeConfig } from '../../datasources/config';
import { type SpanDetails, SpanKind, StatusCode } from '../../model/types';
import { configQueryKey } from '../../queries/config';
import { SpanLogsSection } from './SpanLogsSection';

const TRACE = '2bafbe17c123c304432c535342f87d81';
const SPAN = '48cb889768a3f10d';
// jsdom gives modules an http import.meta.url, so the fixture is found from the repository root.
const recorded = readFileSync(
  path.resolve(process.cwd(), '../shared/fixtures/loki/loki-query-range-traceid-categorize-labels.body'),
);

const config: RuntimeConfig = {
  basePath: '/',
  datasources: [
    { name: 'tempo', type: 'tempo', displayName: 'Tempo', default: true, embedded: false },
    { name: 'loki', type: 'loki', displayName: 'Loki', default: false, embedded: false },
  ],
};

const span: SpanDetails = {
  row: 1,
  traceId: TRACE,
  spanId: SPAN,
  parentSpanId: '',
  name: 'POST /api/checkout',
  service: 'api-gateway',
  kind: SpanKind.Server,
  status: StatusCode.Error,
  statusMessage: '',
  start: 0,
  duration: 2_000_000_000,
  startUnixNano: '1795300496000000000',
  traceState: '',
  attributes: [],
  resource: { attributes: [] },
  scope: { name: '', version: '', attributes: [] },
  events: [],
  links: [],
  warnings: [],
};

function renderSection(answer: () => Response) {
  const fetchMock = vi.fn(async (_input: RequestInfo | URL, _init?: RequestInit) => answer());
  vi.stubGlobal('fetch', fetchMock);
  const client = new QueryClient();
  client.setQueryData(configQueryKey, config);
  const onSelectSpan = vi.fn();
  render(
    <QueryClientProvider client={client}>
      <MemoryRouter>
        <SpanLogsSection traceDatasource="tempo" span={span} onSelectSpan={onSelectSpan} />
      </MemoryRouter>
    </QueryClientProvider>,
  );
  return { fetchMock, onSelectSpan };
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('span details: Logs section', () => {
  it("shows the span's own lines and their count, and a click selects the span", async () => {
    const { fetchMock, onSelectSpan } = renderSection(
      () => new Response(recorded, { status: 200, headers: { 'content-type': 'application/json' } }),
    );
    await waitFor(() =>
      expect(screen.getByTestId('span-logs-count').textContent).toContain('of 20 for the trace'),
    );
    const url = new URL(String(fetchMock.mock.calls[0][0]));
    expect(url.pathname).toBe('/api/ds/loki/loki/api/v1/query_range');
    expect(url.searchParams.get('query')).toBe(`{service_name="api-gateway"} | trace_id="${TRACE}"`);
    expect(url.searchParams.get('start')).toBe(String(1795300496000000000n - 300_000_000_000n));
    expect(url.searchParams.get('direction')).toBe('forward');
    const headers = new Headers(fetchMock.mock.calls[0][1]?.headers);
    expect(headers.get('X-Loki-Response-Encoding-Flags')).toBe('categorize-labels');

    const body = JSON.parse(recorded.toString()) as {
      data: { result: { values: [string, string, { structuredMetadata: Record<string, string> }][] }[] };
    };
    const expected = body.data.result
      .flatMap((s) => s.values)
      .filter((v) => v[2].structuredMetadata.span_id === SPAN || v[1].includes(`span_id=${SPAN}`)).length;
    expect(expected).toBeGreaterThan(0);
    const lines = screen.getAllByTestId('log-line');
    expect(lines).toHaveLength(expected);
    // 20 lines under the limit of 100: nothing was cut, so no "load more".
    expect(screen.getByTestId('span-logs-count').textContent).not.toContain('limit');
    expect(screen.queryByRole('button', { name: 'Load more lines' })).toBeNull();
    fireEvent.click(lines[0].querySelector('button')!);
    expect(onSelectSpan).toHaveBeenCalledWith(SPAN);
  });

  it('opens the Logs screen with the same query, datasource and window', async () => {
    renderSection(
      () => new Response(recorded, { status: 200, headers: { 'content-type': 'application/json' } }),
    );
    const link = await screen.findByRole('link', { name: 'Open in Logs' });
    const href = new URL(link.getAttribute('href') ?? '', 'http://app.invalid');
    expect(href.pathname).toBe('/logs');
    expect(href.searchParams.get('ds')).toBe('loki');
    expect(href.searchParams.get('q')).toBe(`{service_name="api-gateway"} | trace_id="${TRACE}"`);
    // The span's 2 s with the configured 5 min either side, in epoch milliseconds.
    expect(href.searchParams.get('from')).toBe(String(1795300496000 - 300_000));
    expect(href.searchParams.get('to')).toBe(String(1795300496000 + 2000 + 300_000));
  });

  it('says when Loki cut the lines at the limit, and loads the next page from the last line', async () => {
    const page = (first: number) =>
      JSON.stringify({
        status: 'success',
        data: {
          resultType: 'streams',
          encodingFlags: ['categorize-labels'],
          result: [
            {
              stream: { service_name: 'api-gateway' },
              values: Array.from({ length: 100 }, (_, i) => [
                String(1795300496000000000n + BigInt(first + i)),
                `line ${first + i}`,
                { structuredMetadata: { trace_id: TRACE, span_id: SPAN } },
              ]),
            },
          ],
        },
      });
    let calls = 0;
    const { fetchMock } = renderSection(() => new Response(page(calls++ * 99), { status: 200 }));
    await waitFor(() =>
      expect(screen.getByTestId('span-logs-count').textContent).toContain("Loki's limit of 100 lines"),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Load more lines' }));
    await waitFor(() => expect(screen.getAllByTestId('log-line')).toHaveLength(199));
    const second = new URL(String(fetchMock.mock.calls[1][0]));
    expect(second.searchParams.get('start')).toBe(String(1795300496000000000n + 99n));
  });

  it('says Loki is unreachable in the section only', async () => {
    renderSection(
      () =>
        new Response('{"error":{"status":502,"message":"upstream unreachable","datasource":"loki"}}', {
          status: 502,
          headers: { 'X-Tracelight-Gateway': 'error', 'content-type': 'application/json' },
        }),
    );
    await waitFor(() =>
      expect(screen.getByTestId('span-logs-error').textContent).toContain('upstream unreachable'),
    );
  });
});

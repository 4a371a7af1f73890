// @vitest-environment jsdom
// The query pages' shared state: the form's draft follows the URL, Run navigates to the draft (the
// page's own fields applied, a time the form cannot read keeps the URL's), and the datasource is
// the URL's or the first of the page's type.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { MemoryRouter, useLocation } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import { parseRuntimeConfig } from '../../datasources/config';
import { configQueryKey } from '../../queries/config';
import { type MetricsUrlState, metricsPath, parseMetricsUrl } from '../../routes/metrics-url';
import { QueryPageLayout } from './QueryPageLayout';
import { type QueryDraft, useQueryPage } from './use-query-page';

afterEach(cleanup);

const CONFIG = parseRuntimeConfig({
  basePath: '/',
  datasources: [
    { name: 'tempo', type: 'tempo', displayName: 'Tempo', default: true },
    { name: 'prom-a', type: 'prometheus', displayName: 'Prometheus A' },
    { name: 'prom-b', type: 'prometheus', displayName: 'Prometheus B' },
  ],
});

type Draft = QueryDraft & { step: string };

function Page() {
  const page = useQueryPage<MetricsUrlState, Draft>({
    datasourceType: 'prometheus',
    parseUrl: parseMetricsUrl,
    pathOf: metricsPath,
    extraDraft: (state) => ({ step: state.step ?? '' }),
    applyDraft: (next, draft) => ({ ...next, step: draft.step.trim() || undefined }),
  });
  const location = useLocation();
  return (
    <QueryPageLayout page={page} title="Metrics" language="PromQL" noDatasource="No Prometheus.">
      <output data-testid="url">{location.pathname + location.search}</output>
      <output data-testid="datasource">{page.datasource?.name}</output>
      <output data-testid="window">{page.window.toMs - page.window.fromMs}</output>
      <button type="button" onClick={() => page.edit({ step: ' 30s ' })}>
        set step
      </button>
    </QueryPageLayout>
  );
}

function renderAt(url: string, config = CONFIG) {
  const client = new QueryClient();
  client.setQueryData(configQueryKey, config);
  render(
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={[url]}>
        <Page />
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

const field = (name: string) => screen.getByLabelText(name) as HTMLInputElement;

describe('useQueryPage with QueryPageLayout', () => {
  it('fills the form from the URL and picks the URL’s datasource, else the first of the type', () => {
    renderAt('/metrics?ds=prom-b&q=up&from=now-6h&to=now&step=1m');
    expect(field('PromQL').value).toBe('up');
    expect(field('From').value).toBe('now-6h');
    expect(field('To').value).toBe('now');
    expect(screen.getByTestId('datasource').textContent).toBe('prom-b');
    expect(screen.getByTestId('window').textContent).toBe(String(6 * 3_600_000));
    cleanup();
    renderAt('/metrics');
    expect(screen.getByTestId('datasource').textContent).toBe('prom-a');
    expect((screen.getByLabelText('Datasource') as HTMLSelectElement).value).toBe('prom-a');
  });

  it('runs the draft: query trimmed, times parsed (an unreadable one keeps the URL’s), own fields applied', () => {
    renderAt('/metrics?q=up&from=now-6h');
    fireEvent.change(field('PromQL'), { target: { value: '  rate(x[5m])  ' } });
    fireEvent.change(field('From'), { target: { value: 'now-15m' } });
    fireEvent.change(field('To'), { target: { value: 'not a time' } });
    fireEvent.click(screen.getByRole('button', { name: 'set step' }));
    fireEvent.click(screen.getByRole('button', { name: 'Run query' }));
    const url = new URL(screen.getByTestId('url').textContent ?? '', 'http://x');
    expect(url.pathname).toBe('/metrics');
    expect(url.searchParams.get('q')).toBe('rate(x[5m])');
    expect(url.searchParams.get('from')).toBe('now-15m');
    expect(url.searchParams.get('to')).toBeNull(); // the default `now` stays out of the URL
    expect(url.searchParams.get('step')).toBe('30s');
    // The draft now follows the new URL.
    expect(field('To').value).toBe('now');
  });

  it('warns when no datasource of the page’s type is configured', async () => {
    renderAt('/metrics', parseRuntimeConfig({ basePath: '/', datasources: [] }));
    await act(async () => {});
    expect(screen.getByText('No Prometheus.')).toBeTruthy();
    expect(screen.queryByLabelText('Datasource')).toBeNull();
  });
});

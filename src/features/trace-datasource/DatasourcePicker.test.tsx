// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import { parseRuntimeConfig } from '../../datasources/config';
import { configQueryKey } from '../../queries/config';
import { DatasourcePicker, pickerApplies } from './DatasourcePicker';

afterEach(cleanup);

const CONFIG = parseRuntimeConfig({
  basePath: '/',
  datasources: [
    { name: 'local', type: 'tempo', displayName: 'Local (embedded)', default: true, embedded: true },
    { name: 'local-logs', type: 'loki', displayName: 'Local logs (embedded)', embedded: true },
  ],
});

function renderAt(url: string) {
  const client = new QueryClient();
  client.setQueryData(configQueryKey, CONFIG);
  render(
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={[url]}>
        <DatasourcePicker />
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

describe('DatasourcePicker', () => {
  it('is absent where trace datasources do not apply', () => {
    expect(pickerApplies('/logs')).toBe(false);
    expect(pickerApplies('/metrics')).toBe(false);
    expect(pickerApplies('/search')).toBe(true);
    expect(pickerApplies('/trace/abc')).toBe(true);
    expect(pickerApplies('/')).toBe(true);
    renderAt('/logs?ds=local-logs');
    expect(screen.queryByLabelText('Datasource')).toBeNull();
  });

  it('shows the whole choice: no width cap that cuts the option, and a title', () => {
    renderAt('/search?ds=local');
    const select = screen.getByLabelText('Datasource') as HTMLSelectElement;
    expect(select.value).toBe('local');
    expect(select.title).toBe('Local (embedded) (tempo)');
    expect(select.className).not.toContain('max-w-48');
    // Only trace datasources: the Loki one belongs to /logs.
    expect([...select.options].map((o) => o.value)).toEqual(['', 'local']);
  });
});

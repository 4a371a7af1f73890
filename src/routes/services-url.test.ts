import { describe, expect, it } from 'vitest';
import { parseServicesUrl, servicesPath, sortsAscending } from './services-url';

describe('services URL', () => {
  it('round-trips the datasource, window, selected service and sort, keeping unknown parameters', () => {
    const search = '?ds=local&from=now-6h&step=60s&service=check%20out&sort=p95&dir=asc&panel=x';
    const state = parseServicesUrl(search);
    expect(state).toMatchObject({ ds: 'local', step: '60s', service: 'check out', sort: 'p95', dir: 'asc' });
    expect(state.range.from).toEqual({ kind: 'relative', expr: 'now-6h' });
    expect(servicesPath(state)).toBe(`/services${search.replace('%20', '+')}`);
  });

  it('falls back to errors first, descending, over the last hour, for a bad or absent sort', () => {
    const state = parseServicesUrl('?sort=bogus&step=soon');
    expect(state).toMatchObject({ sort: 'errors', dir: undefined, step: undefined });
    expect(servicesPath(state)).toBe('/services');
  });

  it('sorts figures from the largest and names from A unless the URL says otherwise', () => {
    expect(sortsAscending('errors', undefined)).toBe(false);
    expect(sortsAscending('name', undefined)).toBe(true);
    expect(sortsAscending('name', 'desc')).toBe(false);
    expect(sortsAscending('p99', 'asc')).toBe(true);
  });
});

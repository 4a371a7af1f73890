import { describe, expect, it } from 'vitest';
import { parseSearchUrl } from '../../routes/search-url';
import { currentService, errorsInService, rootOperation, slowestTraces } from './presets';

describe('presets build on the current search', () => {
  it('Tempo: errors in the searched service, not the first service listed', () => {
    const state = parseSearchUrl(
      `?ds=tempo&q=${encodeURIComponent('{ resource.service.name = "nc-frontend" }')}`,
    );
    expect(currentService(state, 'tempo')).toBe('nc-frontend');
    expect(errorsInService(state, 'tempo', 'nc-frontend').q).toBe(
      '{ resource.service.name = "nc-frontend" && status = error }',
    );
  });

  it('Tempo: the slowest traces and a root operation keep the current conditions', () => {
    const state = parseSearchUrl(`?ds=tempo&q=${encodeURIComponent('{ status = error }')}`);
    expect(slowestTraces(state, 'tempo', 2000).q).toBe('{ status = error && traceDuration > 2s }');
    expect(rootOperation(state, 'tempo', { service: 'gateway', name: 'POST /pay', count: 3 }).q).toBe(
      '{ status = error && trace:rootService = "gateway" && trace:rootName = "POST /pay" }',
    );
  });

  it('Jaeger: errors add error=true to the tags and keep durations; a new service drops the operation', () => {
    const state = parseSearchUrl(
      '?ds=jaeger&service=nc-frontend&operation=GET+%2F&tags=http.method%3DGET&minDuration=5ms',
    );
    expect(currentService(state, 'jaeger')).toBe('nc-frontend');
    const same = errorsInService(state, 'jaeger', 'nc-frontend');
    expect(same).toMatchObject({
      service: 'nc-frontend',
      operation: 'GET /',
      tags: 'http.method=GET error=true',
      minDuration: '5ms',
    });
    expect(errorsInService(state, 'jaeger', 'auth')).toMatchObject({ service: 'auth', operation: '' });
    expect(rootOperation(state, 'jaeger', { service: 'gateway', name: 'POST /pay', count: 1 })).toMatchObject(
      {
        service: 'gateway',
        operation: 'POST /pay',
        tags: 'http.method=GET',
        minDuration: '5ms',
      },
    );
  });
});

import { describe, expect, it } from 'vitest';
import { parseSearchUrl, SEARCH_DEFAULTS, searchPath, serializeSearchSearch } from './search-url';

describe('parseSearchUrl', () => {
  it('gives the defaults for a bare /search', () => {
    const state = parseSearchUrl('');
    expect(state).toEqual({
      ...SEARCH_DEFAULTS,
      ds: undefined,
      minDuration: undefined,
      maxDuration: undefined,
      step: undefined,
      extra: [],
    });
    expect(state.limit).toBe(20);
    expect(state.spss).toBe(3);
    expect(serializeSearchSearch(state)).toBe('');
  });

  it('reads a Tempo search', () => {
    const state = parseSearchUrl('ds=tempo&q=%7B+status+%3D+error+%7D&limit=50&spss=5&from=now-6h&to=now');
    expect(state).toMatchObject({
      ds: 'tempo',
      q: '{ status = error }',
      limit: 50,
      spss: 5,
      range: { from: { kind: 'relative', expr: 'now-6h' }, to: { kind: 'relative', expr: 'now' } },
    });
  });

  it('reads a Jaeger search with logfmt tags and duration bounds', () => {
    const state = parseSearchUrl(
      'ds=jaeger&service=frontend&operation=HTTP+GET&tags=http.status_code%3D500+error%3Dtrue&minDuration=250ms&maxDuration=1.5s&from=1710000000000&to=1710003600000',
    );
    expect(state).toMatchObject({
      service: 'frontend',
      operation: 'HTTP GET',
      tags: 'http.status_code=500 error=true',
      minDuration: '250ms',
      maxDuration: '1.5s',
      range: {
        from: { kind: 'absolute', epochMs: 1710000000000 },
        to: { kind: 'absolute', epochMs: 1710003600000 },
      },
    });
  });

  it('drops malformed numbers, durations and times back to defaults', () => {
    const state = parseSearchUrl('limit=lots&spss=0&minDuration=fast&maxDuration=10&from=last-week');
    expect(state.limit).toBe(20);
    expect(state.spss).toBe(3);
    expect(state.minDuration).toBeUndefined();
    expect(state.maxDuration).toBeUndefined();
    expect(state.range).toEqual(SEARCH_DEFAULTS.range);
  });

  it('reads a metrics query with its step, as a duration or in seconds, and drops a malformed one', () => {
    const state = parseSearchUrl('ds=local&q=%7B%7D+%7C+rate%28%29&step=5m&from=now-3h&to=now');
    expect(state.step).toBe('5m');
    expect(serializeSearchSearch(state)).toBe('?ds=local&q=%7B%7D+%7C+rate%28%29&from=now-3h&step=5m');
    expect(parseSearchUrl('step=30').step).toBe('30');
    expect(parseSearchUrl('step=often').step).toBeUndefined();
    expect(parseSearchUrl('step=-5s').step).toBeUndefined();
  });

  it('keeps unknown parameters', () => {
    const state = parseSearchUrl('ds=tempo&orgId=3&q=%7B%7D&panel=x');
    expect(state.extra).toEqual([
      ['orgId', '3'],
      ['panel', 'x'],
    ]);
    expect(serializeSearchSearch(state)).toBe('?ds=tempo&q=%7B%7D&orgId=3&panel=x');
  });
});

describe('serializeSearchSearch', () => {
  it('round-trips every parameter', () => {
    const original = parseSearchUrl(
      'ds=zipkin&q=%7B%7D&limit=7&spss=9&service=a&operation=b&tags=k%3Dv&minDuration=1ms&maxDuration=2s&from=now-2d&to=now-1d&step=15s&z=1',
    );
    expect(parseSearchUrl(serializeSearchSearch(original))).toEqual(original);
  });

  it('builds paths from partial state', () => {
    expect(searchPath()).toBe('/search');
    expect(searchPath({ ds: 'tempo', q: '{ name = "GET /" }' })).toBe(
      '/search?ds=tempo&q=%7B+name+%3D+%22GET+%2F%22+%7D',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { mapPath, parseMapUrl } from './map-url';

describe('map URL', () => {
  it('round-trips the datasource, window and a selected edge, keeping unknown parameters', () => {
    const search = '?ds=local&from=now-6h&to=now&client=a%3Eb&server=c%E2%86%92d&panel=x';
    const state = parseMapUrl(search);
    expect(state).toMatchObject({ ds: 'local', selected: { kind: 'edge', client: 'a>b', server: 'c→d' } });
    expect(state.range.from).toEqual({ kind: 'relative', expr: 'now-6h' });
    expect(parseMapUrl(mapPath(state).slice('/map'.length))).toEqual(state);
    expect(mapPath(state)).toContain('panel=x');
  });

  it('reads a node, prefers an edge when both are given, and leaves defaults out', () => {
    expect(parseMapUrl('?node=checkout').selected).toEqual({ kind: 'node', id: 'checkout' });
    expect(parseMapUrl('?node=x&client=a&server=b').selected).toEqual({
      kind: 'edge',
      client: 'a',
      server: 'b',
    });
    // Half an edge is no selection.
    expect(parseMapUrl('?client=a').selected).toBeUndefined();
    expect(mapPath(parseMapUrl(''))).toBe('/map');
    expect(mapPath({ selected: { kind: 'node', id: 'user' } })).toBe('/map?node=user');
  });
});

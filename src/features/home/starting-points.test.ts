import { describe, expect, it } from 'vitest';
import type { DatasourceInfo } from '../../datasources/config';
import { parseSearchUrl } from '../../routes/search-url';
import { sortFromLinkState } from '../search/link-sort';
import { startingPoints } from './starting-points';

const ds = (name: string, type: DatasourceInfo['type']): DatasourceInfo => ({
  name,
  type,
  displayName: name,
  default: false,
  embedded: false,
});

const searchOf = (path: string) => {
  expect(path.startsWith('/search?')).toBe(true);
  return parseSearchUrl(path.slice('/search'.length));
};

describe('home starting points', () => {
  it('Tempo: errors and slow traces of the last hour as TraceQL, the slowest sorted first', () => {
    const [errors, slowest] = startingPoints(ds('tempo-eu', 'tempo'));
    const e = searchOf(errors.path);
    expect(e.ds).toBe('tempo-eu');
    expect(e.q).toBe('{ status = error }');
    expect(e.range.from).toEqual({ kind: 'relative', expr: 'now-1h' });
    expect(e.range.to).toEqual({ kind: 'relative', expr: 'now' });
    expect(searchOf(slowest.path).q).toBe('{ traceDuration > 1s }');
    expect(sortFromLinkState(slowest.state)).toEqual({ key: 'duration', descending: true });
    expect(sortFromLinkState(errors.state)).toBeUndefined();
  });

  it('Jaeger and Zipkin: error=true tags, and a minimum duration for the slowest', () => {
    for (const type of ['jaeger', 'zipkin'] as const) {
      const [errors, slowest] = startingPoints(ds(`my-${type}`, type));
      const e = searchOf(errors.path);
      expect(e.ds).toBe(`my-${type}`);
      expect(e.tags).toBe('error=true');
      expect(e.q).toBe('');
      const s = searchOf(slowest.path);
      expect(s.minDuration).toBe('1s');
      expect(s.tags).toBe('');
    }
  });

  it('offers nothing for datasources without traces', () => {
    expect(startingPoints(ds('loki', 'loki'))).toEqual([]);
    expect(startingPoints(ds('prom', 'prometheus'))).toEqual([]);
  });

  it('ignores link states that are not a known sort', () => {
    expect(sortFromLinkState(null)).toBeUndefined();
    expect(sortFromLinkState({ sort: { key: 'constructor', descending: true } })).toBeUndefined();
    expect(sortFromLinkState('duration')).toBeUndefined();
  });
});

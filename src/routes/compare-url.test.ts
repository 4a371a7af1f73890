import { describe, expect, it } from 'vitest';
import {
  COMPARE_DEFAULTS,
  type CompareUrlState,
  comparePath,
  parseCompareUrl,
  serializeCompareSearch,
} from './compare-url';

const A = '0af7651916cd43dd8448eb211c80319c';
const B = '2bafbe17c123c304432c535342f87d81';

function parsed(rawA: string, rawB: string, search: string): CompareUrlState {
  const result = parseCompareUrl(rawA, rawB, search);
  if (!result.ok) throw new Error(result.error);
  return result.state;
}

describe('parseCompareUrl', () => {
  it('gives the defaults for a bare compare link: every datasource asked for both', () => {
    expect(parsed(A, B, '')).toEqual({
      a: { traceId: A },
      b: { traceId: B },
      ...COMPARE_DEFAULTS,
      extra: [],
    });
  });

  it('left-pads short IDs and refuses a side that is not a trace ID, naming it', () => {
    expect(parsed('ABC', B, '').a?.traceId).toBe('00000000000000000000000000000abc');
    const bad = parseCompareUrl(A, 'xyz', '');
    expect(bad).toMatchObject({ ok: false, rawTraceId: 'xyz' });
  });

  it('reads the datasources, the files, the view and keeps unknown parameters in order', () => {
    const state = parsed(
      A,
      'trace-1',
      'dsA=tempo&fileB=2&node=7&sort=-self&collapsed=9.3.x.3&group=operation&baseline=typical&orgId=1&x=y',
    );
    expect(state.a).toEqual({ traceId: A, ds: 'tempo' });
    expect(state.b).toEqual({ traceId: 'trace-1', file: 2 });
    expect(state.node).toBe(7);
    expect(state.sort).toEqual({ column: 'self', descending: true });
    expect(state.collapsed).toEqual([3, 9]);
    expect(state.group).toBe('operation');
    expect(state.baseline).toBe('typical');
    expect(state.extra).toEqual([
      ['orgId', '1'],
      ['x', 'y'],
    ]);
  });

  it('gives each side the shared window unless it has its own', () => {
    const shared = parsed(A, B, 'start=100&end=200');
    expect(shared.a).toMatchObject({ start: 100, end: 200 });
    expect(shared.b).toMatchObject({ start: 100, end: 200 });
    const own = parsed(A, B, 'startA=100&endA=200&startB=5000&endB=6000');
    expect(own.a).toMatchObject({ start: 100, end: 200 });
    expect(own.b).toMatchObject({ start: 5000, end: 6000 });
    const onlyB = parsed(A, B, 'start=100&end=200&startB=5000&endB=6000');
    expect(onlyB.a).toMatchObject({ start: 100, end: 200 });
    expect(onlyB.b).toMatchObject({ start: 5000, end: 6000 });
  });

  it('takes `typical` in A’s place as "find the baseline"', () => {
    const state = parsed('typical', B, 'dsB=local');
    expect(state.a).toBeUndefined();
    expect(state.b).toEqual({ traceId: B, ds: 'local' });
  });

  it('falls back to the defaults for bad view values', () => {
    const state = parsed(A, B, 'sort=-nonsense&group=pie&node=-1');
    expect(state.sort).toEqual(COMPARE_DEFAULTS.sort);
    expect(state.group).toBe('service');
    expect(state.node).toBeUndefined();
  });
});

describe('serializeCompareSearch', () => {
  it('round-trips every parameter; B’s window is written only when it is its own', () => {
    for (const search of [
      '?dsA=tempo&dsB=jaeger&start=100&end=200&node=4&sort=spans&collapsed=1.2&group=operation&baseline=typical&orgId=1',
      '?startA=100&endA=200&startB=5000&endB=6000',
      '?fileA=1&fileB=2',
      '',
    ]) {
      const state = parsed(A, search.includes('fileB') ? 'file-trace' : B, search);
      expect(serializeCompareSearch(state)).toBe(search);
    }
  });

  it('writes one window as start/end, and a window only one side has as that side’s', () => {
    expect(serializeCompareSearch(parsed(A, B, 'startA=1&endA=2&startB=1&endB=2'))).toBe('?start=1&end=2');
    const onlyA = comparePath({ a: { traceId: A, start: 1, end: 2 }, b: { traceId: B } });
    expect(onlyA).toBe(`/compare/${A}/${B}?startA=1&endA=2`);
    const back = parsed(A, B, onlyA.split('?')[1]);
    expect(back.b.start).toBeUndefined();
  });
});

describe('comparePath', () => {
  it('builds links from search results and from the trace page, encoding file IDs', () => {
    expect(comparePath({ a: { traceId: A, ds: 'local' }, b: { traceId: B, ds: 'local' } })).toBe(
      `/compare/${A}/${B}?dsA=local&dsB=local`,
    );
    expect(comparePath({ b: { traceId: B } })).toBe(`/compare/typical/${B}`);
    expect(comparePath({ a: { traceId: 'a/b', file: 1 }, b: { traceId: B } })).toBe(
      `/compare/a%2Fb/${B}?fileA=1`,
    );
  });
});

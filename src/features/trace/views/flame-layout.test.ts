import { describe, expect, it } from 'vitest';
import { asciiTrace } from '../../../analysis/testing/ascii-trace.ts';
import { breadcrumbsOf, depthRange, flameIndex, layoutDepth, runsOf } from './flame-layout.ts';

const drawn = asciiTrace(`
    01234567890123456789
A   |==================|
 B  |=======|
  C  |==|
  D       |=|
 E            |=====|
  F            |=|
  G              ||
`);
const table = drawn.trace.table;
const index = flameIndex(table, drawn.trace.roots);
const names = (rows: Iterable<number>) => [...rows].map((r) => (r < 0 ? '.' : drawn.nameOf(r))).join('');

describe('flame index', () => {
  it('orders rows by depth, in tree order inside a depth', () => {
    expect(names(index.byDepth)).toBe('ABECDFG');
    expect([...index.depthStart]).toEqual([0, 1, 3, 7]);
    expect(index.size[drawn.row('B')]).toBe(3);
    expect(index.size[drawn.row('A')]).toBe(7);
  });

  it('finds the part of a depth inside a zoomed subtree', () => {
    const [lo, hi] = depthRange(index, 2, drawn.row('E'));
    expect(names(index.byDepth.subarray(lo, hi))).toBe('FG');
    expect(depthRange(index, 1, drawn.row('B'))).toEqual([1, 2]);
  });
});

describe('flame layout', () => {
  it('gives every pixel to the span drawn there, width proportional to duration', () => {
    const view = { root: -1, from: 0, to: 20, width: 20 };
    expect(names(layoutDepth(index, table, view, 0).owner)).toBe('AAAAAAAAAAAAAAAAAAA.');
    expect(names(layoutDepth(index, table, view, 1).owner)).toBe('BBBBBBBB..EEEEEE....');
    const runs = runsOf(layoutDepth(index, table, view, 2));
    expect(runs.map((r) => `${drawn.nameOf(r.row)}@${r.x}+${r.width}`)).toEqual([
      'C@1+3',
      'D@6+2',
      'F@11+2',
      'G@13+1',
    ]);
  });

  it('merges spans narrower than a pixel and counts them', () => {
    // 2 px for 20 ns: C (3 ns) and D (2 ns) share the first pixel, F and G the second; the later
    // span in tree order is the one drawn.
    const layout = layoutDepth(index, table, { root: -1, from: 0, to: 20, width: 2 }, 2);
    expect([...layout.small]).toEqual([2, 2]);
    expect(names(layout.owner)).toBe('DG');
  });

  it('zooms into a subtree: only its spans, over its interval', () => {
    const e = drawn.row('E');
    const view = { root: e, from: table.start[e], to: table.start[e] + table.duration[e], width: 6 };
    expect(names(layoutDepth(index, table, view, 1).owner)).toBe('EEEEEE');
    expect(names(layoutDepth(index, table, view, 2).owner)).toBe('.FFG..');
    expect(names(layoutDepth(index, table, { ...view, root: drawn.row('B') }, 2).owner)).not.toContain('F');
  });

  it('breadcrumbs run from the root to the zoomed span', () => {
    expect(names(breadcrumbsOf(table, drawn.row('G')))).toBe('AEG');
  });

  it('lays out a chain 100,000 deep without recursion', () => {
    const n = 100_000;
    const childStart = new Uint32Array(n + 1);
    const children = new Uint32Array(n - 1);
    for (let i = 0; i < n; i++) childStart[i + 1] = Math.min(i + 1, n - 1);
    for (let i = 0; i < n - 1; i++) children[i] = i + 1;
    const parent = Int32Array.from({ length: n }, (_, i) => i - 1);
    const chain = { ...table, count: n, childStart, children, parent };
    const deep = flameIndex(chain, Uint32Array.of(0));
    expect(deep.maxDepth).toBe(n - 1);
    expect(deep.size[0]).toBe(n);
  });
});

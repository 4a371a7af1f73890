import { describe, expect, it } from 'vitest';
import { traceFromSpecs } from '../../../analysis/testing/trace-builder.ts';
import { preorderIndex } from '../tree/visible-rows.ts';
import { buildOverviewGrid } from './aggregate.ts';

describe('overview grid', () => {
  it('colours each band by the service covering it and marks the critical path', () => {
    const trace = traceFromSpecs([
      { name: 'root', service: 'a', parent: -1, start: 0, duration: 100 },
      { name: 'child', service: 'b', parent: 0, start: 50, duration: 50 },
    ]);
    const t = trace.table;
    const grid = buildOverviewGrid(t, preorderIndex(t, trace.roots), 100, 10, 2, {
      row: Uint32Array.of(1),
      start: Float64Array.of(50),
      end: Float64Array.of(100),
    });
    const a = t.strings.indexOf('a') + 1;
    const b = t.strings.indexOf('b') + 1;
    expect(Array.from(grid.service.subarray(0, 10))).toEqual(Array(10).fill(a));
    expect(Array.from(grid.service.subarray(10, 20))).toEqual([0, 0, 0, 0, 0, b, b, b, b, b]);
    expect(Array.from(grid.critical.subarray(10, 20))).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
  });

  it('aggregates a million spans into a small grid', () => {
    const n = 1_000_000;
    const specs = Array.from({ length: n }, (_, i) => ({
      name: 's',
      service: i % 2 ? 'x' : 'y',
      parent: i === 0 ? -1 : 0,
      start: i,
      duration: 1,
    }));
    const trace = traceFromSpecs(specs);
    const grid = buildOverviewGrid(trace.table, preorderIndex(trace.table, trace.roots), n, 800, 60, {
      row: new Uint32Array(0),
      start: new Float64Array(0),
      end: new Float64Array(0),
    });
    expect(grid.service.length).toBe(800 * 60);
    expect(grid.service[59 * 800 + 799]).not.toBe(0);
  });
});

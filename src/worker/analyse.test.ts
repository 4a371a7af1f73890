import { describe, expect, it } from 'vitest';
import { statistics } from '../analysis/index.ts';
import { traceFromSpecs } from '../analysis/testing/trace-builder.ts';
import { analyseTrace } from './analyse.ts';

describe('the worker’s p90 duration', () => {
  it('is the same nearest rank as the statistics: for 10 spans the 9th duration, not the longest', () => {
    // A root of 100 ns and nine children of 10..90 ns, in shuffled order.
    const children = [70, 10, 40, 90, 20, 60, 30, 80, 50];
    const trace = traceFromSpecs([
      { name: 'root', service: 'a', parent: -1, start: 0, duration: 100 },
      ...children.map((duration) => ({ name: 'child', service: 'a', parent: 0, start: 0, duration })),
    ]);
    expect(analyseTrace(trace).p90DurationNs).toBe(90);
    const group = statistics(trace).byService[0];
    expect(group.count).toBe(10);
    expect(group.p50).toBe(50);
  });
});

// Jaeger UI's own statistics test traces (../shared/fixtures/jaeger/edge-cases), decoded by our Jaeger
// JSON decoder; the expectations follow from each file's spans (times there are µs, ours ns).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeTrace } from '../formats/index.ts';
import type { Trace } from '../model/types.ts';
import { criticalPath } from './critical-path.ts';
import { darkTime, selfTime } from './dark-time.ts';
import { hints } from './hints.ts';
import { statistics } from './statistics.ts';

const us = 1000;

function load(name: string): {
  trace: Trace;
  row: (spanIdEnd: string) => number;
  id: (row: number) => string;
} {
  const bytes = readFileSync(
    new URL(`../../../shared/fixtures/jaeger/edge-cases/${name}.json`, import.meta.url),
  );
  const result = decodeTrace(bytes);
  expect(result.error).toBeUndefined();
  expect(result.traces).toHaveLength(1);
  const trace = result.traces[0];
  const ids = Array.from({ length: trace.table.count }, (_, row) => trace.details.get(row).spanId);
  return {
    trace,
    row: (spanIdEnd) => {
      const matches = ids.flatMap((id, row) => (id.endsWith(spanIdEnd) ? [row] : []));
      expect(matches, `span ID ending ${spanIdEnd}`).toHaveLength(1);
      return matches[0];
    },
    id: (row) => ids[row].slice(-4),
  };
}

function pathIn(loaded: ReturnType<typeof load>): string[] {
  return criticalPath(loaded.trace).segments.map(
    (segment) => `${loaded.id(segment.row)} ${segment.start / us}-${segment.end / us}`,
  );
}

describe('Jaeger UI edge-case traces', () => {
  it('traceWithOverlappingChildren: a child outliving its parent is clipped', () => {
    const loaded = load('traceWithOverlappingChildren');
    const send = loaded.row('f205');
    // send 0-36 µs; children 3-43 (clipped to 3-36) and 5-13.
    expect(selfTime(loaded.trace)[send]).toBe(3 * us);
    expect(pathIn(loaded)).toEqual(['f205 0-3', '3d48 3-36']);
    const dark = darkTime(loaded.trace);
    expect(dark.perSpan[send]).toBe(3 * us);
    expect(dark.share).toBeCloseTo(3 / 43);
    const stats = statistics(loaded.trace, criticalPath(loaded.trace));
    expect(stats.byService.find((g) => g.service === 'service-one')).toMatchObject({
      count: 1,
      total: 36 * us,
      selfTotal: 3 * us,
      criticalPathTotal: 3 * us,
    });
    expect(stats.byService.find((g) => g.service === 'service-two')).toMatchObject({
      count: 2,
      total: 48 * us,
      selfTotal: 48 * us,
      criticalPathTotal: 33 * us,
    });
  });

  it('traceWithOverlappingChildrenLongerThanParent: children wholly after the parent explain none of it', () => {
    const loaded = load('traceWithOverlappingChildrenLongerThanParent');
    expect(selfTime(loaded.trace)[loaded.row('f205')]).toBe(30 * us);
    expect(pathIn(loaded)).toEqual(['f205 0-15', '43f9 15-25', 'f205 25-40']);
  });

  it('traceWithSingleChildLongerThanParentAndStartsAfterParent: the whole parent is dark', () => {
    const loaded = load('traceWithSingleChildLongerThanParentAndStartsAfterParent');
    expect(selfTime(loaded.trace)[loaded.row('f205')]).toBe(40 * us);
    expect(pathIn(loaded)).toEqual(['f205 0-40']);
    const dark = darkTime(loaded.trace);
    expect(dark.onCriticalPath).toBe(40 * us);
    // The trace runs to the child's end at 400 µs.
    expect(dark.share).toBeCloseTo(0.1);
  });

  it('traceWithThreeShortChildren: steps back past an overlapping child', () => {
    const loaded = load('traceWithThreeShortChildren');
    // send 0-36; children 3-13, 9-17, 16-34: covered 3-34.
    expect(selfTime(loaded.trace)[loaded.row('f205')]).toBe(5 * us);
    expect(pathIn(loaded)).toEqual(['f205 0-3', '7e32 3-13', 'f205 13-16', '43f9 16-34', 'f205 34-36']);
  });

  it('traceWithThreeShortOverlappingChildren: only the last to finish is on the path', () => {
    const loaded = load('traceWithThreeShortOverlappingChildren');
    // Children 3-15, 9-17, 13-19: covered 3-19.
    expect(selfTime(loaded.trace)[loaded.row('f205')]).toBe(20 * us);
    expect(pathIn(loaded)).toEqual(['f205 0-13', '43f9 13-19', 'f205 19-36']);
  });

  it('traceWithTwoChildrenStartedAtTraceStart: a child covering all of its parent leaves no self time', () => {
    const loaded = load('traceWithTwoChildrenStartedAtTraceStart');
    expect(selfTime(loaded.trace)[loaded.row('f205')]).toBe(0);
    expect(pathIn(loaded)).toEqual(['7e32 0-36']);
    expect(darkTime(loaded.trace).share).toBe(0);
  });

  it('traceWithTwoNonOverlappingChildren', () => {
    const loaded = load('traceWithTwoNonOverlappingChildren');
    expect(selfTime(loaded.trace)[loaded.row('f205')]).toBe(30 * us);
    expect(pathIn(loaded)).toEqual(['f205 0-10', '7e32 10-20', 'f205 20-40']);
  });

  it('spanLongerAsParent: overflowing server spans are clipped to their client parent', () => {
    const loaded = load('spanLongerAsParent');
    const self = selfTime(loaded.trace);
    // Client 4193 (1636-11157) has servers 2782-10011 (twice), 10080-11580 and 10440-13940.
    expect(self[loaded.row('4193')]).toBe(1215 * us);
    expect(self[loaded.row('b50a')]).toBe((7229 - 415 - 143) * us);
    expect(self[loaded.row('6ffd')]).toBe((12887 - 9521) * us);
    expect(pathIn(loaded)).toEqual([
      '6ffd 0-1636',
      '4193 1636-2782',
      'b50a 2782-7381',
      '2561 7381-7796',
      'b50a 7796-8366',
      'a6ce 8366-8509',
      'b50a 8509-10011',
      '4193 10011-10080',
      '0001 10080-11157',
      '6ffd 11157-12887',
    ]);
    const stats = statistics(loaded.trace, criticalPath(loaded.trace));
    expect(stats.byService.find((g) => g.service === 'api-gateway')).toMatchObject({
      count: 2,
      total: (12887 + 9521) * us,
      selfTotal: (3366 + 1215) * us,
    });
    expect(stats.byService.find((g) => g.service === 'customers-service')).toMatchObject({
      count: 6,
      total: (415 + 143 + 7229 * 2 + 1500 + 3500) * us,
      selfTotal: (415 + 143 + 6671 + 7229 + 1500 + 3500) * us,
      p50: 1500 * us,
      p95: 7229 * us,
    });
  });

  it.each([
    ['spansAmongEachOther', 31, []],
    ['spansAmongEachOtherGrouped', 71, []],
    // Two more queries, 2522-2568 and 2658-2677, run one after the other after the parallel groups.
    ['spanAmongEachOtherGroupedAndSpans', 136, [['93c2', 'b97f']]],
  ])('%s: overlapping queries are counted once in their parent', (name, coveredUs, runs) => {
    const loaded = load(name);
    const server = loaded.row('d944');
    expect(selfTime(loaded.trace)[server]).toBe((1696 - coveredUs) * us);
    expect(selfTime(loaded.trace)[loaded.row('3741')]).toBe((2977 - 1696) * us);
    expect(selfTime(loaded.trace)[loaded.row('d70a')]).toBe((3720 - 2977) * us);
    // Queries that already run in parallel are no sequential-call hint.
    const found = hints(loaded.trace);
    expect(found.every((hint) => hint.kind === 'sequential-siblings')).toBe(true);
    expect(found.map((hint) => hint.rows.map(loaded.id))).toEqual(runs);
  });

  it('testTrace: non-hex IDs, an async FOLLOWS_FROM consumer, an error and a sequential run', () => {
    const loaded = load('testTrace');
    const { trace } = loaded;
    const path = criticalPath(trace);
    const root = loaded.row('an-1');
    // The root's five children do not overlap: 33 + 66 + 37 + 20 + 10 ms of its 390.
    expect(selfTime(trace)[root]).toBe((390_000 - 166_000) * us);
    // The consumer (800-1000 ms) lies outside its producer, so the path stays in the root's tree.
    expect(path.length).toBe(390_000 * us);
    expect(path.timeOnPath[loaded.row('an-7')]).toBe(0);
    const stats = statistics(trace, path);
    expect(stats.byService.find((g) => g.service === 'service1')).toMatchObject({ count: 8, errors: 1 });
    expect(stats.byService.find((g) => g.service === 'service2')).toMatchObject({ count: 3, errors: 0 });
    expect(stats.byOperation.find((g) => g.service === 'service1' && g.operation === 'op2')).toMatchObject({
      count: 2,
      total: 70_000 * us,
      p50: 33_000 * us,
      p95: 37_000 * us,
    });
    const found = hints(trace, path);
    expect(found.map((hint) => hint.kind).sort()).toEqual(['error-origin', 'sequential-siblings']);
    expect(found.find((hint) => hint.kind === 'error-origin')!.rows).toEqual([loaded.row('an-2')]);
    const run = found.find((hint) => hint.kind === 'sequential-siblings')!;
    // The first call failed: the calls after it ran knowing that, so it is a guard and part of no run
    // (decision 0171; before, the run began with it and claimed 100 ms saved).
    expect(run.guard).toBe(loaded.row('an-2'));
    expect(run.rows.map(loaded.id)).toEqual(['an-3', '-2_1', 'an-6', 'n-12']);
    expect(run.savedNs).toBe((166_000 - 33_000 - 66_000) * us);
  });

  it('traceWithMultipleSpansWithTheSameValueInDifferentTags: several roots are reported', () => {
    const bytes = readFileSync(
      new URL(
        '../../../shared/fixtures/jaeger/edge-cases/traceWithMultipleSpansWithTheSameValueInDifferentTags.json',
        import.meta.url,
      ),
    );
    const trace = decodeTrace(bytes).traces[0];
    const found = hints(trace, criticalPath(trace));
    expect(found.find((hint) => hint.kind === 'several-roots')!.rows).toHaveLength(4);
    // The path runs through the root that ends last: span with test1, 400-500 µs.
    expect(criticalPath(trace).segments.map((s) => [s.start / us, s.end / us])).toEqual([[400, 500]]);
  });
});

// Huge and hostile shapes: deep chains, wide fans, long sequential runs, bad durations, and a
// brute-force check of the critical-path walk on random trees.
import { describe, expect, it } from 'vitest';
import { SpanFlag, SpanKind, type Trace } from '../model/types.ts';
import { type CriticalPathOptions, type CriticalPathSegment, criticalPath } from './critical-path.ts';
import { darkTime, selfTime } from './dark-time.ts';
import { hints } from './hints.ts';
import { statistics } from './statistics.ts';
import { type SpanSpec, traceFromColumns, traceFromSpecs } from './testing/trace-builder.ts';

function expectTiled(segments: CriticalPathSegment[], from: number, to: number) {
  let cursor = from;
  for (const segment of segments) {
    if (segment.start !== cursor || segment.end <= segment.start) {
      throw new Error(`segment ${JSON.stringify(segment)} does not continue at ${cursor}`);
    }
    cursor = segment.end;
  }
  expect(cursor).toBe(to);
}

function chain(depth: number): Trace {
  // Span i runs from i to 2*depth - i: each child sits one ns inside its parent on both sides.
  const parent = Int32Array.from({ length: depth }, (_, i) => i - 1);
  const start = Float64Array.from({ length: depth }, (_, i) => i);
  const duration = Float64Array.from({ length: depth }, (_, i) => 2 * (depth - i));
  return traceFromColumns({ parent, start, duration });
}

function fan(children: number, place: (i: number) => [number, number]): Trace {
  const n = children + 1;
  const parent = new Int32Array(n);
  const start = new Float64Array(n);
  const duration = new Float64Array(n);
  parent[0] = -1;
  let end = 0;
  for (let i = 1; i < n; i++) {
    const [s, d] = place(i - 1);
    start[i] = s;
    duration[i] = d;
    end = Math.max(end, s + d);
  }
  duration[0] = end + 1;
  return traceFromColumns({ parent, start, duration });
}

describe('a chain 100,000 deep', () => {
  const depth = 100_000;
  const trace = chain(depth);

  it('walks down and back up without recursion', () => {
    const path = criticalPath(trace);
    expect(path.segments).toHaveLength(2 * depth - 1);
    expectTiled(path.segments, 0, 2 * depth);
    expect(path.segments[depth - 1]).toEqual({ row: depth - 1, start: depth - 1, end: depth + 1 });
    expect(path.timeOnPath[0]).toBe(2);
  });

  it('has two 1 ns gaps in every parent', () => {
    const dark = darkTime(trace);
    expect(dark.total).toBe(2 * (depth - 1));
    expect(dark.onCriticalPath).toBe(2 * (depth - 1));
    expect(selfTime(trace)[depth - 1]).toBe(2);
    expect(statistics(trace).byService[0].count).toBe(depth);
  });
});

describe('one parent with 50,000 children', () => {
  const count = 50_000;
  // Overlapping children of varied lengths, deterministic.
  const trace = fan(count, (i) => [(i * 7919) % 100_000, 1 + ((i * 104_729) % 5_000)]);

  it('gives a tiled path through the latest-ending child chain', () => {
    const path = criticalPath(trace);
    expectTiled(path.segments, 0, trace.table.duration[0]);
    // Every child on the path finished no later than the next one on the path started.
    const childSegments = path.segments.filter((segment) => segment.row !== 0);
    for (let i = 1; i < childSegments.length; i++) {
      expect(childSegments[i - 1].end).toBeLessThanOrEqual(childSegments[i].start);
    }
  });

  it('computes dark time, statistics and hints', () => {
    const dark = darkTime(trace);
    expect(dark.perSpan[0]).toBeGreaterThan(0);
    expect(dark.perSpan[0]).toBeLessThan(trace.table.duration[0]);
    expect(statistics(trace).byService[0].count).toBe(count + 1);
    // The children overlap heavily: they already run in parallel.
    expect(hints(trace)).toEqual([]);
  });
});

describe('10,000 sequential siblings', () => {
  const count = 10_000;
  const trace = fan(count, (i) => [10 * i + 1, 8]);

  it('puts every sibling on the path with the parent between them', () => {
    const path = criticalPath(trace);
    expect(path.segments).toHaveLength(2 * count + 1);
    expectTiled(path.segments, 0, trace.table.duration[0]);
    for (let row = 1; row <= count; row++) expect(path.timeOnPath[row]).toBe(8);
  });

  it('is one run that parallel calls would shorten to the longest call', () => {
    const found = hints(trace).filter((hint) => hint.kind === 'sequential-siblings');
    expect(found).toHaveLength(1);
    expect(found[0].rows).toHaveLength(count);
    expect(found[0].savedNs).toBe(8 * (count - 1));
    expect(darkTime(trace).perSpan[0]).toBe(trace.table.duration[0] - 8 * count);
  });
});

describe('zero, negative and missing durations', () => {
  const specs: SpanSpec[] = [
    { name: 'root', parent: -1, start: 0, duration: 10 },
    { name: 'negative', parent: 0, start: 2, duration: -5 },
    { name: 'zero', parent: 0, start: 4, duration: 0 },
    { name: 'nan', parent: 0, start: 5, duration: Number.NaN },
    { name: 'bad-start', parent: 0, start: Number.NaN, duration: 3 },
    { name: 'ok', parent: 0, start: 6, duration: 2 },
  ];
  const trace = traceFromSpecs(specs);

  it('counts bad durations as zero everywhere', () => {
    const path = criticalPath(trace);
    // bad-start counts as starting at 0: 0-3.
    expect(path.segments.map((s) => `${specs[s.row].name} ${s.start}-${s.end}`)).toEqual([
      'bad-start 0-3',
      'root 3-6',
      'ok 6-8',
      'root 8-10',
    ]);
    expect(selfTime(trace)[1]).toBe(0);
    expect(darkTime(trace).perSpan[0]).toBe(5);
    const stats = statistics(trace, path);
    expect(stats.byOperation.find((group) => group.operation === 'negative')!.total).toBe(0);
  });

  it('handles an all-zero trace', () => {
    const zero = traceFromSpecs([
      { name: 'a', parent: -1, start: 0, duration: 0 },
      { name: 'b', parent: 0, start: 0, duration: 0 },
    ]);
    expect(criticalPath(zero).segments).toEqual([]);
    expect(darkTime(zero)).toMatchObject({ total: 0, share: 0, topGaps: [] });
  });
});

// A direct transcription of the definition, for small trees: recursive and quadratic on purpose.
function referencePath(trace: Trace, options: CriticalPathOptions): CriticalPathSegment[] {
  const t = trace.table;
  const n = t.count;
  const s = new Float64Array(n);
  const e = new Float64Array(n);
  const clip = (row: number, ps: number, pe: number) => {
    const own = Math.max(0, t.duration[row]);
    s[row] = Math.min(Math.max(t.start[row], ps), pe);
    e[row] = Math.max(s[row], Math.min(t.start[row] + own, pe));
    for (let i = t.childStart[row]; i < t.childStart[row + 1]; i++) clip(t.children[i], s[row], e[row]);
  };
  const roots = [...Array(n).keys()].filter((row) => t.parent[row] < 0);
  for (const root of roots) clip(root, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY);
  const root = roots.reduce((best, row) =>
    e[row] > e[best] || (e[row] === e[best] && s[row] < s[best]) ? row : best,
  );
  const backwards: CriticalPathSegment[] = [];
  const blocks = (parent: number, child: number) =>
    !(!(options.followsFromBlocks ?? true) && t.flags[child] & SpanFlag.FollowsFrom) &&
    !(
      !options.consumerBlocksProducer &&
      t.kind[child] === SpanKind.Consumer &&
      t.kind[parent] === SpanKind.Producer
    );
  const walk = (row: number) => {
    let cursor = e[row];
    for (;;) {
      let best = -1;
      for (let i = t.childStart[row]; i < t.childStart[row + 1]; i++) {
        const c = t.children[i];
        if (e[c] <= s[c] || e[c] > cursor || !blocks(row, c)) continue;
        if (
          best < 0 ||
          e[c] > e[best] ||
          (e[c] === e[best] && (s[c] < s[best] || (s[c] === s[best] && c < best)))
        ) {
          best = c;
        }
      }
      if (best < 0) break;
      if (cursor > e[best]) backwards.push({ row, start: e[best], end: cursor });
      walk(best);
      cursor = s[best];
    }
    if (cursor > s[row]) backwards.push({ row, start: s[row], end: cursor });
  };
  walk(root);
  return backwards.reverse();
}

function randomTrace(seed: number, n: number): Trace {
  let state = seed;
  const random = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
  const specs: SpanSpec[] = [];
  for (let row = 0; row < n; row++) {
    const parent = row === 0 || random() < 0.05 ? -1 : Math.floor(random() * row);
    const base = parent < 0 ? Math.floor(random() * 20) : specs[parent].start;
    const room = parent < 0 ? 100 : Math.max(1, specs[parent].duration);
    // Mostly inside the parent, sometimes overflowing either side; integer times make ties common.
    const start = base + Math.floor(random() * room * 1.1) - Math.floor(random() * 3);
    const duration = Math.floor(random() * room * 0.7) - (random() < 0.05 ? 5 : 0);
    const kind = [SpanKind.Internal, SpanKind.Producer, SpanKind.Consumer, SpanKind.Client][
      Math.floor(random() * 4)
    ];
    const flags = random() < 0.1 ? SpanFlag.FollowsFrom : 0;
    specs.push({ name: `s${row}`, parent, start, duration, kind, flags });
  }
  return traceFromSpecs(specs);
}

describe('critical path against a brute-force reference', () => {
  it('agrees on a parent with 3,000 children full of ties (the radix-sorted path)', () => {
    let state = 99;
    const random = () => {
      state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
      return state / 2_147_483_648;
    };
    const specs: SpanSpec[] = [{ name: 'root', parent: -1, start: 0, duration: 1000 }];
    for (let i = 0; i < 3000; i++) {
      specs.push({
        name: `c${i}`,
        parent: 0,
        start: Math.floor(random() * 1100) - 50,
        duration: Math.floor(random() * 60),
        kind: random() < 0.1 ? SpanKind.Consumer : SpanKind.Client,
      });
    }
    const trace = traceFromSpecs(specs);
    const path = criticalPath(trace);
    expect(path.segmentCount).toBeGreaterThan(20);
    expect(path.segments).toEqual(referencePath(trace, {}));
  });

  const optionSets: CriticalPathOptions[] = [
    {},
    { consumerBlocksProducer: true },
    { followsFromBlocks: false },
    { consumerBlocksProducer: true, followsFromBlocks: false },
  ];
  it('agrees on 400 random trees with overlaps, overflow, ties and async children', () => {
    for (let seed = 1; seed <= 100; seed++) {
      const trace = randomTrace(seed, 5 + (seed % 40));
      for (const options of optionSets) {
        expect(criticalPath(trace, options).segments, `seed ${seed} ${JSON.stringify(options)}`).toEqual(
          referencePath(trace, options),
        );
      }
    }
  });
});

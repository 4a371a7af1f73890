import { describe, expect, it } from 'vitest';
import { criticalPath } from './critical-path.ts';
import { allDarkGaps, darkGapsOf, darkTime, selfTime } from './dark-time.ts';
import { asciiTrace } from './testing/ascii-trace.ts';
import { describeGaps } from './testing/describe-path.ts';

describe('darkTime', () => {
  it('finds gaps before, between and after children', () => {
    const drawn = asciiTrace(`
    0123456789012345
A   |=========|
 B    |=|
 C        |=|
`);
    const a = drawn.row('A');
    expect(describeGaps(drawn, darkGapsOf(drawn.trace, a))).toEqual(['A 0-2', 'A 4-6', 'A 8-10']);
    const dark = darkTime(drawn.trace);
    expect(dark.perSpan[a]).toBe(6);
    expect(dark.total).toBe(6);
    expect(describeGaps(drawn, dark.topGaps)).toEqual(['A 0-2', 'A 4-6', 'A 8-10']);
    // The whole of A's own time is on the critical path.
    expect(dark.onCriticalPath).toBe(6);
    expect(dark.share).toBeCloseTo(0.6);
  });

  it('gives leaves no dark time', () => {
    const drawn = asciiTrace(`
A   |=========|
 B    |===|
`);
    const dark = darkTime(drawn.trace);
    expect(dark.perSpan[drawn.row('B')]).toBe(0);
    expect(darkGapsOf(drawn.trace, drawn.row('B'))).toEqual([]);
    expect(dark.total).toBe(6);
  });

  it('counts overlapping children once', () => {
    const drawn = asciiTrace(`
    0123456789012345
A   |===========|
 B   |=====|
 C      |=====|
`);
    expect(describeGaps(drawn, darkGapsOf(drawn.trace, drawn.row('A')))).toEqual(['A 0-1', 'A 10-12']);
    expect(selfTime(drawn.trace)[drawn.row('A')]).toBe(3);
  });

  it('clips children that start before or end after their parent', () => {
    const drawn = asciiTrace(`
    0123456789012345
A      |======|
 B  |====|         svc=early
 C          |=====|  svc=late
`);
    // A is 3-10; B (0-5) covers 3-5, C (8-14) covers 8-10.
    expect(describeGaps(drawn, darkGapsOf(drawn.trace, drawn.row('A')))).toEqual(['A 5-8']);
    expect(selfTime(drawn.trace)[drawn.row('A')]).toBe(3);
  });

  it('treats a parent whose children all lie outside it as entirely dark', () => {
    const drawn = asciiTrace(`
A   |===|
 B         |==|
`);
    expect(darkTime(drawn.trace).perSpan[drawn.row('A')]).toBe(4);
  });

  it('counts dark time on the critical path only where the path runs through the gap', () => {
    // The consumer does not block the producer, so the path runs through P for 2-10, but Q explains
    // 4-8 of it: only 2-4 and 8-10 of P are dark.
    const drawn = asciiTrace(`
    0123456789012345
R   |=============|
 P    |=======|       producer
  Q     |===|         consumer
`);
    const path = criticalPath(drawn.trace);
    const dark = darkTime(drawn.trace, path);
    expect(dark.perSpan[drawn.row('R')]).toBe(6);
    expect(dark.perSpan[drawn.row('P')]).toBe(4);
    expect(dark.onCriticalPath).toBe(10);
    expect(dark.share).toBeCloseTo(10 / 14);
  });

  it('leaves off-path dark time out of the share', () => {
    // B is not on the path (C finishes last), so B's own dark time is not in the share.
    const drawn = asciiTrace(`
    0123456789012345
A   |=============|
 B   |=====|
  B1   |=|
 C   |===========|
`);
    const dark = darkTime(drawn.trace);
    expect(dark.perSpan[drawn.row('B')]).toBe(4);
    expect(dark.perSpan[drawn.row('A')]).toBe(2);
    expect(dark.onCriticalPath).toBe(2);
    expect(dark.share).toBeCloseTo(2 / 14);
  });

  it('keeps only the N largest gaps, longest first', () => {
    const drawn = asciiTrace(`
    01234567890123456789
A   |==================|
 B    |=|
 C         |=|
 D               |=|
`);
    const dark = darkTime(drawn.trace, undefined, { topN: 2 });
    // Gaps: 0-2, 4-7, 9-13, 15-19; equal lengths rank by start.
    expect(describeGaps(drawn, dark.topGaps)).toEqual(['A 9-13', 'A 15-19']);
  });
});

describe('selfTime', () => {
  it('is the duration for leaves and duration minus the children union for parents', () => {
    const drawn = asciiTrace(`
    0123456789012345
A   |=========|
 B   |===|
 C     |=====|
 D              |
`);
    const self = selfTime(drawn.trace);
    // B (1-5) and C (3-9) cover 1-9 of A (0-10).
    expect(self[drawn.row('A')]).toBe(2);
    expect(self[drawn.row('B')]).toBe(4);
    expect(self[drawn.row('C')]).toBe(6);
    expect(self[drawn.row('D')]).toBe(0);
  });
});

describe('allDarkGaps', () => {
  it('groups every span’s gaps by row, the same gaps darkGapsOf finds one span at a time', () => {
    const drawn = asciiTrace(`
    0123456789012345
A   |===========|
 B   |===|
  D   |=|
 C          |=|
`);
    const all = allDarkGaps(drawn.trace);
    const table = drawn.trace.table;
    expect(all.start.length).toBe(table.count + 1);
    for (let row = 0; row < table.count; row++) {
      const mine = [];
      for (let g = all.start[row]; g < all.start[row + 1]; g++)
        mine.push({ row, start: all.from[g], end: all.to[g] });
      expect(mine).toEqual(darkGapsOf(drawn.trace, row));
    }
    // A is 0-12 with B 1-5 and C 8-10; B has D 2-4 inside.
    expect(describeGaps(drawn, rowsGaps(all, drawn.row('A')))).toEqual(['A 0-1', 'A 5-8', 'A 10-12']);
    expect(describeGaps(drawn, rowsGaps(all, drawn.row('B')))).toEqual(['B 1-2', 'B 4-5']);
    expect(all.start[drawn.row('D') + 1] - all.start[drawn.row('D')]).toBe(0);
  });
});

function rowsGaps(all: ReturnType<typeof allDarkGaps>, row: number) {
  const out = [];
  for (let g = all.start[row]; g < all.start[row + 1]; g++)
    out.push({ row, start: all.from[g], end: all.to[g] });
  return out;
}

import { describe, expect, it } from 'vitest';
import { SpanFlag } from '../model/types.ts';
import { adjustClockSkew, clockSkew, withClockSkewAdjusted } from './clock-skew.ts';
import { criticalPath } from './critical-path.ts';
import { asciiTrace } from './testing/ascii-trace.ts';
import { describeSegments } from './testing/describe-path.ts';

const skewed = () =>
  asciiTrace(`
    0123456789012345
A      |=========|     client svc=front
 B  |=====|            server svc=back
  C   |=|              svc=back
`);

describe('clockSkew', () => {
  it('finds a child of another service that starts before its parent', () => {
    const drawn = skewed();
    expect(clockSkew(drawn.trace)).toEqual([
      { row: drawn.row('B'), parent: drawn.row('A'), startsBefore: 3, endsAfter: 0 },
    ]);
  });

  it('finds a child that ends after its parent', () => {
    const drawn = asciiTrace(`
A   |=====|          svc=front
 B     |=====|       svc=back
`);
    expect(clockSkew(drawn.trace)).toEqual([
      { row: drawn.row('B'), parent: drawn.row('A'), startsBefore: 0, endsAfter: 3 },
    ]);
  });

  it('does not call overflow inside one service skew', () => {
    const drawn = asciiTrace(`
A      |=====|
 B  |=====|
`);
    expect(clockSkew(drawn.trace)).toEqual([]);
  });
});

describe('adjustClockSkew', () => {
  it('centres a shorter child in its parent and moves its subtree with it', () => {
    const drawn = skewed();
    const before = drawn.trace.table.start.slice();
    const adjusted = adjustClockSkew(drawn.trace);
    // A is 3-13 (10), B is 6 long: centred it starts at 3 + 2 = 5; C moves by the same 5.
    expect(adjusted.start[drawn.row('A')]).toBe(3);
    expect(adjusted.start[drawn.row('B')]).toBe(5);
    expect(adjusted.start[drawn.row('C')]).toBe(7);
    expect(adjusted.warnings.map((warning) => warning.rows)).toEqual([[drawn.row('B')], [drawn.row('C')]]);
    expect(adjusted.warnings[0].kind).toBe('clock-skew');
    expect(adjusted.warnings[0].message).toContain('back B');
    expect(drawn.trace.table.start).toEqual(before);
  });

  it('moves a longer child only when it starts before its parent, to start with it', () => {
    const late = asciiTrace(`
A   |===|            svc=front
 B     |=======|     svc=back
`);
    expect(adjustClockSkew(late.trace).warnings).toEqual([]);
    const early = asciiTrace(`
A     |===|          svc=front
 B  |=======|        svc=back
`);
    expect(adjustClockSkew(early.trace).start[early.row('B')]).toBe(2);
  });

  it('gives a trace whose critical path sees the moved child inside its parent', () => {
    const drawn = skewed();
    const adjusted = withClockSkewAdjusted(drawn.trace);
    // Rebased: A starts at 0, B at 2, C at 4.
    expect(Array.from(adjusted.table.start)).toEqual([0, 2, 4]);
    expect(adjusted.startNs).toBe(3n);
    expect(adjusted.durationNs).toBe(10);
    expect(adjusted.table.flags[drawn.row('B')] & SpanFlag.SkewAdjusted).toBeTruthy();
    expect(adjusted.table.flags[drawn.row('A')] & SpanFlag.SkewAdjusted).toBe(0);
    expect(adjusted.warnings).toHaveLength(2);
    expect(describeSegments(drawn, criticalPath(adjusted))).toEqual([
      'A 0-2',
      'B 2-4',
      'C 4-6',
      'B 6-8',
      'A 8-10',
    ]);
    expect(drawn.trace.warnings).toEqual([]);
  });

  it('returns the same trace when nothing is skewed', () => {
    const drawn = asciiTrace(`
A   |=====|     svc=front
 B   |==|       svc=back
`);
    expect(withClockSkewAdjusted(drawn.trace)).toBe(drawn.trace);
  });
});

import { describe, expect, it } from 'vitest';
import { criticalPath } from './critical-path.ts';
import { asciiTrace } from './testing/ascii-trace.ts';
import { describeSegments } from './testing/describe-path.ts';

function pathOf(drawing: string, options?: Parameters<typeof criticalPath>[1]) {
  const drawn = asciiTrace(drawing);
  const path = criticalPath(drawn.trace, options);
  return { drawn, path, segments: describeSegments(drawn, path) };
}

describe('criticalPath', () => {
  it('runs through a lone span', () => {
    const { path, segments } = pathOf(`
    0123456789012345
A   |=========|
`);
    expect(segments).toEqual(['A 0-10']);
    expect(path.length).toBe(10);
  });

  it('alternates between the parent and sequential children', () => {
    const { segments } = pathOf(`
    0123456789012345
A   |=========|
 B   |==|
 C       |==|
`);
    expect(segments).toEqual(['A 0-1', 'B 1-4', 'A 4-5', 'C 5-8', 'A 8-10']);
  });

  it('follows the child that finished last among parallel children', () => {
    const { drawn, path, segments } = pathOf(`
    0123456789012345
A   |=========|
 B   |===|
 C   |======|
`);
    expect(segments).toEqual(['A 0-1', 'C 1-8', 'A 8-10']);
    expect(path.timeOnPath[drawn.row('B')]).toBe(0);
    expect(path.timeOnPath[drawn.row('A')]).toBe(3);
  });

  it('skips a child that overlaps the one it returns from', () => {
    const { segments } = pathOf(`
    0123456789012345
A   |===========|
 B   |=====|
 C      |=====|
`);
    expect(segments).toEqual(['A 0-4', 'C 4-10', 'A 10-12']);
  });

  it('steps back into the last child that finished before the returning child started', () => {
    const { segments } = pathOf(`
    0123456789012345
A   |=============|
 B   |=|
 C    |==|
 D        |===|
`);
    // B ends at 3, C at 5; D starts at 6: C is the last to finish before D, and B ends after C starts.
    expect(segments).toEqual(['A 0-2', 'C 2-5', 'A 5-6', 'D 6-10', 'A 10-14']);
  });

  it('clips a child that outlives its parent, and its own children with it', () => {
    const { segments } = pathOf(`
    0123456789012345
A   |=========|
 B        |=======|
  C         |====|
`);
    expect(segments).toEqual(['A 0-6', 'B 6-8', 'C 8-10']);
  });

  it('clips a child that starts before its parent', () => {
    const { segments } = pathOf(`
    0123456789012345
A      |======|
 B  |====|       svc=other
`);
    expect(segments).toEqual(['B 3-5', 'A 5-10']);
  });

  it('ignores a child entirely outside its parent', () => {
    const { segments } = pathOf(`
    0123456789012345
A   |====|
 B         |==|
`);
    expect(segments).toEqual(['A 0-5']);
  });

  it('does not let an async consumer block its producer by default', () => {
    const drawing = `
    0123456789012345
R   |=============|
 P    |=======|       producer
  Q     |===|         consumer
`;
    expect(pathOf(drawing).segments).toEqual(['R 0-2', 'P 2-10', 'R 10-14']);
    expect(pathOf(drawing, { consumerBlocksProducer: true }).segments).toEqual([
      'R 0-2',
      'P 2-4',
      'Q 4-8',
      'P 8-10',
      'R 10-14',
    ]);
  });

  it('lets a consumer block a parent that is not a producer', () => {
    const { segments } = pathOf(`
    0123456789012345
R   |=========|
 Q     |===|      consumer
`);
    expect(segments).toEqual(['R 0-3', 'Q 3-7', 'R 7-10']);
  });

  it('counts FOLLOWS_FROM children as blocking unless told otherwise', () => {
    const drawing = `
    0123456789012345
A   |=========|
 B     |===|      follows
`;
    expect(pathOf(drawing).segments).toEqual(['A 0-3', 'B 3-7', 'A 7-10']);
    expect(pathOf(drawing, { followsFromBlocks: false }).segments).toEqual(['A 0-10']);
  });

  it('treats back-to-back children as sequential', () => {
    const { segments } = pathOf(`
    0123456789012345
A   |=======|
 B   |==|
 C      |==|
`);
    expect(segments).toEqual(['A 0-1', 'B 1-4', 'C 4-7', 'A 7-8']);
  });

  it('goes through the root that ends last when there are several', () => {
    const { drawn, path, segments } = pathOf(`
    0123456789012345
R1  |====|
R2    |=======|
 X      |==|
`);
    expect(path.root).toBe(drawn.row('R2'));
    expect(segments).toEqual(['R2 2-4', 'X 4-7', 'R2 7-10']);
    expect(path.length).toBe(8);
  });

  it('walks a deep chain down to the leaf', () => {
    const { segments } = pathOf(`
    0123456789012345
A   |=========|
 B   |=======|
  C   |=====|
   D    |==|
`);
    expect(segments).toEqual(['A 0-1', 'B 1-2', 'C 2-4', 'D 4-7', 'C 7-8', 'B 8-9', 'A 9-10']);
  });

  it('gives zero-length children no segment', () => {
    const { segments } = pathOf(`
    0123456789012345
A   |======|
 B      |
`);
    expect(segments).toEqual(['A 0-7']);
  });

  it('tiles the root: segments touch and sum to the length', () => {
    const { path } = pathOf(`
A |====================|
 B |===|
 C  |======|
  D    |==|
 E           |======|
  F           |=|
  G              |==|
`);
    let cursor = path.segments[0].start;
    let sum = 0;
    for (const segment of path.segments) {
      expect(segment.start).toBe(cursor);
      cursor = segment.end;
      sum += segment.end - segment.start;
    }
    expect(sum).toBe(path.length);
    expect(path.timeOnPath.reduce((a, b) => a + b, 0)).toBe(path.length);
  });

  it('returns an empty path for an empty trace', () => {
    const drawn = asciiTrace('A |==|');
    const empty = { ...drawn.trace, table: { ...drawn.trace.table, count: 0, parent: new Int32Array(0) } };
    expect(criticalPath(empty).segments).toEqual([]);
  });
});

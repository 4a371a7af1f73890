import { describe, expect, it } from 'vitest';
import { traceFromSpecs } from '../../../analysis/testing/trace-builder.ts';
import { SpanFlag } from '../../../model/types.ts';
import { allExpanded, expandedToDepth, toggled } from './expanded.ts';
import { expandedFromFold, foldOf } from './fold-param.ts';

// root ─┬─ a ── a1 ── a2
//       └─ b ── b1
const specs = [
  { name: 'root', parent: -1, start: 0, duration: 100 },
  { name: 'a', parent: 0, start: 10, duration: 20 },
  { name: 'a1', parent: 1, start: 12, duration: 5 },
  { name: 'a2', parent: 2, start: 13, duration: 1 },
  { name: 'b', parent: 0, start: 50, duration: 10 },
  { name: 'b1', parent: 4, start: 51, duration: 1 },
];

/** The tree above with real-looking span IDs; `a` and `b` share their first nine hex digits. */
function table() {
  const t = traceFromSpecs(specs).table;
  const ids = [
    '00f067aa0ba902b7',
    'a3ce929d0e0e4736',
    '53995c3f42cd8ad8',
    '0c1b2d3e4f5a6b7c',
    'a3ce929d01234567',
    '1111222233334444',
  ];
  ids.forEach((id, row) => {
    t.spanIdHi[row] = Number.parseInt(id.slice(0, 8), 16);
    t.spanIdLo[row] = Number.parseInt(id.slice(8), 16);
  });
  return t;
}

describe('the collapsed set in the URL', () => {
  it('names a collapsed row by the shortest span-ID prefix no other span shares (at least 6 hex)', () => {
    const t = table();
    const fold = foldOf(t, toggled(toggled(allExpanded(t), 1), 2), undefined);
    // `a` shares a3ce929d0 with `b`, so it needs ten digits; `a1` is unique from the first.
    expect(fold).toEqual({ depth: undefined, flipped: ['a3ce929d0e', '53995c'] });
    expect(Array.from(expandedFromFold(t, fold) ?? [])).toEqual([1, 0, 0, 1, 1, 1]);
  });

  it('writes "collapse all" and "expand to depth" as a base, with only the exceptions listed', () => {
    const t = table();
    expect(foldOf(t, expandedToDepth(t, 0), 0)).toEqual({ depth: 0, flipped: [] });
    const opened = toggled(expandedToDepth(t, 0), 4);
    const fold = foldOf(t, opened, 0);
    expect(fold).toEqual({ depth: 0, flipped: ['a3ce929d01'] });
    const read = expandedFromFold(t, fold);
    expect(read?.[0]).toBe(0);
    expect(read?.[4]).toBe(1);
    expect(read?.[1]).toBe(0);
  });

  it('is empty when everything is expanded, and reads an empty URL as "every row expanded"', () => {
    const t = table();
    expect(foldOf(t, allExpanded(t), undefined)).toEqual({ flipped: [] });
    expect(foldOf(t, null, undefined)).toEqual({ flipped: [] });
    expect(expandedFromFold(t, { flipped: [] })).toBeNull();
  });

  it('ignores prefixes of leaves or of spans the trace does not have', () => {
    const t = table();
    expect(Array.from(expandedFromFold(t, { flipped: ['0c1b2d', 'ffffff'] }) ?? [])).toEqual([
      1, 1, 1, 1, 1, 1,
    ]);
  });

  it('names many collapsed rows the same way as a few (the sorted path)', () => {
    const { table: t } = traceFromSpecs(
      Array.from({ length: 60 }, (_, i) => ({
        name: `s${i}`,
        parent: i === 0 ? -1 : Math.floor((i - 1) / 2),
        start: i,
        duration: 100 - i,
      })),
    );
    // Every ID starts abcdef12 and differs only in the low half: prefixes need 9 or more digits.
    for (let row = 0; row < t.count; row++) {
      t.spanIdHi[row] = 0xabcdef12;
      t.spanIdLo[row] = (row << 20) >>> 0;
    }
    const parents = Array.from({ length: t.count }, (_, row) => row).filter(
      (row) => t.childStart[row + 1] > t.childStart[row],
    );
    const collapsed = (rows: number[]) => rows.reduce((set, row) => toggled(set, row), allExpanded(t));
    const few = foldOf(t, collapsed(parents.slice(0, 3)), undefined).flipped;
    const many = foldOf(t, collapsed(parents), undefined).flipped;
    expect(many.length).toBeGreaterThan(16);
    expect(many.slice(0, 3)).toEqual(few);
    expect(few).toEqual(['abcdef12000', 'abcdef12001', 'abcdef12002']);
    expect(expandedFromFold(t, { flipped: many })).toEqual(collapsed(parents));
  });

  it('names a row whose span ID is not hex (some files) by its position', () => {
    const t = table();
    t.flags[1] |= SpanFlag.OddId;
    t.oddSpanIds.set(1, 'span-a');
    const fold = foldOf(t, toggled(allExpanded(t), 1), undefined);
    expect(fold.flipped).toEqual(['r1']);
    expect(expandedFromFold(t, fold)?.[1]).toBe(0);
  });
});

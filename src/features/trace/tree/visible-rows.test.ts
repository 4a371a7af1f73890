import { describe, expect, it } from 'vitest';
import { traceFromColumns, traceFromSpecs } from '../../../analysis/testing/trace-builder.ts';
import { allCollapsed, allExpanded, expandedToDepth, revealed, toggled } from './expanded.ts';
import { preorderIndex, visibleRows, withAncestors } from './visible-rows.ts';

// root ─┬─ a ── a1
//       └─ b
const specs = [
  { name: 'root', parent: -1, start: 0, duration: 100 },
  { name: 'b', parent: 0, start: 50, duration: 10 },
  { name: 'a', parent: 0, start: 10, duration: 20 },
  { name: 'a1', parent: 2, start: 12, duration: 5 },
];
const names = (t: ReturnType<typeof traceFromSpecs>, rows: Uint32Array) =>
  Array.from(rows, (r) => t.table.strings[t.table.name[r]]);

describe('visible rows', () => {
  const trace = traceFromSpecs(specs);
  const t = trace.table;

  it('lists the tree in preorder, children by start time', () => {
    expect(names(trace, visibleRows(t, trace.roots, allExpanded(t), null))).toEqual(['root', 'a', 'a1', 'b']);
  });

  it('hides collapsed subtrees and shows them again', () => {
    const collapsedA = toggled(allExpanded(t), 2);
    expect(names(trace, visibleRows(t, trace.roots, collapsedA, null))).toEqual(['root', 'a', 'b']);
    expect(names(trace, visibleRows(t, trace.roots, allCollapsed(t), null))).toEqual(['root']);
    expect(names(trace, visibleRows(t, trace.roots, expandedToDepth(t, 1), null))).toEqual([
      'root',
      'a',
      'b',
    ]);
  });

  it('reveals a hidden row by expanding its ancestors', () => {
    const set = revealed(t, allCollapsed(t), 3);
    expect(names(trace, visibleRows(t, trace.roots, set, null))).toEqual(['root', 'a', 'a1', 'b']);
  });

  it('shows only matches with their ancestors', () => {
    const include = withAncestors(t, Uint32Array.of(3));
    expect(names(trace, visibleRows(t, trace.roots, allExpanded(t), include))).toEqual(['root', 'a', 'a1']);
  });

  it('walks a chain 100,000 deep without recursion', () => {
    const n = 100_000;
    const parent = Int32Array.from({ length: n }, (_, i) => i - 1);
    const deep = traceFromColumns({
      parent,
      start: Float64Array.from({ length: n }, (_, i) => i),
      duration: Float64Array.from({ length: n }, (_, i) => n - i),
    });
    const rows = visibleRows(deep.table, deep.roots, allExpanded(deep.table), null);
    expect(rows.length).toBe(n);
    expect(rows[n - 1]).toBe(n - 1);
    expect(preorderIndex(deep.table, deep.roots)[n - 1]).toBe(n - 1);
  });
});

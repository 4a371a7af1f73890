// The waterfall's row list with repeated siblings folded (decision 0191).
import { describe, expect, it } from 'vitest';
import { siblingGroups } from '../../../analysis/index.ts';
import { type SpanSpec, traceFromSpecs } from '../../../analysis/testing/trace-builder.ts';
import { allExpanded } from './expanded.ts';
import { entryGroup } from './group-entries.ts';
import { visibleRows } from './visible-rows.ts';

// root ─┬─ auth
//       ├─ SELECT ×6, the second with a child `parse`
//       └─ render
function trace() {
  const specs: SpanSpec[] = [
    { name: 'root', parent: -1, start: 0, duration: 100 },
    { name: 'auth', parent: 0, start: 1, duration: 2 },
  ];
  for (let i = 0; i < 6; i++) specs.push({ name: 'SELECT', parent: 0, start: 10 + i, duration: 1 });
  specs.push({ name: 'parse', parent: 3, start: 11, duration: 0.5 });
  specs.push({ name: 'render', parent: 0, start: 50, duration: 10 });
  return traceFromSpecs(specs);
}

function labels(t: ReturnType<typeof trace>, rows: Uint32Array): string[] {
  return Array.from(rows, (entry) => {
    const g = entryGroup(t.table, entry);
    return g >= 0 ? `group ${g}` : t.table.strings[t.table.name[entry]];
  });
}

describe('folded rows', () => {
  const t = trace();
  const groups = siblingGroups(t.table);
  const all = allExpanded(t.table);

  it('shows a folded group as one entry where its members and their subtrees were', () => {
    const rows = visibleRows(t.table, t.roots, all, null, { groups, unfolded: new Uint8Array(1) });
    expect(labels(t, rows)).toEqual(['root', 'auth', 'group 0', 'render']);
  });

  it('shows an unfolded group under its entry, member by member, subtrees included', () => {
    const rows = visibleRows(t.table, t.roots, all, null, { groups, unfolded: Uint8Array.of(1) });
    expect(labels(t, rows)).toEqual([
      'root',
      'auth',
      'group 0',
      'SELECT',
      'SELECT',
      'parse',
      'SELECT',
      'SELECT',
      'SELECT',
      'SELECT',
      'render',
    ]);
  });

  it('keeps a folded group when showing only matches if any member passes, and drops it if none does', () => {
    const include = new Uint8Array(t.table.count);
    include[0] = 1;
    include[9] = 1; // render
    const folded = { groups, unfolded: new Uint8Array(1) };
    expect(labels(t, visibleRows(t.table, t.roots, all, include, folded))).toEqual(['root', 'render']);
    include[5] = 1; // one SELECT
    expect(labels(t, visibleRows(t.table, t.roots, all, include, folded))).toEqual([
      'root',
      'group 0',
      'render',
    ]);
    const open = { groups, unfolded: Uint8Array.of(1) };
    expect(labels(t, visibleRows(t.table, t.roots, all, include, open))).toEqual([
      'root',
      'group 0',
      'SELECT',
      'render',
    ]);
  });
});

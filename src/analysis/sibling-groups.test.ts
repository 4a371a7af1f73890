import { describe, expect, it } from 'vitest';
import { SpanFlag } from '../model/types.ts';
import { groupsAbove, groupsContaining, isInSubtree, siblingGroups } from './sibling-groups.ts';
import { type SpanSpec, traceFromColumns, traceFromSpecs } from './testing/trace-builder.ts';

// root ─┬─ SELECT ×6 (db), the third with a child `parse`, the fifth an error
//       ├─ cache get ×2 (a run too short to fold)
//       ├─ SELECT ×4 (db; after the cache calls, a run of its own, too short)
//       └─ SELECT (api service: another service, not a member)
function n1Trace() {
  const specs: SpanSpec[] = [{ name: 'GET /orders', service: 'api', parent: -1, start: 0, duration: 1000 }];
  for (let i = 0; i < 6; i++)
    specs.push({
      name: 'SELECT',
      service: 'db',
      parent: 0,
      start: 10 + i * 10,
      duration: i + 1,
      flags: i === 4 ? SpanFlag.Error : 0,
    });
  specs.push({ name: 'parse', service: 'db', parent: 3, start: 31, duration: 1 });
  for (let i = 0; i < 2; i++)
    specs.push({ name: 'cache get', service: 'cache', parent: 0, start: 100 + i, duration: 1 });
  for (let i = 0; i < 4; i++)
    specs.push({ name: 'SELECT', service: 'db', parent: 0, start: 200 + i, duration: 1 });
  specs.push({ name: 'SELECT', service: 'api', parent: 0, start: 300, duration: 1 });
  return traceFromSpecs(specs);
}

describe('sibling groups', () => {
  it('folds a run of five or more siblings with one service and operation, with its figures', () => {
    const trace = n1Trace();
    const groups = siblingGroups(trace.table);
    expect(groups.count).toBe(1);
    expect(groups.parent[0]).toBe(0);
    expect(groups.memberTo[0] - groups.memberFrom[0]).toBe(6);
    expect(groups.start[0]).toBe(10);
    expect(groups.end[0]).toBe(66); // the sixth starts at 60 and lasts 6
    expect(groups.total[0]).toBe(1 + 2 + 3 + 4 + 5 + 6);
    expect(groups.p50[0]).toBe(3); // nearest rank: the 3rd of 6
    expect(groups.errors[0]).toBe(1);
    // Members are rows 1..6; the child, the cache calls, the short run and the other service are not.
    expect(Array.from(trace.table.parent.keys()).filter((r) => groups.groupOf[r] === 0)).toEqual([
      1, 2, 3, 4, 5, 6,
    ]);
    expect(groups.groupOf[7]).toBe(-1);
  });

  it('takes the run length asked for', () => {
    const trace = n1Trace();
    expect(siblingGroups(trace.table, 4).count).toBe(2);
    expect(siblingGroups(trace.table, 7).count).toBe(0);
  });

  it('says which groups hold a marked row, a member or below one, and which to unfold for a row', () => {
    const trace = n1Trace();
    const groups = siblingGroups(trace.table);
    // `parse` (row 7) sits under the third member.
    expect(Array.from(groupsContaining(trace.table, groups, (r) => r === 7))).toEqual([1]);
    expect(Array.from(groupsContaining(trace.table, groups, (r) => r === 0 || r === 8))).toEqual([0]);
    expect(groupsAbove(trace.table, groups, 7)).toEqual([0]);
    expect(groupsAbove(trace.table, groups, 0)).toEqual([]);
    expect(isInSubtree(trace.table, 7, 3)).toBe(true);
    expect(isInSubtree(trace.table, 7, 4)).toBe(false);
  });

  it('groups 100,000 siblings and a chain 100,000 deep without recursion', () => {
    const n = 100_001;
    const wide = traceFromColumns({
      parent: Int32Array.from({ length: n }, (_, i) => (i === 0 ? -1 : 0)),
      start: Float64Array.from({ length: n }, (_, i) => i),
      duration: new Float64Array(n).fill(1),
    });
    const groups = siblingGroups(wide.table);
    expect(groups.count).toBe(1);
    expect(groups.memberTo[0] - groups.memberFrom[0]).toBe(n - 1);
    const deep = traceFromColumns({
      parent: Int32Array.from({ length: n }, (_, i) => i - 1),
      start: Float64Array.from({ length: n }, (_, i) => i),
      duration: Float64Array.from({ length: n }, (_, i) => n - i),
    });
    const none = siblingGroups(deep.table);
    expect(none.count).toBe(0);
    expect(groupsContaining(deep.table, none, (r) => r === n - 1)).toHaveLength(0);
  });
});

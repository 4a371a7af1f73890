// Matching two traces by path from the root: each rule on a small drawn pair, then Jaeger UI's
// edge-case traces and the embedded backend's demo checkout (fast and slow stock check).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeTrace } from '../../formats/index.ts';
import type { Trace } from '../../model/types.ts';
import { asciiTrace } from '../testing/ascii-trace.ts';
import { traceFromSpecs } from '../testing/trace-builder.ts';
import { compareSide, compareTraces, matchedInB, nodeChange, type TraceDiff } from './merge-tree.ts';

function diffOf(a: Trace, b: Trace): TraceDiff {
  return compareTraces(compareSide(a), compareSide(b));
}

/** The node at this path of "service operation" labels, from the top. */
function nodeAt(diff: TraceDiff, ...path: string[]): number {
  let from = 0;
  let to = diff.rootCount;
  let found = -1;
  for (const label of path) {
    found = -1;
    for (let node = from; node < to; node++)
      if (`${diff.strings[diff.service[node]]} ${diff.strings[diff.name[node]]}` === label) found = node;
    if (found < 0) throw new Error(`no node ${label} in ${path.join(' / ')}`);
    from = diff.childStart[found];
    to = diff.childStart[found + 1];
  }
  return found;
}

function childLabels(diff: TraceDiff, node: number): string[] {
  const labels: string[] = [];
  for (let child = diff.childStart[node]; child < diff.childStart[node + 1]; child++)
    labels.push(`${diff.strings[diff.service[child]]} ${diff.strings[diff.name[child]]}`);
  return labels;
}

const ms = 1e6;

describe('compareTraces', () => {
  it('matches identical traces node for node with no differences', () => {
    const a = asciiTrace(
      `
      root |==========|  svc=api
       auth |==|         svc=auth
       db     |=====|    svc=db
      `,
      ms,
    ).trace;
    const diff = diffOf(a, a);
    expect(diff.count).toBe(3);
    for (let node = 0; node < diff.count; node++) {
      expect(nodeChange(diff, node)).toBe('matched');
      expect(diff.totalDiff[node]).toBe(0);
      expect(diff.criticalDiff[node]).toBe(0);
    }
    expect(childLabels(diff, nodeAt(diff, 'api root'))).toEqual(['auth auth', 'db db']);
  });

  it('marks a sibling only in A as removed and one only in B as added, under the matched parent', () => {
    const a = asciiTrace(
      `
      root |==========|  svc=api
       auth |==|         svc=auth
       get    |=|        svc=cache
      `,
      ms,
    ).trace;
    const b = asciiTrace(
      `
      root |==========|  svc=api
       auth |==|         svc=auth
       query  |===|      svc=db
      `,
      ms,
    ).trace;
    const diff = diffOf(a, b);
    expect(childLabels(diff, nodeAt(diff, 'api root'))).toEqual(['auth auth', 'cache get', 'db query']);
    const removed = nodeAt(diff, 'api root', 'cache get');
    const added = nodeAt(diff, 'api root', 'db query');
    expect(nodeChange(diff, removed)).toBe('removed');
    expect(nodeChange(diff, added)).toBe('added');
    expect(diff.totalDiff[removed]).toBe(-2 * ms);
    expect(diff.totalDiff[added]).toBe(4 * ms);
    expect(nodeChange(diff, nodeAt(diff, 'api root', 'auth auth'))).toBe('matched');
  });

  it('does not match a span whose parent path differs (a moved subtree is removed there and added here)', () => {
    const a = asciiTrace(
      `
      root |==========|  svc=api
       cart |====|       svc=cart
        price |==|       svc=pricing
      `,
    ).trace;
    const b = asciiTrace(
      `
      root |==========|  svc=api
       cart |====|       svc=cart
       price  |==|       svc=pricing
      `,
    ).trace;
    const diff = diffOf(a, b);
    expect(nodeChange(diff, nodeAt(diff, 'api root', 'cart cart', 'pricing price'))).toBe('removed');
    expect(nodeChange(diff, nodeAt(diff, 'api root', 'pricing price'))).toBe('added');
  });

  it('folds repeated siblings into one node with counts, matched in start order, and merges their children', () => {
    const specs = [{ name: 'load', service: 'api', parent: -1, start: 0, duration: 1000 }];
    const twoQueries = [...specs];
    for (let q = 0; q < 2; q++)
      twoQueries.push({ name: 'SELECT', service: 'db', parent: 0, start: 10 + q * 100, duration: 50 });
    twoQueries.push({ name: 'pool wait', service: 'db', parent: 2, start: 115, duration: 5 });
    const manyQueries = [...specs];
    for (let q = 0; q < 200; q++)
      manyQueries.push({ name: 'SELECT', service: 'db', parent: 0, start: 5 + q * 4, duration: 3 });
    manyQueries.push({ name: 'pool wait', service: 'db', parent: 1, start: 5, duration: 1 });
    manyQueries.push({ name: 'pool wait', service: 'db', parent: 2, start: 9, duration: 1 });
    const diff = diffOf(traceFromSpecs(twoQueries), traceFromSpecs(manyQueries));
    expect(diff.count).toBe(3);
    const select = nodeAt(diff, 'api load', 'db SELECT');
    expect([diff.a.count[select], diff.b.count[select]]).toEqual([2, 200]);
    expect(diff.a.total[select]).toBe(100);
    expect(diff.b.total[select]).toBe(600);
    expect(diff.totalDiff[select]).toBe(500);
    // The first SELECT of A goes with the first of B; B's 3rd to 200th have no partner.
    expect(matchedInB(diff, select, 0)).toBe(1);
    expect(matchedInB(diff, select, 1)).toBe(2);
    const firstB = diff.b.memberStart[select];
    expect(Array.from(diff.b.members.subarray(firstB, firstB + 3))).toEqual([1, 2, 3]);
    const wait = nodeAt(diff, 'api load', 'db SELECT', 'db pool wait');
    expect([diff.a.count[wait], diff.b.count[wait]]).toEqual([1, 2]);
  });

  it('puts a slower leaf’s extra time on the critical path and in its self time, not in its ancestors’', () => {
    const a = asciiTrace(
      `
      root |==========|            svc=api
       pay  |======|               svc=payment
        charge |==|                svc=payment
      `,
      ms,
    ).trace;
    const b = asciiTrace(
      `
      root |====================|  svc=api
       pay  |================|     svc=payment
        charge |============|      svc=payment
      `,
      ms,
    ).trace;
    const diff = diffOf(a, b);
    const charge = nodeAt(diff, 'api root', 'payment pay', 'payment charge');
    expect(diff.criticalDiff[charge]).toBe(10 * ms);
    expect(diff.selfDiff[charge]).toBe(10 * ms);
    expect(diff.criticalDiff[nodeAt(diff, 'api root')]).toBe(0);
    expect(diff.criticalDiff[nodeAt(diff, 'api root', 'payment pay')]).toBe(0);
    // A collapsed root row carries the whole difference.
    expect(diff.subtreeCriticalDiff[nodeAt(diff, 'api root')]).toBe(10 * ms);
    expect(diff.criticalPathB - diff.criticalPathA).toBe(10 * ms);
  });

  it('counts new uninstrumented time in a parent as dark time there', () => {
    const a = asciiTrace(
      `
      root |==========|      svc=checkout
       res  |========|      svc=inventory
      `,
      ms,
    ).trace;
    const b = asciiTrace(
      `
      root |==============|  svc=checkout
       res  |========|      svc=inventory
      `,
      ms,
    ).trace;
    const diff = diffOf(a, b);
    const root = nodeAt(diff, 'checkout root');
    expect(diff.a.dark[root]).toBe(2 * ms);
    expect(diff.b.dark[root]).toBe(6 * ms);
    expect(diff.darkDiff[root]).toBe(4 * ms);
    expect(diff.darkDiff[nodeAt(diff, 'checkout root', 'inventory res')]).toBe(0);
  });

  it('merges roots (orphans too) by service and operation at the top level', () => {
    const a = asciiTrace(
      `
      root |==========|  svc=api
      lost   |==|        svc=recommendation orphan
      `,
    ).trace;
    const b = asciiTrace(`root |======|  svc=api`).trace;
    const diff = diffOf(a, b);
    expect(diff.rootCount).toBe(2);
    expect(nodeChange(diff, nodeAt(diff, 'recommendation lost'))).toBe('removed');
    expect(nodeChange(diff, nodeAt(diff, 'api root'))).toBe('matched');
  });

  it('records errors per side', () => {
    const a = asciiTrace(`root |====|  svc=api`).trace;
    const b = asciiTrace(`root |====|  svc=api error`).trace;
    const diff = diffOf(a, b);
    expect([diff.a.errors[0], diff.b.errors[0]]).toEqual([0, 1]);
  });
});

function tempo(name: string): Trace {
  const result = decodeTrace(
    readFileSync(new URL(`../../../../shared/fixtures/tempo/${name}`, import.meta.url)),
  );
  expect(result.error).toBeUndefined();
  return result.traces[0];
}

function jaeger(name: string): Trace {
  const bytes = readFileSync(
    new URL(`../../../../shared/fixtures/jaeger/edge-cases/${name}.json`, import.meta.url),
  );
  const result = decodeTrace(bytes);
  expect(result.error).toBeUndefined();
  return result.traces[0];
}

/** Every span is a member of exactly one node, and a trace against itself matches everywhere. */
function expectSelfMatch(trace: Trace): void {
  const diff = diffOf(trace, trace);
  let members = 0;
  for (let node = 0; node < diff.count; node++) {
    members += diff.a.count[node];
    expect(nodeChange(diff, node)).toBe('matched');
    expect(diff.criticalDiff[node]).toBe(0);
    expect(diff.darkDiff[node]).toBe(0);
    expect(matchedInB(diff, node, 0)).toBe(diff.a.members[diff.a.memberStart[node]]);
  }
  expect(members).toBe(trace.table.count);
  for (let row = 0; row < trace.table.count; row++) {
    const node = diff.a.nodeOfRow[row];
    expect(diff.strings[diff.name[node]]).toBe(trace.table.strings[trace.table.name[row]]);
  }
  expect(diff.a.subtreeCritical.slice(0, diff.rootCount).reduce((sum, ns) => sum + ns, 0)).toBeCloseTo(
    diff.criticalPathA,
    0,
  );
}

describe('compareTraces on Jaeger UI’s edge-case traces', () => {
  it.each([
    'spanLongerAsParent',
    'testTrace',
    'traceWithOverlappingChildrenLongerThanParent',
    'traceWithSingleChildLongerThanParentAndStartsAfterParent',
    'traceWithTwoChildrenStartedAtTraceStart',
  ])('matches %s against itself span for span', (name) => {
    expectSelfMatch(jaeger(name));
  });

  it('folds 9 queries against 12 into one node and says the 3 extra 40 µs queries are the difference', () => {
    const diff = diffOf(jaeger('spansAmongEachOther'), jaeger('spansAmongEachOtherGrouped'));
    const query = nodeAt(
      diff,
      'api-gateway GET /api/customer/owners',
      'api-gateway GET /owners',
      'customers-service GET /owners',
      'customers-service HikariProxyPreparedStatement.executeQuery',
    );
    expect([diff.a.count[query], diff.b.count[query]]).toEqual([9, 12]);
    expect(diff.totalDiff[query]).toBe(120_000);
    expect(diff.count).toBe(4);
  });

  it('tells a renamed child apart: removed under one name, added under the other', () => {
    const diff = diffOf(
      jaeger('traceWithThreeShortChildren'),
      jaeger('traceWithThreeShortOverlappingChildren'),
    );
    const root = nodeAt(diff, 'service-one send');
    expect(childLabels(diff, root)).toEqual([
      'service-two overlapping child 1',
      'service-two overlapping child 2',
      'service-two longer child',
      'service-two overlapping child 3',
    ]);
    expect(nodeChange(diff, nodeAt(diff, 'service-one send', 'service-two longer child'))).toBe('removed');
    expect(nodeChange(diff, nodeAt(diff, 'service-one send', 'service-two overlapping child 3'))).toBe(
      'added',
    );
    expect(diff.totalDiff[nodeAt(diff, 'service-one send', 'service-two overlapping child 1')]).toBe(2_000);
  });
});

describe('compareTraces on a recorded Tempo trace', () => {
  it('matches the 2,000-span trace against itself, every span in the node of its own path', () => {
    expectSelfMatch(tempo('tempo-trace-v2-big2k-json.body'));
  });
});

// The compare screen's rows, groups and error differences on hand-drawn pairs: what the user sees
// first (the biggest critical-path change), what a collapsed node hides, and which spans newly fail.
import { describe, expect, it } from 'vitest';
import { compareSide, compareTraces, type TraceDiff } from '../../analysis/compare/index.ts';
import { asciiTrace } from '../../analysis/testing/ascii-trace.ts';
import type { Trace } from '../../model/types.ts';
import { COMPARE_DEFAULTS } from '../../routes/compare-url.ts';
import { attributePairs } from './attribute-diff.ts';
import { errorDifferences, groupDifferences, nodeLabel, visibleNodes } from './compare-model.ts';

const ms = 1e6;

function diffOf(a: Trace, b: Trace): TraceDiff {
  return compareTraces(compareSide(a), compareSide(b));
}

const A = asciiTrace(
  `
  root |==========|           svc=api
   auth |==|                  svc=auth
   charge  |====|             svc=payment
    sql     |=|               svc=db
  `,
  ms,
).trace;
const B = asciiTrace(
  `
  root |=======================|  svc=api
   auth |==|                      svc=auth
   charge  |=================|    svc=payment error
    sql     |=|                   svc=db
    retry              |====|     svc=payment error
  `,
  ms,
).trace;

const labels = (diff: TraceDiff, nodes: Uint32Array) => [...nodes].map((n) => nodeLabel(diff, n));

describe('visibleNodes', () => {
  it('puts the sibling whose subtree moved the critical path most first, depth first', () => {
    const diff = diffOf(A, B);
    expect(labels(diff, visibleNodes(diff, COMPARE_DEFAULTS.sort, new Set()))).toEqual([
      'api root',
      'payment charge',
      'payment retry',
      'db sql',
      'auth auth',
    ]);
  });

  it('leaves a collapsed node’s subtree out and sorts by name when asked', () => {
    const diff = diffOf(A, B);
    const all = visibleNodes(diff, COMPARE_DEFAULTS.sort, new Set());
    const charge = all[1];
    expect(labels(diff, visibleNodes(diff, COMPARE_DEFAULTS.sort, new Set([charge])))).toEqual([
      'api root',
      'payment charge',
      'auth auth',
    ]);
    expect(
      labels(diff, visibleNodes(diff, { column: 'operation', descending: false }, new Set([charge]))),
    ).toEqual(['api root', 'auth auth', 'payment charge']);
  });
});

describe('groupDifferences', () => {
  it('sums per service: payment carries the added time and the new errors', () => {
    const diff = diffOf(A, B);
    const [first, ...rest] = groupDifferences(diff, 'service');
    expect(first).toMatchObject({ service: 'payment', spansA: 1, spansB: 2, errorsA: 0, errorsB: 2 });
    expect(first.totalDiff).toBe((13 + 5) * ms);
    expect(rest.map((g) => g.service)).toContain('db');
    const ops = groupDifferences(diff, 'operation');
    expect(ops.find((g) => g.operation === 'retry')).toMatchObject({ spansA: 0, spansB: 1 });
  });
});

describe('errorDifferences', () => {
  it('lists the nodes failing in B only, with their counts', () => {
    const diff = diffOf(A, B);
    const errors = errorDifferences(diff, A, B);
    expect(errors.map((e) => [nodeLabel(diff, e.node), e.errorsA, e.errorsB])).toEqual([
      ['payment charge', 0, 1],
      ['payment retry', 0, 1],
    ]);
  });

  it('is empty for the same trace twice', () => {
    expect(errorDifferences(diffOf(B, B), B, B)).toEqual([]);
  });
});

describe('attributePairs', () => {
  it('puts differing and one-sided keys first', () => {
    const pairs = attributePairs(
      [
        { key: 'http.method', value: { type: 'string', value: 'GET' } },
        { key: 'db.rows', value: { type: 'int', value: '3' } },
      ],
      [
        { key: 'http.method', value: { type: 'string', value: 'GET' } },
        { key: 'db.rows', value: { type: 'int', value: '300' } },
        { key: 'retry', value: { type: 'bool', value: true } },
      ],
    );
    expect(pairs.map((p) => [p.key, p.a, p.b, p.differs])).toEqual([
      ['db.rows', '3', '300', true],
      ['retry', undefined, 'true', true],
      ['http.method', 'GET', 'GET', false],
    ]);
  });
});

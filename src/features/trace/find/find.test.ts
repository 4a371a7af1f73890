import { describe, expect, it } from 'vitest';
import { traceFromSpecs } from '../../../analysis/testing/trace-builder.ts';
import { SpanFlag } from '../../../model/types.ts';
import { analyseTrace } from '../../../worker/analyse.ts';
import { visibleRows } from '../tree/visible-rows.ts';
import { orderedUnion, rowsMatchingNames } from './find-names.ts';
import { matchMask, NO_QUICK_FILTERS } from './quick-filters.ts';

const trace = traceFromSpecs([
  { name: 'GET /checkout', service: 'frontend', parent: -1, start: 0, duration: 100 },
  { name: 'charge', service: 'payments', parent: 0, start: 40, duration: 60, flags: SpanFlag.Error },
  { name: 'cache get', service: 'cache', parent: 0, start: 5, duration: 10 },
  { name: 'INSERT', service: 'db', parent: 1, start: 50, duration: 30 },
  { name: 'log', service: 'cache', parent: 0, start: 6, duration: 4 },
]);
const t = trace.table;
const analyses = analyseTrace(trace);
const preorder = visibleRows(t, trace.roots, new Uint8Array(t.count).fill(1), null);

describe('find by name and service', () => {
  it('matches names and services case-insensitively', () => {
    expect(Array.from(rowsMatchingNames(t, 'CHECKOUT'))).toEqual([0]);
    expect(Array.from(rowsMatchingNames(t, 'pay'))).toEqual([1]);
    expect(rowsMatchingNames(t, 'nothing like it').length).toBe(0);
    expect(rowsMatchingNames(t, '   ').length).toBe(0);
  });

  it('merges name and attribute matches in tree order', () => {
    expect(Array.from(orderedUnion(t.count, preorder, Uint32Array.of(3), Uint32Array.of(2, 3)))).toEqual([
      2, 3,
    ]);
  });
});

describe('quick filters', () => {
  it('asks nothing when no filter and no find are set', () => {
    expect(matchMask(t, analyses, NO_QUICK_FILTERS, null)).toBeNull();
  });

  it('keeps errors, critical-path spans, slow spans and one service', () => {
    const rowsOf = (mask: Uint8Array | null) =>
      mask ? Array.from(mask.keys()).filter((r) => mask[r]) : null;
    expect(rowsOf(matchMask(t, analyses, { ...NO_QUICK_FILTERS, errors: true }, null))).toEqual([1]);
    // The path: root, charge, INSERT, and the cache get (the last child to finish before charge
    // starts); the log call ends before the cache get does, so it is off the path.
    expect(rowsOf(matchMask(t, analyses, { ...NO_QUICK_FILTERS, criticalOnly: true }, null))).toEqual([
      0, 1, 2, 3,
    ]);
    expect(rowsOf(matchMask(t, analyses, { ...NO_QUICK_FILTERS, slow: true }, null))).toEqual([]);
    const db = t.strings.indexOf('db');
    expect(rowsOf(matchMask(t, analyses, { ...NO_QUICK_FILTERS, service: db }, null))).toEqual([3]);
    expect(
      rowsOf(matchMask(t, analyses, { ...NO_QUICK_FILTERS, errors: true }, Uint32Array.of(2, 3))),
    ).toEqual([]);
  });

  it('narrows find and quick filters by the TraceQL filter rows', () => {
    const rowsOf = (mask: Uint8Array | null) =>
      mask ? Array.from(mask.keys()).filter((r) => mask[r]) : null;
    // The filter alone asks for its rows.
    expect(rowsOf(matchMask(t, analyses, NO_QUICK_FILTERS, null, Uint32Array.of(1, 3)))).toEqual([1, 3]);
    // With find ("cache" → rows 2 and 4) only the common rows remain.
    expect(
      rowsOf(matchMask(t, analyses, NO_QUICK_FILTERS, Uint32Array.of(2, 4), Uint32Array.of(1, 2))),
    ).toEqual([2]);
    // With a quick filter: errors (row 1) ∩ filter.
    expect(
      rowsOf(matchMask(t, analyses, { ...NO_QUICK_FILTERS, errors: true }, null, Uint32Array.of(1, 3))),
    ).toEqual([1]);
    // A filter that matches nothing highlights nothing (not "nothing asked").
    expect(rowsOf(matchMask(t, analyses, NO_QUICK_FILTERS, null, new Uint32Array(0)))).toEqual([]);
  });
});

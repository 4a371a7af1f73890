import { describe, expect, it } from 'vitest';
import { criticalPath, statistics } from '../../../analysis/index.ts';
import { asciiTrace } from '../../../analysis/testing/ascii-trace.ts';
import { STATS_SORT_COLUMNS } from '../../../routes/trace-url.ts';
import { COLUMN_OF_STATS_KEY, percent, STATS_KEY_OF_COLUMN, sortGroups, totalsOf } from './stats-model.ts';

const drawn = asciiTrace(`
    0123456789012345678901234567890
A   |============================|   svc=web server
 B    |====|                         svc=api client
 C           |==========|            svc=api client
  D           |===|                  svc=db error
 E                         |=|       svc=web
`);
const path = criticalPath(drawn.trace);
const stats = statistics(drawn.trace, path);

describe('statistics table model', () => {
  it('sorts by a number column both ways, names breaking ties', () => {
    const byCount = sortGroups(stats.byService, { key: 'count', descending: true });
    expect(byCount.map((g) => `${g.service}:${g.count}`)).toEqual(['api:2', 'web:2', 'db:1']);
    const byTotal = sortGroups(stats.byService, { key: 'total', descending: false });
    expect(byTotal.map((g) => g.service)).toEqual(['db', 'api', 'web']);
  });

  it('sorts by text', () => {
    const byOperation = sortGroups(stats.byOperation, { key: 'operation', descending: true });
    expect(byOperation.map((g) => g.operation)).toEqual(['E', 'D', 'C', 'B', 'A']);
  });

  it('totals add up to the spans: durations, errors and the critical path length', () => {
    for (const groups of [stats.byService, stats.byOperation]) {
      const totals = totalsOf(groups);
      expect(totals.count).toBe(5);
      expect(totals.total).toBe(29 + 5 + 11 + 4 + 2);
      expect(totals.errors).toBe(1);
      expect(totals.criticalPathTotal).toBe(path.length);
    }
  });

  it('formats shares', () => {
    expect(percent(1, 8)).toBe('12.5 %');
    expect(percent(1, 0)).toBe('–');
  });
});

describe('statistics sort in the URL', () => {
  it('names every column once, and a sort read from the URL writes back the same column', () => {
    const keys = STATS_SORT_COLUMNS.map((column) => STATS_KEY_OF_COLUMN[column]);
    expect(new Set(keys).size).toBe(STATS_SORT_COLUMNS.length);
    for (const column of STATS_SORT_COLUMNS)
      expect(COLUMN_OF_STATS_KEY[STATS_KEY_OF_COLUMN[column]]).toBe(column);
    // `sort=spans` sorts by the span count.
    const bySpans = sortGroups(stats.byService, { key: STATS_KEY_OF_COLUMN.spans, descending: false });
    expect(bySpans.map((g) => g.count)).toEqual([1, 2, 2]);
  });
});

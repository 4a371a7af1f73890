import { describe, expect, it } from 'vitest';
import { criticalPath } from './critical-path.ts';
import { statistics } from './statistics.ts';
import { asciiTrace } from './testing/ascii-trace.ts';

describe('statistics', () => {
  const drawn = asciiTrace(`
    01234567890123456789
A   |==================|    svc=web
 B   |===|                  svc=db
 B   |=|                    svc=db
 C         |===|            svc=api error
  B         |=|             svc=db
 D               |==|       svc=api
`);
  const path = criticalPath(drawn.trace);
  const stats = statistics(drawn.trace, path);

  it('groups by service with counts, totals, self time, critical path time and errors', () => {
    const db = stats.byService.find((group) => group.service === 'db')!;
    expect(db).toMatchObject({ operation: '', count: 3, total: 4 + 2 + 2, selfTotal: 8, errors: 0 });
    const api = stats.byService.find((group) => group.service === 'api')!;
    // C (7-11) has B (8-10) inside: self 2; D (13-16) self 3.
    expect(api).toMatchObject({ count: 2, total: 7, selfTotal: 5, errors: 1 });
    const web = stats.byService.find((group) => group.service === 'web')!;
    // A (0-19) is covered by its children on 1-5, 7-11, 13-16.
    expect(web).toMatchObject({ count: 1, total: 19, selfTotal: 19 - 11 });
    // The path: A 0-1, B 1-5, A 5-7, C 7-8, B 8-10, C 10-11, A 11-13, D 13-16, A 16-19.
    expect(web.criticalPathTotal).toBe(8);
    expect(db.criticalPathTotal).toBe(6);
    expect(api.criticalPathTotal).toBe(5);
    const sumOnPath = stats.byService.reduce((sum, group) => sum + group.criticalPathTotal, 0);
    expect(sumOnPath).toBe(path.length);
  });

  it('groups by service and operation, keeping the same name in different services apart', () => {
    const names = stats.byOperation.map((group) => `${group.service}/${group.operation}`).sort();
    expect(names).toEqual(['api/C', 'api/D', 'db/B', 'web/A']);
    const b = stats.byOperation.find((group) => group.operation === 'B')!;
    expect(b).toMatchObject({ count: 3, min: 2, max: 4, p50: 2, p95: 4 });
  });

  it('puts the groups with the most critical-path time first', () => {
    expect(stats.byService.map((group) => group.service)).toEqual(['web', 'db', 'api']);
  });

  it('works without a critical path', () => {
    const bare = statistics(drawn.trace);
    expect(bare.byService.every((group) => group.criticalPathTotal === 0)).toBe(true);
    expect(bare.byService.find((group) => group.service === 'db')!.count).toBe(3);
  });
});

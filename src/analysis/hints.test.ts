import { describe, expect, it } from 'vitest';
import { criticalPath } from './critical-path.ts';
import { errorOrigin, hints, looksLikeGuard } from './hints.ts';
import { asciiTrace } from './testing/ascii-trace.ts';

function names(drawn: ReturnType<typeof asciiTrace>, rows: number[]) {
  return rows.map((row) => drawn.nameOf(row));
}

describe('hints', () => {
  it('reports orphans and several roots', () => {
    const drawn = asciiTrace(`
R   |=====|
O      |====|   orphan
`);
    const found = hints(drawn.trace, criticalPath(drawn.trace));
    const orphans = found.find((hint) => hint.kind === 'orphans')!;
    expect(names(drawn, orphans.rows)).toEqual(['O']);
    expect(orphans.onCriticalPath).toBe(true);
    expect(names(drawn, found.find((hint) => hint.kind === 'several-roots')!.rows)).toEqual(['R', 'O']);
  });

  it('reports a server span whose parent is not a client of another service', () => {
    const drawn = asciiTrace(`
A   |=========|   server svc=front
 B   |=====|      client svc=front
  C   |===|       server svc=back
 D          |=|   server svc=back
 E   |==|         client svc=front
  F   |=|         server svc=front
`);
    const found = hints(drawn.trace).filter((hint) => hint.kind === 'missing-client-span');
    expect(found).toHaveLength(1);
    // The first row is the one the sentence names ("first: back D", insight-text.test.ts).
    expect(names(drawn, found[0].rows)).toEqual(['D', 'F']);
  });

  it('says nothing about a healthy trace', () => {
    const drawn = asciiTrace(`
A   |=========|   server svc=front
 B   |=====|      client svc=front
  C   |===|       server svc=back
`);
    expect(hints(drawn.trace)).toEqual([]);
  });

  it('finds runs of sequential siblings with the time parallel calls could save', () => {
    const drawn = asciiTrace(`
    0123456789012345678901234
A   |=======================|
 B   |=|
 C     |==|
 D        |====|
 E          |=|
 F               |==|
 G                  |====|
`);
    const found = hints(drawn.trace, criticalPath(drawn.trace)).filter(
      (hint) => hint.kind === 'sequential-siblings',
    );
    // B (1-3) and C (3-6) run back to back; D and E overlap, so they already run in parallel and end
    // the run; F (13-16) and G (16-21) are the next run.
    expect(found.map((hint) => names(drawn, hint.rows))).toEqual([
      ['F', 'G'],
      ['B', 'C'],
    ]);
    expect(found.map((hint) => hint.savedNs)).toEqual([3, 2]);
    expect(found.map((hint) => hint.parent)).toEqual([drawn.row('A'), drawn.row('A')]);
    expect(found[0].onCriticalPath).toBe(true);
  });

  it('does not take calls running beside a long sibling for a sequential run', () => {
    const drawn = asciiTrace(`
A   |=========|
 L   |======|
 B    |=|
 C       |=|
`);
    expect(hints(drawn.trace).filter((hint) => hint.kind === 'sequential-siblings')).toEqual([]);
  });

  it('honours the minimum run length', () => {
    const drawn = asciiTrace(`
A   |=========|
 B   |=|
 C     |==|
`);
    expect(hints(drawn.trace, undefined, { minRun: 3 })).toEqual([]);
    expect(hints(drawn.trace)).toHaveLength(1);
  });

  it('points at where each error started, deepest first', () => {
    const drawn = asciiTrace(`
A   |=============|  error
 B   |=======|       error
  C   |===|          error
  G         |=|
 D            |==|   error
 H            |=|
`);
    const origins = hints(drawn.trace).filter((hint) => hint.kind === 'error-origin');
    // The sentence naming "svc C" is the trace screen's (insight-text.test.ts).
    expect(origins.map((hint) => names(drawn, hint.rows))).toEqual([['C'], ['D']]);
  });

  it('keeps at most maxPerKind hints of a kind', () => {
    const drawn = asciiTrace(`
A   |=========|
 B   || error
 C     || error
 D       || error
`);
    expect(
      hints(drawn.trace, undefined, { maxPerKind: 2 }).filter((h) => h.kind === 'error-origin'),
    ).toHaveLength(2);
  });

  it('never suggests parallelising a call with the check before it (decision 0171)', () => {
    // The demo checkout's shape: the gateway verifies the session, then places the order.
    const guarded = asciiTrace(`
    0123456789012345678901234
A   |=======================|   server svc=gateway
 auth.Verify   |===|            client svc=gateway
 PlaceOrder         |=======|   client svc=gateway
`);
    expect(hints(guarded.trace).filter((h) => h.kind === 'sequential-siblings')).toEqual([]);
    // The calls after the check still form a run, which names the check it left out.
    const after = asciiTrace(`
    0123456789012345678901234
A   |=======================|
 validateCart |==|
 loadPrices       |===|
 loadStock            |====|
`);
    const found = hints(after.trace).filter((h) => h.kind === 'sequential-siblings');
    expect(found.map((h) => names(after, h.rows))).toEqual([['loadPrices', 'loadStock']]);
    expect(found[0].guard).toBe(after.row('validateCart'));
    expect([found[0].totalNs, found[0].longestNs, found[0].savedNs]).toEqual([9, 5, 4]);
  });

  it('treats a failed call as a guard: the calls after it ran knowing it failed', () => {
    const drawn = asciiTrace(`
A   |=================|
 B   |==|     error
 C       |===|
 D           |====|
`);
    const found = hints(drawn.trace).filter((h) => h.kind === 'sequential-siblings');
    expect(found.map((h) => names(drawn, h.rows))).toEqual([['C', 'D']]);
    expect(found[0].guard).toBe(drawn.row('B'));
  });

  it('reads guard words in names, not parts of other words', () => {
    for (const name of [
      'auth.Verify',
      'validateCart',
      'check_permissions',
      'POST /api/login',
      'oauth2 token exchange',
      'AuthorizeRequest',
      'jwt.decode',
    ]) {
      expect(looksLikeGuard(name), name).toBe(true);
    }
    for (const name of ['GET /authors', 'checkout.PlaceOrder', 'SELECT stock', 'payment.Charge']) {
      expect(looksLikeGuard(name), name).toBe(false);
    }
  });

  it('leads with the origin that explains the root error, even when another failure is deeper', () => {
    const drawn = asciiTrace(`
A   |=================|  error
 B   |===|               error
 C         |=======|
  D         |===|
   E         |=|         error
`);
    const origins = hints(drawn.trace).filter((h) => h.kind === 'error-origin');
    // E is deeper, but C did not fail: the root's error comes from B.
    expect(origins.map((h) => names(drawn, h.rows))).toEqual([['B'], ['E']]);
    expect(origins.map((h) => h.explainsRoot === true)).toEqual([true, false]);
    expect(errorOrigin(drawn.trace)).toEqual({ row: drawn.row('B'), explainsRoot: true });
  });

  it('names the deepest failure when the root did not fail, and nothing when nothing did', () => {
    const handled = asciiTrace(`
A   |=========|
 B   |=====|      error
  C   |==|        error
`);
    expect(errorOrigin(handled.trace)).toEqual({ row: handled.row('C'), explainsRoot: false });
    const healthy = asciiTrace(`
A   |=========|
 B   |=====|
`);
    expect(errorOrigin(healthy.trace)).toEqual({ row: -1, explainsRoot: false });
  });
});

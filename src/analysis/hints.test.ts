import { describe, expect, it } from 'vitest';
import { criticalPath } from './critical-path.ts';
import { hints } from './hints.ts';
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
});

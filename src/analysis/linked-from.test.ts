import { describe, expect, it } from 'vitest';
import { type LinkingSpan, linkedFrom, linkedFromSearch } from './linked-from.ts';

const P = 'a'.repeat(32); // producer trace
const C1 = `${'c'.repeat(31)}1`;
const C2 = `${'c'.repeat(31)}2`;
const span = (traceId: string, spanId: string, links: [string, string][], service = 'svc'): LinkingSpan => ({
  traceId,
  spanId,
  service,
  name: `${service} op`,
  links: links.map(([t, s]) => ({ traceId: t, spanId: s })),
});

describe('linkedFrom', () => {
  it('producer/consumer: two consumer traces link to the publish span', () => {
    const r = linkedFrom(P, [
      span(C1, '1'.repeat(16), [[P, 'p'.repeat(16)]], 'billing'),
      span(C2, '2'.repeat(16), [[P, 'p'.repeat(16)]], 'email'),
      span(C2, '3'.repeat(16), [[C1, '1'.repeat(16)]]), // links elsewhere: not ours
    ]);
    expect(r.bySpan.get('p'.repeat(16))?.map((l) => l.service)).toEqual(['billing', 'email']);
    expect(r.bySpan.size).toBe(1);
    expect(r.otherTraces).toEqual([C1, C2]);
  });

  it('fan-in: one batch consumer linking to many producers gives each producer span its one link', () => {
    const links: [string, string][] = Array.from({ length: 50 }, (_, i) => [
      P,
      i.toString(16).padStart(16, '0'),
    ]);
    const r = linkedFrom(P, [span(C1, 'b'.repeat(16), links, 'batch')]);
    expect(r.bySpan.size).toBe(50);
    expect(r.all).toHaveLength(50);
    expect([...r.bySpan.values()].every((l) => l.length === 1 && l[0].spanId === 'b'.repeat(16))).toBe(true);
    expect(r.otherTraces).toEqual([C1]);
  });

  it('a cycle of links, met from both ends and twice, counts each source once and ends', () => {
    const a = span(P, 'a'.repeat(16), [[C1, 'c'.repeat(16)]]);
    const c = span(C1, 'c'.repeat(16), [[P, 'a'.repeat(16)]]);
    const r = linkedFrom(P, [a, c, c, a]);
    expect(r.all).toEqual([
      { traceId: C1, spanId: 'c'.repeat(16), service: 'svc', name: 'svc op', targetSpanId: 'a'.repeat(16) },
    ]);
  });

  it('keeps links inside the trace (Kafka in one trace) but not a span linking to itself', () => {
    const r = linkedFrom(P, [
      span(P, '1'.repeat(16), [[P, '2'.repeat(16)]]),
      span(P, '3'.repeat(16), [[P, '3'.repeat(16)]]),
    ]);
    expect(r.all.map((l) => l.spanId)).toEqual(['1'.repeat(16)]);
    expect(r.otherTraces).toEqual([]);
  });

  it('matches IDs whatever their case', () => {
    const r = linkedFrom(P.toUpperCase(), [
      span(C1, '1'.repeat(16), [[P.toUpperCase(), 'ABCDEF0123456789']]),
    ]);
    expect([...r.bySpan.keys()]).toEqual(['abcdef0123456789']);
  });
});

describe('linkedFromSearch', () => {
  it('widens the window by the margin, default one hour each side', () => {
    expect(linkedFromSearch(P, { startUnixMs: 1_700_000_000_500, endUnixMs: 1_700_000_001_200 })).toEqual({
      q: `{ link:traceID = "${P}" }`,
      start: 1_700_000_000 - 3600,
      end: 1_700_000_002 + 3600,
    });
    expect(linkedFromSearch(P, { startUnixMs: 10_000, endUnixMs: 20_000 }, 5000)).toMatchObject({
      start: 5,
      end: 25,
    });
  });

  it('refuses anything but a trace ID, so nothing else reaches the query text', () => {
    expect(linkedFromSearch('" } || { true', { startUnixMs: 0, endUnixMs: 1 })).toBeUndefined();
    expect(linkedFromSearch('abc', { startUnixMs: 0, endUnixMs: 1 })).toBeUndefined();
  });
});

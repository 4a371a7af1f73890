import { describe, expect, it } from 'vitest';
import type { TraceSummary } from '../../datasources/types.ts';
import { pickTypical, typicalSearchRequest } from './typical.ts';

const summary = (traceId: string, durationMs: number, rootName = 'PlaceOrder'): TraceSummary => ({
  traceId,
  rootService: 'checkout',
  rootName,
  startUnixMs: 1,
  durationMs,
});

describe('pickTypical', () => {
  it('takes the median duration among peers with the same root, B and other roots left out', () => {
    const b = { traceId: 'b', rootService: 'checkout', rootName: 'PlaceOrder' };
    const pick = pickTypical(
      [
        summary('b', 2400),
        summary('x', 900),
        summary('y', 300),
        summary('z', 280),
        summary('o', 5, 'Health'),
      ],
      b,
    );
    expect(pick.candidates.map((c) => c.traceId)).toEqual(['z', 'y', 'x']);
    expect(pick.candidates[pick.median].traceId).toBe('y');
    // Even count: nearest rank gives the lower middle, a trace that occurred.
    const even = pickTypical([summary('p', 100), summary('q', 200)], b);
    expect(even.candidates[even.median].traceId).toBe('p');
    expect(pickTypical([summary('b', 1)], b).median).toBe(-1);
  });
});

describe('typicalSearchRequest', () => {
  it('asks Tempo in TraceQL on the root, quoting the names, and Jaeger by service and operation', () => {
    const base = { rootService: 'check"out', rootName: 'Place Order', fromMs: 1000.5, toMs: 2000.5 };
    const tempo = typicalSearchRequest({ ...base, datasource: { name: 'local', type: 'tempo' } });
    expect(tempo.q).toBe('{ trace:rootService = "check\\"out" && trace:rootName = "Place Order" }');
    expect(tempo.range).toEqual({
      from: { kind: 'absolute', epochMs: 1000 },
      to: { kind: 'absolute', epochMs: 2001 },
    });
    const jaeger = typicalSearchRequest({ ...base, datasource: { name: 'j', type: 'jaeger' } });
    expect([jaeger.q, jaeger.service, jaeger.operation]).toEqual(['', 'check"out', 'Place Order']);
  });
});

import { describe, expect, it } from 'vitest';
import { SpanFlag, SpanKind } from '../model/types.ts';
import { brokenChains, type ChainEvidence, sampledByProbability } from './broken-chains.ts';
import { type SpanSpec, traceFromSpecs } from './testing/trace-builder.ts';

interface Extra {
  parentSpanId?: string;
  traceState?: string;
  attrs?: Record<string, string>;
}
function evidence(extra: Extra[]): ChainEvidence {
  return {
    parentSpanId: (row) => extra[row]?.parentSpanId ?? '',
    traceState: (row) => extra[row]?.traceState ?? '',
    attribute: (row, key) => extra[row]?.attrs?.[key],
  };
}
// Long ago, so nothing is "still arriving" unless a test says so.
const LATER = { nowUnixMs: 10 * 86_400_000 };

// checkout calls payments (client span); the payments server span never arrived, so its child
// "charge" names a parent that is not in the trace.
const specs: SpanSpec[] = [
  { name: 'POST /checkout', service: 'checkout', parent: -1, start: 0, duration: 100, kind: SpanKind.Server },
  { name: 'POST /pay', service: 'checkout', parent: 0, start: 10, duration: 60, kind: SpanKind.Client },
  { name: 'charge', service: 'payments', parent: -1, start: 20, duration: 30, flags: SpanFlag.Orphan },
  { name: 'SELECT', service: 'checkout', parent: 0, start: 75, duration: 5, kind: SpanKind.Client },
];
const extra: Extra[] = [
  {},
  { attrs: { 'server.address': 'payments.internal' } },
  { parentSpanId: 'deadbeefdeadbeef' },
  { attrs: { 'db.system': 'postgresql' } },
];

describe('brokenChains', () => {
  it('an orphan under a client span: parent ID, the caller and its peer, propagation the cause', () => {
    const r = brokenChains(traceFromSpecs(specs), evidence(extra), LATER);
    expect(r.orphans).toEqual([
      {
        row: 2,
        parentSpanId: 'deadbeefdeadbeef',
        caller: 1,
        callerPeer: 'payments.internal',
        causes: ['propagation-broke'],
      },
    ]);
  });

  it('an orphan with no client span around it names no caller', () => {
    const alone: SpanSpec[] = [
      { name: 'root', service: 'a', parent: -1, start: 0, duration: 10 },
      { name: 'late', service: 'b', parent: -1, start: 50, duration: 10, flags: SpanFlag.Orphan },
    ];
    const r = brokenChains(
      traceFromSpecs(alone),
      evidence([{}, { parentSpanId: '0102030405060708' }]),
      LATER,
    );
    expect(r.orphans).toEqual([
      {
        row: 1,
        parentSpanId: '0102030405060708',
        caller: undefined,
        callerPeer: undefined,
        causes: ['propagation-broke'],
      },
    ]);
  });

  it('a trace that just ended may still be arriving; a probability-sampled span may have lost its parent', () => {
    const sampled = extra.map((e, row) => (row === 2 ? { ...e, traceState: 'vendor=x,ot=th:c;rv:ab' } : e));
    const r = brokenChains(traceFromSpecs(specs), evidence(sampled), { nowUnixMs: 30_000 });
    expect(r.orphans[0].causes).toEqual(['still-arriving', 'sampled-out', 'propagation-broke']);
  });

  it('an orphan whose W3C sampled flag is off may have lost its parent to sampling', () => {
    const unsampled = specs.map((s, row) =>
      row === 2 ? { ...s, flags: SpanFlag.Orphan | SpanFlag.NotSampled } : s,
    );
    const r = brokenChains(traceFromSpecs(unsampled), evidence(extra), LATER);
    expect(r.orphans[0].causes).toEqual(['sampled-out', 'propagation-broke']);
  });

  it('client spans no callee answered, with the peer they named', () => {
    const r = brokenChains(traceFromSpecs(specs), evidence(extra), LATER);
    expect(r.missingCallees).toEqual([
      { row: 1, peer: 'payments.internal' },
      { row: 3, peer: 'postgresql' },
    ]);
  });

  it('a client span answered by a server span of another service is no broken chain', () => {
    const fine: SpanSpec[] = [
      { name: 'GET', service: 'web', parent: -1, start: 0, duration: 10, kind: SpanKind.Client },
      { name: 'GET /', service: 'api', parent: 0, start: 1, duration: 8, kind: SpanKind.Server },
    ];
    const r = brokenChains(traceFromSpecs(fine), evidence([]), LATER);
    expect(r).toEqual({ orphans: [], missingCallees: [], roots: [] });
  });

  it('several roots: each with the size of its subtree', () => {
    const r = brokenChains(traceFromSpecs(specs), evidence(extra), LATER);
    expect(r.roots).toEqual([
      { row: 0, size: 3 },
      { row: 2, size: 1 },
    ]);
  });
});

describe('sampledByProbability', () => {
  it('reads OpenTelemetry’s th (and old p) among other vendors’ entries, nothing else', () => {
    expect(sampledByProbability('ot=th:8')).toBe(true);
    expect(sampledByProbability('dd=s:1, ot=rv:12;p:3')).toBe(true);
    expect(sampledByProbability('')).toBe(false);
    expect(sampledByProbability('vendor=th:8')).toBe(false);
    expect(sampledByProbability('ot=rv:abcdef')).toBe(false);
  });
});

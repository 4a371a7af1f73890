import { describe, expect, it } from 'vitest';
import type { IncomingLink } from '../../../analysis/linked-from.ts';
import { traceFromSpecs } from '../../../analysis/testing/trace-builder.ts';
import { SpanKind } from '../../../model/types.ts';
import { hopsInto } from '../trace-links.ts';
import {
  linkedFromSummary,
  linkedHereText,
  missingCalleeText,
  orphansBadge,
  orphanText,
  scopeNote,
} from './links-text.ts';
import { routerPath } from './TraceAnchor.tsx';
import { autoReloadTaken } from './use-broken-chains.ts';

const link = (spanId: string, kind?: number, traceId = 'b'.repeat(32)): IncomingLink => ({
  traceId,
  spanId,
  service: 'billing',
  name: 'orders process',
  targetSpanId: 'a'.repeat(16),
  ...(kind === undefined ? {} : { kind }),
});

describe('the words of span links', () => {
  it('says consumers only when every linking span is one', () => {
    expect(
      linkedHereText([
        link('1', SpanKind.Consumer),
        link('2', SpanKind.Consumer),
        link('3', SpanKind.Consumer),
      ]),
    ).toBe('3 consumers link here');
    expect(linkedHereText([link('1', SpanKind.Consumer)])).toBe('1 consumer links here');
    expect(linkedHereText([link('1', SpanKind.Consumer), link('2', SpanKind.Internal)])).toBe(
      '2 spans link here',
    );
    expect(linkedHereText([link('1')])).toBe('1 span links here');
  });

  it("counts the trace's list in spans and other traces", () => {
    expect(linkedFromSummary([link('1'), link('2'), link('3')], 2)).toBe(
      'Linked from 3 spans in 2 other traces',
    );
    expect(linkedFromSummary([link('1')], 0)).toBe('Linked from 1 span of this trace');
  });

  it('says what the look-up could search: Jaeger and Zipkin cannot search back', () => {
    expect(scopeNote('traceql', 3600)).toBe("Searched with TraceQL over the trace's time ±1 h.");
    expect(scopeNote('traceql', 600)).toBe("Searched with TraceQL over the trace's time ±10 min.");
    expect(scopeNote('jaeger', 3600)).toBe(
      "Jaeger's API cannot search for links pointing back: only links inside this trace are shown.",
    );
    expect(scopeNote('files', 3600)).toBe('Searched the traces opened from files in this tab.');
  });
});

describe('the words of broken chains', () => {
  const { table } = traceFromSpecs([
    {
      name: 'POST /checkout',
      service: 'checkout',
      parent: -1,
      start: 0,
      duration: 400,
      kind: SpanKind.Server,
    },
    { name: 'charge', service: 'checkout', parent: 0, start: 50, duration: 300, kind: SpanKind.Client },
    { name: 'authorize', service: 'payments', parent: -1, start: 100, duration: 200 },
  ]);

  it('names the missing parent, the call it most likely answers and the causes in order', () => {
    expect(
      orphanText(
        {
          row: 2,
          parentSpanId: 'ffffffffffffffff',
          caller: 1,
          callerPeer: 'payments',
          causes: ['sampled-out', 'propagation-broke'],
        },
        table,
      ),
    ).toBe(
      "Its parent ffffffffffffffff never arrived; it most likely answers checkout charge (calling payments), whose callee sent no span. Likely, in order: 1. the parent was dropped by sampling (this span's tracestate says it was sampled by probability); 2. context propagation broke at the service that should have sent the parent.",
    );
    expect(orphanText({ row: 2, parentSpanId: '', causes: ['propagation-broke'] }, table)).toBe(
      'Its parent never arrived. Likely, in order: 1. context propagation broke at the service that should have sent the parent.',
    );
  });

  it('replaces the bare orphan count with what they most likely are', () => {
    const o = (first: 'still-arriving' | 'sampled-out' | 'propagation-broke') => ({
      row: 2,
      parentSpanId: 'f',
      causes: [first, 'propagation-broke' as const],
    });
    expect(orphansBadge([o('still-arriving'), o('still-arriving')])).toBe(
      '2 spans missing their parents: the trace is likely still arriving',
    );
    expect(orphansBadge([o('sampled-out')])).toBe(
      '1 span missing its parent: parents likely dropped by sampling',
    );
    // Evidence that disagrees: the count, no guess.
    expect(orphansBadge([o('sampled-out'), o('propagation-broke')])).toBe('2 spans missing their parents');
  });

  it('names the peer a client span called when no callee answered', () => {
    expect(missingCalleeText({ row: 1, peer: 'postgresql' })).toBe(
      'No span from the callee postgresql: an uninstrumented service, or context not propagated to it.',
    );
    expect(missingCalleeText({ row: 1 })).toBe(
      'No span from the callee: an uninstrumented service, or context not propagated to it.',
    );
  });
});

describe('hops across traces', () => {
  const A = 'a'.repeat(32);
  const B = 'b'.repeat(32);
  const C = 'c'.repeat(32);
  it('grows by the span left, and is cut back when a link leads into a trace already on it', () => {
    expect(hopsInto(undefined, B, { traceId: A, spanId: '1'.repeat(16) })).toEqual([
      { traceId: A, spanId: '1'.repeat(16) },
    ]);
    const there = [
      { traceId: A, spanId: '1'.repeat(16) },
      { traceId: B, spanId: '2'.repeat(16) },
    ];
    expect(hopsInto(there, C, { traceId: C, spanId: '3'.repeat(16) })).toHaveLength(3);
    // From C back to A (a cycle of links): the breadcrumb is where A was, not A › B › C › A.
    expect(hopsInto(there, A, { traceId: C, spanId: '3'.repeat(16) })).toEqual([]);
    expect(hopsInto(there, B, { traceId: C, spanId: '3'.repeat(16) })).toEqual([there[0]]);
  });

  it('navigates within the app only under its own base', () => {
    expect(routerPath('https://t.example/app/trace/ab?span=1', 'https://t.example/app/')).toBe(
      '/trace/ab?span=1',
    );
    expect(routerPath('https://t.example/other/trace/ab', 'https://t.example/app/search')).toBeUndefined();
    expect(routerPath('https://elsewhere.example/app/trace/ab', 'https://t.example/app/')).toBeUndefined();
  });

  it('fetches a trace still arriving again by itself once per session', () => {
    const store = new Map<string, string>();
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
    };
    expect(autoReloadTaken(A, storage)).toBe(false);
    expect(autoReloadTaken(A, storage)).toBe(true);
    expect(autoReloadTaken(B, storage)).toBe(false);
    expect(autoReloadTaken(C, null)).toBe(true);
  });
});

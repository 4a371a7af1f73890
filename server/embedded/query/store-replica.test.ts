// The query workers' replica must carry every chunk digest field the pre-filter reads, the
// structural ones of decision 0356 included: a field left behind would prune less (or, read
// wrongly, prune a match away) in the workers only.

import { describe, expect, it } from 'vitest';
import { decodeOtlpJson } from '../otlp/otlp-json.ts';
import { clientSpanIdHash } from '../span-digest.ts';
import { TraceStore } from '../store.ts';
import { FragmentArena } from './fragment-arena.ts';
import { StoreReplica, wireRecord } from './store-replica.ts';

const hex = (n: number, len: number) => n.toString(16).padStart(len, '0');

function doc(trace: number, spans: { name: string; kind: number; id: number; parent?: number }[]): unknown {
  return {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }] },
        scopeSpans: [
          {
            scope: { name: 's' },
            spans: spans.map((s) => ({
              traceId: hex(trace, 32),
              spanId: hex(s.id, 16),
              parentSpanId: s.parent === undefined ? '' : hex(s.parent, 16),
              name: s.name,
              kind: s.kind,
              startTimeUnixNano: '1700000000000000000',
              endTimeUnixNano: '1700000000001000000',
            })),
          },
        ],
      },
    ],
  };
}

describe('store replica', () => {
  it('carries each digest with its spans-with-a-parent digest, server root IDs and client IDs', () => {
    const arena = new FragmentArena();
    const replica = new StoreReplica();
    arena.onBlock((id, buffer) => replica.apply({ type: 'block', id, buffer }));
    const store = new TraceStore({ maxTraces: 100, maxBytes: 1 << 20 }, arena);
    // A root chunk with children, a root-only chunk, and a chunk without roots.
    store.ingest(
      decodeOtlpJson(
        doc(1, [
          { name: 'root', kind: 2, id: 1 },
          { name: 'call', kind: 3, id: 2, parent: 1 },
        ]),
      ).batches,
    );
    store.ingest(decodeOtlpJson(doc(2, [{ name: 'alone', kind: 2, id: 1 }])).batches);
    store.ingest(decodeOtlpJson(doc(1, [{ name: 'later', kind: 1, id: 3, parent: 2 }])).batches);
    const records = [...store.records()].map((rec) => wireRecord(rec, arena, 0));
    replica.apply({ type: 'records', records, removed: [] });
    const first = store.get(hex(1, 32));
    const second = store.get(hex(2, 32));
    expect(first?.digests[0].withParent).toBeTruthy();
    expect(first?.digests[0].serverRootIds).toEqual(Uint32Array.of(clientSpanIdHash(hex(1, 16))));
    expect(first?.digests[0].clientSpanIds).toBeDefined();
    expect(first?.digests[1].withParent).toBeUndefined();
    expect(second?.digests[0].withParent).toBeNull();
    expect(replica.store.get(hex(1, 32))?.digests).toEqual(first?.digests);
    expect(replica.store.get(hex(2, 32))?.digests).toEqual(second?.digests);
  });
});

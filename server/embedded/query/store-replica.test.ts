import { deserialize, serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { decodeOtlpJson } from '../otlp/otlp-json.ts';
import { emptySpan, type OtlpResourceSpans } from '../otlp/types.ts';
import { clientSpanIdHash } from '../span-digest.ts';
import { type TraceRecord, TraceStore } from '../store.ts';
import { FragmentArena } from './fragment-arena.ts';
import { type ReplicaMessage, StoreReplica, WireRecordsWriter, wireRecords } from './store-replica.ts';

function batch(service: string, spans: ReturnType<typeof emptySpan>[]): OtlpResourceSpans {
  return {
    resource: {
      attributes: [{ key: 'service.name', value: { stringValue: service } }],
      droppedAttributesCount: 0,
    },
    scopeSpans: [
      {
        scope: { name: 's', version: '', attributes: [], droppedAttributesCount: 0 },
        spans,
        schemaUrl: '',
      },
    ],
    schemaUrl: '',
  };
}

function span(trace: number, id: number, name: string, startNs: bigint, durNs: bigint, attrs = {}) {
  const s = emptySpan();
  s.traceId = trace.toString(16).padStart(32, '0');
  s.spanId = id.toString(16).padStart(16, '0');
  s.parentSpanId = id === 1 ? '' : '0000000000000001';
  s.name = name;
  s.kind = id === 1 ? 2 : 3;
  s.startTimeUnixNano = startNs;
  s.endTimeUnixNano = startNs + durNs;
  s.attributes = Object.entries(attrs).map(([key, v]) => ({
    key,
    value:
      typeof v === 'number'
        ? Number.isInteger(v)
          ? { intValue: String(v) }
          : { doubleValue: v }
        : { stringValue: String(v) },
  }));
  if (id % 3 === 0) s.status = { code: 2, message: `failed ${id} ✗` };
  return s;
}

/** What a query reads of a record: everything but the chunks' identity and the root's tracestate. */
function readable(rec: TraceRecord) {
  return {
    ...rec,
    chunks: rec.chunks.map((c) => Array.from(c)),
    digests: rec.digests.map((d) => ({
      ...d,
      bloom: Array.from(d.bloom),
      numberRanges: Array.from(d.numberRanges),
      stringKeys: Array.from(d.stringKeys),
    })),
    services: Array.from(rec.services),
    operations: Array.from(rec.operations),
    rootTraceState: '',
  };
}

/** A store and a replica fed as the query pool feeds its workers (v8-serialized records messages). */
function pair(maxTraces: number) {
  const arena = new FragmentArena(16 * 1024);
  const store = new TraceStore({ maxTraces, maxBytes: 1024 ** 3 }, arena);
  const replica = new StoreReplica();
  const send = (m: ReplicaMessage) => replica.apply(deserialize(serialize(m)) as ReplicaMessage);
  arena.onBlock((id, buffer) => replica.apply({ type: 'block', id, buffer }));
  arena.onDrop((id) => send({ type: 'drop', id }));
  store.onChange((change) =>
    send(
      change.cleared
        ? { type: 'clear' }
        : {
            type: 'records',
            removed: change.removed,
            records: wireRecords(
              arena,
              change.upserted.map(({ record, added, operationsBefore }) => ({
                record,
                from: record.chunks.length - added,
                operationsFrom: operationsBefore,
              })),
            ),
          },
    ),
  );
  const same = () => {
    expect(replica.store.size).toBe(store.size);
    for (const rec of store.records()) {
      const copy = replica.store.get(rec.traceId);
      expect(copy && readable(copy)).toEqual(readable(rec));
    }
  };
  return { arena, store, replica, same };
}

describe('the query workers’ replica of the store index', () => {
  it('holds every record as the store does, across late fragments, evictions and odd values', () => {
    const { store, same } = pair(150);
    const t0 = 1_700_000_000_000_000_000n;
    const first: OtlpResourceSpans[] = [];
    for (let t = 1; t <= 100; t++)
      first.push(
        batch(`svc-${t % 7}`, [
          span(t, 1, 'GET /', t0 + BigInt(t), 5_000_000_000n, { 'http.status_code': 200 + (t % 5) }),
          span(t, 2, `op ${t % 4} ünïcödé`, t0, 1n, { 'db.statement': 'x'.repeat(300), ratio: 0.25 }),
          span(t, 3, '', t0 - 1n, 0n, { 'peer.service': `svc-${t % 3}` }),
        ]),
      );
    store.ingest(first);
    same();
    // Late spans of stored traces: new fragments and new operations on existing records.
    store.ingest([
      batch('late', [span(5, 9, 'late-op', t0, 7n, { n: -3 }), span(6, 6, 'GET /', t0, 9n)]),
      batch('svc-1', [span(5, 10, 'op 1 ünïcödé', t0, 2n)]),
    ]);
    same();
    expect(store.get((5).toString(16))?.chunks).toHaveLength(2);
    // 100 more traces: 50 are evicted, and with them arena blocks.
    const second: OtlpResourceSpans[] = [];
    for (let t = 101; t <= 200; t++) second.push(batch('svc-x', [span(t, 1, 'x', 2n ** 64n - 10n, 1n)]));
    store.ingest(second);
    expect(store.size).toBe(150);
    same();
    store.clear();
    same();
  });

  it('sends many records in one message, each string once', () => {
    const { arena, store } = pair(1_000);
    for (let t = 1; t <= 200; t++) store.ingest([batch('gateway', [span(t, 1, 'GET /api/orders', 1n, 2n)])]);
    const writer = new WireRecordsWriter(arena);
    for (const rec of store.records()) writer.add(rec, 0);
    const wire = writer.finish();
    expect(wire.count).toBe(200);
    // 200 trace IDs, and one each of the service, the span name, the operation and the listed values.
    expect(wire.strings.filter((s) => s === 'gateway')).toHaveLength(1);
    expect(wire.strings.length).toBeLessThan(210);
  });

  it('carries digest fields it does not pack as they are (a field added to the digest reaches the workers)', () => {
    const { arena, store } = pair(1_000);
    store.ingest([batch('a', [span(1, 1, 'x', 1n, 2n)]), batch('b', [span(2, 1, 'y', 1n, 2n)])]);
    const records = Array.from(store.records());
    // As a later digest might hold (a field the packed format does not know): a nested object
    // and a typed array, on the second record only.
    const nested = { words: [1, 2], label: 'b' };
    const extended = {
      ...records[1],
      digests: [{ ...records[1].digests[0], laterField: nested, laterIds: new Uint32Array([7, 9]) }],
    };
    const writer = new WireRecordsWriter(arena);
    writer.add(records[0], 0);
    writer.add(extended, 0);
    const replica = new StoreReplica();
    for (const [id, buffer] of arena.liveBlocks()) replica.apply({ type: 'block', id, buffer });
    replica.apply(
      deserialize(serialize({ type: 'records', records: writer.finish(), removed: [] })) as ReplicaMessage,
    );
    expect(readable(replica.store.get(records[0].traceId)!)).toEqual(readable(records[0]));
    const copy = replica.store.get(extended.traceId)!.digests[0] as unknown as Record<string, unknown>;
    expect(copy.laterIds).toEqual(new Uint32Array([7, 9]));
    expect(copy.laterField).toEqual(nested);
    expect(Object.keys(replica.store.get(records[0].traceId)!.digests[0])).not.toContain('laterField');
  });
});

// The query workers' replica must carry every chunk digest field the pre-filter reads, the
// structural ones of decision 0356 included: a field left behind would prune less (or, read
// wrongly, prune a match away) in the workers only.
const hex = (n: number, len: number) => n.toString(16).padStart(len, '0');

function otlpDoc(
  trace: number,
  spans: { name: string; kind: number; id: number; parent?: number }[],
): unknown {
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

describe('the replica carries the structural digests (decision 0356)', () => {
  it('carries each digest with its spans-with-a-parent digest, server root IDs and client IDs', () => {
    const arena = new FragmentArena();
    const replica = new StoreReplica();
    arena.onBlock((id, buffer) => replica.apply({ type: 'block', id, buffer }));
    const store = new TraceStore({ maxTraces: 100, maxBytes: 1 << 20 }, arena);
    // A root chunk with children, a root-only chunk, and a chunk without roots.
    store.ingest(
      decodeOtlpJson(
        otlpDoc(1, [
          { name: 'root', kind: 2, id: 1 },
          { name: 'call', kind: 3, id: 2, parent: 1 },
        ]),
      ).batches,
    );
    store.ingest(decodeOtlpJson(otlpDoc(2, [{ name: 'alone', kind: 2, id: 1 }])).batches);
    store.ingest(decodeOtlpJson(otlpDoc(1, [{ name: 'later', kind: 1, id: 3, parent: 2 }])).batches);
    const records = wireRecords(
      arena,
      [...store.records()].map((record) => ({ record, from: 0 })),
    );
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

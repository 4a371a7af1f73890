// The searcher's decoded-trace cache (lru-cache, decision 0155): one decode per trace version,
// bounded by traces and by spans, and a trace larger than the span budget is still kept alone.

import { describe, expect, it } from 'vitest';
import type { Trace } from '../../src/model/types.ts';
import { seedDemoTraces } from './demo-traces.ts';
import { materializeTrace } from './materialize.ts';
import { parseOtlpJson } from './otlp/otlp-json.ts';
import { TraceStore } from './store.ts';
import { EmbeddedSearcher } from './tempo-search.ts';
import { createTraceQLEngine } from './traceql-engine.ts';

function seededStore(count: number): TraceStore {
  const store = new TraceStore();
  seedDemoTraces((b) => store.ingest(b), Date.parse('2026-01-01T00:00:00Z'), count);
  return store;
}

/** A materializer that counts decodes per trace ID. */
function countingMaterializer() {
  const decodes = new Map<string, number>();
  const materialize = (protobuf: Uint8Array, traceId: string): Trace => {
    decodes.set(traceId, (decodes.get(traceId) ?? 0) + 1);
    return materializeTrace(protobuf, traceId);
  };
  return { decodes, materialize };
}

describe('EmbeddedSearcher trace cache', () => {
  it('decodes a trace once while its version is unchanged, again after a late span', () => {
    const store = seededStore(3);
    const { decodes, materialize } = countingMaterializer();
    const searcher = new EmbeddedSearcher(store, undefined, materialize);
    const rec = [...store.records()][0];
    const first = searcher.trace(rec);
    expect(searcher.trace(rec)).toBe(first);
    expect(decodes.get(rec.traceId)).toBe(1);

    store.ingest(
      parseOtlpJson({
        resourceSpans: [
          { scopeSpans: [{ spans: [{ traceId: rec.traceId, spanId: 'ff'.repeat(8), name: 'late' }] }] },
        ],
      }).batches,
    );
    const updated = store.get(rec.traceId);
    if (!updated) throw new Error('trace vanished');
    const second = searcher.trace(updated);
    expect(second).not.toBe(first);
    expect(second.table.count).toBe(first.table.count + 1);
    expect(decodes.get(rec.traceId)).toBe(2);
  });

  it('keeps at most `cacheTraces` traces, evicting the least recently used', () => {
    const store = seededStore(3);
    const [a, b, c] = [...store.records()];
    const { decodes, materialize } = countingMaterializer();
    const searcher = new EmbeddedSearcher(store, undefined, materialize, 1_000_000, 2);
    searcher.trace(a);
    searcher.trace(b);
    searcher.trace(a); // a is now the most recent
    searcher.trace(c); // evicts b
    searcher.trace(a);
    expect(decodes.get(a.traceId)).toBe(1);
    searcher.trace(b);
    expect(decodes.get(b.traceId)).toBe(2);
  });

  it('keeps at most `cacheSpans` spans, and a single trace over that budget still stays cached', () => {
    const store = seededStore(3);
    const [a, b] = [...store.records()];
    const { decodes, materialize } = countingMaterializer();
    const spansOfA = materializeTrace(store.protobuf(a), a.traceId).table.count;
    expect(spansOfA).toBeGreaterThan(1);
    const searcher = new EmbeddedSearcher(store, undefined, materialize, spansOfA - 1, 10);
    searcher.trace(a);
    searcher.trace(a);
    expect(decodes.get(a.traceId)).toBe(1); // over budget, kept alone
    searcher.trace(b); // the budget cannot hold both: a goes
    searcher.trace(b);
    expect(decodes.get(b.traceId)).toBe(1);
    searcher.trace(a);
    expect(decodes.get(a.traceId)).toBe(2);
  });

  it('keeps the traces a full search matched, not every trace it decoded', () => {
    const store = seededStore(20);
    const { decodes, materialize } = countingMaterializer();
    const searcher = new EmbeddedSearcher(store, createTraceQLEngine(), materialize);
    const records = [...store.records()];
    // Every trace decoded (no pre-filter rules out a parent ID), one of them matched.
    const wanted = materializeTrace(store.protobuf(records[3]), records[3].traceId).table;
    const child = wanted.parent.findIndex((p) => p >= 0);
    const p = wanted.parent[child];
    const id =
      wanted.spanIdHi[p].toString(16).padStart(8, '0') + wanted.spanIdLo[p].toString(16).padStart(8, '0');
    const found = searcher.search({ q: `{ span:parentID = "${id}" }`, limit: 20, spss: 3 });
    if ('error' in found) throw new Error(found.error);
    expect(found.response.traces.map((t) => t.traceID.replace(/^0+/, ''))).toEqual([
      records[3].traceId.replace(/^0+/, ''),
    ]);
    expect(decodes.size).toBe(records.length);
    // A second search decodes the unmatched traces again, never the matched (cached) one.
    searcher.search({ q: `{ span:parentID = "${id}" }`, limit: 20, spss: 3 });
    expect(decodes.get(records[3].traceId)).toBe(1);
    expect(decodes.get(records[0].traceId)).toBe(2);
  });
});

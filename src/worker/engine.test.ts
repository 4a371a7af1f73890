import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeTrace } from '../formats/index.ts';
import { adjustTraceSkew, analyseTrace } from './analyse.ts';
import { createTraceEngine } from './engine.ts';
import type { LoadedTrace, WorkerReply, WorkerRequest } from './protocol.ts';
import { otlp } from './testing/linked-traces.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../../../shared/fixtures/tempo/${name}`, import.meta.url));

function harness() {
  const replies: Array<{ reply: WorkerReply; transfer: Transferable[] }> = [];
  const handle = createTraceEngine({
    decode: decodeTrace,
    analyse: analyseTrace,
    adjustSkew: adjustTraceSkew,
    post: (reply, transfer) => replies.push({ reply, transfer }),
    yieldToEvents: () => Promise.resolve(),
  });
  const settle = async (id: number) => {
    for (let i = 0; i < 200; i++) {
      const last = replies.find((r) => r.reply.id === id && !r.reply.type.includes('progress'));
      if (last) return last;
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    throw new Error(`no reply to ${id}`);
  };
  return { replies, handle: (r: WorkerRequest) => handle(r), settle };
}

function bytesOf(buffer: Buffer): ArrayBuffer {
  return buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer;
}

describe('trace worker engine', () => {
  it('loads a recorded Tempo trace and transfers the table buffers, keeping its own copy', async () => {
    const h = harness();
    const body = fixture('tempo-trace-v2-big2k-json.body');
    h.handle({
      type: 'load',
      id: 1,
      source: { kind: 'bytes', bytes: bytesOf(body), contentType: 'application/json', label: 'file' },
      options: { adjustSkew: false },
    });
    const { reply, transfer } = await h.settle(1);
    expect(reply.type).toBe('loaded');
    const trace = (reply as { trace: LoadedTrace }).trace;
    expect(trace.table.count).toBe(2000);
    expect(transfer).toContain(trace.table.start.buffer);
    expect(transfer).toContain(trace.analyses.cpTime.buffer);
    expect(trace.analyses.cpRow.length).toBeGreaterThan(0);
    expect(h.replies.some((r) => r.reply.type === 'progress')).toBe(true);

    // Details still work after the transfer: the worker kept its own table.
    h.handle({ type: 'details', id: 2, row: trace.roots[0] });
    const details = (await h.settle(2)).reply;
    expect(details.type === 'details' && details.details?.name).toBe(
      trace.table.strings[trace.table.name[trace.roots[0]]],
    );
  });

  it('finds spans by attribute value and by key=value', async () => {
    const h = harness();
    const body = fixture('tempo-trace-v2-kafka-sametrace-json.body');
    h.handle({
      type: 'load',
      id: 1,
      source: { kind: 'bytes', bytes: bytesOf(body), label: 'file' },
      options: { adjustSkew: false },
    });
    await h.settle(1);
    h.handle({ type: 'find', id: 2, text: 'node-3.cluster.local' });
    const found = (await h.settle(2)).reply;
    expect(found.type).toBe('found');
    const rows = (found as { rows: Uint32Array }).rows;
    expect(rows.length).toBeGreaterThan(0);
    h.handle({ type: 'find', id: 3, text: 'host.name=node-3.cluster.local' });
    const exact = (await h.settle(3)).reply as { rows: Uint32Array };
    expect(Array.from(exact.rows)).toEqual(Array.from(rows));
    h.handle({ type: 'find', id: 4, text: 'no-such-value-anywhere' });
    expect(((await h.settle(4)).reply as { rows: Uint32Array }).rows.length).toBe(0);
  });

  it('reports a bad payload as a decode failure naming the problem', async () => {
    const h = harness();
    const bytes = new TextEncoder().encode('{"resourceSpans": [').buffer as ArrayBuffer;
    h.handle({
      type: 'load',
      id: 1,
      source: { kind: 'bytes', bytes, label: 'bad.json' },
      options: { adjustSkew: false },
    });
    const { reply } = await h.settle(1);
    expect(reply.type).toBe('load-failed');
    if (reply.type === 'load-failed') {
      expect(reply.failure.kind).toBe('decode');
      expect(reply.failure.label).toBe('bad.json');
      expect(reply.failure.message.length).toBeGreaterThan(0);
    }
  });

  it('stitches linked traces of the opened payload into one table and says which could not load', async () => {
    const h = harness();
    const link = [{ traceId: 'a'.repeat(32), spanId: '2'.repeat(16) }];
    const producer = otlp('a'.repeat(32), [
      { id: '1'.repeat(16), name: 'POST /checkout', service: 'checkout', kind: 2, start: 0, end: 12 },
      { id: '2'.repeat(16), parent: '1'.repeat(16), name: 'orders publish', kind: 4, start: 2, end: 10 },
    ]);
    const consumer = otlp('b'.repeat(32), [
      {
        id: 'c'.repeat(16),
        name: 'orders process',
        service: 'worker',
        kind: 5,
        start: 30,
        end: 40,
        links: link,
      },
    ]);
    const payload = { resourceSpans: [...producer.resourceSpans, ...consumer.resourceSpans] };
    const bytes = new TextEncoder().encode(JSON.stringify(payload)).buffer as ArrayBuffer;
    h.handle({
      type: 'load',
      id: 1,
      source: { kind: 'bytes', bytes, label: 'two.json' },
      options: { adjustSkew: false, pickTraceId: 'a'.repeat(32) },
    });
    const loaded = (await h.settle(1)).reply as { trace: LoadedTrace };
    expect(loaded.trace.table.count).toBe(2);
    expect(loaded.trace.stitch).toBeUndefined();
    expect(loaded.trace.table.traceIndex).toBeUndefined();

    h.handle({
      type: 'stitch',
      id: 2,
      traceIds: ['b'.repeat(32), 'd'.repeat(32)],
      datasources: [],
      options: { adjustSkew: false },
    });
    const { reply, transfer } = await h.settle(2);
    expect(reply.type).toBe('loaded');
    const stitched = (reply as { trace: LoadedTrace }).trace;
    expect(stitched.table.count).toBe(3);
    expect(stitched.table.traceIndex && transfer).toContain(stitched.table.traceIndex?.buffer);
    expect(stitched.stitch?.traces.map((t) => t.traceId)).toEqual(['a'.repeat(32), 'b'.repeat(32)]);
    expect(stitched.stitch?.failed).toEqual([{ traceId: 'd'.repeat(32), message: 'not in the opened file' }]);
    expect(stitched.stitch?.traces[1].queueNs).toBe(20e6);
    // Rows in preorder: the consumer right under the producer span.
    const names = Array.from(stitched.preorder, (r) => stitched.table.strings[stitched.table.name[r]]);
    expect(names).toEqual(['POST /checkout', 'orders publish', 'orders process']);

    // Find and details read the stitched set.
    h.handle({ type: 'find', id: 3, text: 'service.name=worker' });
    const found = (await h.settle(3)).reply as { rows: Uint32Array };
    expect(Array.from(found.rows)).toEqual([stitched.stitch?.traces[1].rootRow]);
    h.handle({ type: 'details', id: 4, row: found.rows[0] });
    const details = (await h.settle(4)).reply;
    expect(details.type === 'details' && details.details?.traceId).toBe('b'.repeat(32));

    // The critical path across the set on reanalyse; then unstitching gives the trace back alone.
    h.handle({ type: 'reanalyse', id: 5, options: { adjustSkew: false, crossTracePath: true } });
    const across = (await h.settle(5)).reply as { trace: LoadedTrace };
    expect(across.trace.analyses.cpLengthNs).toBe(40e6);
    expect(across.trace.stitch?.crossTracePath).toBe(true);
    h.handle({ type: 'stitch', id: 6, traceIds: [], datasources: [], options: { adjustSkew: false } });
    const alone = (await h.settle(6)).reply as { trace: LoadedTrace };
    expect(alone.trace.table.count).toBe(2);
    expect(alone.trace.stitch).toBeUndefined();
  });
});

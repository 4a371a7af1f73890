// Bounds, eviction order and persistence (restart replay, torn and corrupt tails, segment drops).

import {
  appendFileSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEmbedded } from './index.ts';
import { encodeTracesData } from './otlp/otlp-protobuf.ts';
import { emptySpan, type OtlpResourceSpans } from './otlp/types.ts';
import { handleOtlpRequest } from './receiver.ts';
import { readFrames } from './segment-frame.ts';
import { TraceStore } from './store.ts';

function traceBatch(n: number, spans = 1): OtlpResourceSpans[] {
  const traceId = n.toString(16).padStart(32, '0');
  return [
    {
      resource: {
        attributes: [{ key: 'service.name', value: { stringValue: `svc-${n % 3}` } }],
        droppedAttributesCount: 0,
      },
      scopeSpans: [
        {
          scope: { name: '', version: '', attributes: [], droppedAttributesCount: 0 },
          spans: Array.from({ length: spans }, (_, i) => ({
            ...emptySpan(),
            traceId,
            spanId: (i + 1).toString(16).padStart(16, '0'),
            parentSpanId: i === 0 ? '' : '0000000000000001',
            name: `op-${n}`,
            startTimeUnixNano: 1_700_000_000_000_000_000n + BigInt(n) * 1_000_000n,
            endTimeUnixNano: 1_700_000_000_000_000_000n + BigInt(n) * 1_000_000n + 5_000_000n,
            attributes: [{ key: 'pad', value: { stringValue: 'x'.repeat(100) } }],
          })),
          schemaUrl: '',
        },
      ],
      schemaUrl: '',
    },
  ];
}

const id = (n: number) => n.toString(16).padStart(32, '0');

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'tracelight-store-'));
  dirs.push(d);
  return d;
}

/** Trace segment files (the logs keep theirs in the `logs/` subdirectory). */
function traceSegments(dir: string): string[] {
  return readdirSync(dir).filter((n) => n.endsWith('.tlseg'));
}

/** The payloads of a segment file's records. */
function segmentPayloads(file: string): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const frame of readFrames(readFileSync(file)))
    if (frame.kind === 'record') out.push(new Uint8Array(frame.payload));
  return out;
}

describe('ingest encodes a span once', () => {
  it('splits a batch by trace into encoded fragments that the store keeps as they are, each in its own buffer', () => {
    const store = new TraceStore();
    const batches = [...traceBatch(1, 2), ...traceBatch(2, 1)];
    const prepared = store.prepare(batches);
    expect(prepared.acceptedSpans).toBe(3);
    expect(prepared.fragments.map((f) => f.traceId)).toEqual([id(1), id(2)]);
    expect(store.size).toBe(0); // nothing stored before commit
    expect(store.commit(prepared)).toEqual({ acceptedSpans: 3, traces: 2 });
    // The fragments are views of one buffer; the store copies each out, so evicting one frees it.
    for (const [i, f] of prepared.fragments.entries()) {
      const chunk = store.get(f.traceId)?.chunks[0];
      expect(chunk).toEqual(prepared.fragments[i].chunk);
      expect(chunk?.buffer.byteLength).toBe(chunk?.byteLength);
    }
    expect(new Uint8Array(prepared.payload())).toEqual(
      new Uint8Array(Buffer.concat([prepared.fragments[0].chunk, prepared.fragments[1].chunk])),
    );
    expect(store.batches(store.get(id(2))!)).toEqual(traceBatch(2, 1));
  });

  it("persists an accepted protobuf request's own bytes, else the store's fragments", async () => {
    const dataDir = tempDir();
    const a = await createEmbedded({ otlpPort: 0, demo: false, dataDir });
    const post = (body: Uint8Array, contentType: string) =>
      handleOtlpRequest(
        { method: 'POST', path: '/v1/traces', headers: { 'content-type': contentType }, body },
        { maxBodyBytes: 1 << 20, accept: a.accept },
      );
    const whole = encodeTracesData([...traceBatch(1, 2), ...traceBatch(2, 1)]);
    expect(post(whole, 'application/x-protobuf').status).toBe(200);
    const partly = [...traceBatch(3, 1), ...traceBatch(4, 1)];
    partly[1].scopeSpans[0].spans[0].spanId = ''; // rejected
    expect(post(encodeTracesData(partly), 'application/x-protobuf').status).toBe(200);
    const json = JSON.stringify({
      resourceSpans: [
        { scopeSpans: [{ spans: [{ traceId: id(5), spanId: '0000000000000001', name: 'j' }] }] },
      ],
    });
    expect(post(Buffer.from(json), 'application/json').status).toBe(200);
    const [segment] = traceSegments(dataDir);
    const payloads = segmentPayloads(path.join(dataDir, segment));
    expect(payloads).toHaveLength(3);
    expect(payloads[0]).toEqual(whole);
    expect(payloads[1]).toEqual(a.store.get(id(3))!.chunks[0]);
    expect(payloads[2]).toEqual(a.store.get(id(5))!.chunks[0]);
    await a.close();
    const b = await createEmbedded({ otlpPort: 0, demo: false, dataDir });
    expect([1, 2, 3, 4, 5].map((n) => b.store.get(id(n))?.spanCount)).toEqual([2, 1, 1, undefined, 1]);
    await b.close();
  });
});

describe('trace store bounds', () => {
  it('evicts the oldest traces first at the trace-count bound', () => {
    const store = new TraceStore({ maxTraces: 10, maxBytes: 1e9 });
    const evicted: string[] = [];
    store.onEvict((t) => evicted.push(t));
    for (let n = 1; n <= 15; n++) store.ingest(traceBatch(n));
    // Late spans for an old trace do not make it new: it is still evicted by first arrival.
    store.ingest(traceBatch(6, 2));
    store.ingest(traceBatch(16));
    expect(store.size).toBe(10);
    expect(evicted).toEqual([1, 2, 3, 4, 5, 6].map(id));
    expect(store.get(id(7))).toBeDefined();
    expect(store.get(id(16))).toBeDefined();
  });

  it('evicts at the byte bound and keeps its byte count exact', () => {
    const probe = new TraceStore({ maxTraces: 1000, maxBytes: 1e9 });
    probe.ingest(traceBatch(10, 4));
    const perTrace = probe.bytes;
    const store = new TraceStore({ maxTraces: 1000, maxBytes: perTrace * 5 });
    for (let n = 10; n < 30; n++) store.ingest(traceBatch(n, 4));
    expect(store.size).toBe(5);
    expect(store.bytes).toBe(perTrace * 5);
    expect(store.spans).toBe(20);
    expect(store.get(id(24))).toBeUndefined();
    expect(store.get(id(25))?.spanCount).toBe(4);
  });

  it('finds IDs given with dropped leading zeros or in upper case', () => {
    const store = new TraceStore();
    store.ingest(traceBatch(0xabc));
    expect(store.get('ABC')?.traceId).toBe(id(0xabc));
  });
});

describe('persistence', () => {
  it('replays what was received after a restart', async () => {
    const dataDir = tempDir();
    const a = await createEmbedded({ otlpPort: 0, demo: false, dataDir });
    for (let n = 1; n <= 5; n++) a.accept(traceBatch(n, 3));
    a.accept(traceBatch(2, 1)); // a late batch of trace 2
    await a.close();
    const b = await createEmbedded({ otlpPort: 0, demo: true, dataDir });
    expect(b.store.size).toBe(5); // retained data: no demo seeding over it
    expect(b.store.get(id(2))?.spanCount).toBe(4);
    await b.close();
  });

  it('cuts a torn tail off (keeping its bytes in quarantine) and keeps everything before it', async () => {
    const dataDir = tempDir();
    const a = await createEmbedded({ otlpPort: 0, demo: false, dataDir });
    for (let n = 1; n <= 3; n++) a.accept(traceBatch(n));
    await a.close();
    const [segment] = traceSegments(dataDir);
    const file = path.join(dataDir, segment);
    truncateSync(file, statSync(file).size - 7); // the last record is torn
    const lines: string[] = [];
    const b = await createEmbedded({ otlpPort: 0, demo: false, dataDir, log: (l) => lines.push(l) });
    expect(b.store.size).toBe(2);
    expect(
      lines.some((l) =>
        /cut \d+ torn bytes off segment ends.*first: segment-00000001\.tlseg: torn record at byte/.test(l),
      ),
    ).toBe(true);
    // New data goes on after the cut and survives the next restart.
    b.accept(traceBatch(9));
    await b.close();
    const c = await createEmbedded({ otlpPort: 0, demo: false, dataDir });
    expect([1, 2, 9].map((n) => c.store.get(id(n)) !== undefined)).toEqual([true, true, true]);
    await c.close();
  });

  it('cuts trailing garbage and a 2-byte segment off as torn tails, losing nothing before them', async () => {
    const dataDir = tempDir();
    const a = await createEmbedded({ otlpPort: 0, demo: false, dataDir });
    for (let n = 1; n <= 3; n++) a.accept(traceBatch(n));
    await a.close();
    const file = path.join(dataDir, traceSegments(dataDir)[0]);
    appendFileSync(file, Buffer.from([5, 0, 0, 0, 1, 2, 3, 4, 9, 9, 9, 9, 9]));
    const lines: string[] = [];
    const b = await createEmbedded({ otlpPort: 0, demo: false, dataDir, log: (l) => lines.push(l) });
    expect(b.store.size).toBe(3);
    expect(lines.some((l) => /cut 13 torn bytes/.test(l))).toBe(true);
    await b.close();
    writeFileSync(path.join(dataDir, 'segment-99999999.tlseg'), Buffer.from([1, 2]));
    const c = await createEmbedded({ otlpPort: 0, demo: false, dataDir, log: () => {} });
    expect(c.store.size).toBe(3);
    await c.close();
  });

  it('drops whole oldest segments when the directory outgrows the byte budget', async () => {
    const dataDir = tempDir();
    const limits = { maxTraces: 100_000, maxBytes: 3 * 1024 * 1024 };
    const a = await createEmbedded({ otlpPort: 0, demo: false, dataDir, limits });
    for (let n = 1; n <= 600; n++) a.accept(traceBatch(n, 40));
    await a.close();
    const segments = traceSegments(dataDir).sort();
    expect(segments.length).toBeGreaterThan(1);
    expect(segments[0]).not.toBe('segment-00000001.tlseg');
    const total = segments.reduce((s, f) => s + statSync(path.join(dataDir, f)).size, 0);
    expect(total).toBeLessThanOrEqual(limits.maxBytes);
    const b = await createEmbedded({ otlpPort: 0, demo: false, dataDir, limits });
    expect(b.store.get(id(600))).toBeDefined();
    expect(b.store.get(id(1))).toBeUndefined();
    await b.close();
  });
});

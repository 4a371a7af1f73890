// The direct protobuf → Tempo JSON writer must produce the very text the object renderer does.

import { describe, expect, it } from 'vitest';
import { seedDemoTraces } from '../demo-traces.ts';
import { materializeTrace } from '../materialize.ts';
import { TraceStore } from '../store.ts';
import { TempoApi } from '../tempo-api.ts';
import { EmbeddedSearcher } from '../tempo-search.ts';
import { ingestRecordedTraces } from '../testing/recorded-dataset.ts';
import { decodeOtlpJson, parseOtlpJson, renderResourceSpans } from './otlp-json.ts';
import { decodeTracesData, encodeTracesData } from './otlp-protobuf.ts';
import { tempoResourceSpansJson } from './tempo-json-writer.ts';

function viaObjects(chunks: Uint8Array[]): string {
  return JSON.stringify(
    renderResourceSpans(
      chunks.flatMap((c) => decodeTracesData(c)),
      'tempo',
    ),
  );
}

describe('tempoResourceSpansJson', () => {
  it('writes every trace of the recorded Tempo dataset exactly as the object renderer', () => {
    const store = new TraceStore();
    ingestRecordedTraces(store);
    let events = 0;
    let links = 0;
    for (const rec of store.records()) {
      const text = tempoResourceSpansJson(rec.chunks);
      expect(text, rec.traceId).toBe(viaObjects(rec.chunks));
      events += text.includes('"events":') ? 1 : 0;
      links += text.includes('"links":') ? 1 : 0;
    }
    expect(store.size).toBe(881);
    expect(events).toBeGreaterThan(0);
    expect(links).toBeGreaterThan(0);
  }, 60_000);

  it('gives /api/traces and /api/v2/traces the same bodies as JSON.stringify of the rendered objects', async () => {
    const store = new TraceStore();
    seedDemoTraces((b) => store.ingest(b), Date.parse('2026-01-01T00:00:00Z'), 5);
    const api = new TempoApi(store, new EmbeddedSearcher(store, undefined, materializeTrace));
    const get = async (p: string) =>
      String(
        (
          await api.handle({
            method: 'GET',
            path: p,
            query: new URLSearchParams(),
            headers: {},
            signal: new AbortController().signal,
          })
        ).body,
      );
    for (const rec of store.records()) {
      const resourceSpans = renderResourceSpans(store.batches(rec), 'tempo');
      expect(await get(`/api/v2/traces/${rec.traceId}`)).toBe(
        JSON.stringify({ trace: { resourceSpans }, metrics: { inspectedBytes: String(rec.bytes) } }),
      );
      expect(await get(`/api/traces/${rec.traceId}`)).toBe(JSON.stringify({ batches: resourceSpans }));
    }
    // A late span changes the trace: the cached body must not be served again.
    const first = [...store.records()][0];
    const before = await get(`/api/traces/${first.traceId}`);
    store.ingest(
      parseOtlpJson({
        resourceSpans: [
          { scopeSpans: [{ spans: [{ traceId: first.traceId, spanId: 'ff'.repeat(8), name: 'late' }] }] },
        ],
      }).batches,
    );
    const after = await get(`/api/traces/${first.traceId}`);
    expect(after).not.toBe(before);
    expect(after).toContain('"name":"late"');
    expect(after).toBe(JSON.stringify({ batches: renderResourceSpans(store.batches(first), 'tempo') }));
  }, 60_000);

  it('writes the demo traces (incl. the 50,000-span one) exactly as the object renderer', () => {
    const store = new TraceStore();
    seedDemoTraces((b) => store.ingest(b), Date.parse('2026-01-01T00:00:00Z'), 40);
    for (const rec of store.records())
      expect(tempoResourceSpansJson(rec.chunks)).toBe(viaObjects(rec.chunks));
  }, 60_000);

  it('writes odd values the same way: NaN and -0 doubles, nested arrays and kvlists, bytes, unknown enums, empty IDs', () => {
    // Decoded without the validator: the writer must cope with enum values no ingest lets through.
    const chunk = encodeTracesData(
      decodeOtlpJson({
        resourceSpans: [
          {
            resource: { attributes: [{ key: 'k', value: {} }], droppedAttributesCount: 2 },
            schemaUrl: 'https://opentelemetry.io/schemas/1.24.0',
            scopeSpans: [
              {
                scope: { name: 's', attributes: [{ key: 'a', value: { boolValue: false } }] },
                schemaUrl: 'x',
                spans: [
                  {
                    traceId: 'ab'.repeat(16),
                    spanId: 'cd'.repeat(8),
                    parentSpanId: 'ef'.repeat(8),
                    traceState: 'a=b',
                    flags: 257,
                    name: 'quote " and \\ and \u2028 and \uD800',
                    kind: 9,
                    startTimeUnixNano: '18446744073709551615',
                    endTimeUnixNano: '0',
                    attributes: [
                      { key: 'nan', value: { doubleValue: 'NaN' } },
                      { key: '\uFEFFbom', value: { stringValue: '\uFEFF leading byte-order mark' } },
                      { key: 'negzero', value: { doubleValue: -0 } },
                      { key: 'inf', value: { doubleValue: 'Infinity' } },
                      { key: 'big', value: { intValue: '-9223372036854775808' } },
                      { key: 'bytes', value: { bytesValue: 'AAEC/w==' } },
                      {
                        key: 'nested',
                        value: {
                          arrayValue: {
                            values: [
                              { stringValue: 'x' },
                              {
                                kvlistValue: {
                                  values: [{ key: 'y', value: { arrayValue: { values: [] } } }],
                                },
                              },
                            ],
                          },
                        },
                      },
                    ],
                    droppedAttributesCount: 1,
                    events: [
                      { timeUnixNano: '5', name: 'e', attributes: [{ key: 'z', value: { intValue: 0 } }] },
                      { name: '', droppedAttributesCount: 3 },
                    ],
                    droppedEventsCount: 4,
                    links: [
                      { traceId: '01'.repeat(16), spanId: '02'.repeat(8), traceState: 't', flags: 1 },
                      { traceId: '', spanId: '', droppedAttributesCount: 1 },
                    ],
                    droppedLinksCount: 5,
                    status: { code: 7, message: 'm' },
                  },
                  { traceId: 'ab'.repeat(16), spanId: '03'.repeat(8), status: { code: 2 } },
                ],
              },
              { scope: {}, spans: [] },
            ],
          },
        ],
      }).batches,
    );
    const text = tempoResourceSpansJson([chunk, chunk]);
    expect(text).toBe(viaObjects([chunk, chunk]));
    expect(text).toContain('"doubleValue":null');
    expect(text).toContain('"kind":9');
    expect(text).toContain('"code":7');
    expect(text).toContain('"code":"STATUS_CODE_ERROR"');
  });
});

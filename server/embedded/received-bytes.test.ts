// The store keeps each span's received protobuf bytes instead of encoding it again (decision 0350):
// what a trace read back holds must be what was sent, except where redaction changed it, and a span
// with a field this decoder does not know is stored as decoded (the unknown field is not kept).

import { afterEach, describe, expect, it } from 'vitest';
import { WireWriter } from '../../src/formats/protobuf-writer.ts';
import { MASK } from '../../src/redact/rules.ts';
import { createEmbedded, type EmbeddedInstance } from './index.ts';
import { decodeTracesData, encodeTracesData } from './otlp/otlp-protobuf.ts';
import { emptySpan, type OtlpKeyValue, type OtlpResourceSpans, type OtlpSpan } from './otlp/types.ts';
import { handleOtlpRequest } from './receiver.ts';

const str = (key: string, stringValue: string): OtlpKeyValue => ({ key, value: { stringValue } });
const TRACE_A = '0af7651916cd43dd8448eb211c80319c';
const TRACE_B = '1af7651916cd43dd8448eb211c80319c';

function span(traceId: string, spanId: string, attributes: OtlpKeyValue[]): OtlpSpan {
  const s = emptySpan();
  s.traceId = traceId;
  s.spanId = spanId;
  s.name = `op ${spanId}`;
  s.kind = 2;
  s.startTimeUnixNano = 1_700_000_000_000_000_000n;
  s.endTimeUnixNano = 1_700_000_000_050_000_000n;
  s.attributes = attributes;
  s.status = { code: 0, message: '' };
  return s;
}

function batch(resourceAttributes: OtlpKeyValue[], spans: OtlpSpan[]): OtlpResourceSpans {
  return {
    resource: { attributes: [str('service.name', 'shop'), ...resourceAttributes], droppedAttributesCount: 0 },
    scopeSpans: [
      {
        scope: { name: 'lib', version: '1', attributes: [], droppedAttributesCount: 0 },
        spans,
        schemaUrl: '',
      },
    ],
    schemaUrl: '',
  };
}

let backend: EmbeddedInstance | undefined;
afterEach(async () => {
  await backend?.close();
  backend = undefined;
});

async function ingest(body: Uint8Array): Promise<EmbeddedInstance> {
  backend = await createEmbedded({ otlpPort: 0, demo: false, queryWorkers: 0 });
  const res = handleOtlpRequest(
    { method: 'POST', path: '/v1/traces', headers: { 'content-type': 'application/x-protobuf' }, body },
    { maxBodyBytes: 1 << 20, accept: backend.accept },
  );
  expect(res.status).toBe(200);
  return backend;
}

function stored(b: EmbeddedInstance, traceId: string): OtlpResourceSpans[] {
  const rec = b.store.get(traceId);
  if (!rec) throw new Error(`trace ${traceId} not stored`);
  return decodeTracesData(b.store.protobuf(rec));
}

describe('spans stored from their received bytes', () => {
  it('reads back every span as sent, split by trace, with redacted spans and resources changed', async () => {
    const sent = [
      batch(
        [],
        [
          span(TRACE_A, 'b7ad6b7169203331', [str('http.request.method', 'GET')]),
          span(TRACE_B, 'c7ad6b7169203331', [str('enduser.email', 'ann.lee@example.com')]),
          span(TRACE_A, 'd7ad6b7169203331', [str('http.route', '/a')]),
        ],
      ),
      batch([str('host.owner', 'bob@example.com')], [span(TRACE_B, 'e7ad6b7169203331', [])]),
    ];
    const b = await ingest(encodeTracesData(sent));

    const a = stored(b, TRACE_A);
    expect(a).toHaveLength(1);
    expect(a[0].scopeSpans[0].spans).toEqual([
      sent[0].scopeSpans[0].spans[0],
      sent[0].scopeSpans[0].spans[2],
    ]);
    expect(a[0].resource).toEqual(sent[0].resource);

    const traceB = stored(b, TRACE_B);
    const [first, second] = traceB;
    expect(first.scopeSpans[0].spans[0].attributes).toEqual([str('enduser.email', MASK)]);
    expect(first.scopeSpans[0].spans[0].name).toBe('op c7ad6b7169203331');
    expect(second.resource.attributes).toContainEqual(str('host.owner', MASK));
    expect(second.scopeSpans[0].spans[0].spanId).toBe('e7ad6b7169203331');
    const rec = b.store.get(TRACE_B);
    if (!rec) throw new Error('not stored');
    expect(Buffer.from(b.store.protobuf(rec)).includes('example.com')).toBe(false);
  });

  it('does not keep a field it cannot read (a rule could not have looked at it)', async () => {
    const w = new WireWriter();
    const rs = w.beginMessage(1);
    const res = w.beginMessage(1);
    const kv = w.beginMessage(1);
    w.stringField(1, 'service.name');
    const v = w.beginMessage(2);
    w.stringField(1, 'shop');
    w.endMessage(v);
    w.endMessage(kv);
    w.endMessage(res);
    const ss = w.beginMessage(2);
    const sp = w.beginMessage(2);
    w.bytesField(1, Buffer.from(TRACE_A, 'hex'));
    w.bytesField(2, Buffer.from('b7ad6b7169203331', 'hex'));
    w.stringField(5, 'op');
    w.fixed64Field(7, 1_700_000_000_000_000_000n);
    w.fixed64Field(8, 1_700_000_000_050_000_000n);
    w.stringField(99, 'unknown-field-secret');
    w.endMessage(sp);
    w.endMessage(ss);
    w.endMessage(rs);
    const b = await ingest(w.finish());
    const rec = b.store.get(TRACE_A);
    if (!rec) throw new Error('not stored');
    expect(Buffer.from(b.store.protobuf(rec)).includes('unknown-field-secret')).toBe(false);
    expect(stored(b, TRACE_A)[0].scopeSpans[0].spans[0].name).toBe('op');
  });
});

describe('attribute keys read once per distinct key', () => {
  it('reads back every key as sent, more distinct keys than the table holds, non-ASCII and long ones', () => {
    const keys = Array.from({ length: 3000 }, (_, i) => `k.${i.toString(36)}.${'x'.repeat(i % 70)}`);
    keys.push('clé.été', 'ключ', 'a', '', 'http.request.method');
    const s = span(
      TRACE_A,
      'b7ad6b7169203331',
      keys.map((k, i) => str(k, String(i))),
    );
    const encoded = encodeTracesData([batch([], [s])]);
    for (let pass = 0; pass < 2; pass++) {
      const read = decodeTracesData(encoded)[0].scopeSpans[0].spans[0].attributes;
      expect(read.map((a) => a.key)).toEqual(keys);
      expect(read.map((a) => a.value.stringValue)).toEqual(keys.map((_, i) => String(i)));
    }
  });
});

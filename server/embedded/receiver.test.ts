// The OTLP/HTTP receiver answers as the OTLP specification says, and a bad request never loses
// what was already stored.

import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { WireReader } from '../../src/formats/protobuf-wire.ts';
import { createEmbedded, type EmbeddedInstance } from './index.ts';
import { decodeTracesData, encodeTracesData } from './otlp/otlp-protobuf.ts';
import { emptySpan, type OtlpResourceSpans } from './otlp/types.ts';

function batch(traceId: string, spanIds: string[], service = 'svc'): OtlpResourceSpans[] {
  return [
    {
      resource: {
        attributes: [{ key: 'service.name', value: { stringValue: service } }],
        droppedAttributesCount: 0,
      },
      scopeSpans: [
        {
          scope: { name: 's', version: '', attributes: [], droppedAttributesCount: 0 },
          spans: spanIds.map((spanId, i) => ({
            ...emptySpan(),
            traceId,
            spanId,
            name: `op${i}`,
            startTimeUnixNano: 1_700_000_000_000_000_000n + BigInt(i),
            endTimeUnixNano: 1_700_000_000_100_000_000n,
          })),
          schemaUrl: '',
        },
      ],
      schemaUrl: '',
    },
  ];
}

const T1 = '0af7651916cd43dd8448eb211c80319c';
const T2 = '1bf7651916cd43dd8448eb211c80319d';

let backend: EmbeddedInstance | undefined;
afterEach(async () => {
  await backend?.close();
  backend = undefined;
});

async function post(body: Uint8Array | string, headers: Record<string, string>) {
  const res = await fetch(`http://127.0.0.1:${backend!.otlpPort}/v1/traces`, {
    method: 'POST',
    body: typeof body === 'string' ? body : new Uint8Array(body),
    headers,
  });
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    body: new Uint8Array(await res.arrayBuffer()),
  };
}

async function start(maxBodyBytes?: number) {
  backend = await createEmbedded({ otlpPort: 'ephemeral', demo: false, maxBodyBytes });
  // Something already stored that no bad request may lose.
  const first = await post(encodeTracesData(batch(T1, ['00f067aa0ba902b7'])), {
    'content-type': 'application/x-protobuf',
  });
  expect(first.status).toBe(200);
  expect(first.body.length).toBe(0); // an empty ExportTraceServiceResponse: full success
}

function stillStored() {
  expect(backend!.store.get(T1)?.spanCount).toBe(1);
}

describe('OTLP/HTTP receiver', () => {
  it('accepts gzip JSON with hex IDs and answers {} in JSON', async () => {
    await start();
    const doc = {
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'web' } }] },
          scopeSpans: [
            {
              scope: { name: 'x' },
              spans: [
                {
                  traceId: T2,
                  spanId: '1111111111111111',
                  name: 'GET /',
                  kind: 2,
                  startTimeUnixNano: '1700000000000000000',
                  endTimeUnixNano: '1700000000500000000',
                },
              ],
            },
          ],
        },
      ],
    };
    const res = await post(gzipSync(JSON.stringify(doc)), {
      'content-type': 'application/json',
      'content-encoding': 'gzip',
    });
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/json');
    expect(JSON.parse(Buffer.from(res.body).toString())).toEqual({});
    expect(backend!.store.get(T2)?.rootName).toBe('GET /');
    stillStored();
  });

  it('assembles one trace from batches sent apart', async () => {
    await start();
    await post(encodeTracesData(batch(T1, ['2222222222222222'], 'other')), {
      'content-type': 'application/x-protobuf',
    });
    const rec = backend!.store.get(T1)!;
    expect(rec.spanCount).toBe(2);
    expect([...rec.services.keys()].sort()).toEqual(['other', 'svc']);
    expect(decodeTracesData(backend!.store.protobuf(rec)).length).toBe(2);
  });

  it('reports spans with missing or invalid IDs as a partial success and keeps the rest', async () => {
    await start();
    const good = batch(T2, ['3333333333333333', '4444444444444444']);
    good[0].scopeSpans[0].spans[1].spanId = ''; // missing span ID
    const bad = batch('', ['5555555555555555']); // missing trace ID
    const res = await post(encodeTracesData([...good, ...bad]), { 'content-type': 'application/x-protobuf' });
    expect(res.status).toBe(200);
    // ExportTraceServiceResponse { partial_success = 1 { rejected_spans = 1, error_message = 2 } }
    const r = new WireReader(res.body);
    expect(r.varint()).toBe((1 << 3) | 2);
    const e = r.delimitedEnd();
    const inner = new WireReader(res.body, r.pos, e);
    expect(inner.varint()).toBe(1 << 3);
    expect(inner.varint()).toBe(2);
    expect(inner.varint()).toBe((2 << 3) | 2);
    expect(inner.string()).toBe(
      '2 spans refused; first: resourceSpans[0].scopeSpans[0].spans[1].spanId: missing, invalid or all zero',
    );
    expect(backend!.store.get(T2)?.spanCount).toBe(1);

    const json = await post(
      JSON.stringify({
        resourceSpans: [{ scopeSpans: [{ spans: [{ spanId: '6666666666666666', name: 'x' }] }] }],
      }),
      { 'content-type': 'application/json' },
    );
    // Every span refused: a 400, not a 200 with nothing stored.
    expect(json.status).toBe(400);
    const body = JSON.parse(Buffer.from(json.body).toString());
    expect(body.message).toBe(
      '1 span refused, none accepted; first: resourceSpans[0].scopeSpans[0].spans[0].traceId: missing, invalid or all zero',
    );
    stillStored();
  });

  it('stores and counts nothing of a refused span (the store and span metrics alike)', async () => {
    await start();
    const spans = Array.from({ length: 5 }, (_, i) => ({
      traceId: T2,
      spanId: (i + 1).toString(16).padStart(16, '0'),
      name: 'metered',
      startTimeUnixNano: '1700000000000000000',
      endTimeUnixNano: '1700000000100000000',
    }));
    const body = JSON.stringify({
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'meter' } }] },
          scopeSpans: [{ spans: spans.map((s, i) => (i === 3 ? { ...s, kind: -1 } : s)) }],
        },
      ],
    }).replace('"kind":-1', '"kind":-1,"droppedLinksCount":1e300');
    const res = await post(body, { 'content-type': 'application/json' });
    expect(res.status).toBe(200);
    const answer = JSON.parse(Buffer.from(res.body).toString());
    expect(answer.partialSuccess).toEqual({
      rejectedSpans: '1',
      errorMessage:
        '1 span refused; first: resourceSpans[0].scopeSpans[0].spans[3].kind: -1 is not a SpanKind (0 to 5)',
    });
    expect(backend!.store.get(T2)?.spanCount).toBe(4);
    const metrics = await (await fetch(`http://127.0.0.1:${backend!.otlpPort}/metrics`)).text();
    expect(metrics).toMatch(/traces_spanmetrics_calls_total\{[^}]*service="meter"[^}]*\} 4\n/);
    stillStored();
  });

  it.each([
    ['a wrong content type', 'hello', { 'content-type': 'text/plain' }, 415],
    ['invalid JSON', '{"resourceSpans": [', { 'content-type': 'application/json' }, 400],
    ['JSON of the wrong shape', '{"resourceSpans": 7}', { 'content-type': 'application/json' }, 400],
    [
      'an unknown content encoding',
      '{}',
      { 'content-type': 'application/json', 'content-encoding': 'br' },
      415,
    ],
    ['broken gzip', 'not gzip', { 'content-type': 'application/json', 'content-encoding': 'gzip' }, 400],
  ])('answers %s with the right status', async (_name, body, headers, status) => {
    await start();
    const res = await post(body, headers as Record<string, string>);
    expect(res.status).toBe(status);
    if (headers['content-type'] === 'application/json') {
      const parsed = JSON.parse(Buffer.from(res.body).toString());
      expect(parsed.message).toEqual(expect.any(String));
    }
    stillStored();
  });

  it('answers truncated protobuf with 400 and a google.rpc.Status', async () => {
    await start();
    const full = encodeTracesData(batch(T2, ['7777777777777777']));
    const res = await post(full.subarray(0, full.length - 5), { 'content-type': 'application/x-protobuf' });
    expect(res.status).toBe(400);
    expect(res.type).toBe('application/x-protobuf');
    const r = new WireReader(res.body);
    expect(r.varint()).toBe(1 << 3); // code
    expect(r.varint()).toBe(3); // INVALID_ARGUMENT
    expect(r.varint()).toBe((2 << 3) | 2);
    expect(r.string()).toMatch(/truncated/);
    expect(backend!.store.get(T2)).toBeUndefined();
    stillStored();
  });

  it('answers a body over the limit with 413, also when only its gzip is small', async () => {
    await start(4096);
    const big = encodeTracesData(
      batch(
        T2,
        Array.from({ length: 200 }, (_, i) => (i + 1).toString(16).padStart(16, '0')),
      ),
    );
    expect(big.length).toBeGreaterThan(4096);
    expect((await post(big, { 'content-type': 'application/x-protobuf' })).status).toBe(413);
    const zipped = gzipSync(big);
    expect(zipped.length).toBeLessThan(4096);
    const res = await post(zipped, { 'content-type': 'application/x-protobuf', 'content-encoding': 'gzip' });
    expect(res.status).toBe(413);
    expect(backend!.store.get(T2)).toBeUndefined();
    stillStored();
  });

  it('refuses other methods and paths', async () => {
    await start();
    const get = await fetch(`http://127.0.0.1:${backend!.otlpPort}/v1/traces`);
    expect(get.status).toBe(405);
    const other = await post('{}', { 'content-type': 'application/json' }).then(() =>
      fetch(`http://127.0.0.1:${backend!.otlpPort}/v1/metrics`, { method: 'POST', body: '{}' }),
    );
    expect(other.status).toBe(404);
  });
});

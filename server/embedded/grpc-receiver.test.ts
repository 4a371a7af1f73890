// The OTLP/gRPC receiver keeps the HTTP receiver's rules: partial success in the response message,
// a message over maxBodyBytes refused (RESOURCE_EXHAUSTED) and the body budget answered with
// UNAVAILABLE (retryable), nothing stored from a refused request. Raw messages, so the answer read
// is exactly what a client gets.

import { type AddressInfo, connect, createServer } from 'node:net';
import { Client, credentials, status as grpcStatus, type ServiceError } from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import { WireReader } from '../../src/formats/protobuf-wire.ts';
import { BodyBudget } from '../body-budget.ts';
import { createEmbedded, type EmbeddedInstance } from './index.ts';
import { encodeTracesData } from './otlp/otlp-protobuf.ts';
import { emptySpan, type OtlpResourceSpans } from './otlp/types.ts';

const EXPORT = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';
const T1 = '0af7651916cd43dd8448eb211c80319c';

function batch(traceId: string, spanIds: string[], name = 'op'): OtlpResourceSpans[] {
  return [
    {
      resource: {
        attributes: [{ key: 'service.name', value: { stringValue: 'grpc-limits' } }],
        droppedAttributesCount: 0,
      },
      scopeSpans: [
        {
          scope: { name: 's', version: '', attributes: [], droppedAttributesCount: 0 },
          spans: spanIds.map((spanId, i) => ({
            ...emptySpan(),
            traceId,
            spanId,
            name: `${name}${i}`,
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

let backend: EmbeddedInstance | undefined;
let client: Client | undefined;
afterEach(async () => {
  client?.close();
  client = undefined;
  await backend?.close();
  backend = undefined;
});

async function start(options: { maxBodyBytes?: number; bodyBudget?: BodyBudget } = {}) {
  backend = await createEmbedded({ otlpPort: 0, grpcPort: 'ephemeral', demo: false, ...options });
  client = new Client(`127.0.0.1:${backend.grpcPort}`, credentials.createInsecure());
}

function send(message: Uint8Array): Promise<{ body: Buffer } | ServiceError> {
  return new Promise((resolve) =>
    client?.makeUnaryRequest(
      EXPORT,
      (b: Buffer) => b,
      (b: Buffer) => b,
      Buffer.from(message),
      (error, body) => resolve(error ?? { body: body ?? Buffer.alloc(0) }),
    ),
  );
}

/** ExportTraceServiceResponse.partial_success { rejected_spans = 1, error_message = 2 }; undefined when absent. */
function partialSuccess(body: Uint8Array): { rejected: number; message: string } | undefined {
  const r = new WireReader(body);
  if (r.pos >= r.end) return undefined;
  expect(r.varint()).toBe((1 << 3) | 2);
  const end = r.delimitedEnd();
  const inner = new WireReader(body, r.pos, end);
  let rejected = 0;
  let message = '';
  while (inner.pos < inner.end) {
    const key = inner.varint();
    if (key === 1 << 3) rejected = inner.varint();
    else if (key === ((2 << 3) | 2)) message = inner.string();
    else inner.skip(key & 7);
  }
  return { rejected, message };
}

describe('OTLP/gRPC receiver limits and answers', () => {
  it('answers a partial success in the response message and keeps the valid spans', async () => {
    await start();
    const good = batch(T1, ['3333333333333333', '4444444444444444']);
    good[0].scopeSpans[0].spans[1].spanId = '';
    const answer = await send(encodeTracesData(good));
    expect('body' in answer).toBe(true);
    expect(partialSuccess((answer as { body: Buffer }).body)).toEqual({
      rejected: 1,
      message:
        '1 span refused; first: resourceSpans[0].scopeSpans[0].spans[1].spanId: missing, invalid or all zero',
    });
    expect(backend?.store.get(T1)?.spanCount).toBe(1);
  });

  it('answers INVALID_ARGUMENT with the reason when every span is refused, and stores nothing', async () => {
    await start();
    const answer = await send(encodeTracesData(batch('', ['5555555555555555'])));
    expect((answer as ServiceError).code).toBe(grpcStatus.INVALID_ARGUMENT);
    expect((answer as ServiceError).details).toBe(
      '1 span refused, none accepted; first: resourceSpans[0].scopeSpans[0].spans[0].traceId: missing, invalid or all zero',
    );
    expect(backend?.store.size).toBe(0);
  });

  it('refuses a message over maxBodyBytes with RESOURCE_EXHAUSTED and stores nothing', async () => {
    await start({ maxBodyBytes: 2048 });
    const big = encodeTracesData(batch(T1, ['1111111111111111'], 'x'.repeat(4096)));
    expect(big.length).toBeGreaterThan(2048);
    const answer = await send(big);
    expect((answer as ServiceError).code).toBe(grpcStatus.RESOURCE_EXHAUSTED);
    expect(backend?.store.size).toBe(0);
    // The same receiver still takes a message within the limit.
    expect('body' in (await send(encodeTracesData(batch(T1, ['1111111111111111']))))).toBe(true);
    expect(backend?.store.get(T1)?.spanCount).toBe(1);
  });

  it('refuses a gzip message that inflates past maxBodyBytes, though it is small on the wire', async () => {
    await start({ maxBodyBytes: 64 * 1024 });
    client?.close();
    // A relay that counts what the client really sends, so the test knows the message went gzipped.
    let sent = 0;
    const relay = createServer((socket) => {
      const upstream = connect(backend?.grpcPort ?? 0, '127.0.0.1');
      socket.on('data', (chunk: Buffer) => {
        sent += chunk.length;
      });
      socket.pipe(upstream).pipe(socket);
      socket.on('error', () => upstream.destroy());
      upstream.on('error', () => socket.destroy());
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    // grpc.default_compression_algorithm 2: gzip, as the SDK exporter's compression: 'gzip' sends.
    client = new Client(`127.0.0.1:${(relay.address() as AddressInfo).port}`, credentials.createInsecure(), {
      'grpc.default_compression_algorithm': 2,
    });
    const bomb = encodeTracesData(batch(T1, ['1111111111111111'], 'a'.repeat(1024 * 1024)));
    const answer = await send(bomb);
    client.close();
    client = undefined;
    relay.close();
    expect(sent).toBeLessThan(64 * 1024);
    expect((answer as ServiceError).code).toBe(grpcStatus.RESOURCE_EXHAUSTED);
    expect(backend?.store.size).toBe(0);
  });

  it('answers UNAVAILABLE (retryable) when the body budget is spent, and releases its share', async () => {
    const budget = new BodyBudget(4096);
    await start({ bodyBudget: budget });
    expect(budget.tryReserve(4000)).toBe(true); // another request holds most of the budget
    const message = encodeTracesData(batch(T1, ['1111111111111111', '2222222222222222']));
    const refused = await send(message);
    expect((refused as ServiceError).code).toBe(grpcStatus.UNAVAILABLE);
    expect((refused as ServiceError).details).toContain('retry in 1 s');
    expect(backend?.store.size).toBe(0);
    budget.release(4000);
    expect('body' in (await send(message))).toBe(true);
    expect(budget.inFlight).toBe(0);
    expect(backend?.store.get(T1)?.spanCount).toBe(2);
  });
});

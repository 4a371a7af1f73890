// Every receiver stores through the one ingest function, so redaction at ingest (decision 0312)
// applies to each of them: a password and an e-mail address sent over OTLP/gRPC, posted as Zipkin
// tags or as Datadog meta are masked in what the Tempo API answers.

import { Client, credentials } from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import { MASK } from '../../src/redact/rules.ts';
import type { InProcessRequest } from '../gateway/in-process.ts';
import { createEmbedded, type EmbeddedInstance } from './index.ts';
import { encodeTracesData } from './otlp/otlp-protobuf.ts';
import { emptySpan } from './otlp/types.ts';

const PASSWORD = 'hunter2-db-pass';
const EMAIL = 'ann.lee@example.com';

let backend: EmbeddedInstance | undefined;
afterEach(async () => {
  await backend?.close();
  backend = undefined;
});

async function stored(traceId: string): Promise<string> {
  const request: InProcessRequest = {
    method: 'GET',
    path: `/api/v2/traces/${traceId}`,
    query: new URLSearchParams(),
    headers: {},
    signal: new AbortController().signal,
  };
  const r = await backend?.tempo.handle(request);
  expect(r?.status).toBe(200);
  return String(r?.body);
}

function expectRedacted(body: string): void {
  expect(body).toContain('db.password');
  expect(body).toContain(MASK);
  expect(body).not.toContain(PASSWORD);
  expect(body).not.toContain(EMAIL);
}

describe('redaction at ingest on every receiver', () => {
  it('OTLP/gRPC', async () => {
    backend = await createEmbedded({ otlpPort: 0, grpcPort: 'ephemeral', demo: false });
    const span = emptySpan();
    span.traceId = '0af7651916cd43dd8448eb211c80319c';
    span.spanId = 'b7ad6b7169203331';
    span.name = 'login';
    span.startTimeUnixNano = 1_700_000_000_000_000_000n;
    span.endTimeUnixNano = 1_700_000_000_050_000_000n;
    span.attributes = [
      { key: 'db.password', value: { stringValue: PASSWORD } },
      { key: 'enduser.email', value: { stringValue: EMAIL } },
    ];
    const message = encodeTracesData([
      {
        resource: { attributes: [], droppedAttributesCount: 0 },
        scopeSpans: [
          {
            scope: { name: '', version: '', attributes: [], droppedAttributesCount: 0 },
            spans: [span],
            schemaUrl: '',
          },
        ],
        schemaUrl: '',
      },
    ]);
    const client = new Client(`127.0.0.1:${backend.grpcPort}`, credentials.createInsecure());
    const error = await new Promise<Error | null>((resolve) =>
      client.makeUnaryRequest(
        '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
        (b: Buffer) => b,
        (b: Buffer) => b,
        Buffer.from(message),
        (e) => resolve(e),
      ),
    );
    client.close();
    expect(error).toBeNull();
    expectRedacted(await stored(span.traceId));
  });

  it('Zipkin POST /api/v2/spans', async () => {
    backend = await createEmbedded({ otlpPort: 'ephemeral', demo: false });
    const res = await fetch(`http://127.0.0.1:${backend.otlpPort}/api/v2/spans`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([
        {
          traceId: '5af7183fb1d4cf5f',
          id: '0000000000000001',
          name: 'login',
          timestamp: 1_700_000_000_000_000,
          duration: 1500,
          localEndpoint: { serviceName: 'auth' },
          tags: { 'db.password': PASSWORD, 'enduser.email': EMAIL },
        },
      ]),
    });
    expect(res.status).toBe(202);
    expectRedacted(await stored('5af7183fb1d4cf5f'));
  });

  it('Datadog PUT /v0.4/traces', async () => {
    backend = await createEmbedded({ otlpPort: 'ephemeral', demo: false });
    const res = await fetch(`http://127.0.0.1:${backend.otlpPort}/v0.4/traces`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([
        [
          {
            trace_id: 7,
            span_id: 1,
            parent_id: 0,
            name: 'login',
            resource: 'POST /login',
            service: 'auth',
            start: 1_700_000_000_000_000_000,
            duration: 1_000_000,
            error: 0,
            meta: { 'db.password': PASSWORD, 'enduser.email': EMAIL },
          },
        ],
      ]),
    });
    expect(res.status).toBe(200);
    expectRedacted(await stored('00000000000000000000000000000007'));
  });
});

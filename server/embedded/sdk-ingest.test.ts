// A real OpenTelemetry JS SDK exports into the receiver (OTLP/HTTP JSON and protobuf); the trace is
// then found by ID and by TraceQL through the Tempo API, and by service through the Jaeger API.

import { credentials, Client as GrpcClient, status as grpcStatus } from '@grpc/grpc-js';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { OTLPLogExporter as GrpcLogExporter } from '@opentelemetry/exporter-logs-otlp-grpc';
import { OTLPTraceExporter as GrpcExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OTLPTraceExporter as HttpJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { CompressionAlgorithm } from '@opentelemetry/otlp-exporter-base';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { BasicTracerProvider, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import type { InProcessRequest } from '../gateway/in-process.ts';
import { createEmbedded, type EmbeddedInstance } from './index.ts';

function get(path: string, query = '', headers: Record<string, string> = {}): InProcessRequest {
  return {
    method: 'GET',
    path,
    query: new URLSearchParams(query),
    headers,
    signal: new AbortController().signal,
  };
}

async function json(
  res: Promise<{ status: number; body?: unknown }>,
): Promise<{ status: number; body: Loose }> {
  const r = await res;
  return { status: r.status, body: r.body ? JSON.parse(String(r.body)) : undefined };
}

// biome-ignore lint/suspicious/noExplicitAny: JSON bodies from the API under test, asserted field by field
type Loose = any;

let backend: EmbeddedInstance | undefined;
afterEach(async () => {
  await backend?.close();
  backend = undefined;
});

async function emitTrace(exporter: SpanExporter, service: string): Promise<string> {
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': service, 'deployment.environment.name': 'test' }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('sdk-ingest-test', '1.0.0');
  const root = tracer.startSpan('GET /orders', {
    kind: SpanKind.SERVER,
    attributes: { 'http.request.method': 'GET', 'http.response.status_code': 500 },
  });
  const traceId = root.spanContext().traceId;
  const ctx = (await import('@opentelemetry/api')).trace.setSpan(
    (await import('@opentelemetry/api')).context.active(),
    root,
  );
  const child = tracer.startSpan(
    'SELECT orders',
    { kind: SpanKind.CLIENT, attributes: { 'db.system.name': 'postgresql' } },
    ctx,
  );
  child.addEvent('exception', {
    'exception.type': 'PSQLException',
    'exception.message': 'deadlock detected',
  });
  child.setStatus({ code: SpanStatusCode.ERROR, message: 'deadlock detected' });
  child.end();
  root.setStatus({ code: SpanStatusCode.ERROR });
  root.end();
  await provider.forceFlush();
  await provider.shutdown();
  return traceId;
}

describe.each([
  ['JSON', (url: string) => new HttpJsonExporter({ url })],
  ['protobuf', (url: string) => new ProtoExporter({ url })],
])('OpenTelemetry SDK exporter over OTLP/HTTP %s', (_label, makeExporter) => {
  it('is stored and then found by ID, by TraceQL and by service', async () => {
    backend = await createEmbedded({ otlpPort: 'ephemeral', demo: false });
    const url = `http://127.0.0.1:${backend.otlpPort}/v1/traces`;
    const service = `orders-${_label.toLowerCase()}`;
    const traceId = await emitTrace(makeExporter(url), service);

    const byId = await json(backend.tempo.handle(get(`/api/v2/traces/${traceId}`)));
    expect(byId.status).toBe(200);
    const spans = byId.body.trace.resourceSpans.flatMap((rs: Loose) =>
      rs.scopeSpans.flatMap((ss: Loose) => ss.spans),
    );
    expect(spans.map((s: Loose) => s.name).sort()).toEqual(['GET /orders', 'SELECT orders']);
    // Tempo's dialect: base64 IDs and enum names.
    expect(Buffer.from(spans[0].traceId, 'base64').toString('hex')).toBe(traceId);
    const db = spans.find((s: Loose) => s.name === 'SELECT orders');
    expect(db.kind).toBe('SPAN_KIND_CLIENT');
    expect(db.status).toEqual({ message: 'deadlock detected', code: 'STATUS_CODE_ERROR' });
    expect(db.events[0].name).toBe('exception');

    const search = await json(
      backend.tempo.handle(
        get(
          '/api/search',
          `q=${encodeURIComponent(`{ resource.service.name = "${service}" && status = error }`)}`,
        ),
      ),
    );
    expect(search.status).toBe(200);
    expect(search.body.traces.map((t: Loose) => t.traceID)).toEqual([traceId]);
    expect(search.body.traces[0].rootServiceName).toBe(service);
    expect(search.body.traces[0].rootTraceName).toBe('GET /orders');
    expect(search.body.traces[0].spanSet.matched).toBe(2);

    const services = await json(backend.jaeger.handle(get('/api/v3/services')));
    expect(services.body).toEqual({ services: [service] });
    const now = new Date();
    const found = await json(
      backend.jaeger.handle(
        get(
          '/api/v3/traces',
          new URLSearchParams({
            'query.service_name': service,
            'query.start_time_min': new Date(now.getTime() - 60_000).toISOString(),
            'query.start_time_max': new Date(now.getTime() + 60_000).toISOString(),
          }).toString(),
        ),
      ),
    );
    expect(found.status).toBe(200);
    const v3spans = found.body.result.resourceSpans.flatMap((rs: Loose) =>
      rs.scopeSpans.flatMap((ss: Loose) => ss.spans),
    );
    expect(v3spans.every((s: Loose) => s.traceId === traceId)).toBe(true);
    expect(v3spans.find((s: Loose) => s.name === 'GET /orders').kind).toBe(2);
    const legacy = await json(backend.jaeger.handle(get('/api/traces', `service=${service}&limit=5`)));
    expect(legacy.body.data.map((t: Loose) => t.traceID)).toEqual([traceId]);
  });
});

describe('OpenTelemetry SDK exporter over OTLP/gRPC', () => {
  it.each([
    ['uncompressed', CompressionAlgorithm.NONE],
    ['gzip', CompressionAlgorithm.GZIP],
  ])(
    '%s: is stored and then found by ID and by TraceQL through the Tempo API',
    async (label, compression) => {
      backend = await createEmbedded({ otlpPort: 0, grpcPort: 'ephemeral', demo: false });
      expect(backend.otlpPort).toBeUndefined();
      const exporter = new GrpcExporter({ url: `http://127.0.0.1:${backend.grpcPort}`, compression });
      const service = `orders-grpc-${label}`;
      const traceId = await emitTrace(exporter, service);

      const byId = await json(backend.tempo.handle(get(`/api/v2/traces/${traceId}`)));
      expect(byId.status).toBe(200);
      const spans = byId.body.trace.resourceSpans.flatMap((rs: Loose) =>
        rs.scopeSpans.flatMap((ss: Loose) => ss.spans),
      );
      expect(spans.map((s: Loose) => s.name).sort()).toEqual(['GET /orders', 'SELECT orders']);
      const db = spans.find((s: Loose) => s.name === 'SELECT orders');
      expect(db.status).toEqual({ message: 'deadlock detected', code: 'STATUS_CODE_ERROR' });
      const search = await json(
        backend.tempo.handle(
          get(
            '/api/search',
            `q=${encodeURIComponent(`{ resource.service.name = "${service}" && status = error }`)}`,
          ),
        ),
      );
      expect(search.body.traces.map((t: Loose) => t.traceID)).toEqual([traceId]);
    },
  );

  it('sends a log record to the logs service, which stores it', async () => {
    backend = await createEmbedded({ otlpPort: 0, grpcPort: 'ephemeral', demo: false });
    const provider = new LoggerProvider({
      resource: resourceFromAttributes({ 'service.name': 'grpc-logs' }),
      processors: [
        new SimpleLogRecordProcessor({
          exporter: new GrpcLogExporter({ url: `http://127.0.0.1:${backend.grpcPort}` }),
        }),
      ],
    });
    provider.getLogger('t').emit({ body: 'payment declined over grpc', severityText: 'ERROR' });
    await provider.forceFlush();
    await provider.shutdown();
    expect(backend.logs.size).toBe(1);
  });

  it('answers gRPC health checks and refuses unknown services', async () => {
    backend = await createEmbedded({ otlpPort: 0, grpcPort: 'ephemeral', demo: false });
    const client = new GrpcClient(`127.0.0.1:${backend.grpcPort}`, credentials.createInsecure());
    const check = (service: string) =>
      new Promise<{ code: number; body?: Buffer }>((resolve) => {
        const request = Buffer.concat([Buffer.from([0x0a, service.length]), Buffer.from(service)]);
        client.makeUnaryRequest(
          '/grpc.health.v1.Health/Check',
          (b: Buffer) => b,
          (b: Buffer) => b,
          request,
          (error, body) => resolve(error ? { code: error.code } : { code: 0, ...(body ? { body } : {}) }),
        );
      });
    expect(await check('')).toEqual({ code: 0, body: Buffer.from([0x08, 0x01]) });
    expect(await check('opentelemetry.proto.collector.trace.v1.TraceService')).toEqual({
      code: 0,
      body: Buffer.from([0x08, 0x01]),
    });
    expect((await check('nope.Service')).code).toBe(grpcStatus.NOT_FOUND);
    client.close();
  });

  it('refuses an unreadable export request with INVALID_ARGUMENT and stores nothing', async () => {
    backend = await createEmbedded({ otlpPort: 0, grpcPort: 'ephemeral', demo: false });
    const client = new GrpcClient(`127.0.0.1:${backend.grpcPort}`, credentials.createInsecure());
    const error = await new Promise<{ code: number; details: string } | null>((resolve) =>
      client.makeUnaryRequest(
        '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
        (b: Buffer) => b,
        (b: Buffer) => b,
        Buffer.from([0x0a, 0x05, 0x01]),
        (e) => resolve(e ? { code: e.code, details: e.details } : null),
      ),
    );
    expect(error?.code).toBe(grpcStatus.INVALID_ARGUMENT);
    expect(error?.details).not.toBe('');
    expect(backend.store.size).toBe(0);
    client.close();
  });
});

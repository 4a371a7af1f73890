// A real OpenTelemetry JS SDK exports into the receiver (OTLP/HTTP JSON and protobuf); the trace is
// then found by ID and by TraceQL through the Tempo API, and by service through the Jaeger API.

import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { OTLPTraceExporter as HttpJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
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

// Logs from the real OpenTelemetry JS SDK (OTLP/HTTP JSON and protobuf log exporters) through the
// receiver's /v1/logs, then found through the Loki API by service and by trace ID — also after a
// restart with persistence.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { context, trace } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { OTLPLogExporter as HttpJsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as ProtoLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, type LogRecordExporter, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import type { InProcessRequest } from '../../gateway/in-process.ts';
import { createEmbedded, type EmbeddedInstance } from '../index.ts';

let backend: EmbeddedInstance | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await backend?.close();
  backend = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function get(
  path: string,
  query: Record<string, string>,
  headers: Record<string, string> = {},
): InProcessRequest {
  return {
    method: 'GET',
    path,
    query: new URLSearchParams(query),
    headers,
    signal: new AbortController().signal,
  };
}

// biome-ignore lint/suspicious/noExplicitAny: JSON bodies from the API under test, asserted field by field
type Loose = any;

async function queryRange(
  b: EmbeddedInstance,
  query: string,
  headers: Record<string, string> = {},
): Promise<Loose> {
  const res = await b.loki.handle(
    get('/loki/api/v1/query_range', { query, limit: '100', direction: 'forward' }, headers),
  );
  expect(res.status, String(res.body)).toBe(200);
  return JSON.parse(String(res.body));
}

async function emitLogs(
  exporter: LogRecordExporter,
  service: string,
): Promise<{ traceId: string; spanId: string }> {
  const tracer = new BasicTracerProvider().getTracer('t');
  const span = tracer.startSpan('checkout');
  const { traceId, spanId } = span.spanContext();
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({
      'service.name': service,
      'service.namespace': 'shop',
      'host.name': 'node-7',
    }),
    processors: [new SimpleLogRecordProcessor({ exporter })],
  });
  const logger = provider.getLogger('checkout.handler', '2.1.0');
  logger.emit({
    severityNumber: SeverityNumber.INFO,
    severityText: 'INFO',
    body: 'cart validated items=3',
    attributes: { 'cart.items': 3, 'user.tier': 'gold' },
    context: trace.setSpan(context.active(), span),
  });
  logger.emit({
    severityNumber: SeverityNumber.ERROR,
    severityText: 'ERROR',
    body: JSON.stringify({ level: 'error', message: 'payment declined', code: 402 }),
    context: trace.setSpan(context.active(), span),
  });
  logger.emit({ severityNumber: SeverityNumber.DEBUG, body: 'no trace here' });
  span.end();
  await provider.forceFlush();
  await provider.shutdown();
  return { traceId, spanId };
}

describe.each([
  ['OTLP/HTTP JSON', (url: string) => new HttpJsonLogExporter({ url })],
  ['OTLP/HTTP protobuf', (url: string) => new ProtoLogExporter({ url })],
])('logs from the OpenTelemetry JS SDK over %s', (_name, makeExporter) => {
  it('are found by service and by trace ID, mapped as Loki maps OTLP', async () => {
    backend = await createEmbedded({ otlpPort: 'ephemeral', demo: false });
    const ids = await emitLogs(makeExporter(`http://127.0.0.1:${backend.otlpPort}/v1/logs`), 'checkout-sdk');

    const byService = await queryRange(backend, '{service_name="checkout-sdk"}', {
      'x-loki-response-encoding-flags': 'categorize-labels',
    });
    const streams = byService.data.result;
    expect(streams).toHaveLength(1);
    // Indexed resource attributes are the stream labels; host.name is not one of Loki's defaults.
    expect(streams[0].stream).toEqual({ service_name: 'checkout-sdk', service_namespace: 'shop' });
    const values = streams[0].values;
    expect(values.map((v: string[]) => v[1])).toEqual([
      'cart validated items=3',
      '{"level":"error","message":"payment declined","code":402}',
      'no trace here',
    ]);
    expect(values[0][2].structuredMetadata).toEqual({
      cart_items: '3',
      detected_level: 'info',
      flags: '1',
      host_name: 'node-7',
      observed_timestamp: expect.stringMatching(/^\d{19}$/),
      scope_name: 'checkout.handler',
      scope_version: '2.1.0',
      severity_number: '9',
      severity_text: 'INFO',
      span_id: ids.spanId,
      trace_id: ids.traceId,
      user_tier: 'gold',
    });
    expect(values[2][2].structuredMetadata.trace_id).toBeUndefined();
    expect(values[2][2].structuredMetadata.detected_level).toBe('debug');

    // The trace datasources link to these logs with the same query shape.
    const link = backend.datasources.find((d) => d.name === 'local')?.logs;
    expect(link?.datasource).toBe('local-logs');
    const linked = link!.query.replace(/\$\{service\}/, 'checkout-sdk').replace(/\$\{traceId\}/, ids.traceId);
    expect((await queryRange(backend, linked)).data.result).toHaveLength(2);

    const byTrace = await queryRange(backend, `{service_name=~".+"} | trace_id="${ids.traceId}"`);
    const lines = byTrace.data.result.flatMap((s: { values: string[][] }) => s.values.map((v) => v[1]));
    expect(lines).toHaveLength(2);
    for (const s of byTrace.data.result) {
      expect(s.stream.trace_id).toBe(ids.traceId);
      expect(s.stream.trace_id).toMatch(/^[0-9a-f]{32}$/);
      expect(s.stream.span_id).toMatch(/^[0-9a-f]{16}$/);
    }

    const parsed = await queryRange(
      backend,
      '{service_name="checkout-sdk"} | json | __error__="" | code >= 400',
    );
    const parsedLines = parsed.data.result.flatMap((s: { values: string[][] }) => s.values.map((v) => v[1]));
    expect(parsedLines).toEqual(['{"level":"error","message":"payment declined","code":402}']);
  });
});

it('logs survive a restart with persistence, and the bound evicts the oldest', async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tracelight-logs-'));
  dirs.push(dataDir);
  backend = await createEmbedded({
    otlpPort: 'ephemeral',
    demo: false,
    dataDir,
    logLimits: { maxEntries: 2, maxBytes: 1 << 30 },
  });
  await emitLogs(
    new ProtoLogExporter({ url: `http://127.0.0.1:${backend.otlpPort}/v1/logs` }),
    'restart-svc',
  );
  expect(backend.logs.size).toBe(2);
  await backend.close();
  backend = await createEmbedded({
    otlpPort: 0,
    demo: false,
    dataDir,
    logLimits: { maxEntries: 10, maxBytes: 1 << 30 },
  });
  const doc = await queryRange(backend, '{service_name="restart-svc"}');
  const lines = doc.data.result.flatMap((s: { values: string[][] }) => s.values.map((v) => v[1]));
  expect(lines.sort()).toEqual(
    [
      'cart validated items=3',
      '{"level":"error","message":"payment declined","code":402}',
      'no trace here',
    ].sort(),
  );
});

it('answers bad /v1/logs payloads as OTLP says and keeps what was stored', async () => {
  backend = await createEmbedded({ otlpPort: 'ephemeral', demo: false });
  const url = `http://127.0.0.1:${backend.otlpPort}/v1/logs`;
  const good = {
    resourceLogs: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'raw' } }] },
        scopeLogs: [
          {
            logRecords: [
              {
                timeUnixNano: '1795300496011045968',
                body: { stringValue: 'ok line' },
                traceId: 'AB'.repeat(16),
              },
              { timeUnixNano: '1795300496011045969', body: { stringValue: 'bad id' }, traceId: 'xyz' },
            ],
          },
        ],
      },
    ],
  };
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(good),
  });
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({
    partialSuccess: { rejectedLogRecords: '1', errorMessage: expect.stringContaining('trace_id') },
  });
  expect(
    (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' })).status,
  ).toBe(400);
  expect(
    (await fetch(url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' })).status,
  ).toBe(415);
  expect(
    (
      await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-protobuf' },
        body: new Uint8Array([0x0a, 0x05, 0x01]),
      })
    ).status,
  ).toBe(400);
  const doc = await backend.loki.handle(
    get('/loki/api/v1/query_range', {
      query: '{service_name="raw"}',
      start: '1795300000',
      end: '1795301000',
    }),
  );
  const body = JSON.parse(String(doc.body));
  expect(body.data.result).toHaveLength(1);
  expect(body.data.result[0].stream.trace_id).toBe('ab'.repeat(16));
  expect(body.data.result[0].values).toEqual([['1795300496011045968', 'ok line']]);
});

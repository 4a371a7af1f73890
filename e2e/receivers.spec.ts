// Traces from senders other than OTLP/HTTP reach the waterfall: one exported over OTLP/gRPC by the
// OpenTelemetry SDK's gRPC exporter, and a recorded Zipkin v2 payload (two services sharing span IDs)
// posted to /api/v2/spans. Each opens from the embedded datasource with its waterfall and its critical
// path on the spans the model puts it on. The home page names both OTLP endpoints it really bound.
import { readFileSync } from 'node:fs';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { decodeTrace } from '../src/formats/index.ts';
import { freePort } from './support/free-port';
import { expect, test } from './support/test';
import { startTracelight, type Tracelight } from './support/tracelight';
import { expectedWaterfall, expectWaterfall } from './support/waterfall';

const ZIPKIN = readFileSync(new URL('../../shared/fixtures/zipkin/ascend.json', import.meta.url), 'utf8');

let app: Tracelight;
let otlpPort: number;
let grpcPort: number;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  otlpPort = await freePort();
  grpcPort = await freePort();
  app = await startTracelight({
    args: [
      '--otlp-port',
      String(otlpPort),
      '--grpc-port',
      String(grpcPort),
      '--no-demo',
      ...(process.env.TRACELIGHT_E2E_DIST ? ['--dist', process.env.TRACELIGHT_E2E_DIST] : []),
    ],
  });
});

test.afterAll(async () => {
  await app?.stop();
});

/** The trace as the app's Tempo datasource answers it, decoded by the one wire layer. */
async function stored(traceId: string) {
  const res = await fetch(`${app.url}api/ds/local/api/v2/traces/${traceId}`);
  expect(res.status).toBe(200);
  return decodeTrace(new Uint8Array(await res.arrayBuffer()), { contentType: 'application/json' }).traces[0];
}

test('the home page names the OTLP/HTTP, OTLP/gRPC, Zipkin and Datadog endpoints on the ports bound', async ({
  page,
}) => {
  await page.goto(app.url);
  const note = page.getByRole('region', { name: /The embedded backend is running/ });
  await expect(note).toContainText(`OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:${otlpPort}`);
  await expect(note).toContainText(
    `OTEL_EXPORTER_OTLP_PROTOCOL=grpc OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:${grpcPort}`,
  );
  await expect(note).toContainText(`Zipkin reporters: http://127.0.0.1:${otlpPort}/api/v2/spans`);
  await expect(note).toContainText(`Datadog tracers: DD_TRACE_AGENT_URL=http://127.0.0.1:${otlpPort}`);
});

test('a trace exported over OTLP/gRPC shows its waterfall with the critical path', async ({ page }) => {
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'checkout-grpc' }),
    spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: `http://127.0.0.1:${grpcPort}` }))],
  });
  const tracer = provider.getTracer('e2e');
  const t0 = Date.now() - 5_000;
  const at = (ms: number) => new Date(t0 + ms);
  const root = tracer.startSpan('POST /checkout', { kind: SpanKind.SERVER, startTime: at(0) });
  const inRoot = trace.setSpan(context.active(), root);
  const auth = tracer.startSpan('authorize', { kind: SpanKind.CLIENT, startTime: at(10) }, inRoot);
  auth.end(at(60));
  const charge = tracer.startSpan('charge card', { kind: SpanKind.CLIENT, startTime: at(70) }, inRoot);
  const insert = tracer.startSpan(
    'INSERT payments',
    { kind: SpanKind.CLIENT, startTime: at(400) },
    trace.setSpan(context.active(), charge),
  );
  insert.setStatus({ code: SpanStatusCode.ERROR, message: 'deadlock detected' });
  insert.end(at(700));
  charge.end(at(720));
  root.end(at(750));
  await provider.shutdown();
  const traceId = root.spanContext().traceId;

  const want = expectedWaterfall(await stored(traceId));
  expect(want.ids).toHaveLength(4);
  await page.goto(`${app.url}trace/${traceId}?ds=local`);
  await expectWaterfall(page, want);
  await expect(page.locator('[role="treegrid"] [role="row"][data-span-id]')).toHaveCount(4);
  await expect(page.locator('[role="treegrid"] [role="row"][data-critical="1"]')).toHaveCount(
    want.critical.length,
  );
  await expect(page.locator('[role="treegrid"]')).toContainText('INSERT payments');
});

test('a Zipkin trace posted to /api/v2/spans shows its waterfall with the critical path', async ({
  page,
}) => {
  const posted = await fetch(`http://127.0.0.1:${otlpPort}/api/v2/spans`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: ZIPKIN,
  });
  expect(posted.status).toBe(202);
  const traceId = '0000000000000000ef86c83c0a05a6d6';
  const want = expectedWaterfall(await stored(traceId));
  expect(want.ids).toHaveLength(8);
  await page.goto(`${app.url}trace/${traceId}?ds=local`);
  await expectWaterfall(page, want);
  await expect(page.locator('[role="treegrid"] [role="row"][data-span-id]')).toHaveCount(8);
  await expect(page.locator('[role="treegrid"] [role="row"][data-critical="1"]')).toHaveCount(
    want.critical.length,
  );
  // The auth-service SERVER half sits under the mobile-gateway CLIENT half that shares its ID.
  await expect(page.locator('[role="treegrid"]')).toContainText(
    'http:/parent/auth-service/v1/authentications/',
  );
});

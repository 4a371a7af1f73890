// A real Prometheus scrapes the receiver's /metrics and stores the exemplars: query_exemplars then
// names the trace that was just sent. Needs Debian's /usr/bin/prometheus (`.ci/run` installs it).

import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PROMETHEUS_BIN,
  prometheusAvailable,
  type RunningPrometheus,
  startPrometheus,
} from '../../../e2e/support/prometheus.ts';
import { createEmbedded, type EmbeddedInstance } from '../index.ts';

// Skipped only off CI: .ci/run installs prometheus, so in CI a missing binary fails the test.
const available = prometheusAvailable() || Boolean(process.env.CI);
if (!available) {
  console.warn(
    `SKIPPED: ${PROMETHEUS_BIN} is not installed; the span-metrics Prometheus test needs it (apt-get install prometheus).`,
  );
}

interface ExemplarSeries {
  seriesLabels: Record<string, string>;
  exemplars: { labels: Record<string, string>; value: string; timestamp: number }[];
}

describe.skipIf(!available)('span metrics scraped by a real Prometheus', () => {
  let backend: EmbeddedInstance;
  let prometheus: RunningPrometheus;

  beforeAll(async () => {
    backend = await createEmbedded({ otlpPort: 'ephemeral', demo: false });
    prometheus = await startPrometheus({ target: `127.0.0.1:${backend.otlpPort}` });
  }, 60_000);

  afterAll(async () => {
    await prometheus?.stop();
    await backend?.close();
  });

  it('query_exemplars returns the trace ID of a trace just sent', async () => {
    const exporter = new OTLPTraceExporter({ url: `http://127.0.0.1:${backend.otlpPort}/v1/traces` });
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'exemplar-check' }),
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    });
    const tracer = provider.getTracer('prometheus-integration');
    const root = tracer.startSpan('POST /pay', { kind: SpanKind.SERVER });
    const child = tracer.startSpan(
      'charge card',
      { kind: SpanKind.CLIENT },
      trace.setSpan(context.active(), root),
    );
    child.setStatus({ code: SpanStatusCode.ERROR, message: 'declined' });
    child.end();
    root.end();
    await provider.forceFlush();
    await provider.shutdown();
    const traceId = root.spanContext().traceId;

    const query = encodeURIComponent('traces_spanmetrics_latency_bucket{service="exemplar-check"}');
    const deadline = Date.now() + 45_000;
    let series: ExemplarSeries[] = [];
    while (Date.now() < deadline) {
      const now = Date.now() / 1000;
      const res = await fetch(
        `${prometheus.url}/api/v1/query_exemplars?query=${query}&start=${now - 600}&end=${now + 60}`,
      );
      const body = (await res.json()) as { status: string; data: ExemplarSeries[] };
      series = body.data ?? [];
      if (series.some((s) => s.exemplars.some((e) => e.labels.trace_id === traceId))) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const withOurTrace = series.filter((s) => s.exemplars.some((e) => e.labels.trace_id === traceId));
    expect(withOurTrace.length, `no exemplar for ${traceId}; Prometheus said:\n${prometheus.output()}`).toBe(
      2,
    );
    const kinds = withOurTrace.map((s) => `${s.seriesLabels.span_kind} ${s.seriesLabels.status_code}`).sort();
    expect(kinds).toEqual(['SPAN_KIND_CLIENT STATUS_CODE_ERROR', 'SPAN_KIND_SERVER STATUS_CODE_UNSET']);
    const spanIds = withOurTrace.flatMap((s) => s.exemplars.map((e) => e.labels.span_id));
    expect(spanIds).toContain(root.spanContext().spanId);
    expect(spanIds).toContain(child.spanContext().spanId);

    const calls = await fetch(
      `${prometheus.url}/api/v1/query?query=${encodeURIComponent('sum(traces_spanmetrics_calls_total{service="exemplar-check"})')}`,
    );
    const callsBody = (await calls.json()) as { data: { result: { value: [number, string] }[] } };
    expect(callsBody.data.result[0].value[1]).toBe('2');
  }, 90_000);
});

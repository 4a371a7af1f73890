import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type ReplayUpstream, startReplayUpstream } from '../../e2e/support/replay-upstream';
import { BadRequestError } from './errors';
import { createHttpClient } from './http';
import { createPrometheusClient, parseQueryResult, parseSampleValue } from './prometheus';

let upstream: ReplayUpstream;
beforeAll(async () => {
  upstream = await startReplayUpstream({ sets: ['prometheus'] });
});
afterAll(async () => {
  await upstream.stop();
});
afterEach(() => {
  upstream.clearOverrides();
  upstream.requests.length = 0;
});

const prom = () => createPrometheusClient(createHttpClient({ baseUrl: upstream.url, label: 'Prometheus' }));
const START = 1795299693;
const END = 1795303293;

describe('Prometheus query_range', () => {
  it('reads a matrix with string values as numbers and seconds as milliseconds', async () => {
    const result = await prom().queryRange({
      query:
        'histogram_quantile(0.95, sum by (le, http_route) (rate(shop_http_server_request_duration_seconds_bucket[1m])))',
      start: START,
      end: END,
      step: 15,
    });
    if (result.resultType !== 'matrix') throw new Error('expected a matrix');
    expect(result.series[0].labels).toEqual({ http_route: '/api/checkout' });
    expect(result.series[0].points[0]).toEqual({ t: 1795303008000, v: 2.3499999999999996 });
    expect(result.warnings).toEqual([]);
  });

  it('reads span-metrics rates per service', async () => {
    const result = await prom().queryRange({
      query: 'sum by (service) (rate(traces_spanmetrics_calls_total[1m]))',
      start: START,
      end: END,
      step: 15,
    });
    if (result.resultType !== 'matrix') throw new Error('expected a matrix');
    expect(result.series.map((s) => s.labels.service)).toContain('checkout');
    expect(result.series.every((s) => s.points.length === 5)).toBe(true);
  });

  it("reports a bad query in Prometheus's words", async () => {
    const error = await prom()
      .queryRange({ query: 'sum(rate(foo[1m])', start: START, end: END, step: 15 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as BadRequestError).backendMessage).toBe('1:18: parse error: unclosed left parenthesis');
  });

  it('keeps NaN and infinities', () => {
    expect(parseSampleValue('NaN')).toBeNaN();
    expect(parseSampleValue('+Inf')).toBe(Number.POSITIVE_INFINITY);
    expect(parseSampleValue('-Inf')).toBe(Number.NEGATIVE_INFINITY);
    expect(parseSampleValue('')).toBeUndefined();
    const result = parseQueryResult({
      status: 'success',
      data: { resultType: 'vector', result: [{ metric: {}, value: [1.5, 'NaN'] }] },
      warnings: ['partial'],
    });
    expect(result).toMatchObject({ resultType: 'vector', warnings: ['partial'] });
    if (result.resultType === 'vector') expect(result.series[0].points[0].v).toBeNaN();
  });

  it('treats a 200 with status error as an error', () => {
    expect(() =>
      parseQueryResult({ status: 'error', errorType: 'execution', error: 'query timed out' }),
    ).toThrow('query timed out');
  });
});

describe('Prometheus exemplars', () => {
  it('reads exemplars carrying trace_id (OpenTelemetry SDK)', async () => {
    const series = await prom().queryExemplars({
      query: 'shop_http_server_request_duration_seconds_bucket',
      start: START,
      end: END,
    });
    expect(series.length).toBeGreaterThan(1);
    expect(series[0].seriesLabels).toMatchObject({ le: '0.25', service: 'api-gateway' });
    expect(series[0].exemplars[0]).toEqual({
      labels: { trace_id: 'e2ef164d06b91913e119d20ab93c10bd' },
      value: 0.24520699999999998,
      t: 1795302998109,
    });
  });

  it("reads Tempo's span-metrics exemplars (traceID label)", async () => {
    const series = await prom().queryExemplars({
      query: 'traces_spanmetrics_latency_bucket{service="payment"}',
      start: START,
      end: END,
    });
    const labels = series.flatMap((s) => s.exemplars.map((e) => e.labels));
    expect(labels.every((l) => typeof l.traceID === 'string')).toBe(true);
    expect(labels.some((l) => l.traceID.length < 32)).toBe(true);
  });

  it('reads an empty answer', async () => {
    expect(
      await prom().queryExemplars({
        query: 'traces_spanmetrics_calls_total{status_code="STATUS_CODE_ERROR"}',
        start: START,
        end: END,
      }),
    ).toEqual([]);
  });
});

describe('Prometheus labels', () => {
  it('lists label names', async () => {
    const labels = await prom().labels();
    expect(labels).toContain('span_name');
    expect(labels).toHaveLength(15);
  });
});

describe('Prometheus queries too long for a URL', () => {
  it('sends a 100 kB PromQL as a form POST, as the Prometheus API allows, and reads the answer', async () => {
    const http = await import('node:http');
    const seen: { method: string; type: string | undefined; form: URLSearchParams }[] = [];
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
        seen.push({ method: req.method ?? '', type: req.headers['content-type'], form });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          '{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"a":"b"},"values":[[1,"2"]]}]}}',
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
    try {
      const query = `sum(rate(calls_total{service="${'s'.repeat(100_000)}"}[5m]))`;
      const client = createPrometheusClient(createHttpClient({ baseUrl: base, label: 'Prometheus' }));
      const result = await client.queryRange({ query, start: START, end: END, step: 60 });
      expect(seen[0]).toMatchObject({ method: 'POST', type: 'application/x-www-form-urlencoded' });
      expect(seen[0].form.get('query')).toBe(query);
      expect(seen[0].form.get('step')).toBe('60');
      expect(result.resultType === 'matrix' && result.series[0].points).toEqual([{ t: 1000, v: 2 }]);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

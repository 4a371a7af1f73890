import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type ReplayUpstream, startReplayUpstream } from '../../e2e/support/replay-upstream';
import { BadRequestError, TooLargeError, UnavailableError } from './errors';
import { createHttpClient } from './http';
import { compareNs, createLokiClient, mergeLogPages, nextPageRequest } from './loki';

let upstream: ReplayUpstream;
beforeAll(async () => {
  upstream = await startReplayUpstream({ sets: ['loki'] });
});
afterAll(async () => {
  await upstream.stop();
});
afterEach(() => {
  upstream.clearOverrides();
  upstream.requests.length = 0;
});

const loki = () => createLokiClient(createHttpClient({ baseUrl: upstream.url, label: 'Loki' }));
const TRACE = '2bafbe17c123c304432c535342f87d81';
const START = 1795292391000000000n;
const END = 1795303191000000000n;

describe('Loki query_range', () => {
  it('asks for categorized labels and keeps structured metadata and parsed labels apart', async () => {
    const result = await loki().queryRange({
      query: `{env="prod"} |= "${TRACE}" | logfmt`,
      startNs: 1795292403000000000n,
      endNs: 1795303203000000000n,
      limit: 20,
      direction: 'forward',
    });
    expect(upstream.requests[0].headers['x-loki-response-encoding-flags']).toBe('categorize-labels');
    if (result.resultType !== 'streams') throw new Error('expected streams');
    expect(result.categorized).toBe(true);
    expect(result.lines).toHaveLength(20);
    expect(result.limitReached).toBe(true);
    const first = result.lines[0];
    expect(first.timeNs).toBe('1795300496011045968');
    expect(first.labels).toEqual({
      env: 'prod',
      job: 'edge/api-gateway',
      namespace: 'edge',
      service_name: 'api-gateway',
    });
    expect(first.structuredMetadata).toMatchObject({ trace_id: TRACE, span_id: '48cb889768a3f10d' });
    expect(first.parsed).toMatchObject({ msg: 'start POST /api/checkout' });
    // Sorted across streams, oldest first for direction=forward.
    for (let i = 1; i < result.lines.length; i++) {
      expect(compareNs(result.lines[i - 1].timeNs, result.lines[i].timeNs)).toBeLessThanOrEqual(0);
    }
    expect(result.streamCount).toBeGreaterThan(1);
  });

  it('reads an answer without categorize-labels (metadata merged into one stream per span)', async () => {
    const result = await loki().queryRange({
      query: `{env="prod"} |= "${TRACE}"`,
      startNs: START,
      endNs: END,
      limit: 500,
      direction: 'forward',
    });
    if (result.resultType !== 'streams') throw new Error('expected streams');
    expect(result.categorized).toBe(false);
    expect(result.limitReached).toBe(false);
    expect(result.streamCount).toBeGreaterThan(10);
    expect(result.lines.filter((line) => line.labels.trace_id === TRACE).length).toBe(17);
    expect(result.lines.every((line) => Object.keys(line.structuredMetadata).length === 0)).toBe(true);
    const times = result.lines.map((line) => line.timeNs);
    expect([...times].sort(compareNs)).toEqual(times);
  });

  it('sorts newest first for direction=backward across streams', async () => {
    const result = await loki().queryRange({
      query: '{namespace="shop"} | logfmt | level="error"',
      startNs: START,
      endNs: END,
      limit: 50,
      direction: 'backward',
    });
    if (result.resultType !== 'streams') throw new Error('expected streams');
    expect(result.streamCount).toBeGreaterThan(1);
    const times = result.lines.map((line) => line.timeNs);
    expect([...times].sort((a, b) => compareNs(b, a))).toEqual(times);
    expect(result.lines[0].timeMs).toBeCloseTo(Number(times[0]) / 1e6, -1);
  });

  it('reads metric queries as series with numeric values', async () => {
    const result = await loki().queryRange({
      query: 'sum by (service_name) (count_over_time({env="prod"}[1m]))',
      startNs: START,
      endNs: END,
      limit: 100,
      direction: 'backward',
      step: 60,
    });
    if (result.resultType !== 'matrix') throw new Error('expected matrix');
    expect(result.series[0].labels).toEqual({ service_name: 'api-gateway' });
    expect(result.series[0].points[0]).toEqual({ t: 1795300500000, v: 14 });
  });

  it("reports Loki's parse errors in its own words", async () => {
    const error = await loki()
      .queryRange({ query: '{service_name="payment"', startNs: START, endNs: END, limit: 10 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as BadRequestError).backendMessage).toBe(
      'parse error at line 1, col 24: syntax error: unexpected $end, expecting } or ,',
    );
    expect((error as BadRequestError).position).toEqual({ line: 1, column: 24 });
    const empty = await loki()
      .queryRange({ query: '{} |= "x"', startNs: START, endNs: END, limit: 10 })
      .catch((e: unknown) => e);
    expect((empty as BadRequestError).backendMessage).toContain('queries require at least one regexp');
  });

  it('says that an instant log query is refused, as Loki says it', async () => {
    const error = await loki()
      .query({ query: `{env="prod"} |= "${TRACE}"`, limit: 5, timeNs: END })
      .catch((e: unknown) => e);
    expect((error as BadRequestError).backendMessage).toContain(
      'log queries are not supported as an instant query',
    );
  });

  it('turns a gateway 502 into an unavailable error', async () => {
    upstream.override('/loki/api/v1/query_range', {
      status: 502,
      headers: { 'X-Tracelight-Gateway': 'error', 'Content-Type': 'application/json' },
      body: '{"error":{"status":502,"message":"upstream unreachable (ECONNREFUSED)","datasource":"loki"}}',
    });
    const error = await loki()
      .queryRange({ query: '{a="b"}', startNs: START, endNs: END })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnavailableError);
    expect((error as UnavailableError).message).toContain('ECONNREFUSED');
  });
});

describe('Loki labels', () => {
  it('lists label names and values; an unknown label has none', async () => {
    expect(await loki().labels({ startNs: START, endNs: END })).toEqual([
      'env',
      'job',
      'namespace',
      'service_name',
    ]);
    const services = await loki().labelValues('service_name', { startNs: START, endNs: END });
    expect(services).toContain('checkout');
    expect(services).toHaveLength(11);
    expect(await loki().labelValues('nope', { startNs: START, endNs: END })).toEqual([]);
  });
});

describe('paging', () => {
  it('asks for the next page from the last line and drops the lines seen twice', async () => {
    const request = {
      query: '{service_name="payment"}',
      startNs: START,
      endNs: END,
      limit: 20,
      direction: 'backward' as const,
    };
    const first = await loki().queryRange(request);
    if (first.resultType !== 'streams') throw new Error('expected streams');
    const next = nextPageRequest(request, first.lines);
    expect(next?.endNs).toBe(BigInt(first.lines.at(-1)?.timeNs ?? '0') + 1n);
    expect(next?.startNs).toBe(START);
    const merged = mergeLogPages(first.lines, [first.lines.at(-1)!, ...first.lines.slice(0, 2)]);
    expect(merged).toHaveLength(first.lines.length);
    const forward = nextPageRequest({ ...request, direction: 'forward' }, first.lines);
    expect(forward?.startNs).toBe(BigInt(first.lines.at(-1)!.timeNs));
  });
});

describe('Loki queries too long for a URL', () => {
  const seen: { method: string; contentType: string | undefined; url: string; body: string }[] = [];
  let server: import('node:http').Server;
  let base = '';
  beforeAll(async () => {
    const http = await import('node:http');
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        seen.push({
          method: req.method ?? '',
          contentType: req.headers['content-type'],
          url: req.url ?? '',
          body: Buffer.concat(chunks).toString('utf8'),
        });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ status: 'success', data: { resultType: 'streams', result: [] } }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  afterEach(() => {
    seen.length = 0;
  });
  const client = () => createLokiClient(createHttpClient({ baseUrl: base, label: 'Loki' }));
  const spanQuery = (service: string) => ({
    query: `{service_name="${service}"} | trace_id="${TRACE}"`,
    startNs: START,
    endNs: END,
    limit: 100,
    direction: 'forward' as const,
  });

  it('keeps a short query a GET', async () => {
    await client().queryRange(spanQuery('checkout'));
    expect(seen[0].method).toBe('GET');
  });

  it('sends a 100 kB service name as a form POST with every parameter in the body', async () => {
    const service = 's'.repeat(100_000);
    await client().queryRange(spanQuery(service));
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: 'POST', contentType: 'application/x-www-form-urlencoded' });
    expect(seen[0].url).toBe('/loki/api/v1/query_range');
    const form = new URLSearchParams(seen[0].body);
    expect(form.get('query')).toBe(spanQuery(service).query);
    expect([form.get('start'), form.get('end'), form.get('limit'), form.get('direction')]).toEqual([
      START.toString(),
      END.toString(),
      '100',
      'forward',
    ]);
  });

  it('says a 1 MB service name is too long instead of sending it', async () => {
    const failure = await client()
      .queryRange(spanQuery('s'.repeat(1024 * 1024)))
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TooLargeError);
    expect((failure as Error).message).toMatch(
      /^The query is too long to send to Loki \(1,048,\d{3} bytes encoded/,
    );
    expect(seen).toHaveLength(0);
  });
});

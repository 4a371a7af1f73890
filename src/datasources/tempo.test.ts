import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type ReplayUpstream, startReplayUpstream } from '../../e2e/support/replay-upstream';
import {
  BadRequestError,
  InvalidResponseError,
  NotFoundError,
  RateLimitedError,
  TimeoutError,
  TooLargeError,
  UnauthorizedError,
  UnavailableError,
} from './errors';
import { createHttpClient } from './http';
import { errorFact, serviceCount } from './summaries';
import { createTempoClient, parseTempoSearch } from './tempo';

let upstream: ReplayUpstream;
beforeAll(async () => {
  upstream = await startReplayUpstream({ sets: ['tempo'] });
});
afterAll(async () => {
  await upstream.stop();
});
afterEach(() => {
  upstream.clearOverrides();
  upstream.requests.length = 0;
});

function tempo(options: { tenant?: string; timeoutMs?: number } = {}) {
  const headers: Record<string, string> = options.tenant ? { 'X-Scope-OrgID': options.tenant } : {};
  return createTempoClient(
    createHttpClient({ baseUrl: upstream.url, headers, timeoutMs: options.timeoutMs, label: 'Tempo' }),
  );
}

const decoder = new TextDecoder();
const ERROR_TRACE = '2bafbe17c123c304432c535342f87d81';
const BIG_TRACE = '5f8d122418e0697eae4509d2a6e3ba20';
const MISSING_TRACE = '0123456789abcdef0123456789abcdef';

describe('Tempo trace by ID', () => {
  it('asks v2 for protobuf and returns the protobuf payload untouched', async () => {
    const raw = await tempo().getTrace(ERROR_TRACE);
    expect(raw.api).toBe('tempo-v2');
    expect(raw.contentType).toBe('application/protobuf');
    expect(raw.bytes.byteLength).toBe(11264);
    expect(raw.partialMessage).toBeUndefined();
    expect(upstream.requests[0]).toMatchObject({ path: `/api/v2/traces/${ERROR_TRACE}` });
    expect(upstream.requests[0].headers.accept).toBe('application/protobuf');
  });

  it('accepts a JSON answer where protobuf was asked for', async () => {
    const raw = await tempo().getTrace('3f4645ab705f0e6bc3a5d919b4bc2e0e');
    expect(raw.contentType).toBe('application/json');
    expect(decoder.decode(raw.bytes)).toContain('"resourceSpans"');
  });

  it('passes the optional time window as Unix seconds', async () => {
    await expect(
      tempo().getTrace(ERROR_TRACE, { start: 1795302990, end: 1795303110 }),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect(upstream.requests[0].query).toBe('start=1795302990&end=1795303110');
  });

  it.each([[{ start: 1795302990 }], [{ end: 1795303110 }], [{ start: 1795303110, end: 1795302990 }]])(
    'sends no half or reversed window %j (Tempo refuses it)',
    async (window) => {
      await tempo()
        .getTrace(ERROR_TRACE, window)
        .catch(() => undefined);
      expect(upstream.requests[0].query).toBe('');
    },
  );

  it('treats v2 200-with-empty-trace as not found, without falling back', async () => {
    const error = await tempo()
      .getTrace(MISSING_TRACE)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).message).toContain(MISSING_TRACE);
    expect(upstream.requests.map((r) => r.path)).toEqual([`/api/v2/traces/${MISSING_TRACE}`]);
  });

  it('falls back to v1 when v2 is missing (older Tempo) and reports v1 404 as not found', async () => {
    upstream.override('/api/v2/traces/', { status: 404, body: '404 page not found\n' });
    const client = tempo();
    const raw = await client.getTrace(ERROR_TRACE);
    expect(raw.api).toBe('tempo-v1');
    expect(raw.contentType).toBe('application/protobuf');
    expect(raw.bytes.byteLength).toBe(11254);
    await expect(client.getTrace(MISSING_TRACE)).rejects.toBeInstanceOf(NotFoundError);
    // v2's absence is remembered by the client: the second lookup goes straight to v1.
    expect(upstream.requests.map((r) => r.path)).toEqual([
      `/api/v2/traces/${ERROR_TRACE}`,
      `/api/traces/${ERROR_TRACE}`,
      `/api/traces/${MISSING_TRACE}`,
    ]);
  });

  it('surfaces PARTIAL with its message from protobuf', async () => {
    const raw = await tempo({ tenant: 'single-tenant' }).getTrace(BIG_TRACE);
    expect(raw.contentType).toBe('application/protobuf');
    expect(raw.partialMessage).toBe(
      'Trace exceeds maximum size of 200000 bytes, a partial trace is returned',
    );
  });

  it('reads the PARTIAL status from JSON without decoding the spans', async () => {
    const raw = await createTempoClient(
      createHttpClient({
        baseUrl: upstream.url,
        headers: { 'X-Scope-OrgID': 'single-tenant' },
        fetch: (input, init) =>
          fetch(input, { ...init, headers: { ...init?.headers, Accept: 'application/json' } }),
      }),
    ).getTrace(BIG_TRACE);
    expect(raw.contentType).toBe('application/json');
    expect(raw.bytes.byteLength).toBe(1214635);
    expect(raw.partialMessage).toBe(
      'Trace exceeds maximum size of 200000 bytes, a partial trace is returned',
    );
  });

  it('reports a trace over the size limit (v1 422) as too large, in Tempo’s words', async () => {
    upstream.override('/api/v2/traces/', { status: 404, body: '404 page not found\n' });
    const error = await tempo({ tenant: 'single-tenant' })
      .getTrace(BIG_TRACE)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TooLargeError);
    expect((error as TooLargeError).backendMessage).toBe('trace exceeds max size (max bytes: 200000)');
  });

  it('reports a malformed ID as a bad request with Tempo’s message', async () => {
    const error = await tempo()
      .getTrace('not-a-trace-id')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as BadRequestError).backendMessage).toContain('trace IDs can only contain hex characters');
  });
});

describe('Tempo search', () => {
  it('returns typed summaries with IDs left-padded to 32 hex', async () => {
    const result = await tempo().search({ q: '{}', start: 1795292222, end: 1795303022, limit: 20, spss: 3 });
    expect(result.traces).toHaveLength(20);
    expect(result.limitReached).toBe(true);
    expect(result.limit).toBe(20);
    for (const trace of result.traces) expect(trace.traceId).toMatch(/^[0-9a-f]{32}$/);
    // Tempo sent `73bad988b85ac85925c6a3da73e917d` (31 chars).
    expect(result.traces[0].traceId).toBe('073bad988b85ac85925c6a3da73e917d');
    expect(result.traces[0].rootService).toBe('api-gateway');
    expect(result.traces[0].rootName).toBe('POST /api/checkout');
    expect(result.inspected?.bytes).toBe(532588);
    expect(result.inspected?.completedJobs).toBe(4);
  });

  it('carries service stats, error counts and matched spans with attributes', async () => {
    const result = await tempo().search({
      q: '{ status = error }',
      start: 1795292222,
      end: 1795303022,
      spss: 5,
    });
    const first = result.traces[0];
    expect(first.services?.find((s) => s.name === 'payment')).toEqual({
      name: 'payment',
      spanCount: 4,
      errorCount: 2,
    });
    // `auth` has no errorCount key: Tempo leaves zeros out.
    expect(first.services?.find((s) => s.name === 'auth')?.errorCount).toBe(0);
    expect(first.errorCount).toBe(6);
    expect(first.spanCount).toBe(25);
    const span = first.matchedSpans?.[0];
    expect(span?.spanId).toBe('63cb46fdc5feef21');
    expect(span?.attributes).toEqual([{ key: 'status', value: { type: 'string', value: 'error' } }]);
    expect(span?.durationMs).toBeCloseTo(574.315883, 6);
  });

  it('leaves span, error and service counts unknown when Tempo sends no serviceStats', () => {
    // The recording of a legacy tag search: Tempo answers with root service and name only.
    const body = JSON.parse(
      readFileSync(
        new URL('../../../shared/fixtures/tempo/tempo-search-tags-legacy.body', import.meta.url),
        'utf8',
      ),
    );
    const result = parseTempoSearch(body, 5);
    expect(result.traces).toHaveLength(5);
    for (const trace of result.traces) {
      expect(trace.rootService).toBe('api-gateway');
      // Unknown, not "1 service, no errors": the root service is one of several.
      expect(trace.services).toBeUndefined();
      expect(trace.spanCount).toBeUndefined();
      expect(trace.errorCount).toBeUndefined();
      expect(errorFact(trace)).toBe('unknown');
      expect(serviceCount(trace)).toBeUndefined();
    }
  });

  it('keeps selected attributes on matched spans', async () => {
    const result = await tempo().search({
      q: '{ resource.service.name = "ml-inference" } | select(span.ml.device, span.ml.model, status)',
      start: 1795292222,
      end: 1795303022,
      limit: 10,
      spss: 3,
    });
    const spans = result.traces[0].matchedSpans ?? [];
    expect(spans.map((s) => s.spanId)).toEqual(['4be60ff1583f3ca3', '721624c3ae849709', 'f1093216423b6d2a']);
    expect(spans[1].attributes).toContainEqual({ key: 'ml.device', value: { type: 'string', value: 'gpu' } });
    expect(result.traces[0].matchedCount).toBe(3);
  });

  it('says when fewer traces than the limit came back', async () => {
    const result = await tempo({ tenant: 'single-tenant' }).search({
      q: '{ status = error }',
      limit: 3,
      start: 1795292222,
      end: 1795306000,
    });
    expect(result.traces).toHaveLength(3);
    expect(result.limitReached).toBe(true);
    const empty = await tempo({ tenant: 'team-b' }).search({
      q: '{}',
      limit: 3,
      start: 1795292222,
      end: 1795306000,
    });
    expect(empty.traces).toEqual([]);
    expect(empty.limitReached).toBe(false);
  });

  it('reports a TraceQL parse error with line and column', async () => {
    const error = await tempo()
      .search({ q: '{ status = }', start: 1795292222, end: 1795303022, limit: 20, spss: 3 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    const bad = error as BadRequestError;
    expect(bad.status).toBe(400);
    expect(bad.backendMessage).toBe(
      'invalid TraceQL query: parse error at line 1, col 12: syntax error: unexpected }',
    );
    expect(bad.position).toEqual({ line: 1, column: 12 });
  });

  it('reports a missing tenant as unauthorized (401 no org id)', async () => {
    const error = await tempo()
      .search({ q: '{}', limit: 5, start: 1795292222, end: 1795306000 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect((error as UnauthorizedError).backendMessage).toBe('no org id');
  });
});

describe('Tempo tags, values, build info, echo', () => {
  it('groups tags by scope', async () => {
    const scopes = await tempo().tags({ scope: 'intrinsic' });
    expect(scopes.map((s) => s.name)).toEqual(['intrinsic']);
    expect(scopes[0].tags).toContain('trace:rootService');
  });

  it('filters tag values by the current query', async () => {
    const values = await tempo().tagValues('name', {
      q: '{ resource.service.name = "payment" }',
      start: 1795292222,
      end: 1795303022,
    });
    expect(values.length).toBeGreaterThan(0);
    expect(upstream.requests[0].path).toBe('/api/v2/search/tag/name/values');
    const kinds = await tempo().tagValues('kind');
    expect(kinds).toContainEqual({ type: 'keyword', value: 'server' });
    const codes = await tempo().tagValues('span.http.response.status_code', {
      start: 1795292222,
      end: 1795303022,
    });
    expect(codes).toContainEqual({ type: 'int', value: '502' });
  });

  it('reads build info and echo', async () => {
    expect((await tempo().buildInfo()).version).toBe('3.0.3');
    expect(await tempo().echo()).toBe('echo');
  });
});

describe('Tempo failures the replay upstream is told to produce', () => {
  it('429 carries Retry-After', async () => {
    upstream.override('/api/search', { status: 429, headers: { 'Retry-After': '7' }, body: 'slow down' });
    const error = await tempo()
      .search({ q: '{}' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterSeconds).toBe(7);
    expect((error as RateLimitedError).backendMessage).toBe('slow down');
  });

  it('5xx is unavailable; the gateway’s own errors are recognised', async () => {
    upstream.override('/api/echo', { status: 503, body: 'Service Unavailable' });
    await expect(tempo().echo()).rejects.toBeInstanceOf(UnavailableError);
    upstream.override('/api/echo', {
      status: 502,
      headers: { 'X-Tracelight-Gateway': 'error', 'Content-Type': 'application/json' },
      body: JSON.stringify({
        error: { status: 502, message: 'upstream refused the connection', datasource: 'tempo' },
      }),
    });
    const error = await tempo()
      .echo()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnavailableError);
    expect((error as UnavailableError).fromGateway).toBe(true);
    expect((error as UnavailableError).backendMessage).toBe('upstream refused the connection');
  });

  it('times out', async () => {
    upstream.override('/api/v2/traces/', { delayMs: 1_000 });
    const started = Date.now();
    const error = await tempo({ timeoutMs: 200 })
      .getTrace(ERROR_TRACE)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(Date.now() - started).toBeLessThan(900);
  });

  it('a cancelled call is aborted, not a failure to show', async () => {
    upstream.override('/api/v2/traces/', { delayMs: 1_000 });
    const controller = new AbortController();
    const pending = tempo()
      .getTrace(ERROR_TRACE, { signal: controller.signal })
      .catch((e: unknown) => e);
    setTimeout(() => controller.abort(), 50);
    const error = await pending;
    expect((error as { kind: string }).kind).toBe('aborted');
  });

  it('a cut-off body is an invalid response', async () => {
    upstream.override('/api/v2/traces/', { cutAfterBytes: 1000 });
    const error = await tempo()
      .getTrace(ERROR_TRACE)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as InvalidResponseError).message).toContain('cut off');
  });
});

describe('Tempo TraceQL metrics', () => {
  // The recordings' window: 2026-11-21, start and end in seconds, 60 s steps.
  const RANGE = { start: 1795300322_000, end: 1795303022_000, step: '60s' };

  it('asks query_range in seconds and parses every series, with 0 where Tempo leaves out the value', async () => {
    const set = await tempo().queryRange('{} | rate() by (resource.service.name)', RANGE);
    expect(upstream.requests[0]).toMatchObject({ path: '/api/metrics/query_range' });
    const params = new URLSearchParams(upstream.requests[0].query);
    expect(params.get('start')).toBe('1795300322');
    expect(params.get('end')).toBe('1795303022');
    expect(params.get('step')).toBe('60s');
    expect(params.has('exemplars')).toBe(false);

    expect(set.series).toHaveLength(11);
    const gateway = set.series[0];
    expect(gateway.labels).toEqual([
      { key: 'resource.service.name', value: { type: 'string', value: 'api-gateway' } },
    ]);
    expect(gateway.samples).toHaveLength(47);
    expect(gateway.samples[0]).toEqual([1795300320000, 0]);
    expect(gateway.samples[3]).toEqual([1795300500000, 0.11666666666666667]);
    expect(gateway.samples.at(-1)).toEqual([1795303080000, 0]);
    expect(set.series.reduce((n, s) => n + s.exemplars.length, 0)).toBe(50);
    expect(set.inspected?.spans).toBeGreaterThan(0);
  });

  it('sends exemplars= and pads exemplar trace IDs that Tempo sent without leading zeros', async () => {
    const set = await tempo().queryRange('{ resource.service.name = "api-gateway" } | rate()', RANGE, {
      exemplars: 10,
    });
    expect(new URLSearchParams(upstream.requests[0].query).get('exemplars')).toBe('10');
    expect(set.series[0].labels).toEqual([{ key: '__name__', value: { type: 'string', value: 'rate' } }]);
    const exemplars = set.series[0].exemplars;
    expect(exemplars).toHaveLength(7);
    // Recorded as "c87431bc0f217a3d69a9031f43f93c" (30 hex digits).
    expect(exemplars[0]).toEqual({
      traceId: '00c87431bc0f217a3d69a9031f43f93c',
      spanId: undefined,
      tsMs: 1795300683598,
      value: 1.0833333333333333,
      labels: [{ key: 'resource.service.name', value: { type: 'string', value: 'api-gateway' } }],
    });
    // One exemplar lists trace:id after the service: order does not matter.
    for (const e of exemplars) expect(e.traceId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('keeps the functions own labels (p for quantiles, __bucket for histograms) typed', async () => {
    const quantiles = await tempo().queryRange(
      '{ resource.service.name = "checkout" && kind = server } | quantile_over_time(duration, .5, .9, .99)',
      RANGE,
    );
    expect(quantiles.series.map((s) => s.labels[0])).toEqual([
      { key: 'p', value: { type: 'double', value: 0.5 } },
      { key: 'p', value: { type: 'double', value: 0.9 } },
      { key: 'p', value: { type: 'double', value: 0.99 } },
    ]);
    expect(quantiles.series[0].samples[3]).toEqual([1795300500000, 2.147483648]);
    const histogram = await tempo().queryRange(
      '{ resource.service.name = "payment" } | histogram_over_time(duration)',
      RANGE,
    );
    expect(histogram.series[0].labels).toEqual([
      { key: '__bucket', value: { type: 'double', value: 0.001048576 } },
    ]);
  });

  it('asks the instant endpoint without a step and puts each value at the end of the range', async () => {
    const set = await tempo().queryInstant(
      '{ status = error } | count_over_time() by (resource.service.name)',
      {
        start: 1795299422_000,
        end: 1795303022_000,
        step: '60s',
      },
    );
    expect(upstream.requests[0]).toMatchObject({ path: '/api/metrics/query' });
    expect(new URLSearchParams(upstream.requests[0].query).has('step')).toBe(false);
    expect(set.series.map((s) => [s.labels[0].value, s.samples])).toEqual([
      [{ type: 'string', value: 'api-gateway' }, [[1795303022000, 54]]],
      [{ type: 'string', value: 'batch-jobs' }, [[1795303022000, 10]]],
      [{ type: 'string', value: 'checkout' }, [[1795303022000, 54]]],
      [{ type: 'string', value: 'fraud-check' }, [[1795303022000, 5]]],
      [{ type: 'string', value: 'inventory' }, [[1795303022000, 22]]],
      [{ type: 'string', value: 'payment' }, [[1795303022000, 32]]],
    ]);
  });

  it("turns Tempo's plain-text 400s into BadRequestErrors in Tempo's words, with the place", async () => {
    const invalid = await tempo()
      .queryRange('{ status = error } | rate(', RANGE)
      .catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(BadRequestError);
    expect((invalid as BadRequestError).backendMessage).toBe(
      'parse error at line 1, col 27: syntax error: unexpected $end, expecting )',
    );
    expect((invalid as BadRequestError).position).toEqual({ line: 1, column: 27 });

    const notMetrics = await tempo()
      .queryRange('{ status = error }', RANGE)
      .catch((e: unknown) => e);
    expect(notMetrics).toBeInstanceOf(BadRequestError);
    expect((notMetrics as BadRequestError).backendMessage).toBe('not a metrics query');
  });

  it('refuses an answer that is not an object', async () => {
    upstream.override('/api/metrics/query_range', {
      status: 200,
      headers: { 'Content-Type': 'application/json' },
      body: '[1,2]',
    });
    await expect(tempo().queryRange('{} | rate()', RANGE)).rejects.toBeInstanceOf(InvalidResponseError);
  });
});

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type ReplayUpstream, startReplayUpstream } from '../../e2e/support/replay-upstream';
import { NotFoundError, RateLimitedError, UnavailableError } from './errors';
import { createHttpClient } from './http';
import { createJaegerClient } from './jaeger';

let current: ReplayUpstream;
let legacyOnly: ReplayUpstream;
beforeAll(async () => {
  current = await startReplayUpstream({ sets: ['jaeger-v3', 'jaeger-legacy'] });
  legacyOnly = await startReplayUpstream({ sets: ['jaeger-legacy'] });
});
afterAll(async () => {
  await current.stop();
  await legacyOnly.stop();
});
afterEach(() => {
  for (const upstream of [current, legacyOnly]) {
    upstream.clearOverrides();
    upstream.requests.length = 0;
  }
});

const jaeger = (upstream: ReplayUpstream) =>
  createJaegerClient(createHttpClient({ baseUrl: `${upstream.url}/`, label: 'Jaeger' }));
const window = { startMs: Date.parse('2026-11-21T22:00:00Z'), endMs: Date.parse('2026-11-21T23:00:00Z') };
const decoder = new TextDecoder();

describe('Jaeger /api/v3', () => {
  it('is detected once and remembered by the client', async () => {
    const client = jaeger(current);
    expect(await client.api()).toBe('v3');
    expect(await client.services()).toEqual(['foo']);
    expect(await client.operations('foo')).toEqual([{ name: 'get_users', spanKind: 'server' }]);
    expect(current.requests.filter((r) => r.path === '/api/v3/services')).toHaveLength(2);
    // A second client detects again: nothing is shared between instances.
    await jaeger(current).api();
    expect(current.requests.filter((r) => r.path === '/api/v3/services')).toHaveLength(3);
  });

  it('searches trace summaries with RFC 3339 times and Go durations', async () => {
    const result = await jaeger(current).search({
      ...window,
      service: 'frontend',
      minDurationMs: 1.5,
      tags: { error: 'true' },
      limit: 5,
    });
    expect(result.traces).toEqual([
      {
        traceId: '00000000000000000000000000000001',
        rootService: 'frontend',
        rootName: 'HTTP GET /',
        startUnixMs: 1_000_000,
        durationMs: 1_000,
        spanCount: 2,
        errorCount: 1,
        services: [{ name: 'frontend', spanCount: 2, errorCount: 1 }],
      },
    ]);
    expect(result.limitReached).toBe(false);
    const request = current.requests.find((r) => r.path === '/api/v3/trace-summaries');
    const query = new URLSearchParams(request?.query);
    expect(query.get('query.service_name')).toBe('frontend');
    expect(query.get('query.start_time_min')).toBe('2026-11-21T22:00:00.000Z');
    expect(query.get('query.duration_min')).toBe('1500us');
    expect(JSON.parse(query.get('query.attributes') ?? '')).toEqual({ error: 'true' });
  });

  it('groups /api/v3/traces spans by trace when trace-summaries is missing', async () => {
    current.override('/api/v3/trace-summaries', { status: 404, body: '404 page not found' });
    const result = await jaeger(current).search({ ...window, service: 'foo' });
    expect(result.traces).toHaveLength(1);
    expect(result.traces[0]).toMatchObject({
      traceId: '00000000000000000000000000000001',
      rootName: 'foobar',
      spanCount: 1,
      errorCount: 1,
    });
  });

  it('reads "No traces found" as an empty result, not an error', async () => {
    current.override('/api/v3/trace-summaries', {
      status: 404,
      headers: { 'Content-Type': 'application/json' },
      body: '{"error":{"httpCode":404,"message":"No traces found"}}',
    });
    const result = await jaeger(current).search({ ...window, service: 'foo' });
    expect(result.traces).toEqual([]);
  });

  it('fetches a trace as OTLP JSON, accepting the 16-hex and 32-hex spellings', async () => {
    const raw = await jaeger(current).getTrace('00000000000000000000000000000001');
    expect(raw.api).toBe('jaeger-v3');
    expect(JSON.parse(decoder.decode(raw.bytes)).result.resourceSpans[0].scopeSpans[0].spans[0].name).toBe(
      'foobar',
    );
  });

  it('maps a missing trace to not found, in Jaeger’s words', async () => {
    current.override('/api/v3/traces/0000000000000000000000000000abcd', {
      status: 404,
      headers: { 'Content-Type': 'application/json' },
      body: '{"error":{"httpCode":404,"message":"trace not found"}}',
    });
    const error = await jaeger(current)
      .getTrace('0000000000000000000000000000abcd')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).message).toContain('abcd');
  });

  it('turns 429 and 5xx into typed errors with the backend message', async () => {
    current.override('/api/v3/services', { status: 429, headers: { 'Retry-After': '3' }, body: '' });
    const limited = await jaeger(current)
      .services()
      .catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(RateLimitedError);
    expect((limited as RateLimitedError).retryAfterSeconds).toBe(3);
    current.override('/api/v3/services', {
      status: 500,
      headers: { 'Content-Type': 'application/json' },
      body: '{"error":{"httpCode":500,"message":"storage is down"}}',
    });
    const down = await jaeger(current)
      .services()
      .catch((e: unknown) => e);
    expect(down).toBeInstanceOf(UnavailableError);
    expect((down as UnavailableError).backendMessage).toBe('storage is down');
  });
});

describe('Jaeger legacy /api (older Jaegers)', () => {
  it('falls back when /api/v3 is missing and remembers it', async () => {
    const client = jaeger(legacyOnly);
    expect(await client.api()).toBe('legacy');
    expect(await client.services()).toEqual(['example-trace', 'service-x', 'service-y', 'telemetrygen']);
    expect(await client.operations('service-y')).toContainEqual({ name: 'some-operation', spanKind: '' });
    expect(legacyOnly.requests.filter((r) => r.path.startsWith('/api/v3'))).toHaveLength(1);
  });

  it('searches with microsecond times and summarises the full traces', async () => {
    const result = await jaeger(legacyOnly).search({ ...window, service: 'telemetrygen', limit: 20 });
    const ids = result.traces.map((t) => t.traceId);
    expect(ids).toContain('00000000000000000000000000000001');
    expect(ids).toContain('83a9efd15c1c98a977e0711cc93ee28b');
    const request = legacyOnly.requests.find((r) => r.path === '/api/traces');
    const query = new URLSearchParams(request?.query);
    expect(query.get('start')).toBe(String(window.startMs * 1000));
    expect(query.get('end')).toBe(String(window.endMs * 1000));
    const otlp = result.traces.find((t) => t.traceId === '83a9efd15c1c98a977e0711cc93ee28b');
    expect(otlp?.rootService).not.toBe('');
    expect(otlp?.spanCount).toBeGreaterThan(0);
  });

  it('fetches a trace in the {data:[…]} envelope and maps 404 to not found', async () => {
    const raw = await jaeger(legacyOnly).getTrace('00000000000000000000000000000001');
    expect(raw.api).toBe('jaeger-legacy');
    expect(JSON.parse(decoder.decode(raw.bytes)).data[0].traceID).toBe('0000000000000001');
    await expect(jaeger(legacyOnly).getTrace('0123456789abcdef0123456789abcdef')).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it('reads an empty data array as not found', async () => {
    legacyOnly.override('/api/traces/00000000000000000000000000000042', {
      status: 200,
      headers: { 'Content-Type': 'application/json' },
      body: '{"data":[],"total":0,"limit":0,"offset":0,"errors":null}',
    });
    await expect(jaeger(legacyOnly).getTrace('00000000000000000000000000000042')).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });
});

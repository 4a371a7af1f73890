import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type ReplayUpstream, startReplayUpstream } from '../../e2e/support/replay-upstream';
import { InvalidResponseError, NotFoundError, TimeoutError } from './errors';
import { createHttpClient } from './http';
import { annotationQuery, createZipkinClient, zipkinTraceId } from './zipkin';

let upstream: ReplayUpstream;
beforeAll(async () => {
  upstream = await startReplayUpstream({ sets: ['zipkin'] });
});
afterAll(async () => {
  await upstream.stop();
});
afterEach(() => {
  upstream.clearOverrides();
  upstream.requests.length = 0;
});

const zipkin = (timeoutMs?: number) =>
  createZipkinClient(createHttpClient({ baseUrl: upstream.url, label: 'Zipkin', timeoutMs }));
const decoder = new TextDecoder();

describe('Zipkin client', () => {
  it('lists services and span names', async () => {
    const services = await zipkin().services();
    expect(services).toContain('servicea');
    expect(services).toContain('mobile-gateway');
    expect(await zipkin().spanNames('serviceb')).toEqual(['async', 'on-message', 'poll', 'post']);
  });

  it('searches with ms end time and lookback and µs durations, summarising each trace', async () => {
    const result = await zipkin().search({
      startMs: 1_470_150_000_000,
      endMs: 1_470_153_600_000,
      service: 'frontend',
      minDurationMs: 2.5,
      tags: { error: '', 'http.method': 'GET' },
      limit: 20,
    });
    const query = new URLSearchParams(upstream.requests[0].query);
    expect(query.get('endTs')).toBe('1470153600000');
    expect(query.get('lookback')).toBe('3600000');
    expect(query.get('minDuration')).toBe('2500');
    expect(query.get('annotationQuery')).toBe('error and http.method=GET');
    const skew = result.traces.find((t) => t.traceId === '00000000000000001e223ff1f80f1c69');
    expect(skew).toBeDefined();
    expect(skew?.spanCount).toBeGreaterThan(1);
    expect(skew?.rootService).not.toBe('');
    expect(skew?.durationMs).toBeGreaterThan(0);
    // Envoy's span names no service: it still is the root, with an empty service.
    const envoy = result.traces.find((t) => t.traceId === '0000000000000000978883983d506fa5');
    expect(envoy).toMatchObject({ rootService: '', rootName: 'localhost:10000', spanCount: 1 });
    expect(envoy?.rootMissing).toBeUndefined();
    for (const trace of result.traces) expect(trace.traceId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('asks for a 64-bit trace by its 16-hex spelling and returns the raw JSON', async () => {
    expect(zipkinTraceId('00000000000000001e223ff1f80f1c69')).toBe('1e223ff1f80f1c69');
    const raw = await zipkin().getTrace('00000000000000001e223ff1f80f1c69');
    expect(upstream.requests[0].path).toBe('/api/v2/trace/1e223ff1f80f1c69');
    expect(raw.api).toBe('zipkin-v2');
    expect(JSON.parse(decoder.decode(raw.bytes))[0].traceId).toBe('1e223ff1f80f1c69');
  });

  it('maps 404 and an empty array to not found', async () => {
    await expect(zipkin().getTrace('0123456789abcdef')).rejects.toBeInstanceOf(NotFoundError);
    upstream.override('/api/v2/trace/00000000000000aa', { status: 200, body: '[]' });
    await expect(zipkin().getTrace('aa')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('times out and reports cut-off bodies', async () => {
    upstream.override('/api/v2/services', { delayMs: 800 });
    await expect(zipkin(150).services()).rejects.toBeInstanceOf(TimeoutError);
    upstream.override('/api/v2/trace/', { cutAfterBytes: 100 });
    await expect(zipkin().getTrace('1e223ff1f80f1c69')).rejects.toBeInstanceOf(InvalidResponseError);
  });

  it('builds annotation queries from tag filters', () => {
    expect(annotationQuery({})).toBeUndefined();
    expect(annotationQuery({ 'http.path': '/api', error: '' })).toBe('http.path=/api and error');
  });
});

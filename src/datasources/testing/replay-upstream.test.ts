// The replay upstream lives in e2e/support; Vitest only collects src/, so its own tests live here.
import { afterEach, describe, expect, it } from 'vitest';
import {
  type FixtureSet,
  loadRecordings,
  type ReplayUpstream,
  startReplayUpstream,
} from '../../../e2e/support/replay-upstream';

let running: ReplayUpstream | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

describe('replay upstream', () => {
  it.each(['tempo', 'loki', 'prometheus'] as FixtureSet[])(
    'answers every %s recording with its status, content type and body, byte for byte',
    async (set) => {
      running = await startReplayUpstream({ sets: [set] });
      const recordings = loadRecordings(undefined, [set]);
      expect(recordings.length).toBeGreaterThan(10);
      const seen = new Set<string>();
      for (const recording of recordings) {
        // Two recordings of one request (tempo-v2-search-tags and tempo-recent-v2-search-tags, taken at
        // different times) cannot be told apart: the first by name answers.
        const request = `${recording.path}?${[...new URLSearchParams(recording.query ?? '')].sort().join('&')} ${JSON.stringify(recording.requestHeaders)}`;
        if (seen.has(request)) continue;
        seen.add(request);
        const response = await fetch(`${running.url}${recording.path}?${recording.query ?? ''}`, {
          headers: recording.requestHeaders,
        });
        expect(response.status, recording.name).toBe(recording.status);
        expect(response.headers.get('content-type') ?? '', recording.name).toBe(recording.contentType);
        const body = new Uint8Array(await response.arrayBuffer());
        expect(Buffer.compare(body, recording.body), recording.name).toBe(0);
      }
    },
  );

  it('compares query parameters as a set and ignores the recorded host', async () => {
    running = await startReplayUpstream({ sets: ['tempo'] });
    const response = await fetch(
      `${running.url}/api/search?spss=3&limit=20&end=1795303022&start=1795292222&q={}`,
    );
    expect(response.status).toBe(200);
    expect((await response.text()).length).toBe(20336);
  });

  it("answers a trace-by-ID request with any window from the recording without one, but a recorded window's own", async () => {
    running = await startReplayUpstream({ sets: ['tempo'] });
    const trace = '2bafbe17c123c304432c535342f87d81';
    const windowed = await fetch(`${running.url}/api/v2/traces/${trace}?start=1795302000&end=1795304000`);
    expect(windowed.status).toBe(200);
    expect((await windowed.text()).length).toBeGreaterThan(1000);
    const excluded = await fetch(`${running.url}/api/v2/traces/${trace}?start=1795302990&end=1795303110`);
    expect(await excluded.text()).toBe('{"trace":{},"metrics":{}}');
    const search = await fetch(`${running.url}/api/search?q={}&start=1&end=2`);
    expect(search.status).toBe(404);
  });

  it('chooses between recordings of one URL by tenant, then Accept', async () => {
    running = await startReplayUpstream({ sets: ['tempo'] });
    const url = `${running.url}/api/v2/traces/5f8d122418e0697eae4509d2a6e3ba20`;
    const sizes = async (headers: Record<string, string>) => {
      const response = await fetch(url, { headers });
      return [response.headers.get('content-type'), (await response.arrayBuffer()).byteLength];
    };
    expect(await sizes({})).toEqual(['application/json', 1214532]);
    expect(await sizes({ 'X-Scope-OrgID': 'single-tenant' })).toEqual(['application/json', 1214635]);
    expect(await sizes({ 'X-Scope-OrgID': 'single-tenant', Accept: 'application/protobuf' })).toEqual([
      'application/protobuf',
      513352,
    ]);
  });

  it('serves Jaeger and Zipkin data files at their API paths, IDs taken from the files', async () => {
    running = await startReplayUpstream({ sets: ['jaeger-v3', 'jaeger-legacy', 'zipkin'] });
    const json = async (path: string) => {
      const response = await fetch(`${running?.url}${path}`);
      expect(response.status, path).toBe(200);
      return response.json();
    };
    expect((await json('/api/v3/traces/00000000000000000000000000000001')).result).toBeDefined();
    expect((await json('/api/v3/services')).services).toEqual(['foo']);
    expect((await json('/api/v3/trace-summaries?query.service_name=frontend')).summaries).toHaveLength(1);
    expect((await json('/api/traces/83a9efd15c1c98a977e0711cc93ee28b')).data[0].traceID).toBe(
      '83a9efd15c1c98a977e0711cc93ee28b',
    );
    expect((await json('/api/traces?service=telemetrygen&limit=20')).data.length).toBeGreaterThanOrEqual(3);
    expect((await json('/api/v2/trace/0562809467078eab'))[0].traceId).toBe('0562809467078eab');
    expect((await json('/api/v2/traces?serviceName=servicea')).length).toBe(6);
  });

  it('records requests and applies overrides by longest prefix until cleared', async () => {
    running = await startReplayUpstream({ sets: ['tempo'] });
    running.override('/api/', { status: 500, body: 'broad' });
    running.override('/api/echo', { status: 429, headers: { 'Retry-After': '5' }, body: 'narrow' });
    const echo = await fetch(`${running.url}/api/echo`, { headers: { 'X-Scope-OrgID': 'team-a' } });
    expect([echo.status, echo.headers.get('retry-after'), await echo.text()]).toEqual([429, '5', 'narrow']);
    const other = await fetch(`${running.url}/api/status/buildinfo`);
    expect([other.status, await other.text()]).toEqual([500, 'broad']);
    running.clearOverrides();
    expect(await (await fetch(`${running.url}/api/echo`)).text()).toBe('echo\n');
    expect(running.requests[0]).toMatchObject({ method: 'GET', path: '/api/echo', query: '' });
    expect(running.requests[0].headers['x-scope-orgid']).toBe('team-a');
  });

  it('delays and cuts bodies off when told to', async () => {
    running = await startReplayUpstream({ sets: ['tempo'] });
    running.override('/api/echo', { delayMs: 300 });
    const started = Date.now();
    await fetch(`${running.url}/api/echo`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    running.override('/api/v2/traces/', { cutAfterBytes: 500 });
    const response = await fetch(`${running.url}/api/v2/traces/2bafbe17c123c304432c535342f87d81`);
    expect(response.headers.get('content-length')).toBe('22691');
    await expect(response.arrayBuffer()).rejects.toThrow();
  });

  it('answers unknown paths with a marked 404', async () => {
    running = await startReplayUpstream({ sets: ['tempo'] });
    const response = await fetch(`${running.url}/nowhere`);
    expect(response.status).toBe(404);
    expect(response.headers.get('x-replay-unmatched')).toBe('1');
  });
});

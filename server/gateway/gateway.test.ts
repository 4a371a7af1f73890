import type http from 'node:http';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { validateConfig } from '../config/validate.ts';
import { type Loopback, rawRequest, readBody, startLoopback } from '../testing/loopback.ts';
import type { InProcessRequest } from './in-process.ts';

interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

const BIG_FIRST_CHUNK = 1024 * 1024;
const BIG_TOTAL = 60 * 1024 * 1024;

describe('gateway /api/ds/<name>/<path>', () => {
  const received: Received[] = [];
  const foreignHits: string[] = [];
  const inProcessCalls: InProcessRequest[] = [];
  let releaseBigBody: () => void = () => {};
  let upstream: Loopback;
  let foreign: Loopback;
  let app: FastifyInstance;
  let origin: string;
  const plainLargeJson = Buffer.from(
    JSON.stringify({ spans: Array.from({ length: 20_000 }, (_, i) => `span-${i}`) }),
  );
  const gzippedJson = gzipSync(
    Buffer.from(JSON.stringify({ batches: Array.from({ length: 2000 }, (_, i) => i) })),
  );

  beforeAll(async () => {
    foreign = await startLoopback((req, res) => {
      foreignHits.push(req.url ?? '');
      res.end('foreign');
    });
    upstream = await startLoopback(async (req, res) => {
      const body = (await readBody(req)).toString('utf8');
      const url = req.url ?? '';
      received.push({ method: req.method ?? '', url, headers: req.headers, body });
      if (url.endsWith('/api/status500')) {
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('tempo: internal error: too many goroutines\n');
      } else if (url.endsWith('/api/traces/missing')) {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('trace not found');
      } else if (url.endsWith('/api/slow')) {
        setTimeout(() => res.end('late'), 2000);
      } else if (url.endsWith('/api/cookie')) {
        res.writeHead(200, { 'set-cookie': 'session=upstream', 'www-authenticate': 'Basic realm="x"' });
        res.end('ok');
      } else if (url.endsWith('/api/gzipped')) {
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
        res.end(gzippedJson);
      } else if (url.endsWith('/api/plain-large')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(plainLargeJson);
      } else if (url.endsWith('/api/big')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write(Buffer.alloc(BIG_FIRST_CHUNK, 0x61));
        // The rest is written only once the client has seen the first megabyte: a buffering proxy deadlocks here.
        releaseBigBody = () => {
          const chunk = Buffer.alloc(1024 * 1024, 0x62);
          for (let sent = BIG_FIRST_CHUNK; sent < BIG_TOTAL; sent += chunk.length) res.write(chunk);
          res.end();
        };
      } else {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ echo: true }));
      }
    });
    const config = validateConfig(
      {
        datasources: [
          {
            name: 'tempo',
            type: 'tempo',
            url: `${upstream.origin}/tempo-prefix/`,
            auth: { bearerToken: 'secret-token', tenant: 'team-a', headers: { 'X-Custom': 'custom-value' } },
          },
          {
            name: 'jaeger',
            type: 'jaeger',
            url: upstream.origin,
            auth: { basic: { user: 'ops', password: 'p@ss:w' } },
          },
          { name: 'prom', type: 'prometheus', url: upstream.origin },
          { name: 'slow', type: 'tempo', url: upstream.origin, timeoutSeconds: 0.3 },
          { name: 'closed', type: 'tempo', url: 'http://127.0.0.1:1' },
        ],
      },
      'test.yaml',
    );
    app = await createApp({
      config,
      distDir: null,
      log: () => {},
      inProcess: [
        {
          name: 'local',
          type: 'tempo',
          handle: async (request) => {
            inProcessCalls.push(request);
            return {
              status: 200,
              headers: { 'content-type': 'text/plain' },
              body: `in-process ${request.path}`,
            };
          },
        },
      ],
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    origin = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  });

  afterAll(async () => {
    await app?.close();
    await upstream?.close();
    await foreign?.close();
  });

  function lastReceived(): Received {
    const last = received.at(-1);
    if (last === undefined) throw new Error('the upstream received nothing');
    return last;
  }

  it('adds bearer token, tenant and custom headers, keeps the upstream path prefix and the query byte for byte', async () => {
    const response = await rawRequest(
      origin,
      '/api/ds/tempo/api/search?q=%7B%20span.x%3D%22a%2Fb%22%20%7D&limit=20',
      {
        headers: {
          accept: 'application/json',
          traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
        },
      },
    );
    expect(response.status).toBe(200);
    const got = lastReceived();
    expect(got.url).toBe('/tempo-prefix/api/search?q=%7B%20span.x%3D%22a%2Fb%22%20%7D&limit=20');
    expect(got.headers.authorization).toBe('Bearer secret-token');
    expect(got.headers['x-scope-orgid']).toBe('team-a');
    expect(got.headers['x-custom']).toBe('custom-value');
    expect(got.headers.accept).toBe('application/json');
    expect(got.headers.traceparent).toBe('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
  });

  it('adds basic auth', async () => {
    await rawRequest(origin, '/api/ds/jaeger/api/services');
    expect(lastReceived().headers.authorization).toBe(
      `Basic ${Buffer.from('ops:p@ss:w').toString('base64')}`,
    );
  });

  it('passes only the allowed request headers; the browser cannot set credentials or tenant', async () => {
    await rawRequest(origin, '/api/ds/tempo/api/echo', {
      headers: {
        cookie: 'grafana_session=abc',
        authorization: 'Bearer from-browser',
        'x-scope-orgid': 'other-team',
        'x-forwarded-for': '10.0.0.1',
        'user-agent': 'browser-agent/1.0',
        'x-loki-response-encoding-flags': 'categorize-labels',
        'accept-encoding': 'gzip',
      },
    });
    const got = lastReceived().headers;
    expect(got.cookie).toBeUndefined();
    expect(got['x-forwarded-for']).toBeUndefined();
    expect(got['user-agent']).not.toBe('browser-agent/1.0');
    expect(got.authorization).toBe('Bearer secret-token');
    expect(got['x-scope-orgid']).toBe('team-a');
    expect(got['x-loki-response-encoding-flags']).toBe('categorize-labels');
    expect(got['accept-encoding']).toBe('gzip');
  });

  it.each([
    ['dot-dot', '/api/ds/tempo/api/../../etc/passwd'],
    ['encoded dot-dot', '/api/ds/tempo/api/%2e%2e/%2E%2E/etc/passwd'],
    ['double-encoded dot-dot', '/api/ds/tempo/api/%252e%252e/x'],
    ['encoded slash', '/api/ds/tempo/api%2F..%2Fecho'],
    ['backslash', '/api/ds/tempo/api\\..\\echo'],
    ['encoded backslash', '/api/ds/tempo/api/%5c..%5cecho'],
    ['empty segment', '/api/ds/tempo//api/echo'],
    ['absolute URL in the path', `/api/ds/tempo/http://${new URL('http://127.0.0.1').host}/api/echo`],
  ])('refuses %s with a marked 400 and reaches nothing', async (_label, path) => {
    const before = received.length;
    const response = await rawRequest(origin, path);
    expect(response.status).toBe(400);
    expect(response.headers['x-tracelight-gateway']).toBe('error');
    expect(JSON.parse(response.body.toString()).error).toMatchObject({ status: 400, datasource: 'tempo' });
    expect(received.length).toBe(before);
  });

  it('never reaches a host other than the configured upstream', async () => {
    const foreignHost = new URL(foreign.origin).host;
    const attempts = [
      `/api/ds/tempo/${foreign.origin}/api/echo`,
      `/api/ds/tempo//${foreignHost}/api/echo`,
      `/api/ds/tempo/api/echo@${foreignHost}/`,
      `/api/ds/${encodeURIComponent(foreign.origin)}/api/echo`,
      `${foreign.origin}/api/ds/tempo/api/echo`,
    ];
    for (const path of attempts) {
      const response = await rawRequest(origin, path);
      if (response.status === 200) {
        // Only acceptable if it went to the configured upstream, as a plain path there.
        expect(lastReceived().url.startsWith('/tempo-prefix/api/')).toBe(true);
      }
    }
    expect(foreignHits).toEqual([]);
  });

  it('refuses unknown datasources with a marked 404', async () => {
    const response = await rawRequest(origin, '/api/ds/nope/api/echo');
    expect(response.status).toBe(404);
    expect(response.headers['x-tracelight-gateway']).toBe('error');
    expect(JSON.parse(response.body.toString())).toEqual({
      error: { status: 404, message: 'unknown datasource "nope"', datasource: 'nope' },
    });
  });

  it('refuses paths outside the type allow-list', async () => {
    const before = received.length;
    expect((await rawRequest(origin, '/api/ds/tempo/flush')).status).toBe(403);
    expect((await rawRequest(origin, '/api/ds/prom/api/v1/admin/tsdb/snapshot')).status).toBe(403);
    expect((await rawRequest(origin, '/api/ds/tempo/api/echo', { method: 'DELETE' })).status).toBe(405);
    expect(received.length).toBe(before);
  });

  it('accepts POST only from the app origin, and only on query paths', async () => {
    const form = 'query=sum(rate(x%5B5m%5D))&start=1&end=2&step=15';
    const formHeaders = { 'content-type': 'application/x-www-form-urlencoded' };
    const host = new URL(origin).host;
    const before = received.length;
    const crossOrigin = await rawRequest(origin, '/api/ds/prom/api/v1/query_range', {
      method: 'POST',
      body: form,
      headers: { ...formHeaders, origin: 'https://evil.example' },
    });
    expect(crossOrigin.status).toBe(403);
    expect(crossOrigin.headers['x-tracelight-gateway']).toBe('error');
    const crossSite = await rawRequest(origin, '/api/ds/prom/api/v1/query_range', {
      method: 'POST',
      body: form,
      headers: { ...formHeaders, 'sec-fetch-site': 'cross-site' },
    });
    expect(crossSite.status).toBe(403);
    const anonymous = await rawRequest(origin, '/api/ds/prom/api/v1/query_range', {
      method: 'POST',
      body: form,
      headers: formHeaders,
    });
    expect(anonymous.status).toBe(403);
    const notAQueryPath = await rawRequest(origin, '/api/ds/tempo/api/search', {
      method: 'POST',
      body: form,
      headers: { ...formHeaders, origin, 'sec-fetch-site': 'same-origin' },
    });
    expect(notAQueryPath.status).toBe(405);
    expect(received.length).toBe(before);

    const sameOrigin = await rawRequest(origin, '/api/ds/prom/api/v1/query_range', {
      method: 'POST',
      body: form,
      headers: { ...formHeaders, origin: `http://${host}`, 'sec-fetch-site': 'same-origin' },
    });
    expect(sameOrigin.status).toBe(200);
    const got = lastReceived();
    expect(got.method).toBe('POST');
    expect(got.body).toBe(form);
    expect(got.headers['content-type']).toBe('application/x-www-form-urlencoded');
  });

  it('passes upstream 500 and 404 answers through unchanged and unmarked', async () => {
    const failed = await rawRequest(origin, '/api/ds/tempo/api/status500');
    expect(failed.status).toBe(500);
    expect(failed.body.toString()).toBe('tempo: internal error: too many goroutines\n');
    expect(failed.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(failed.headers['x-tracelight-gateway']).toBeUndefined();
    const missing = await rawRequest(origin, '/api/ds/jaeger/api/traces/missing');
    expect(missing.status).toBe(404);
    expect(missing.body.toString()).toBe('trace not found');
    expect(missing.headers['x-tracelight-gateway']).toBeUndefined();
  });

  it('times out a slow upstream with a marked 504', async () => {
    const started = Date.now();
    const response = await rawRequest(origin, '/api/ds/slow/api/slow');
    expect(Date.now() - started).toBeLessThan(1900);
    expect(response.status).toBe(504);
    expect(response.headers['x-tracelight-gateway']).toBe('error');
    expect(JSON.parse(response.body.toString()).error).toMatchObject({ status: 504, datasource: 'slow' });
  });

  it('reports an unreachable upstream with a marked 502 that does not reveal its address', async () => {
    const response = await rawRequest(origin, '/api/ds/closed/api/echo');
    expect(response.status).toBe(502);
    expect(response.headers['x-tracelight-gateway']).toBe('error');
    expect(response.body.toString()).not.toContain('127.0.0.1:1');
  });

  it('drops upstream cookies and authentication challenges', async () => {
    const response = await rawRequest(origin, '/api/ds/tempo/api/cookie');
    expect(response.status).toBe(200);
    expect(response.headers['set-cookie']).toBeUndefined();
    expect(response.headers['www-authenticate']).toBeUndefined();
  });

  it('passes a compressed upstream body through as is, without recompressing', async () => {
    const response = await rawRequest(origin, '/api/ds/tempo/api/gzipped', {
      headers: { 'accept-encoding': 'br, gzip' },
    });
    expect(response.headers['content-encoding']).toBe('gzip');
    expect(response.body.equals(gzippedJson)).toBe(true);
  });

  it('does not compress an uncompressed upstream body, even when the browser accepts gzip', async () => {
    const response = await rawRequest(origin, '/api/ds/tempo/api/plain-large', {
      headers: { 'accept-encoding': 'gzip, br' },
    });
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.body.equals(plainLargeJson)).toBe(true);
  });

  it('streams a 60 MB body: the first bytes reach the client before the upstream has finished', async () => {
    const url = new URL(origin);
    const { request } = await import('node:http');
    const total = await new Promise<number>((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, path: '/api/ds/tempo/api/big' }, (res) => {
        let length = 0;
        let released = false;
        res.on('data', (chunk: Buffer) => {
          length += chunk.length;
          if (!released && length >= BIG_FIRST_CHUNK) {
            released = true;
            releaseBigBody();
          }
        });
        res.on('end', () => resolve(length));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
    expect(total).toBe(BIG_TOTAL);
  });

  it('forwards HEAD as HEAD', async () => {
    const response = await rawRequest(origin, '/api/ds/tempo/api/echo', { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(lastReceived().method).toBe('HEAD');
  });

  it('answers in-process datasources at the same paths, with the same checks', async () => {
    const response = await rawRequest(origin, '/api/ds/local/api/search?q=%7B%7D&limit=5', {
      headers: { accept: 'application/json', cookie: 'x=1' },
    });
    expect(response.status).toBe(200);
    expect(response.body.toString()).toBe('in-process /api/search');
    const call = inProcessCalls.at(-1);
    expect(call?.query.get('q')).toBe('{}');
    expect(call?.headers).toEqual({ accept: 'application/json' });
    expect(call?.signal.aborted).toBe(false);
    const count = inProcessCalls.length;
    expect((await rawRequest(origin, '/api/ds/local/api/%2e%2e/x')).status).toBe(400);
    expect((await rawRequest(origin, '/api/ds/local/flush')).status).toBe(403);
    expect(inProcessCalls.length).toBe(count);
  });
});

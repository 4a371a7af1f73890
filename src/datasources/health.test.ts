import { describe, expect, it } from 'vitest';
import { checkDatasourceHealth } from './health';

const BASE = 'http://tracelight.test/prefix/';

function fakeBackend(routes: Record<string, () => Response>) {
  const requested: string[] = [];
  const fakeFetch: typeof fetch = async (input) => {
    const url = String(input);
    requested.push(url.slice(BASE.length));
    const route = routes[url.slice(BASE.length)];
    return route ? route() : new Response('404 page not found\n', { status: 404 });
  };
  return { fakeFetch, requested };
}

describe('checkDatasourceHealth', () => {
  it('asks Tempo for /api/echo through the gateway under the base path', async () => {
    const { fakeFetch, requested } = fakeBackend({ 'api/ds/tempo/api/echo': () => new Response('echo') });
    const result = await checkDatasourceHealth(
      { name: 'tempo', type: 'tempo' },
      { baseUri: BASE, fetch: fakeFetch },
    );
    expect(result).toEqual({ healthy: true, status: 200, path: 'api/echo' });
    expect(requested).toEqual(['api/ds/tempo/api/echo']);
  });

  it.each([
    ['zipkin', 'api/v2/services'],
    ['loki', 'ready'],
    ['prometheus', 'api/v1/status/buildinfo'],
  ] as const)('asks %s for %s', async (type, path) => {
    const { fakeFetch, requested } = fakeBackend({ [`api/ds/x/${path}`]: () => new Response('{}') });
    const result = await checkDatasourceHealth({ name: 'x', type }, { baseUri: BASE, fetch: fakeFetch });
    expect(result.healthy).toBe(true);
    expect(requested).toEqual([`api/ds/x/${path}`]);
  });

  it('falls back to the legacy Jaeger API when /api/v3 is missing', async () => {
    const { fakeFetch, requested } = fakeBackend({
      'api/ds/jaeger/api/services': () => new Response('{"data":["frontend"]}'),
    });
    const result = await checkDatasourceHealth(
      { name: 'jaeger', type: 'jaeger' },
      { baseUri: BASE, fetch: fakeFetch },
    );
    expect(result).toEqual({ healthy: true, status: 200, path: 'api/services' });
    expect(requested).toEqual(['api/ds/jaeger/api/v3/services', 'api/ds/jaeger/api/services']);
  });

  it("returns the backend's own error text, trimmed, with its status", async () => {
    const { fakeFetch } = fakeBackend({
      'api/ds/tempo/api/echo': () =>
        new Response('  no org id\n', { status: 401, statusText: 'Unauthorized' }),
    });
    const result = await checkDatasourceHealth(
      { name: 'tempo', type: 'tempo' },
      { baseUri: BASE, fetch: fakeFetch },
    );
    expect(result).toEqual({
      healthy: false,
      source: 'backend',
      status: 401,
      message: 'no org id',
      path: 'api/echo',
    });
  });

  it("returns the gateway's message when the gateway itself failed", async () => {
    const { fakeFetch, requested } = fakeBackend({
      'api/ds/jaeger/api/v3/services': () =>
        new Response(
          JSON.stringify({
            error: { status: 502, message: 'connect ECONNREFUSED 127.0.0.1:16686', datasource: 'jaeger' },
          }),
          { status: 502, headers: { 'X-Tracelight-Gateway': 'error', 'Content-Type': 'application/json' } },
        ),
    });
    const result = await checkDatasourceHealth(
      { name: 'jaeger', type: 'jaeger' },
      { baseUri: BASE, fetch: fakeFetch },
    );
    expect(result).toMatchObject({
      healthy: false,
      source: 'gateway',
      status: 502,
      message: 'connect ECONNREFUSED 127.0.0.1:16686',
    });
    // The gateway's own refusal is not an old Jaeger: no legacy retry.
    expect(requested).toHaveLength(1);
  });

  it('says so when the body is empty', async () => {
    const { fakeFetch } = fakeBackend({
      'api/ds/loki/ready': () => new Response('', { status: 503, statusText: 'Service Unavailable' }),
    });
    const result = await checkDatasourceHealth(
      { name: 'loki', type: 'loki' },
      { baseUri: BASE, fetch: fakeFetch },
    );
    expect(result).toMatchObject({
      healthy: false,
      status: 503,
      message: 'HTTP 503 Service Unavailable (empty body)',
    });
  });

  it('reports a timeout', async () => {
    const hang: typeof fetch = (_input, init) =>
      new Promise((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      });
    const result = await checkDatasourceHealth(
      { name: 'tempo', type: 'tempo' },
      { baseUri: BASE, fetch: hang, timeoutMs: 20 },
    );
    expect(result).toMatchObject({ healthy: false, source: 'timeout' });
  });
});

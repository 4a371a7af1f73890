// The real server serving the built app: it loads without console errors (CSP included), works
// under a path prefix, and its gateway adds credentials and refuses what it must.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';
import { expect, test } from './support/test';
import { startTracelight, type Tracelight } from './support/tracelight';

interface EchoUpstream {
  origin: string;
  received: { url: string; headers: http.IncomingHttpHeaders }[];
  close(): Promise<void>;
}

async function startEchoUpstream(): Promise<EchoUpstream> {
  const received: EchoUpstream['received'] = [];
  const server = http.createServer((request, response) => {
    received.push({ url: request.url ?? '', headers: request.headers });
    response.writeHead(200, { 'content-type': 'text/plain' }).end('echo');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** GET with the path sent exactly as written (browsers and fetch would normalize `..`). */
function rawGet(url: string, path: string): Promise<{ status: number; gatewayError: boolean }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const request = http.request({ host: hostname, port, path }, (response) => {
      response.resume();
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          gatewayError: response.headers['x-tracelight-gateway'] === 'error',
        }),
      );
    });
    request.on('error', reject);
    request.end();
  });
}

/** Collects same-origin responses that failed while the page loaded. */
function watchFailures(page: Page, origin: string): string[] {
  const failures: string[] = [];
  page.on('response', (response) => {
    if (response.url().startsWith(origin) && response.status() >= 400)
      failures.push(`${response.status()} ${response.url()}`);
  });
  page.on('requestfailed', (request) => failures.push(`failed ${request.url()}`));
  return failures;
}

test.describe('the built app, served by the real server', () => {
  let app: Tracelight | undefined;
  let upstream: EchoUpstream | undefined;

  test.beforeAll(async () => {
    upstream = await startEchoUpstream();
    app = await startTracelight({
      config: {
        server: { embedded: false },
        datasources: [
          {
            name: 'tempo',
            type: 'tempo',
            url: `${upstream.origin}/prefix`,
            auth: { bearerToken: 'e2e-token', tenant: 'e2e-tenant', headers: { 'X-Team': 'sre' } },
          },
        ],
      },
    });
  });
  test.afterAll(async () => {
    await app?.stop();
    await upstream?.close();
  });

  test('loads with no console errors and no failed requests', async ({ page }) => {
    if (!app) throw new Error('server not started');
    const failures = watchFailures(page, new URL(app.url).origin);
    const response = await page.goto(app.url);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).not.toContain('unsafe-eval');
    await expect(page).toHaveTitle(/Tracelight/);
    await expect(page.locator('#root')).not.toBeEmpty();
    await page.waitForLoadState('networkidle');
    expect(failures).toEqual([]);
    expect(app.output()).toMatch(/^GET \/ 200 \d+ms$/m);
  });

  test('the gateway adds the configured credentials and keeps the upstream prefix', async ({ request }) => {
    if (!app || !upstream) throw new Error('server not started');
    const response = await request.get(`${app.url}api/ds/tempo/api/echo`, {
      headers: { authorization: 'Bearer from-the-browser', cookie: 'a=b' },
    });
    expect(response.status()).toBe(200);
    expect(await response.text()).toBe('echo');
    const got = upstream.received.at(-1);
    expect(got?.url).toBe('/prefix/api/echo');
    expect(got?.headers.authorization).toBe('Bearer e2e-token');
    expect(got?.headers['x-scope-orgid']).toBe('e2e-tenant');
    expect(got?.headers['x-team']).toBe('sre');
    expect(got?.headers.cookie).toBeUndefined();
  });

  test('the gateway refuses traversal, unknown datasources and foreign hosts', async () => {
    if (!app || !upstream) throw new Error('server not started');
    const before = upstream.received.length;
    for (const path of [
      '/api/ds/tempo/api/../../etc/passwd',
      '/api/ds/tempo/api/%2e%2e/%2e%2e/etc/passwd',
      '/api/ds/tempo/api%2F..%2Fready',
      '/api/ds/tempo//evil.example/api/echo',
      '/api/ds/tempo/http://evil.example/api/echo',
    ]) {
      const answer = await rawGet(app.url, path);
      expect(answer, path).toEqual({ status: 400, gatewayError: true });
    }
    expect(await rawGet(app.url, '/api/ds/unknown/api/echo')).toEqual({ status: 404, gatewayError: true });
    expect(upstream.received.length).toBe(before);
  });
});

test.describe('under a path prefix set at run time', () => {
  let app: Tracelight | undefined;

  test.beforeAll(async () => {
    app = await startTracelight({
      config: { server: { embedded: false } },
      env: { TRACELIGHT_BASE_PATH: '/tracelight/' },
    });
  });
  test.afterAll(async () => {
    await app?.stop();
  });

  test('a deep link loads the app and its assets from under the prefix', async ({ page }) => {
    if (!app) throw new Error('server not started');
    expect(new URL(app.url).pathname).toBe('/tracelight/');
    const failures = watchFailures(page, new URL(app.url).origin);
    const assets: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/assets/')) assets.push(new URL(request.url()).pathname);
    });
    const response = await page.goto(`${app.url}trace/0af7651916cd43dd8448eb211c80319c`);
    expect(response?.status()).toBe(200);
    await expect(page.locator('#root')).not.toBeEmpty();
    await page.waitForLoadState('networkidle');
    expect(await page.evaluate(() => document.baseURI)).toBe(app.url);
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets) expect(asset.startsWith('/tracelight/assets/')).toBe(true);
    expect(failures).toEqual([]);
  });
});

import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './app.ts';
import { validateConfig } from './config/validate.ts';

const INDEX_HTML = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <script type="module" crossorigin src="./assets/index-AbC123.js"></script>
  </head>
  <body><div id="root"></div></body>
</html>
`;
const BIG_ASSET = `console.log(${JSON.stringify('x'.repeat(20_000))});\n`;

function makeDist(): string {
  const dist = mkdtempSync(path.join(tmpdir(), 'tracelight-dist-'));
  mkdirSync(path.join(dist, 'assets'));
  writeFileSync(path.join(dist, 'index.html'), INDEX_HTML);
  writeFileSync(path.join(dist, 'assets', 'index-AbC123.js'), BIG_ASSET);
  // The build's precompressed copy (vite.config.ts): the server sends it as it is.
  writeFileSync(path.join(dist, 'assets', 'index-AbC123.js.gz'), gzipSync(BIG_ASSET, { level: 9 }));
  writeFileSync(path.join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  return dist;
}

describe('the app server', () => {
  let dist: string;
  let app: FastifyInstance | undefined;
  let lines: string[];

  beforeAll(() => {
    dist = makeDist();
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  async function start(server: Record<string, unknown> = {}): Promise<FastifyInstance> {
    lines = [];
    const config = validateConfig(
      { server, datasources: [{ name: 'tempo', type: 'tempo', url: 'http://127.0.0.1:9' }] },
      't.yaml',
    );
    app = await createApp({ config, distDir: dist, log: (line) => lines.push(line) });
    return app;
  }

  it('sends the security headers on pages, config and gateway errors', async () => {
    const server = await start({ frameAncestors: ['https://grafana.example.com'] });
    for (const url of ['/', '/config.json', '/api/ds/nope/api/echo', '/assets/index-AbC123.js']) {
      const response = await server.inject({ url });
      const csp = String(response.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("connect-src 'self'");
      expect(csp).toContain("worker-src 'self' blob:");
      expect(csp).toContain('frame-ancestors https://grafana.example.com');
      expect(csp).not.toContain('unsafe-eval');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    }
  });

  it("forbids framing by default (frame-ancestors 'none')", async () => {
    const response = await (await start()).inject({ url: '/' });
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  it("sends the build's .gz of an asset to a client that takes gzip, and the plain file to one that does not", async () => {
    const server = await start();
    const zipped = await server.inject({
      url: '/assets/index-AbC123.js',
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers['content-type']).toMatch(/javascript/);
    expect(zipped.rawPayload.equals(readFileSync(path.join(dist, 'assets', 'index-AbC123.js.gz')))).toBe(
      true,
    );
    expect(gunzipSync(zipped.rawPayload).toString()).toBe(BIG_ASSET);
    const plain = await server.inject({
      url: '/assets/index-AbC123.js',
      headers: { 'accept-encoding': 'identity' },
    });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.payload).toBe(BIG_ASSET);
  });

  it('caches hashed assets for a year and revalidates index.html, config.json and other files', async () => {
    const server = await start();
    expect((await server.inject({ url: '/assets/index-AbC123.js' })).headers['cache-control']).toBe(
      'public, max-age=31536000, immutable',
    );
    for (const url of [
      '/',
      '/index.html',
      '/config.json',
      '/favicon.svg',
      '/trace/0af7651916cd43dd8448eb211c80319c',
    ]) {
      expect((await server.inject({ url })).headers['cache-control']).toBe('no-store');
    }
  });

  it('answers app routes with index.html (SPA fallback) and missing files with 404', async () => {
    const server = await start();
    for (const url of ['/search?q=%7B%7D', '/trace/abc?view=json', '/settings', '/no/such/page']) {
      const response = await server.inject({ url });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(response.body).toContain('<base href="/">');
    }
    expect((await server.inject({ url: '/assets/missing-123.js' })).statusCode).toBe(404);
    expect((await server.inject({ url: '/missing.css' })).statusCode).toBe(404);
    expect((await server.inject({ url: '/api/other' })).statusCode).toBe(404);
  });

  it('writes config.json into index.html, so the app starts without waiting for it, and no value closes the block', async () => {
    const config = validateConfig(
      {
        datasources: [
          { name: 'tempo', type: 'tempo', url: 'http://127.0.0.1:9', displayName: '</script><b>x</b>' },
        ],
      },
      't.yaml',
    );
    app = await createApp({ config, distDir: dist, log: () => {} });
    const page = (await app.inject({ url: '/trace/abc' })).body;
    const block = /<script type="application\/json" id="tracelight-config">([^<]*)<\/script>/.exec(page);
    expect(block).not.toBeNull();
    const published = JSON.parse((await app.inject({ url: '/config.json' })).body);
    expect(JSON.parse(block?.[1] ?? '')).toEqual(published);
    expect(published.datasources[0].displayName).toBe('</script><b>x</b>');
    expect(page).not.toContain('<b>x</b>');
  });

  it('compresses its own static files but keeps small ones plain', async () => {
    const server = await start();
    const asset = await server.inject({
      url: '/assets/index-AbC123.js',
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(asset.headers['content-encoding']).toBe('gzip');
    expect(asset.rawPayload.length).toBeLessThan(BIG_ASSET.length / 10);
  });

  it('serves everything under a runtime base path and writes it into <base href>', async () => {
    const server = await start({ basePath: '/tracelight' });
    const index = await server.inject({ url: '/tracelight/' });
    expect(index.statusCode).toBe(200);
    expect(index.body).toMatch(/<head>\s*<base href="\/tracelight\/">/);
    const deep = await server.inject({ url: '/tracelight/trace/abc' });
    expect(deep.body).toContain('<base href="/tracelight/">');
    expect((await server.inject({ url: '/tracelight/assets/index-AbC123.js' })).statusCode).toBe(200);
    expect(JSON.parse((await server.inject({ url: '/tracelight/config.json' })).body).basePath).toBe(
      '/tracelight/',
    );
    const gateway = await server.inject({ url: '/tracelight/api/ds/nope/api/echo' });
    expect(gateway.headers['x-tracelight-gateway']).toBe('error');
    const redirect = await server.inject({ url: '/tracelight' });
    expect(redirect.statusCode).toBe(302);
    expect(redirect.headers.location).toBe('/tracelight/');
    expect((await server.inject({ url: '/assets/index-AbC123.js' })).statusCode).toBe(404);
    expect((await server.inject({ url: '/config.json' })).statusCode).toBe(404);
    expect((await server.inject({ url: '/healthz' })).statusCode).toBe(200);
    expect((await server.inject({ url: '/tracelight/healthz' })).statusCode).toBe(200);
  });

  it('logs one line per request with method, path without query, status and duration', async () => {
    const server = await start();
    await server.inject({ url: '/search?q=secret-query&token=abc' });
    await server.inject({ url: '/api/ds/nope/x' });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^GET \/search 200 \d+ms$/);
    expect(lines[1]).toMatch(/^GET \/api\/ds\/nope\/x 404 \d+ms$/);
  });

  it('says the app is not built when dist/ has no index.html', async () => {
    const config = validateConfig({}, 't.yaml');
    app = await createApp({ config, distDir: mkdtempSync(path.join(tmpdir(), 'tl-empty-')), log: () => {} });
    const response = await app.inject({ url: '/' });
    expect(response.statusCode).toBe(503);
    expect(response.body).toContain('npm run build');
  });
});

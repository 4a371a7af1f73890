import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { INLINE_CONFIG_ELEMENT_ID } from '../src/contracts/public-config.ts';

export interface StaticOptions {
  distDir: string;
  /** The runtime base path, ending in '/'; written into index.html as <base href>. */
  basePath: string;
  /** The body of /config.json, also written into index.html so the app need not wait for it (decision 0320). */
  publicConfigJson?: string;
}

const IMMUTABLE = 'public, max-age=31536000, immutable';
const NO_CACHE = 'no-store';

/** index.html with `<base href>` set to the runtime base path, so relative asset URLs and the router agree. */
export function injectBaseHref(html: string, basePath: string): string {
  const tag = `<base href="${basePath.replace(/[&"<>]/g, '')}">`;
  const withoutOld = html.replace(/<base\s[^>]*>\s*/i, '');
  const head = /<head[^>]*>/i.exec(withoutOld);
  if (head === null) return `${tag}${withoutOld}`;
  const at = head.index + head[0].length;
  return `${withoutOld.slice(0, at)}\n    ${tag}${withoutOld.slice(at)}`;
}

/**
 * index.html with the public config as an inert JSON block at the end of <head>. `<` is escaped, so no
 * value can close the element; the CSP's script-src does not apply to a block that never runs.
 */
export function injectInlineConfig(html: string, publicConfigJson: string): string {
  const safe = publicConfigJson
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  const tag = `<script type="application/json" id="${INLINE_CONFIG_ELEMENT_ID}">${safe}</script>`;
  const close = /<\/head>/i.exec(html);
  if (close === null) return `${tag}${html}`;
  return `${html.slice(0, close.index)}  ${tag}\n  ${html.slice(close.index)}`;
}

const NOT_BUILT_PAGE =
  '<!doctype html><meta charset="utf-8"><title>Tracelight</title>' +
  '<p>The app is not built yet. Run <code>npm run build</code> (or <code>npm start</code>, which builds when needed).</p>';

/** An app route the SPA answers (its router shows a not-found page for unknown ones). */
function isAppRoute(urlPath: string): boolean {
  const lastSegment = urlPath.slice(urlPath.lastIndexOf('/') + 1);
  return !lastSegment.includes('.') && !urlPath.includes('/api/') && !urlPath.includes('/assets/');
}

/** Serves dist/ with the SPA fallback; hashed assets are immutable, the rest is revalidated. */
export async function staticPlugin(app: FastifyInstance, options: StaticOptions): Promise<void> {
  const indexFile = path.join(options.distDir, 'index.html');
  const withBase = existsSync(indexFile)
    ? injectBaseHref(readFileSync(indexFile, 'utf8'), options.basePath)
    : undefined;
  const indexHtml =
    withBase !== undefined && options.publicConfigJson !== undefined
      ? injectInlineConfig(withBase, options.publicConfigJson)
      : withBase;

  const sendIndex = (_request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    reply.header('cache-control', NO_CACHE);
    if (indexHtml === undefined) return reply.code(503).type('text/html; charset=utf-8').send(NOT_BUILT_PAGE);
    return reply.type('text/html; charset=utf-8').send(indexHtml);
  };

  await app.register(fastifyStatic, {
    root: options.distDir,
    prefix: '/',
    index: false,
    // The build writes .br and .gz beside each asset (vite.config.ts, decision 0343).
    preCompressed: true,
    cacheControl: false,
    etag: true,
    lastModified: true,
    setHeaders: (res, filePath) => {
      const relative = path.relative(options.distDir, filePath).split(path.sep).join('/');
      res.header('cache-control', relative.startsWith('assets/') ? IMMUTABLE : NO_CACHE);
    },
  });

  app.get('/', { prefixTrailingSlash: 'slash' }, sendIndex);
  app.get('/index.html', sendIndex);

  app.setNotFoundHandler((request, reply) => {
    const urlPath = (request.raw.url ?? '/').split('?')[0];
    if ((request.method === 'GET' || request.method === 'HEAD') && isAppRoute(urlPath)) {
      return sendIndex(request, reply);
    }
    return reply
      .code(404)
      .type('text/plain; charset=utf-8')
      .header('cache-control', NO_CACHE)
      .send('Not found\n');
  });
}

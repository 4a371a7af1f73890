import fastifyCompress from '@fastify/compress';
import Fastify, { type FastifyInstance } from 'fastify';
import { buildPublicConfig, type PublicEmbedded } from './config/public.ts';
import type { TracelightConfig } from './config/types.ts';
import { gatewayPlugin } from './gateway/gateway.ts';
import type { InProcessDatasource } from './gateway/in-process.ts';
import { DatasourceRegistry } from './gateway/registry.ts';
import { securityHeaders } from './security.ts';
import { staticPlugin } from './static.ts';

export interface AppOptions {
  config: TracelightConfig;
  /** The built app; null serves no static files (the Vite dev server does that in development). */
  distDir: string | null;
  /** Datasources answered inside the server (the embedded backend). */
  inProcess?: readonly InProcessDatasource[];
  /** Set when the embedded backend runs: published in /config.json for the home page. */
  embedded?: PublicEmbedded;
  /** Receives one line per request; defaults to stdout. */
  log?: (line: string) => void;
}

/** `GET /trace/abc?x=1` → `/trace/abc`: query strings may carry tokens or queries, so they are not logged. */
function pathOnly(url: string): string {
  const at = url.indexOf('?');
  return at === -1 ? url : url.slice(0, at);
}

export async function createApp(options: AppOptions): Promise<FastifyInstance> {
  const { config } = options;
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const basePath = config.server.basePath;
  const registry = new DatasourceRegistry(config.datasources, options.inProcess ?? []);
  const publicConfig = JSON.stringify(
    buildPublicConfig(basePath, registry.proxied(), registry.inProcess(), options.embedded),
  );
  const headers = securityHeaders(config.server.frameAncestors);

  const app = Fastify({ logger: false, return503OnClosing: true });

  app.addHook('onRequest', async (_request, reply) => {
    reply.headers(headers);
  });
  app.addHook('onResponse', async (request, reply) => {
    log(
      `${request.method} ${pathOnly(request.raw.url ?? '')} ${reply.statusCode} ${Math.round(reply.elapsedTime)}ms`,
    );
  });

  // Compresses our own static files and JSON; the gateway route opts out (its bodies pass through as received).
  await app.register(fastifyCompress, { global: true, threshold: 1024, encodings: ['br', 'gzip'] });

  const healthz = async () => ({ status: 'ok' });
  app.get('/healthz', { logLevel: 'silent' }, healthz);

  const prefix = basePath.replace(/\/$/, '');
  if (prefix !== '') {
    app.get(prefix, (_request, reply) => reply.redirect(basePath, 302));
    app.get('/', (_request, reply) => reply.redirect(basePath, 302));
  }

  await app.register(
    async (scope) => {
      if (prefix !== '') scope.get('/healthz', healthz);
      scope.get('/config.json', async (_request, reply) =>
        reply.header('cache-control', 'no-store').type('application/json; charset=utf-8').send(publicConfig),
      );
      await scope.register(gatewayPlugin, { registry, basePath });
      if (options.distDir !== null)
        await scope.register(staticPlugin, { distDir: options.distDir, basePath });
    },
    { prefix },
  );
  return app;
}

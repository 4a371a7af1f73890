import fastifyCompress from '@fastify/compress';
import Fastify, { type FastifyInstance } from 'fastify';
import { DEFAULT_REDACTION_SETTINGS, rulesOf } from '../src/redact/rules.ts';
import { type BodyBudget, bodyBudgetFor } from './body-budget.ts';
import { buildPublicConfig, type PublicEmbedded } from './config/public.ts';
import type { TracelightConfig } from './config/types.ts';
import { gatewayPlugin } from './gateway/gateway.ts';
import type { InProcessDatasource } from './gateway/in-process.ts';
import { DatasourceRegistry } from './gateway/registry.ts';
import { allowListFor, hostNameOf } from './host-check.ts';
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
  /** Request-body bytes in flight, shared with the OTLP receiver; one of its own when absent. */
  bodyBudget?: BodyBudget;
}

const HOST_REFUSED =
  'This host name is not served (DNS rebinding protection). To serve it, add it to server.allowedHosts.\n';

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
    buildPublicConfig(
      basePath,
      registry.proxied(),
      registry.inProcess(),
      options.embedded,
      {
        rules: rulesOf(config.redaction ?? DEFAULT_REDACTION_SETTINGS).map(({ keys, ...rule }) =>
          keys === undefined ? rule : { ...rule, keys: [...keys] },
        ),
        allowReveal: (config.redaction ?? DEFAULT_REDACTION_SETTINGS).allowReveal,
      },
      config.server.linkedTraces,
    ),
  );
  const headers = securityHeaders(config.server.frameAncestors);
  const allowList = allowListFor(config.server);
  const bodyBudget = options.bodyBudget ?? bodyBudgetFor(config.server.limits);
  const prefix = basePath.replace(/\/$/, '');
  const healthPaths = new Set(['/healthz', `${prefix}/healthz`]);

  const app = Fastify({ logger: false, return503OnClosing: true, trustProxy: config.server.trustProxy });

  // Probes send whatever Host they like; everything else must name a host this server is meant to be.
  app.addHook('onRequest', async (request, reply) => {
    if (healthPaths.has(pathOnly(request.raw.url ?? ''))) return;
    if (allowList.allows(hostNameOf(request.host))) return;
    return reply
      .code(403)
      .type('text/plain; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(HOST_REFUSED);
  });
  // Set last, over whatever a handler or an upstream put there: Tracelight's security headers win.
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.headers(headers);
    return payload;
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
      await scope.register(gatewayPlugin, {
        registry,
        basePath,
        allowList,
        bodyBudget,
        contentSecurityPolicy: headers['content-security-policy'],
      });
      if (options.distDir !== null)
        await scope.register(staticPlugin, {
          distDir: options.distDir,
          basePath,
          publicConfigJson: publicConfig,
        });
    },
    { prefix },
  );
  return app;
}

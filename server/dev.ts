import type { IncomingMessage, ServerResponse } from 'node:http';
import { createApp } from './app.ts';
import type { Environment } from './config/env.ts';
import { loadConfig } from './config/load.ts';

export interface DevGateway {
  /** Connect-style middleware for Vite's dev server: answers /api/ds/*, /config.json and /healthz. */
  middleware(req: IncomingMessage, res: ServerResponse, next: () => void): void;
  close(): Promise<void>;
}

const OWN_PATHS = ['/api/ds/', '/config.json', '/healthz'];

/**
 * The production gateway and /config.json for `npm run dev`, mounted in Vite as middleware. Same
 * configuration sources as `npm start` (TRACELIGHT_CONFIG and the environment shortcuts); the dev
 * server always serves at '/', so a configured base path is ignored here.
 */
export async function createDevGateway(env: Environment): Promise<DevGateway> {
  const loaded = loadConfig({ env });
  const config = { ...loaded, server: { ...loaded.server, basePath: '/' } };
  const app = await createApp({ config, distDir: null });
  await app.ready();
  return {
    middleware: (req, res, next) => {
      const url = req.url ?? '';
      if (
        OWN_PATHS.some((prefix) => url === prefix || url.startsWith(prefix) || url.startsWith(`${prefix}?`))
      ) {
        app.routing(req, res);
      } else {
        next();
      }
    },
    close: () => app.close(),
  };
}

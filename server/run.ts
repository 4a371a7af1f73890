import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createApp } from './app.ts';
import { bodyBudgetFor } from './body-budget.ts';
import { isDistStale, runViteBuild } from './build.ts';
import type { CliOptions } from './cli.ts';
import type { Environment } from './config/env.ts';
import { loadConfig } from './config/load.ts';
import { NO_DATASOURCES_HINT } from './config/public.ts';
import { type EmbeddedBackend, type EmbeddedBackendFactory, isEmbeddedWanted } from './embedded-seam.ts';
import { allInterfacesWarning } from './host-check.ts';
import { checkBeforeStart, dataDirProblem, listenProblem, receiverField } from './startup-checks.ts';

export interface RunningServer {
  app: FastifyInstance;
  /** Full URL including the base path, ending in '/'. */
  url: string;
  close(): Promise<void>;
}

export interface RunOptions {
  cli: CliOptions;
  env: Environment;
  root: string;
  log: (line: string) => void;
  /** The embedded backend's starter; absent until it is part of the build. */
  embedded?: EmbeddedBackendFactory;
}

export function listeningUrl(host: string, port: number, basePath: string): string {
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return `http://${shownHost}:${port}${basePath}`;
}

/** Loads the configuration, builds the app when asked and needed, starts listening. Throws ConfigError on bad config. */
export async function runServer(options: RunOptions): Promise<RunningServer> {
  const { cli, log, root } = options;
  const config = loadConfig({
    ...(cli.configPath !== undefined ? { configPath: cli.configPath } : {}),
    env: options.env,
    overrides: {
      ...(cli.host !== undefined ? { host: cli.host } : {}),
      ...(cli.port !== undefined ? { port: cli.port } : {}),
      ...(cli.otlpPort !== undefined ? { otlpPort: cli.otlpPort } : {}),
      ...(cli.grpcPort !== undefined ? { grpcPort: cli.grpcPort } : {}),
      ...(cli.basePath !== undefined ? { basePath: cli.basePath } : {}),
      ...(cli.dataDir !== undefined ? { dataDir: cli.dataDir } : {}),
    },
  });
  const distDir = path.resolve(root, cli.distDir ?? 'dist');
  if (cli.buildIfStale && isDistStale(root, distDir)) {
    log('Building the app (dist/ is missing or older than the sources)…');
    if (!runViteBuild(root)) throw new Error('vite build failed');
  }

  const embeddedWanted = isEmbeddedWanted(config) && options.embedded !== undefined;
  await checkBeforeStart(config, embeddedWanted);
  const bodyBudget = bodyBudgetFor(config.server.limits);
  let embedded: EmbeddedBackend | undefined;
  if (embeddedWanted && options.embedded !== undefined) {
    try {
      embedded = await options.embedded({ config, demo: cli.demo, log, bodyBudget });
    } catch (error) {
      throw (
        dataDirProblem(error, config) ?? listenProblem(error, config, receiverField(error, config)) ?? error
      );
    }
  }
  if (config.datasources.length === 0 && (embedded?.datasources.length ?? 0) === 0) log(NO_DATASOURCES_HINT);

  const app = await createApp({
    config,
    distDir,
    inProcess: embedded?.datasources ?? [],
    ...(embedded
      ? {
          embedded: {
            demo: cli.demo,
            otlpPort: embedded.otlpPort ?? null,
            grpcPort: embedded.grpcPort ?? null,
          },
        }
      : {}),
    log,
    bodyBudget,
  });
  try {
    await app.listen({ host: config.server.host, port: config.server.port });
  } catch (error) {
    await embedded?.close();
    throw listenProblem(error, config, 'port') ?? error;
  }
  const warning = allInterfacesWarning(config.server);
  if (warning !== undefined) log(warning);
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.server.port;
  const url = listeningUrl(config.server.host, port, config.server.basePath);
  return {
    app,
    url,
    close: async () => {
      await app.close();
      await embedded?.close();
    },
  };
}

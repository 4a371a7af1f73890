import { ConfigError } from './errors.ts';
import type { DatasourceConfig, DatasourceType, TracelightConfig } from './types.ts';
import { DATASOURCE_TYPES, DEFAULT_TIMEOUT_SECONDS } from './types.ts';
import { checkUpstreamUrl, normalizeBasePath } from './validate.ts';

export type Environment = Readonly<Record<string, string | undefined>>;

function nonEmpty(env: Environment, key: string): string | undefined {
  const value = env[key];
  return value === undefined || value === '' ? undefined : value;
}

function parsePort(env: Environment, key: string, problems: string[]): number | undefined {
  const value = nonEmpty(env, key);
  if (value === undefined) return undefined;
  const port = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!(port >= 0 && port <= 65535)) {
    problems.push(`environment: ${key}: must be a port number from 0 to 65535, got ${JSON.stringify(value)}`);
    return undefined;
  }
  return port;
}

/** The datasource an environment shortcut (`TEMPO_URL` and friends) describes, named after its type. */
function shortcutDatasource(
  env: Environment,
  type: DatasourceType,
  problems: string[],
): DatasourceConfig | undefined {
  const prefix = type.toUpperCase();
  const urlText = nonEmpty(env, `${prefix}_URL`);
  if (urlText === undefined) return undefined;
  const checked = checkUpstreamUrl(urlText);
  if ('problem' in checked) {
    problems.push(`environment: ${prefix}_URL: ${checked.problem}`);
    return undefined;
  }
  const ds: DatasourceConfig = {
    name: type,
    type,
    url: checked.url,
    timeoutSeconds: DEFAULT_TIMEOUT_SECONDS,
  };
  const token = nonEmpty(env, `${prefix}_TOKEN`);
  const tenant = nonEmpty(env, `${prefix}_TENANT`);
  const basic = nonEmpty(env, `${prefix}_BASIC_AUTH`);
  for (const [key, value] of [
    ['TOKEN', token],
    ['TENANT', tenant],
    ['BASIC_AUTH', basic],
  ] as const) {
    if (value !== undefined && /[\r\n\0]/.test(value)) {
      problems.push(`environment: ${prefix}_${key}: must not contain line breaks`);
    }
  }
  if (token !== undefined && basic !== undefined) {
    problems.push(`environment: ${prefix}_TOKEN and ${prefix}_BASIC_AUTH both set; choose one`);
  }
  if (basic !== undefined && !basic.includes(':')) {
    problems.push(`environment: ${prefix}_BASIC_AUTH: must be user:password`);
  }
  if (token !== undefined || tenant !== undefined || basic !== undefined) {
    ds.auth = {};
    if (token !== undefined) ds.auth.bearerToken = token;
    if (tenant !== undefined) ds.auth.tenant = tenant;
    if (basic?.includes(':')) {
      const split = basic.indexOf(':');
      ds.auth.basic = { user: basic.slice(0, split), password: basic.slice(split + 1) };
    }
  }
  return ds;
}

/**
 * Applies the environment shortcuts on top of a validated configuration. A shortcut naming a
 * datasource the file already defines replaces that datasource's URL and the credentials it sets
 * (so a file can hold templates and the environment the secrets); otherwise it adds one.
 */
export function applyEnvironment(config: TracelightConfig, env: Environment): TracelightConfig {
  const problems: string[] = [];
  const server = { ...config.server };
  const port = parsePort(env, 'PORT', problems);
  if (port !== undefined) server.port = port;
  const otlpPort = parsePort(env, 'OTLP_PORT', problems);
  if (otlpPort !== undefined) server.otlpPort = otlpPort;
  const grpcPort = parsePort(env, 'OTLP_GRPC_PORT', problems);
  if (grpcPort !== undefined) server.grpcPort = grpcPort;
  const dataDir = nonEmpty(env, 'TRACELIGHT_DATA_DIR');
  if (dataDir !== undefined) server.dataDir = dataDir;
  const basePath = nonEmpty(env, 'TRACELIGHT_BASE_PATH');
  if (basePath !== undefined) {
    const normalized = normalizeBasePath(basePath);
    if (normalized === undefined) {
      problems.push(`environment: TRACELIGHT_BASE_PATH: invalid path ${JSON.stringify(basePath)}`);
    } else {
      server.basePath = normalized;
    }
  }
  const datasources = config.datasources.map((ds) => ({ ...ds }));
  for (const type of DATASOURCE_TYPES) {
    const shortcut = shortcutDatasource(env, type, problems);
    if (shortcut === undefined) continue;
    const existing = datasources.findIndex((ds) => ds.name === shortcut.name);
    if (existing === -1) {
      datasources.push(shortcut);
      continue;
    }
    const current = datasources[existing];
    if (current.type !== shortcut.type) {
      problems.push(
        `environment: ${type.toUpperCase()}_URL: ${config.source} already has a datasource named ${JSON.stringify(type)} of type ${current.type}`,
      );
      continue;
    }
    const auth = { ...current.auth, ...shortcut.auth };
    if (shortcut.auth?.bearerToken !== undefined) delete auth.basic;
    if (shortcut.auth?.basic !== undefined) delete auth.bearerToken;
    datasources[existing] = { ...current, url: shortcut.url, auth };
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return { ...config, server, datasources };
}

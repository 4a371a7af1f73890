import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { applyEnvironment, type Environment } from './env.ts';
import { ConfigError } from './errors.ts';
import type { FieldOrigins, TracelightConfig } from './types.ts';
import { normalizeBasePath, validateConfig } from './validate.ts';

export interface ConfigOverrides {
  host?: string;
  port?: number;
  otlpPort?: number;
  grpcPort?: number;
  basePath?: string;
  dataDir?: string;
}

export interface LoadConfigOptions {
  /** `--config PATH`; falls back to TRACELIGHT_CONFIG. */
  configPath?: string;
  env: Environment;
  /** Command-line values; they win over the file and the environment. */
  overrides?: ConfigOverrides;
  cwd?: string;
}

/** Past this many alias expansions a document is an alias bomb ("billion laughs"), not a configuration. */
export const MAX_YAML_ALIASES = 100;

/** The path of the first binary (`!!binary`) value, e.g. `server`; undefined when there is none. */
function firstBinaryValue(root: unknown): string | undefined {
  const pending: [unknown, string][] = [[root, '']];
  while (pending.length > 0) {
    const [value, at] = pending.pop() as [unknown, string];
    if (value instanceof Uint8Array) return at || '(top level)';
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) pending.push([value[i], `${at}[${i}]`]);
    } else if (typeof value === 'object' && value !== null)
      for (const [key, item] of Object.entries(value)) pending.push([item, at ? `${at}.${key}` : key]);
  }
  return undefined;
}

/**
 * Parses YAML (and therefore JSON) text; syntax errors name the file, line and column. An alias bomb
 * and a binary value are refused with one line each, like any other mistake in the file.
 */
export function parseConfigText(text: string, label: string): unknown {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      doc.errors.map((error) => {
        const where = error.linePos?.[0];
        const at = where ? `line ${where.line}, column ${where.col}` : '(syntax)';
        const message = error.message.split('\n')[0].replace(/ at line \d+, column \d+:$/, '');
        return `${label}: ${at}: ${/call stack/i.test(message) ? 'nested too deeply' : message}`;
      }),
    );
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (error) {
    if (error instanceof ReferenceError) {
      throw new ConfigError([
        `${label}: (top level): YAML aliases expand too far (more than ${MAX_YAML_ALIASES}); refused as a resource-exhaustion risk`,
      ]);
    }
    throw new ConfigError([`${label}: (top level): ${(error as Error).message}`]);
  }
  const binary = firstBinaryValue(value);
  if (binary !== undefined) {
    throw new ConfigError([`${label}: ${binary}: binary values (!!binary) are not accepted; write text`]);
  }
  return value;
}

function readConfigFile(file: string, label: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new ConfigError([`${label}: cannot read the configuration file (${code})`]);
  }
  return parseConfigText(text, label);
}

/** Loads, validates and combines the file, the environment shortcuts and the command line. */
export function loadConfig(options: LoadConfigOptions): TracelightConfig {
  const cwd = options.cwd ?? process.cwd();
  const file = options.configPath ?? (options.env.TRACELIGHT_CONFIG || undefined);
  const raw = file === undefined ? {} : readConfigFile(path.resolve(cwd, file), file);
  const fromFile = validateConfig(raw, file ?? 'environment');
  const config = applyEnvironment(fromFile, options.env);
  const overrides = options.overrides ?? {};
  const server = { ...config.server };
  if (overrides.host !== undefined) {
    if (overrides.host.trim() === '') {
      throw new ConfigError(['--host: must be a host name or address such as 127.0.0.1, got ""']);
    }
    server.host = overrides.host;
  }
  if (overrides.port !== undefined) server.port = overrides.port;
  if (overrides.otlpPort !== undefined) server.otlpPort = overrides.otlpPort;
  if (overrides.grpcPort !== undefined) server.grpcPort = overrides.grpcPort;
  if (overrides.dataDir !== undefined) server.dataDir = overrides.dataDir;
  if (overrides.basePath !== undefined) {
    const normalized = normalizeBasePath(overrides.basePath);
    if (normalized === undefined) throw new ConfigError([`--base-path: invalid path ${overrides.basePath}`]);
    server.basePath = normalized;
  }
  return { ...config, server, origins: originsOf(file ?? 'environment', options.env, overrides) };
}

/** Where each start-up field came from, for messages: the command line, the environment, the file. */
function originsOf(source: string, env: Environment, overrides: ConfigOverrides): FieldOrigins {
  const origin = (key: keyof ConfigOverrides, flag: string, variable: string | undefined) =>
    overrides[key] !== undefined
      ? flag
      : variable !== undefined && env[variable]
        ? `environment: ${variable}`
        : `${source}: server.${key}`;
  return {
    host: origin('host', '--host', undefined),
    port: origin('port', '--port', 'PORT'),
    otlpPort: origin('otlpPort', '--otlp-port', 'OTLP_PORT'),
    grpcPort: origin('grpcPort', '--grpc-port', 'OTLP_GRPC_PORT'),
    dataDir: origin('dataDir', '--data-dir', 'TRACELIGHT_DATA_DIR'),
  };
}

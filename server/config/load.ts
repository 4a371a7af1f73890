import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { applyEnvironment, type Environment } from './env.ts';
import { ConfigError } from './errors.ts';
import type { TracelightConfig } from './types.ts';
import { normalizeBasePath, validateConfig } from './validate.ts';

export interface ConfigOverrides {
  host?: string;
  port?: number;
  otlpPort?: number;
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

/** Parses YAML (and therefore JSON) text; syntax errors name the file, line and column. */
export function parseConfigText(text: string, label: string): unknown {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      doc.errors.map((error) => {
        const where = error.linePos?.[0];
        const at = where ? `line ${where.line}, column ${where.col}` : '(syntax)';
        return `${label}: ${at}: ${error.message.split('\n')[0].replace(/ at line \d+, column \d+:$/, '')}`;
      }),
    );
  }
  return doc.toJS();
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
  if (overrides.host !== undefined) server.host = overrides.host;
  if (overrides.port !== undefined) server.port = overrides.port;
  if (overrides.otlpPort !== undefined) server.otlpPort = overrides.otlpPort;
  if (overrides.dataDir !== undefined) server.dataDir = overrides.dataDir;
  if (overrides.basePath !== undefined) {
    const normalized = normalizeBasePath(overrides.basePath);
    if (normalized === undefined) throw new ConfigError([`--base-path: invalid path ${overrides.basePath}`]);
    server.basePath = normalized;
  }
  return { ...config, server };
}

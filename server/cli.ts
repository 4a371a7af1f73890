import { parseArgs } from 'node:util';

export interface CliOptions {
  configPath?: string;
  host?: string;
  port?: number;
  otlpPort?: number;
  grpcPort?: number;
  basePath?: string;
  distDir?: string;
  dataDir?: string;
  demo: boolean;
  buildIfStale: boolean;
  /** Exit when stdin closes (used by test harnesses so a dying runner takes the server with it). */
  exitOnStdinClose: boolean;
  help: boolean;
}

export const USAGE = `Usage: npm start -- [options]   or   npx tracelight [options]
  --config PATH        configuration file (YAML or JSON); also TRACELIGHT_CONFIG
  --host HOST          address to bind (default 127.0.0.1)
  --port N             port (default 8080, PORT; 0 picks a free one)
  --otlp-port N        embedded OTLP/HTTP receiver port (default 4318, OTLP_PORT; 0 turns it off)
  --grpc-port N        embedded OTLP/gRPC receiver port (default 4317, OTLP_GRPC_PORT; 0 turns it off)
  --base-path PATH     serve under this path prefix (TRACELIGHT_BASE_PATH)
  --dist DIR           the built app (default dist/)
  --data-dir DIR       persist what the embedded backend receives (TRACELIGHT_DATA_DIR)
  --no-demo            do not seed the embedded backend with demo traces
  --build-if-stale     run vite build first when dist/ is missing or older than the sources
  --exit-on-stdin-close  stop when stdin closes
`;

const OPTIONS = {
  config: { type: 'string' },
  host: { type: 'string' },
  port: { type: 'string' },
  'otlp-port': { type: 'string' },
  'grpc-port': { type: 'string' },
  'base-path': { type: 'string' },
  dist: { type: 'string' },
  'data-dir': { type: 'string' },
  'no-demo': { type: 'boolean' },
  'build-if-stale': { type: 'boolean' },
  'exit-on-stdin-close': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export class CliError extends Error {}

function port(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) > 65535)
    throw new CliError(`${flag}: not a port number: ${value}`);
  return Number(value);
}

export function parseCli(argv: readonly string[]): CliOptions {
  let parsed: ReturnType<
    typeof parseArgs<{ options: typeof OPTIONS; strict: true; allowPositionals: false }>
  >;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false });
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  const v = parsed.values;
  return {
    ...(v.config !== undefined ? { configPath: v.config } : {}),
    ...(v.host !== undefined ? { host: v.host } : {}),
    ...(v.port !== undefined ? { port: port(v.port, '--port') } : {}),
    ...(v['otlp-port'] !== undefined ? { otlpPort: port(v['otlp-port'], '--otlp-port') } : {}),
    ...(v['grpc-port'] !== undefined ? { grpcPort: port(v['grpc-port'], '--grpc-port') } : {}),
    ...(v['base-path'] !== undefined ? { basePath: v['base-path'] } : {}),
    ...(v.dist !== undefined ? { distDir: v.dist } : {}),
    ...(v['data-dir'] !== undefined ? { dataDir: v['data-dir'] } : {}),
    demo: v['no-demo'] !== true,
    buildIfStale: v['build-if-stale'] === true,
    exitOnStdinClose: v['exit-on-stdin-close'] === true,
    help: v.help === true,
  };
}

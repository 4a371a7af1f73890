// Starts the real Tracelight server (server/main.ts via tsx, serving the built dist/) for a test,
// on a free loopback port, with a config written to a temporary file.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface StartTracelightOptions {
  /** The configuration document (as in tracelight.yaml), written to a temp file as JSON. */
  config?: object;
  /** Extra environment; the datasource shortcuts and server variables of the test runner are cleared first. */
  env?: Record<string, string>;
  /** Extra command-line arguments, after the defaults (so they win). */
  args?: string[];
  /** An installed `tracelight` executable to run (in its folder) instead of `tsx server/main.ts` here. */
  bin?: string;
}

export interface Tracelight {
  /** Full URL including the base path, ending in '/'. */
  url: string;
  port: number;
  stop(): Promise<void>;
  /** Everything the server wrote to stdout and stderr so far. */
  output(): string;
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const LISTENING = /^Tracelight listening on (http:\/\/\S+\/)$/m;
const START_TIMEOUT_MS = 30_000;
const CLEARED_ENV = [
  'TRACELIGHT_CONFIG',
  'TRACELIGHT_BASE_PATH',
  'PORT',
  'OTLP_PORT',
  'OTLP_GRPC_PORT',
  ...['TEMPO', 'JAEGER', 'ZIPKIN', 'LOKI', 'PROMETHEUS'].flatMap((type) =>
    ['URL', 'TOKEN', 'TENANT', 'BASIC_AUTH'].map((suffix) => `${type}_${suffix}`),
  ),
];

function waitForExit(child: ChildProcessWithoutNullStreams, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

export async function startTracelight(options: StartTracelightOptions = {}): Promise<Tracelight> {
  const dir = mkdtempSync(path.join(tmpdir(), 'tracelight-e2e-'));
  const configFile = path.join(dir, 'config.json');
  writeFileSync(configFile, JSON.stringify(options.config ?? {}, null, 2));
  const env: Record<string, string | undefined> = { ...process.env };
  for (const name of CLEARED_ENV) delete env[name];
  Object.assign(env, options.env ?? {}, { TRACELIGHT_PARENT_PID: String(process.pid) });

  const [command, first, cwd] = options.bin
    ? [options.bin, [], path.dirname(options.bin)]
    : [path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['server/main.ts'], ROOT];
  const child = spawn(
    command,
    [
      ...first,
      '--config',
      configFile,
      '--port',
      '0',
      '--host',
      '127.0.0.1',
      '--otlp-port',
      '0',
      '--grpc-port',
      '0',
      '--exit-on-stdin-close',
      ...(options.args ?? []),
    ],
    { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`Tracelight did not start within ${START_TIMEOUT_MS} ms:\n${output}`));
    }, START_TIMEOUT_MS);
    const onData = () => {
      const match = LISTENING.exec(output);
      if (match) {
        cleanup();
        resolve(match[1]);
      }
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`Tracelight exited (code ${code}) before listening:\n${output}`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.off('exit', onExit);
    };
    child.stdout.on('data', onData);
    child.once('exit', onExit);
  }).catch(async (error: unknown) => {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw error;
  });

  return {
    url,
    port: Number(new URL(url).port),
    output: () => output,
    stop: async () => {
      child.kill('SIGTERM');
      if (!(await waitForExit(child, 5000))) {
        child.kill('SIGKILL');
        await waitForExit(child, 5000);
      }
      child.stdin.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

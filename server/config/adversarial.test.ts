// Runs adversarial/config/cases.json: each bad configuration must stop the start with exactly one line
// naming where the value came from (the server's exit 2, no stack trace); the good ones must start.
// Prints tried / refused cleanly / started / crashed.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliOptions } from '../cli.ts';
import { startEmbeddedBackend } from '../embedded/index.ts';
import { runServer } from '../run.ts';
import { ConfigError } from './errors.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dir = path.join(root, 'adversarial/config');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');

interface Case {
  file: string;
  name?: string;
  setup?: { files?: string[]; dirs?: string[] };
  cli?: Partial<Pick<CliOptions, 'host' | 'dataDir'>>;
  /** "none": no --config (the command line alone is under test). */
  config?: 'none';
  viaMain?: boolean;
  expect: { outcome: 'refused' | 'started'; line?: string };
}

const manifest = JSON.parse(readFileSync(path.join(dir, 'cases.json'), 'utf8')) as { cases: Case[] };

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** The case's file in a fresh directory, placeholders filled, its setup made. */
async function prepare(c: Case, busyPort: number): Promise<{ configPath: string; tmp: string }> {
  const tmp = mkdtempSync(path.join(tmpdir(), 'tl-adv-config-'));
  for (const file of c.setup?.files ?? []) writeFileSync(path.join(tmp, file), 'not a directory');
  for (const d of c.setup?.dirs ?? []) mkdirSync(path.join(tmp, d), { recursive: true });
  const port = await freePort();
  const text = readFileSync(path.join(dir, c.file), 'utf8')
    .replaceAll('@@TMP@@', tmp)
    .replaceAll('@@BUSY_PORT@@', String(busyPort))
    .replaceAll('@@PORT@@', String(port));
  const configPath = path.join(tmp, c.file);
  writeFileSync(configPath, text);
  return { configPath, tmp };
}

function runMain(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(tsx, ['server/main.ts', ...args], {
      cwd: root,
      env: { ...process.env, TEMPO_URL: '' },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

describe('adversarial configurations (adversarial/config/cases.json)', () => {
  const tally = { tried: 0, refused: 0, started: 0, crashed: 0, wrong: 0 };
  let busy: net.Server;
  let busyPort = 0;

  beforeAll(async () => {
    busy = net.createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    busyPort = (busy.address() as net.AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => busy.close(() => resolve()));
    process.stdout.write(
      `config adversarial: ${tally.tried} tried, ${tally.refused} refused cleanly, ${tally.started} started, ${tally.crashed} crashed, ${tally.wrong} not as expected\n`,
    );
  });

  it.each(manifest.cases.map((c) => [c.name ?? c.file, c] as const))(
    '%s',
    { timeout: 30_000 },
    async (_name, c) => {
      tally.tried += 1;
      const { configPath, tmp } = await prepare(c, busyPort);
      const cli: CliOptions = {
        ...(c.config === 'none' ? {} : { configPath }),
        port: 0,
        otlpPort: 0,
        grpcPort: 0,
        distDir: tmp,
        demo: false,
        buildIfStale: false,
        exitOnStdinClose: false,
        help: false,
        ...(c.cli?.host !== undefined ? { host: c.cli.host } : {}),
        ...(c.cli?.dataDir !== undefined ? { dataDir: c.cli.dataDir.replaceAll('@@TMP@@', tmp) } : {}),
      };
      // The file's own ports and host are under test: only fill in what it leaves out.
      const text = readFileSync(configPath, 'utf8');
      if (/\bport:/.test(text)) delete cli.port;
      if (/otlpPort:/.test(text)) delete cli.otlpPort;
      if (/grpcPort:/.test(text)) delete cli.grpcPort;
      let outcome: 'refused' | 'started' | 'crashed';
      let problems: readonly string[] = [];
      try {
        const server = await runServer({ cli, env: {}, root, log: () => {}, embedded: startEmbeddedBackend });
        await server.close();
        outcome = 'started';
      } catch (error) {
        if (error instanceof ConfigError) {
          outcome = 'refused';
          problems = error.problems;
        } else {
          outcome = 'crashed';
          problems = [String((error as Error).stack ?? error)];
        }
      }
      if (outcome === 'crashed') tally.crashed += 1;
      try {
        expect(outcome, problems.join('\n')).toBe(c.expect.outcome);
        if (c.expect.line !== undefined) {
          expect(problems).toHaveLength(1);
          expect(problems[0]).toMatch(new RegExp(c.expect.line));
        }
        if (c.viaMain) {
          const args = [...(c.config === 'none' ? [] : ['--config', configPath]), '--no-demo'];
          const main = await runMain(args);
          expect(main.code).toBe(2);
          expect(main.stderr).toMatch(new RegExp(c.expect.line ?? ''));
          expect(main.stderr).not.toMatch(/^\s+at /m);
        }
      } catch (error) {
        tally.wrong += 1;
        throw error;
      }
      if (outcome === 'refused') tally.refused += 1;
      else if (outcome === 'started') tally.started += 1;
    },
  );
});

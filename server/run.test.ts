import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { CliOptions } from './cli.ts';
import { startEmbeddedBackend } from './embedded/index.ts';
import { type RunningServer, runServer } from './run.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

function cli(overrides: Partial<CliOptions>, configText = 'datasources: []\n'): CliOptions {
  const dir = mkdtempSync(path.join(tmpdir(), 'tracelight-run-'));
  const configPath = path.join(dir, 'config.yaml');
  writeFileSync(configPath, configText);
  return {
    configPath,
    host: '127.0.0.1',
    port: 0,
    distDir: dir,
    demo: true,
    buildIfStale: false,
    exitOnStdinClose: false,
    help: false,
    ...overrides,
  };
}

describe('runServer and /config.json', () => {
  let server: RunningServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function publicConfig(
    options: Partial<CliOptions>,
    configText?: string,
  ): Promise<Record<string, unknown>> {
    server = await runServer({
      cli: cli(options, configText),
      env: {},
      root,
      log: () => {},
      embedded: startEmbeddedBackend,
    });
    const response = await fetch(new URL('config.json', server.url));
    return (await response.json()) as Record<string, unknown>;
  }

  it('publishes the port the embedded OTLP receiver bound and that demo data is off with --no-demo', async () => {
    const otlpPort = await freePort();
    const config = await publicConfig({ otlpPort, demo: false });
    expect(config.embedded).toEqual({ demo: false, otlpPort });
    const receiver = await fetch(`http://127.0.0.1:${otlpPort}/metrics`);
    expect(receiver.status).toBe(200);
  });

  it('says the receiver is off with --otlp-port 0, and that demo data was seeded', async () => {
    const config = await publicConfig({ otlpPort: 0, demo: true });
    expect(config.embedded).toEqual({ demo: true, otlpPort: null });
  });

  it('carries no embedded section when the embedded backend is not running', async () => {
    const config = await publicConfig({ otlpPort: 0 }, 'server: {embedded: false}\n');
    expect(config).not.toHaveProperty('embedded');
    expect(config.datasources).toEqual([]);
  });
});

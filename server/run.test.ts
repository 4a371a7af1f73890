import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
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

  it('publishes the ports both embedded OTLP receivers bound and that demo data is off with --no-demo', async () => {
    const otlpPort = await freePort();
    const grpcPort = await freePort();
    const config = await publicConfig({ otlpPort, grpcPort, demo: false });
    expect(config.embedded).toEqual({ demo: false, otlpPort, grpcPort });
    const receiver = await fetch(`http://127.0.0.1:${otlpPort}/metrics`);
    expect(receiver.status).toBe(200);
    // The gRPC port published is the one the SDK's gRPC exporter reaches; the trace is then read
    // back through the app's own Tempo API.
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'run-grpc' }),
      spanProcessors: [
        new SimpleSpanProcessor(new OTLPTraceExporter({ url: `http://127.0.0.1:${grpcPort}` })),
      ],
    });
    const span = provider.getTracer('run-test').startSpan('GET /grpc');
    span.end();
    await provider.shutdown();
    const { traceId } = span.spanContext();
    const trace = await fetch(new URL(`api/ds/local/api/v2/traces/${traceId}`, server?.url));
    expect(trace.status).toBe(200);
    expect(JSON.stringify(await trace.json())).toContain('GET /grpc');
  });

  it('says the receivers are off with --otlp-port 0 and --grpc-port 0, and that demo data was seeded', async () => {
    const config = await publicConfig({ otlpPort: 0, grpcPort: 0, demo: true });
    expect(config.embedded).toEqual({ demo: true, otlpPort: null, grpcPort: null });
  });

  it('carries no embedded section when the embedded backend is not running', async () => {
    const config = await publicConfig({ otlpPort: 0, grpcPort: 0 }, 'server: {embedded: false}\n');
    expect(config).not.toHaveProperty('embedded');
    expect(config.datasources).toEqual([]);
  });
});

import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');

function run(
  args: string[],
  untilLine?: RegExp,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(tsx, ['server/main.ts', ...args], {
      cwd: root,
      env: { ...process.env, TEMPO_URL: '' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (untilLine?.test(stdout)) child.kill('SIGTERM');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('server/main.ts', () => {
  it('exits non-zero on a bad config, naming the file and the field', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tl-main-'));
    const file = path.join(dir, 'config.yaml');
    writeFileSync(
      file,
      'datasources:\n  - {name: tempo, type: tempo, url: "http://t:3200"}\n  - {name: x, type: tempoo, url: "http://x"}\n',
    );
    const result = await run(['--config', file, '--port', '0']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `${file}: datasources[1].type: unknown type "tempoo" (expected tempo|jaeger|zipkin|loki|prometheus)`,
    );
  });

  it('starts on a free port with no datasource and the embedded backend off, says how to configure, stops on SIGTERM', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tl-main-'));
    const file = path.join(dir, 'config.yaml');
    writeFileSync(file, 'server: {embedded: false}\n');
    const result = await run(
      ['--config', file, '--port', '0', '--otlp-port', '0', '--grpc-port', '0', '--base-path', '/tl/'],
      /Tracelight listening on http:\/\/127\.0\.0\.1:\d+\/tl\/\n/,
    );
    expect(result.stdout).toMatch(/No datasources are configured/);
    expect(result.stdout).toMatch(/^Tracelight listening on http:\/\/127\.0\.0\.1:[1-9]\d*\/tl\/$/m);
    expect(result.code).toBe(0);
  });
});

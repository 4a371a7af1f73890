// The installable package: `npm pack` here, `npm install <tarball> --offline` into an empty folder
// (the package carries its built app and compiled server, so nothing is fetched or built), then the
// installed `tracelight` binary, with `npm start`'s flags, serves the home page and a demo trace with
// its waterfall and critical path. Decision 0292.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, test } from './support/test';
import { startTracelight, type Tracelight } from './support/tracelight';

const run = promisify(execFile);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

let app: Tracelight | undefined;
let work: string;
let tarball: string;
let packageBytes = 0;

test.beforeAll(async () => {
  test.setTimeout(300_000);
  work = mkdtempSync(path.join(tmpdir(), 'tracelight-package-'));
  const before = readFileSync(path.join(ROOT, 'package.json'), 'utf8');
  const packed = await run('npm', ['pack', '--pack-destination', work], { cwd: ROOT, maxBuffer: 1 << 26 });
  // postpack put the checkout's package.json back as it was.
  expect(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).toBe(before);
  expect(existsSync(path.join(ROOT, 'dist-server'))).toBe(false);
  const name = packed.stdout.trim().split('\n').pop() ?? '';
  tarball = path.join(work, name);
  packageBytes = statSync(tarball).size;
  const install = path.join(work, 'install');
  await run('mkdir', ['-p', install]);
  await run('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], {
    cwd: install,
    maxBuffer: 1 << 26,
  });
  const bin = path.join(install, 'node_modules', '.bin', 'tracelight');
  // No flag here that `npm start` does not take.
  app = await startTracelight({ bin });
});

test.afterAll(async () => {
  await app?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

test('the package installs offline with nothing but itself, and its tracelight binary serves a demo trace', async ({
  page,
}) => {
  expect(app).toBeDefined();
  const installed = path.join(work, 'install', 'node_modules');
  expect(readdirSync(installed).filter((d) => !d.startsWith('.'))).toEqual(['tracelight']);
  const manifest = JSON.parse(readFileSync(path.join(installed, 'tracelight', 'package.json'), 'utf8'));
  expect(manifest.dependencies).toBeUndefined();
  expect(manifest.bin).toEqual({ tracelight: 'bin/tracelight.mjs' });
  test.info().annotations.push({ type: 'package size', description: `${packageBytes} bytes` });

  await page.goto(app?.url ?? '');
  await expect(
    page.getByRole('region', { name: 'The embedded backend is running with demo data' }),
  ).toBeVisible();
  const searches = page.getByRole('list', { name: 'Searches in Local (embedded)', exact: true });
  await searches.getByRole('link', { name: 'Slowest traces in the last hour' }).click();
  const first = page.getByRole('table', { name: 'Traces found' }).locator('tbody tr[data-trace-id]').first();
  await expect(first).toBeVisible();
  await first.getByRole('link').click();
  await expect(page).toHaveURL(/\/trace\/[0-9a-f]{32}\?ds=local/);
  const rows = page.locator('[role="treegrid"] [role="row"][data-span-id]');
  await expect(rows.first()).toBeVisible();
  await expect(page.locator('[role="treegrid"] [role="row"][data-critical="1"]').first()).toBeVisible();
  await expect(page.getByTestId('trace-header').locator('[data-badge="cp"]')).toContainText('Critical path');
});

import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium, HOW_TO_GET_CHROMIUM } from './scripts/find-chromium.mjs';

// A system Chromium, never a downloaded one (scripts/ensure-chromium.mjs installs Debian's if needed).
const executablePath = findChromium();
if (executablePath === undefined) throw new Error(HOW_TO_GET_CHROMIUM);

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  // Each spec starts its own server on a free port; two workers fit the 2-core machines.
  workers: 2,
  fullyParallel: false,
  retries: 0,
  reporter: 'list',
  timeout: 60_000,
  // Two workers each drive Chromium, the server and sometimes Prometheus on two cores: give
  // assertions room under that load rather than retrying tests.
  expect: { timeout: 20_000 },
  forbidOnly: !!process.env.CI,
  use: {
    browserName: 'chromium',
    headless: true,
    trace: 'off',
    launchOptions: {
      executablePath,
      args: CHROMIUM_ARGS,
    },
  },
});

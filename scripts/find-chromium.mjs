// Finds a Chromium for Playwright without downloading one. Used by playwright.config.ts and
// scripts/ensure-chromium.mjs. Order: CHROMIUM_PATH, Debian's chromium, then Playwright's cache.
import { accessSync, constants, existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

const SYSTEM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];
// Inside a Playwright browser folder, the executable of each known layout.
const CACHE_LAYOUTS = [
  ['chrome-linux64', 'chrome'],
  ['chrome-linux', 'chrome'],
  ['chrome-linux', 'headless_shell'],
  ['chrome-headless-shell-linux64', 'chrome-headless-shell'],
];

function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function playwrightCacheDirs(env) {
  const dirs = [];
  if (env.PLAYWRIGHT_BROWSERS_PATH && env.PLAYWRIGHT_BROWSERS_PATH !== '0')
    dirs.push(env.PLAYWRIGHT_BROWSERS_PATH);
  dirs.push(path.join(env.XDG_CACHE_HOME || path.join(homedir(), '.cache'), 'ms-playwright'));
  return dirs;
}

function fromPlaywrightCache(env) {
  for (const dir of playwrightCacheDirs(env)) {
    if (!existsSync(dir)) continue;
    // Newest first: chromium-1200 before chromium-1100; full chromium before headless shell.
    const entries = readdirSync(dir)
      .filter((name) => name.startsWith('chromium'))
      .sort((a, b) => b.localeCompare(a, 'en', { numeric: true }));
    for (const entry of entries) {
      for (const [folder, binary] of CACHE_LAYOUTS) {
        const candidate = path.join(dir, entry, folder, binary);
        if (isExecutable(candidate)) return candidate;
      }
    }
  }
  return undefined;
}

/** @param {NodeJS.ProcessEnv} [env] @returns {string | undefined} */
/** The flags every Chromium we drive gets: we run as root, with no GPU and no network beyond loopback. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function findChromium(env = process.env) {
  if (env.CHROMIUM_PATH) return isExecutable(env.CHROMIUM_PATH) ? env.CHROMIUM_PATH : undefined;
  for (const candidate of SYSTEM_CANDIDATES) if (isExecutable(candidate)) return candidate;
  return fromPlaywrightCache(env);
}

export const HOW_TO_GET_CHROMIUM = [
  'No Chromium found for the end-to-end tests. Looked at CHROMIUM_PATH, /usr/bin/chromium,',
  "/usr/bin/chromium-browser and Playwright's browser cache. Install one, for example:",
  '  sudo apt-get install chromium        (Debian/Ubuntu)',
  'or point CHROMIUM_PATH at an existing Chromium or Chrome executable.',
].join('\n');

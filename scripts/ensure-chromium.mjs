#!/usr/bin/env node
// Makes sure the end-to-end tests have a Chromium. Never downloads a browser build: when none is
// found and we are root with apt-get, installs Debian's chromium; otherwise explains how to get one.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findChromium, HOW_TO_GET_CHROMIUM } from './find-chromium.mjs';

function run(command, args) {
  process.stdout.write(`$ ${command} ${args.join(' ')}\n`);
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return result.status === 0;
}

let chromium = findChromium();
if (chromium === undefined && process.env.CHROMIUM_PATH) {
  process.stderr.write(`CHROMIUM_PATH=${process.env.CHROMIUM_PATH} is not an executable file.\n`);
  process.exit(1);
}
if (chromium === undefined) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    process.stdout.write("No Chromium found; installing Debian's chromium package.\n");
    if (run('apt-get', ['update']) && run('apt-get', ['install', '-y', 'chromium']))
      chromium = findChromium();
  }
}
if (chromium === undefined) {
  process.stderr.write(`${HOW_TO_GET_CHROMIUM}\n`);
  process.exit(1);
}
process.stdout.write(`Chromium for end-to-end tests: ${chromium}\n`);

#!/usr/bin/env node
// `npx tracelight` / a global install: the server of `npm start`, with the same flags and
// configuration, serving the app built into the package (dist/). In the package the server is
// JavaScript compiled by `npm pack` (dist-server/, decision 0292), so nothing is built or compiled
// on the user's machine; in a checkout without it, the TypeScript runs through tsx as in `npm start`.
import { existsSync } from 'node:fs';

const compiled = new URL('../dist-server/main.mjs', import.meta.url);
if (existsSync(compiled)) {
  await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../server/main.ts');
}

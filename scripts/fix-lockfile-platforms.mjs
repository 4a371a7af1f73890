// Adds lock entries for platform-specific optional packages that the registry reachable here does
// not serve, so `npm ci` accepts the lock. Idempotent. See docs/decisions/0012-lockfile-platform-packages.md.
import fs from 'node:fs';

const file = process.argv[2] ?? 'package-lock.json';
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
const platform = (name) => {
  const m = name.match(/-(android|darwin|linux|win32|freebsd|wasm32)-([a-z0-9]+)/);
  if (!m) return null;
  const os = m[1] === 'wasm32' ? null : m[1];
  const cpu = m[1] === 'wasm32' ? 'wasm32' : m[2] === 'gnueabihf' ? 'arm' : m[2];
  return { os, cpu };
};
let added = 0;
for (const entry of Object.values(lock.packages)) {
  for (const [dep, range] of Object.entries(entry.optionalDependencies ?? {})) {
    const key = `node_modules/${dep}`;
    if (lock.packages[key]) continue;
    const p = platform(dep);
    if (!p) continue;
    lock.packages[key] = {
      version: range,
      optional: true,
      ...(dep.includes('musl') ? { libc: ['musl'] } : {}),
      ...(entry.dev ? { dev: true } : {}),
      ...(p.os ? { os: [p.os] } : {}),
      cpu: [p.cpu],
    };
    added++;
  }
}
fs.writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`added ${added} platform entries`);

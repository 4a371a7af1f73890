import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** The newest modification time among the given files and everything under the given folders. */
export function newestMtime(paths: readonly string[]): number {
  let newest = 0;
  const pending = [...paths];
  while (pending.length > 0) {
    const current = pending.pop() as string;
    if (!existsSync(current)) continue;
    const stat = statSync(current);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(current)) pending.push(path.join(current, entry));
    } else {
      newest = Math.max(newest, stat.mtimeMs);
    }
  }
  return newest;
}

export function sourcesOf(root: string): string[] {
  return ['src', 'public', 'index.html', 'vite.config.ts'].map((entry) => path.join(root, entry));
}

/** dist/ needs a build when its index.html is missing or older than any source. */
export function isDistStale(root: string, distDir: string): boolean {
  const index = path.join(distDir, 'index.html');
  if (!existsSync(index)) return true;
  return newestMtime(sourcesOf(root)) > statSync(index).mtimeMs;
}

/** Runs `vite build` in the repository; returns whether it succeeded. Its output goes to our stdout/stderr. */
export function runViteBuild(root: string): boolean {
  const vite = path.join(root, 'node_modules', '.bin', 'vite');
  const result = spawnSync(vite, ['build'], { cwd: root, stdio: 'inherit' });
  return result.status === 0;
}

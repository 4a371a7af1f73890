import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isDistStale } from './build.ts';

function touch(file: string, secondsAgo: number): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, 'x');
  const when = new Date(Date.now() - secondsAgo * 1000);
  utimesSync(file, when, when);
}

describe('--build-if-stale', () => {
  it('builds when dist/ is missing, or older than src/, index.html or vite.config.ts, and not otherwise', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'tl-build-'));
    const dist = path.join(root, 'dist');
    touch(path.join(root, 'src', 'deep', 'a.ts'), 100);
    touch(path.join(root, 'index.html'), 100);
    touch(path.join(root, 'vite.config.ts'), 100);
    expect(isDistStale(root, dist)).toBe(true);
    touch(path.join(dist, 'index.html'), 50);
    expect(isDistStale(root, dist)).toBe(false);
    touch(path.join(root, 'src', 'deep', 'a.ts'), 10);
    expect(isDistStale(root, dist)).toBe(true);
    touch(path.join(dist, 'index.html'), 5);
    touch(path.join(root, 'vite.config.ts'), 1);
    expect(isDistStale(root, dist)).toBe(true);
  });
});

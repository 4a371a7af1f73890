// DESIGN.md's layer table, kept: every import of src/ and server/ against it, and no import circles.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { reachablePackages, readImportGraph } from './import-graph';
import { KNOWN_CIRCLES, KNOWN_VIOLATIONS } from './known-violations';
import { importCircles, isTestCode, layerViolations } from './layer-rules';

const ROOT = path.resolve(import.meta.dirname, '../..');
const graph = readImportGraph(ROOT, ['src', 'server']);

describe('layer rules (DESIGN.md, decision 0160)', () => {
  it('reads the whole tree', () => {
    expect(graph.files.length).toBeGreaterThan(200);
    expect(graph.files).toContain('src/model/types.ts');
    expect(graph.files).toContain('server/main.ts');
  });

  it('every import keeps the layer table', () => {
    const violations = layerViolations(graph);
    const fresh = violations.filter((v) => !KNOWN_VIOLATIONS.includes(v.key)).map((v) => v.message);
    expect(fresh, `Imports that break DESIGN.md's layer table:\n${fresh.join('\n')}\n`).toEqual([]);
  });

  it('lists no known violation that is already fixed (delete its line from known-violations.ts)', () => {
    const present = new Set(layerViolations(graph).map((v) => v.key));
    expect(KNOWN_VIOLATIONS.filter((key) => !present.has(key))).toEqual([]);
  });

  it('has no import circle', () => {
    const circles = importCircles(graph);
    const fresh = circles.filter((c) => !KNOWN_CIRCLES.includes(c));
    expect(fresh, `Import circles (type-only imports count):\n${fresh.join('\n')}\n`).toEqual([]);
    expect(KNOWN_CIRCLES.filter((c) => !circles.includes(c))).toEqual([]);
  });
});

describe('the server at run time', () => {
  it('imports only packages listed in dependencies (a production install omits devDependencies)', () => {
    const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    const roots = graph.files.filter((file) => file.startsWith('server/') && !isTestCode(file));
    const used = reachablePackages(graph, roots);
    const missing = [...used].filter(([name]) => !(name in manifest.dependencies));
    expect(missing.map(([name, from]) => `${name} (imported by ${from})`)).toEqual([]);
    expect([...used.keys()]).toContain('fastify');
  });
});

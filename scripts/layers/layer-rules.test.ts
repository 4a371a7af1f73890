import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type ImportEdge, type ImportGraph, readImportGraph } from './import-graph';
import { importCircles, layerViolation, layerViolations } from './layer-rules';

function edge(from: string, to: string, typeOnly = false): ImportEdge {
  const local = to.startsWith('src/') || to.startsWith('server/');
  return { from, to, specifier: to, local, typeOnly, line: 3 };
}

describe('the layer table', () => {
  it('names the file, the line, the target and the rule an import breaks', () => {
    expect(layerViolation(edge('src/correlate/exemplars.ts', 'src/datasources/prometheus.ts', true))).toBe(
      'src/correlate/exemplars.ts:3 imports type from src/datasources/prometheus.ts: correlate may import only model, not datasources',
    );
    expect(layerViolation(edge('src/model/trace.ts', 'src/formats/otlp.ts'))).toBe(
      'src/model/trace.ts:3 imports src/formats/otlp.ts: model may import nothing of the app, not formats',
    );
  });

  it('lets each layer import what the table lists, and nothing above it', () => {
    expect(layerViolation(edge('src/correlate/span-values.ts', 'src/model/types.ts'))).toBeUndefined();
    expect(layerViolation(edge('src/worker/engine.ts', 'src/datasources/tempo.ts'))).toBeUndefined();
    expect(layerViolation(edge('src/queries/config.ts', 'src/datasources/config.ts'))).toBeUndefined();
    expect(layerViolation(edge('src/app/App.tsx', 'src/features/home/HomePage.tsx'))).toBeUndefined();
    expect(layerViolation(edge('server/app.ts', 'src/traceql/parser.ts'))).toBeUndefined();
    expect(layerViolation(edge('src/ui/Button.tsx', 'src/state/theme-store.ts'))).toContain(
      'ui may import only model, not state',
    );
    expect(
      layerViolation(edge('src/features/settings/SettingsPage.tsx', 'src/app/ThemeToggle.tsx')),
    ).toContain('features may import only model, formats');
    expect(layerViolation(edge('server/gateway/x.ts', 'src/datasources/config.ts'))).toContain(
      'server may import only model, formats, traceql, analysis, correlate, contracts, redact, not datasources',
    );
    expect(layerViolation(edge('src/state/store.ts', 'src/queries/config.ts'))).toContain('not queries');
  });

  it('lets a feature reach another feature only through its index', () => {
    expect(
      layerViolation(edge('src/features/home/HomePage.tsx', 'src/features/open-file/index.ts')),
    ).toBeUndefined();
    expect(layerViolation(edge('src/features/trace/a/B.tsx', 'src/features/trace/c.ts'))).toBeUndefined();
    expect(
      layerViolation(edge('src/features/home/HomePage.tsx', 'src/features/open-file/OpenFiles.tsx')),
    ).toBe(
      'src/features/home/HomePage.tsx:3 imports src/features/open-file/OpenFiles.tsx: a feature imports another feature only through its index (src/features/open-file/index.ts)',
    );
  });

  it('keeps React, the DOM libraries and Node out of the pure core', () => {
    expect(layerViolation(edge('src/analysis/x.ts', 'react'))).toContain('analysis is pure core');
    expect(layerViolation(edge('src/model/x.ts', 'node:fs'))).toContain('model is pure core');
    expect(layerViolation(edge('src/correlate/extract-ids.ts', 're2js'))).toBeUndefined();
    expect(layerViolation(edge('src/features/x/Y.tsx', 'react'))).toBeUndefined();
  });

  it('leaves test code out of the layer rules, and reports files outside every layer', () => {
    expect(
      layerViolation(edge('src/correlate/exemplars.test.ts', 'src/datasources/prometheus.ts')),
    ).toBeUndefined();
    expect(layerViolation(edge('src/formats/testing/fixtures.ts', 'src/worker/engine.ts'))).toBeUndefined();
    expect(layerViolation(edge('src/stray.ts', 'src/model/types.ts'))).toContain(
      'src/stray.ts is in no layer',
    );
    expect(layerViolation(edge('src/main.tsx', 'src/app/App.tsx'))).toBeUndefined();
  });

  it('finds import circles, type-only imports included, and not through tests', () => {
    const graph: ImportGraph = {
      files: [],
      unresolved: [],
      edges: [
        edge('src/features/a/One.tsx', 'src/features/a/Two.tsx'),
        edge('src/features/a/Two.tsx', 'src/features/a/Three.ts', true),
        edge('src/features/a/Three.ts', 'src/features/a/One.tsx', true),
        edge('src/features/a/One.tsx', 'src/model/types.ts'),
        edge('src/model/types.ts', 'src/model/types.test.ts'),
        edge('src/model/types.test.ts', 'src/model/types.ts'),
      ],
    };
    expect(importCircles(graph)).toEqual([
      'src/features/a/One.tsx → src/features/a/Two.tsx → src/features/a/Three.ts → src/features/a/One.tsx',
    ]);
    expect(layerViolations(graph)).toEqual([]);
  });
});

describe('the import graph', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'layers-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  };

  it('reads type-only, value, re-export, dynamic and worker-URL imports and resolves them to files', () => {
    write('src/model/types.ts', 'export interface Span { id: string }\n');
    write('src/model/index.ts', "export type { Span } from './types';\n");
    write('src/worker/trace.worker.ts', 'export {};\n');
    write(
      'src/features/x/View.tsx',
      [
        "import type { Span } from '../../model/types';",
        "import { useState, type FC } from 'react';",
        "export * from '../../model';",
        "const later = () => import('../../model/types.ts');",
        "const worker = new Worker(new URL('../../worker/trace.worker.ts', import.meta.url));",
        "import missing from './nowhere';",
        'export const View: FC<{ span: Span }> = () => { useState(0); return <div />; };',
      ].join('\n'),
    );
    const graph = readImportGraph(root, ['src']);
    const from = graph.edges.filter((e) => e.from === 'src/features/x/View.tsx');
    expect(from.map((e) => [e.to, e.typeOnly, e.line])).toEqual([
      ['src/model/types.ts', true, 1],
      ['react', false, 2],
      ['src/model/index.ts', false, 3],
      ['src/model/types.ts', false, 4],
      ['src/worker/trace.worker.ts', false, 5],
    ]);
    expect(graph.unresolved).toEqual([{ file: 'src/features/x/View.tsx', line: 6, specifier: './nowhere' }]);
    expect(graph.edges.find((e) => e.from === 'src/model/index.ts')).toMatchObject({
      to: 'src/model/types.ts',
      typeOnly: true,
    });
  });
});

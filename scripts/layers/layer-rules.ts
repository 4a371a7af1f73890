// DESIGN.md's "Layers and what each may import" as data, and the check of an import graph against it
// (decision 0160). Test code (`*.test.ts`, `testing/` folders) may reach across layers to feed real
// fixtures through real parsers; it is left out of the layer rules, not out of the graph.
import type { ImportEdge, ImportGraph } from './import-graph';

export type Layer =
  | 'model'
  | 'formats'
  | 'analysis'
  | 'traceql'
  | 'contracts'
  | 'redact'
  | 'correlate'
  | 'datasources'
  | 'worker'
  | 'routes'
  | 'queries'
  | 'state'
  | 'ui'
  | 'features'
  | 'app'
  | 'server';

interface LayerRule {
  layer: Layer;
  folder: string;
  mayImport: readonly Layer[];
}

const BELOW_FEATURES: readonly Layer[] = [
  'model',
  'formats',
  'analysis',
  'traceql',
  'contracts',
  'redact',
  'correlate',
  'datasources',
  'worker',
  'routes',
  'queries',
  'state',
  'ui',
];

/** In the table's order. `contracts` (shapes shared by server and app) is open to the layers that read them. */
export const LAYER_TABLE: readonly LayerRule[] = [
  { layer: 'model', folder: 'src/model', mayImport: [] },
  { layer: 'formats', folder: 'src/formats', mayImport: ['model'] },
  { layer: 'analysis', folder: 'src/analysis', mayImport: ['model'] },
  { layer: 'traceql', folder: 'src/traceql', mayImport: ['model'] },
  { layer: 'contracts', folder: 'src/contracts', mayImport: [] },
  { layer: 'redact', folder: 'src/redact', mayImport: ['model'] },
  { layer: 'correlate', folder: 'src/correlate', mayImport: ['model'] },
  { layer: 'datasources', folder: 'src/datasources', mayImport: ['model', 'formats', 'contracts'] },
  {
    layer: 'worker',
    folder: 'src/worker',
    mayImport: ['model', 'formats', 'analysis', 'traceql', 'datasources', 'contracts', 'redact'],
  },
  { layer: 'routes', folder: 'src/routes', mayImport: ['model'] },
  { layer: 'queries', folder: 'src/queries', mayImport: ['datasources', 'routes', 'contracts'] },
  { layer: 'state', folder: 'src/state', mayImport: ['model'] },
  { layer: 'ui', folder: 'src/ui', mayImport: ['model'] }, // model's pure time helpers: one duration text (decision 0150)
  { layer: 'features', folder: 'src/features', mayImport: BELOW_FEATURES },
  { layer: 'app', folder: 'src/app', mayImport: [...BELOW_FEATURES, 'features'] },
  {
    layer: 'server',
    folder: 'server',
    mayImport: ['model', 'formats', 'traceql', 'analysis', 'correlate', 'contracts', 'redact'],
  },
];

/** Pure TypeScript: runs in the browser, a worker, the server and benchmarks unchanged. */
export const PURE_CORE: readonly Layer[] = [
  'model',
  'formats',
  'analysis',
  'traceql',
  'contracts',
  'redact',
  'correlate',
];

/** Packages the pure core may not import (no DOM, no React, no Node). */
const NOT_IN_CORE = /^(node:|react$|react\/|react-dom|react-router|zustand|@tanstack\/|monaco-editor)/;

/** The entry module counts as the shell. */
const APP_FILES = new Set(['src/main.tsx']);

export function isTestCode(file: string): boolean {
  return /\.test\.tsx?$/.test(file) || file.split('/').includes('testing');
}

export interface Place {
  layer: Layer;
  /** The feature's folder name, for files under src/features/<name>/. */
  feature?: string;
}

export function placeOf(file: string): Place | undefined {
  if (APP_FILES.has(file)) return { layer: 'app' };
  const rule = LAYER_TABLE.find((r) => file.startsWith(`${r.folder}/`));
  if (!rule) return undefined;
  if (rule.layer !== 'features') return { layer: rule.layer };
  const feature = file.slice('src/features/'.length).split('/')[0];
  return { layer: 'features', feature };
}

function isFeatureIndex(file: string): boolean {
  return /^src\/features\/[^/]+\/index\.tsx?$/.test(file);
}

function mayImportText(layer: Layer): string {
  const allowed = LAYER_TABLE.find((r) => r.layer === layer)?.mayImport ?? [];
  return allowed.length === 0 ? 'nothing of the app' : `only ${allowed.join(', ')}`;
}

function importText(edge: ImportEdge): string {
  const how = edge.typeOnly ? 'imports type from' : 'imports';
  return `${edge.from}:${edge.line} ${how} ${edge.to}`;
}

/** Why this import breaks the layer table, or undefined when it keeps it. */
export function layerViolation(edge: ImportEdge): string | undefined {
  if (isTestCode(edge.from)) return undefined;
  const from = placeOf(edge.from);
  if (!from) return `${edge.from} is in no layer of the table (DESIGN.md): put it in one`;
  if (!edge.local) {
    if (PURE_CORE.includes(from.layer) && NOT_IN_CORE.test(edge.to)) {
      return `${importText(edge)}: ${from.layer} is pure core (no DOM, no React, no Node)`;
    }
    return undefined;
  }
  const to = placeOf(edge.to);
  // Non-layer targets inside the repo (index.css, package.json) are assets, not layers.
  if (!to) {
    if (/\.(ts|tsx|mts)$/.test(edge.to)) return `${importText(edge)}: the target is in no layer of the table`;
    return undefined;
  }
  if (to.layer === from.layer) {
    if (from.layer !== 'features' || from.feature === to.feature || isFeatureIndex(edge.to)) return undefined;
    return `${importText(edge)}: a feature imports another feature only through its index (src/features/${to.feature}/index.ts)`;
  }
  const rule = LAYER_TABLE.find((r) => r.layer === from.layer);
  if (rule?.mayImport.includes(to.layer)) return undefined;
  return `${importText(edge)}: ${from.layer} may import ${mayImportText(from.layer)}, not ${to.layer}`;
}

export interface Violation {
  /** `from → to`: stable under edits that move lines, for the list of known violations. */
  key: string;
  message: string;
}

export function layerViolations(graph: ImportGraph): Violation[] {
  const found: Violation[] = [];
  for (const edge of graph.edges) {
    const message = layerViolation(edge);
    if (message) found.push({ key: `${edge.from} → ${edge.to}`, message });
  }
  for (const missing of graph.unresolved) {
    if (!isTestCode(missing.file)) {
      found.push({
        key: `${missing.file} → ${missing.specifier}`,
        message: `${missing.file}:${missing.line} imports '${missing.specifier}', which names no file`,
      });
    }
  }
  return found;
}

/** Each import circle among non-test modules, as `a → b → … → a` (type-only imports count). */
export function importCircles(graph: ImportGraph): string[] {
  const next = new Map<string, string[]>();
  for (const edge of graph.edges) {
    if (!edge.local || isTestCode(edge.from) || isTestCode(edge.to)) continue;
    const list = next.get(edge.from) ?? [];
    if (!list.includes(edge.to)) list.push(edge.to);
    next.set(edge.from, list);
  }
  return stronglyConnected(next)
    .filter((group) => group.length > 1 || (next.get(group[0]) ?? []).includes(group[0]))
    .map((group) => cycleThrough(group, next).join(' → '));
}

// Tarjan's algorithm, iteratively (no recursion limit on long import chains).
function stronglyConnected(next: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  let counter = 0;
  for (const start of [...next.keys()].sort()) {
    if (index.has(start)) continue;
    const work: Array<{ node: string; child: number }> = [{ node: start, child: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const children = next.get(frame.node) ?? [];
      if (frame.child < children.length) {
        const child = children[frame.child++];
        if (!index.has(child)) {
          index.set(child, counter);
          low.set(child, counter++);
          stack.push(child);
          onStack.add(child);
          work.push({ node: child, child: 0 });
        } else if (onStack.has(child)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(child)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) === index.get(frame.node)) {
        const group: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          group.push(member);
        } while (member !== frame.node);
        groups.push(group.sort());
      }
    }
  }
  return groups;
}

/** A shortest circle from the group's first module back to it, staying inside the group. */
function cycleThrough(group: readonly string[], next: ReadonlyMap<string, readonly string[]>): string[] {
  const members = new Set(group);
  const start = group[0];
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const child of next.get(node) ?? []) {
      if (!members.has(child)) continue;
      if (child === start) {
        const chain: string[] = [];
        for (let at = node; at !== start; at = cameFrom.get(at)!) chain.unshift(at);
        return [start, ...chain, start];
      }
      if (!cameFrom.has(child)) {
        cameFrom.set(child, node);
        queue.push(child);
      }
    }
  }
  return [...group, start];
}

// The import graph of the app and the server, read with Vite's own parser (oxc), type-only imports
// included: a type import ties two layers as much as a value import does. Edges name repository-relative
// files (`src/model/types.ts`) or, for packages and built-ins, the bare specifier.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseSync } from 'vite';

export interface ImportEdge {
  /** The importing file, repository-relative with `/` separators. */
  from: string;
  /** A repository-relative file, or the specifier itself when it is a package or a built-in. */
  to: string;
  /** As written in the source. */
  specifier: string;
  /** True when the target is a repository file (false: a package or a built-in). */
  local: boolean;
  typeOnly: boolean;
  /** 1-based. */
  line: number;
}

export interface ImportGraph {
  files: string[];
  edges: ImportEdge[];
  /** Relative imports that name no file. */
  unresolved: Array<{ file: string; line: number; specifier: string }>;
}

const SOURCE = /\.(ts|tsx|mts)$/;
const CANDIDATE_SUFFIXES = ['', '.ts', '.tsx', '.mts', '.d.ts', '/index.ts', '/index.tsx'];
// `new Worker(new URL('./trace.worker.ts', import.meta.url))`: a dependency the module record omits.
const URL_IMPORT = /new\s+URL\(\s*(['"])([^'"]+)\1\s*,\s*import\.meta\.url\s*\)/g;

function listSources(root: string, folder: string): string[] {
  const absolute = path.join(root, folder);
  if (!existsSync(absolute)) return [];
  return readdirSync(absolute, { recursive: true, encoding: 'utf8' })
    .map((name) => path.posix.join(folder, name.split(path.sep).join('/')))
    .filter((name) => SOURCE.test(name) && statSync(path.join(root, name)).isFile())
    .sort();
}

function resolveLocal(root: string, from: string, specifier: string): string | undefined {
  const bare = specifier.replace(/[?#].*$/, '');
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), bare));
  const withoutJs = base.replace(/\.(m?js|jsx)$/, '');
  for (const stem of withoutJs === base ? [base] : [base, withoutJs]) {
    for (const suffix of CANDIDATE_SUFFIXES) {
      const candidate = stem + suffix;
      const absolute = path.join(root, candidate);
      if (existsSync(absolute) && statSync(absolute).isFile()) return candidate;
    }
  }
  return undefined;
}

interface RawImport {
  specifier: string;
  typeOnly: boolean;
  offset: number;
}

function rawImports(file: string, text: string): RawImport[] {
  const lang = file.endsWith('.tsx') ? 'tsx' : 'ts';
  const { module, errors } = parseSync(file, text, { lang });
  if (errors.length > 0) throw new Error(`${file} does not parse: ${errors[0].message}`);
  const found: RawImport[] = [];
  for (const entry of module.staticImports) {
    // `import './side-effect'` has no entries and is a value import.
    const typeOnly = entry.entries.length > 0 && entry.entries.every((e) => e.isType);
    found.push({ specifier: entry.moduleRequest.value, typeOnly, offset: entry.start });
  }
  for (const statement of module.staticExports) {
    const reexports = statement.entries.filter((e) => e.moduleRequest);
    if (reexports.length === 0) continue;
    const request = reexports[0].moduleRequest;
    if (!request) continue;
    found.push({
      specifier: request.value,
      typeOnly: reexports.every((e) => e.isType),
      offset: statement.start,
    });
  }
  for (const dynamic of module.dynamicImports) {
    const written = text.slice(dynamic.moduleRequest.start, dynamic.moduleRequest.end);
    const literal = /^(['"`])([^'"`$]+)\1$/.exec(written);
    if (literal) found.push({ specifier: literal[2], typeOnly: false, offset: dynamic.start });
  }
  for (const match of text.matchAll(URL_IMPORT)) {
    found.push({ specifier: match[2], typeOnly: false, offset: match.index });
  }
  return found;
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Every import of every TypeScript file under `folders` (repository-relative) of `root`. */
export function readImportGraph(root: string, folders: readonly string[]): ImportGraph {
  const files = folders.flatMap((folder) => listSources(root, folder));
  const edges: ImportEdge[] = [];
  const unresolved: ImportGraph['unresolved'] = [];
  for (const file of files) {
    const text = readFileSync(path.join(root, file), 'utf8');
    for (const raw of rawImports(file, text)) {
      const line = lineAt(text, raw.offset);
      const relative = raw.specifier.startsWith('.') || raw.specifier.startsWith('/');
      if (!relative) {
        edges.push({
          from: file,
          to: raw.specifier,
          specifier: raw.specifier,
          local: false,
          typeOnly: raw.typeOnly,
          line,
        });
        continue;
      }
      const to = resolveLocal(root, file, raw.specifier);
      if (!to) {
        unresolved.push({ file, line, specifier: raw.specifier });
        continue;
      }
      edges.push({ from: file, to, specifier: raw.specifier, local: true, typeOnly: raw.typeOnly, line });
    }
  }
  return { files, edges, unresolved };
}

/** Packages (not Node built-ins) that the `roots` import, directly or through repository files. */
export function reachablePackages(graph: ImportGraph, roots: readonly string[]): Map<string, string> {
  const byFile = new Map<string, ImportEdge[]>();
  for (const edge of graph.edges) byFile.set(edge.from, [...(byFile.get(edge.from) ?? []), edge]);
  const packages = new Map<string, string>();
  const seen = new Set<string>();
  const todo = [...roots];
  while (todo.length > 0) {
    const file = todo.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const edge of byFile.get(file) ?? []) {
      if (edge.local) todo.push(edge.to);
      else if (!edge.to.startsWith('node:') && !edge.typeOnly) {
        const name = edge.to
          .split('/')
          .slice(0, edge.to.startsWith('@') ? 2 : 1)
          .join('/');
        if (!packages.has(name)) packages.set(name, edge.from);
      }
    }
  }
  return packages;
}

// Runs a parsed LogQL log query over the log store: stream selection, time range, then the pipeline
// (line filters, parsers, label filters, drop) on candidates in the query's direction until `limit`
// entries passed — as Loki returns the first `limit` entries in that direction.

import { type Labels, sanitizeExtractedKey } from './labels.ts';
import type { LogStore, StoredEntry } from './log-store.ts';
import type { LabelFilter, LogQuery, Matcher, Stage } from './logql.ts';

export interface QueryWindow {
  startNs: bigint;
  /** Exclusive. */
  endNs: bigint;
  limit: number;
  direction: 'forward' | 'backward';
}

/** One returned entry with its labels in Loki's three categories. */
export interface ResultEntry {
  tsNs: bigint;
  line: string;
  stream: Labels;
  metadata: Labels;
  parsed: Labels;
}

const ERROR = '__error__';
const ERROR_DETAILS = '__error_details__';

export function selectorMatches(selector: readonly Matcher[], labels: Labels): boolean {
  return selector.every((m) => m.matches(labels.get(m.name) ?? ''));
}

/** Lines between two calls of a query's checkpoint. */
const CHECKPOINT_LINES = 256;

/** `checkpoint` is called every few hundred lines and may throw to stop the query. */
export function runLogQuery(
  store: LogStore,
  query: LogQuery,
  window: QueryWindow,
  checkpoint: () => void = () => {},
): ResultEntry[] {
  const candidates: StoredEntry[] = [];
  let seen = 0;
  for (const stream of store.allStreams()) {
    checkpoint();
    if (!selectorMatches(query.selector, stream.labels)) continue;
    for (const e of stream.live()) {
      if (++seen % CHECKPOINT_LINES === 0) checkpoint();
      if (e.tsNs >= window.startNs && e.tsNs < window.endNs) candidates.push(e);
    }
  }
  const forward = window.direction === 'forward';
  candidates.sort((a, b) => (a.tsNs === b.tsNs ? 0 : a.tsNs < b.tsNs === forward ? -1 : 1));
  const out: ResultEntry[] = [];
  for (let i = 0; i < candidates.length; i++) {
    if (out.length >= window.limit) break;
    if (i % CHECKPOINT_LINES === 0) checkpoint();
    const e = candidates[i];
    const result = applyPipeline(query.stages, e);
    if (result) out.push(result);
  }
  return out;
}

function applyPipeline(stages: readonly Stage[], e: StoredEntry): ResultEntry | undefined {
  let stream: Labels = e.stream.labels;
  let metadata: Labels = e.metadata;
  const parsed = new Map<string, string>();
  const lookup = (name: string) => parsed.get(name) ?? metadata.get(name) ?? stream.get(name);
  const extractedName = (key: string) => {
    const name = sanitizeExtractedKey(key);
    return stream.has(name) || metadata.has(name) ? `${name}_extracted` : name;
  };
  for (const stage of stages) {
    switch (stage.kind) {
      case 'line':
        if (!stage.matches(e.line)) return undefined;
        break;
      case 'json':
        parseJsonInto(e.line, parsed, extractedName);
        break;
      case 'logfmt':
        parseLogfmtInto(e.line, parsed, extractedName);
        break;
      case 'labels':
        for (const f of stage.filters) if (!labelFilterPasses(f, lookup, parsed)) return undefined;
        break;
      case 'drop': {
        const names = new Set(stage.names);
        for (const n of names) parsed.delete(n);
        if (stage.names.some((n) => stream.has(n))) stream = without(stream, names);
        if (stage.names.some((n) => metadata.has(n))) metadata = without(metadata, names);
        break;
      }
    }
  }
  return { tsNs: e.tsNs, line: e.line, stream, metadata, parsed };
}

function without(labels: Labels, names: ReadonlySet<string>): Labels {
  return new Map(Array.from(labels).filter(([k]) => !names.has(k)));
}

function labelFilterPasses(
  f: LabelFilter,
  lookup: (name: string) => string | undefined,
  parsed: Map<string, string>,
): boolean {
  if (f.kind === 'string') return f.matcher.matches(lookup(f.matcher.name) ?? '');
  // Loki lets lines that already carry a parse error through numeric filters, and marks values that
  // are not numbers with LabelFilterErr instead of dropping the line.
  if (parsed.has(ERROR)) return true;
  const raw = lookup(f.name);
  if (raw === undefined) return f.op === '!=';
  const v = Number(raw.trim());
  if (raw.trim() === '' || Number.isNaN(v)) {
    parsed.set(ERROR, 'LabelFilterErr');
    parsed.set(ERROR_DETAILS, `strconv.ParseFloat: parsing ${JSON.stringify(raw)}: invalid syntax`);
    return true;
  }
  switch (f.op) {
    case '>':
      return v > f.value;
    case '>=':
      return v >= f.value;
    case '<':
      return v < f.value;
    case '<=':
      return v <= f.value;
    case '==':
      return v === f.value;
    case '!=':
      return v !== f.value;
  }
}

/** `| json`: nested objects flatten with `_`; arrays are skipped; a non-object line is a JSONParserErr. */
function parseJsonInto(line: string, parsed: Map<string, string>, nameFor: (key: string) => string): void {
  let doc: unknown;
  try {
    doc = JSON.parse(line);
  } catch (e) {
    parsed.set(ERROR, 'JSONParserErr');
    parsed.set(ERROR_DETAILS, (e as Error).message);
    return;
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    parsed.set(ERROR, 'JSONParserErr');
    parsed.set(ERROR_DETAILS, 'Value looks like object, but can not find the object start');
    return;
  }
  const stack: [string, Record<string, unknown>][] = [['', doc as Record<string, unknown>]];
  while (stack.length) {
    const [prefix, obj] = stack.pop()!;
    for (const [k, v] of Object.entries(obj)) {
      const key = prefix + k;
      if (v === null || Array.isArray(v)) continue;
      if (typeof v === 'object') {
        stack.push([`${key}_`, v as Record<string, unknown>]);
        continue;
      }
      const value = String(v);
      if (value !== '') parsed.set(nameFor(key), value);
    }
  }
}

/** `| logfmt` with go-logfmt's rules; a syntax error keeps what was read before it. */
function parseLogfmtInto(line: string, parsed: Map<string, string>, nameFor: (key: string) => string): void {
  let i = 0;
  const n = line.length;
  const fail = (pos: number, msg: string) => {
    parsed.set(ERROR, 'LogfmtParserErr');
    parsed.set(ERROR_DETAILS, `logfmt syntax error at pos ${pos + 1} : ${msg}`);
  };
  while (i < n) {
    while (i < n && line.charCodeAt(i) <= 32) i++;
    if (i >= n) break;
    const keyStart = i;
    while (i < n && line.charCodeAt(i) > 32 && line[i] !== '=' && line[i] !== '"') i++;
    if (i === keyStart) {
      fail(i, `unexpected ${JSON.stringify(line[i])}`);
      return;
    }
    if (i < n && line[i] === '"') {
      fail(i, "unexpected '\"'");
      return;
    }
    const key = line.slice(keyStart, i);
    let value = '';
    if (i < n && line[i] === '=') {
      i++;
      if (i < n && line[i] === '"') {
        i++;
        let closed = false;
        while (i < n) {
          const c = line[i];
          if (c === '\\' && i + 1 < n) {
            const e = line[i + 1];
            value += e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e;
            i += 2;
            continue;
          }
          if (c === '"') {
            closed = true;
            i++;
            break;
          }
          value += c;
          i++;
        }
        if (!closed) {
          fail(i, 'unterminated quoted value');
          return;
        }
      } else {
        const valueStart = i;
        while (i < n && line.charCodeAt(i) > 32 && line[i] !== '"' && line[i] !== '=') i++;
        if (i < n && (line[i] === '"' || line[i] === '=')) {
          fail(i, `unexpected ${JSON.stringify(line[i]).replace(/"/g, "'")}`);
          return;
        }
        value = line.slice(valueStart, i);
      }
    }
    if (value !== '') parsed.set(nameFor(key), value);
  }
}

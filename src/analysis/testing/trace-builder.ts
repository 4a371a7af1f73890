// Builds a `Trace` straight from the model contract's fields (typed arrays + CSR children sorted by
// start), for analysis tests and benchmarks. It does no tree repair: callers give a valid forest.
import type {
  InstrumentationScope,
  SpanDetails,
  SpanDetailsStore,
  SpanEvent,
  SpanLink,
  SpanTable,
  Trace,
} from '../../model/types.ts';
import { SpanFlag } from '../../model/types.ts';

/** Columnar input: one entry per span. `parent` is a row or -1. */
export interface TraceColumns {
  parent: Int32Array;
  start: Float64Array;
  duration: Float64Array;
  kind?: Uint8Array;
  status?: Uint8Array;
  flags?: Uint16Array;
  /** Indices into `strings` (index 0 must be ""). */
  service?: Uint32Array;
  name?: Uint32Array;
  strings?: string[];
}

/** One span for the object form of the builder. */
export interface SpanSpec {
  name: string;
  service?: string;
  /** Index of the parent spec, or -1 for a root. */
  parent: number;
  start: number;
  duration: number;
  kind?: number;
  status?: number;
  flags?: number;
}

export function traceFromSpecs(specs: readonly SpanSpec[], traceId = 'test'): Trace {
  const n = specs.length;
  const strings = [''];
  const interned = new Map<string, number>([['', 0]]);
  const intern = (s: string): number => {
    let index = interned.get(s);
    if (index === undefined) {
      index = strings.length;
      strings.push(s);
      interned.set(s, index);
    }
    return index;
  };
  const columns: Required<TraceColumns> = {
    parent: new Int32Array(n),
    start: new Float64Array(n),
    duration: new Float64Array(n),
    kind: new Uint8Array(n),
    status: new Uint8Array(n),
    flags: new Uint16Array(n),
    service: new Uint32Array(n),
    name: new Uint32Array(n),
    strings,
  };
  specs.forEach((spec, row) => {
    columns.parent[row] = spec.parent;
    columns.start[row] = spec.start;
    columns.duration[row] = spec.duration;
    columns.kind[row] = spec.kind ?? 0;
    columns.status[row] = spec.status ?? 0;
    columns.flags[row] = spec.flags ?? 0;
    columns.service[row] = intern(spec.service ?? 'svc');
    columns.name[row] = intern(spec.name);
  });
  return traceFromColumns(columns, traceId);
}

export function traceFromColumns(input: TraceColumns, traceId = 'test'): Trace {
  const n = input.parent.length;
  const parent = input.parent;
  const start = input.start;
  const duration = input.duration;

  // CSR children, grouped by parent, each group sorted by start (stable by row).
  const childStart = new Uint32Array(n + 1);
  for (let row = 0; row < n; row++) if (parent[row] >= 0) childStart[parent[row] + 1]++;
  for (let row = 0; row < n; row++) childStart[row + 1] += childStart[row];
  const fill = childStart.slice(0, n);
  const children = new Uint32Array(childStart[n]);
  for (let row = 0; row < n; row++) if (parent[row] >= 0) children[fill[parent[row]]++] = row;
  const byStart = (a: number, b: number) => start[a] - start[b] || a - b;
  for (let row = 0; row < n; row++) {
    const from = childStart[row];
    const to = childStart[row + 1];
    let sorted = true;
    for (let i = from + 1; i < to && sorted; i++) sorted = start[children[i - 1]] <= start[children[i]];
    if (!sorted) children.subarray(from, to).sort(byStart);
  }

  const rootList: number[] = [];
  for (let row = 0; row < n; row++) if (parent[row] < 0) rootList.push(row);
  rootList.sort(byStart);
  const roots = Uint32Array.from(rootList);

  // Depth, top-down without recursion.
  const depth = new Uint32Array(n);
  const queue = new Uint32Array(n);
  let tail = 0;
  for (const root of roots) queue[tail++] = root;
  let maxDepth = 0;
  for (let head = 0; head < tail; head++) {
    const row = queue[head];
    for (let i = childStart[row]; i < childStart[row + 1]; i++) {
      const child = children[i];
      depth[child] = depth[row] + 1;
      if (depth[child] > maxDepth) maxDepth = depth[child];
      queue[tail++] = child;
    }
  }

  const flags = input.flags ?? new Uint16Array(n);
  const service = input.service ?? new Uint32Array(n);
  const strings = input.strings ?? [''];
  let errors = 0;
  let orphans = 0;
  let minStart = Number.POSITIVE_INFINITY;
  let maxEnd = Number.NEGATIVE_INFINITY;
  for (let row = 0; row < n; row++) {
    if (flags[row] & SpanFlag.Error) errors++;
    if (flags[row] & SpanFlag.Orphan) orphans++;
    if (start[row] < minStart) minStart = start[row];
    const end = start[row] + Math.max(0, duration[row]);
    if (end > maxEnd) maxEnd = end;
  }
  const services = new Set<number>();
  for (let row = 0; row < n; row++) services.add(service[row]);

  const table: SpanTable = {
    count: n,
    start,
    duration,
    parent,
    depth,
    kind: input.kind ?? new Uint8Array(n),
    status: input.status ?? new Uint8Array(n),
    flags,
    service,
    name: input.name ?? new Uint32Array(n),
    statusMessage: new Uint32Array(n),
    strings,
    spanIdHi: new Uint32Array(n),
    spanIdLo: Uint32Array.from({ length: n }, (_, row) => row + 1),
    oddSpanIds: new Map(),
    childStart,
    children,
    eventStart: new Uint32Array(n + 1),
    eventTime: new Float64Array(0),
  };
  return {
    traceId,
    startNs: 0n,
    durationNs: n === 0 ? 0 : maxEnd - minStart,
    table,
    roots,
    counts: { spans: n, services: services.size, errors, orphans, maxDepth },
    warnings: [],
    format: 'test',
    details: new TableOnlyDetails(table, traceId),
  };
}

/** Details derived from the table alone; tests of analyses never need attributes. */
class TableOnlyDetails implements SpanDetailsStore {
  constructor(
    private readonly table: SpanTable,
    private readonly traceId: string,
  ) {}
  get count(): number {
    return this.table.count;
  }
  get(row: number): SpanDetails {
    const t = this.table;
    const parentRow = t.parent[row];
    return {
      row,
      traceId: this.traceId,
      spanId: t.spanIdLo[row].toString(16).padStart(16, '0'),
      parentSpanId: parentRow < 0 ? '' : t.spanIdLo[parentRow].toString(16).padStart(16, '0'),
      name: t.strings[t.name[row]],
      service: t.strings[t.service[row]],
      kind: t.kind[row] as SpanDetails['kind'],
      status: t.status[row] as SpanDetails['status'],
      statusMessage: '',
      start: t.start[row],
      duration: t.duration[row],
      startUnixNano: String(Math.round(t.start[row])),
      traceState: '',
      attributes: [],
      resource: { attributes: [] },
      scope: { name: '', version: '', attributes: [] },
      events: [],
      links: [],
      warnings: [],
    };
  }
  attribute(): undefined {
    return undefined;
  }
  scope(): InstrumentationScope {
    return { name: '', version: '', attributes: [] };
  }
  events(): SpanEvent[] {
    return [];
  }
  links(): SpanLink[] {
    return [];
  }
  attributeKeys(): string[] {
    return [];
  }
}

// Builds a small `Trace` from a readable span list, for the engine's conformance tables.
// Test-only: the app builds traces with src/model's TraceBuilder.
import type {
  Attribute,
  AttributeValue,
  SpanDetails,
  SpanDetailsStore,
  SpanEvent,
  SpanLink,
  SpanTable,
  Trace,
} from '../../model/types.ts';

type Plain = string | number | boolean;

export interface TestSpan {
  /** 16 hex chars. */
  id: string;
  parent?: string;
  name: string;
  service?: string;
  kind?: number;
  status?: number;
  statusMessage?: string;
  /** ns from the trace start. */
  start: number;
  duration: number;
  attrs?: Record<string, Plain>;
  resource?: Record<string, Plain>;
  events?: Array<{ name: string; time: number; attrs?: Record<string, Plain> }>;
  links?: Array<{ traceId: string; spanId: string; attrs?: Record<string, Plain> }>;
  scope?: { name: string; version: string };
}

function toValue(v: Plain): AttributeValue {
  if (typeof v === 'string') return { type: 'string', value: v };
  if (typeof v === 'boolean') return { type: 'bool', value: v };
  return Number.isInteger(v) ? { type: 'int', value: String(v) } : { type: 'double', value: v };
}

function toAttributes(record: Record<string, Plain> | undefined): Attribute[] {
  return Object.entries(record ?? {}).map(([key, v]) => ({ key, value: toValue(v) }));
}

export function buildTrace(
  spans: TestSpan[],
  traceId = '0af7651916cd43dd8448eb211c80319c',
  startNs = 1_700_000_000_000_000_000n,
): Trace {
  const count = spans.length;
  const strings = [''];
  const stringIndex = new Map<string, number>([['', 0]]);
  const intern = (s: string) => {
    let i = stringIndex.get(s);
    if (i === undefined) {
      i = strings.length;
      strings.push(s);
      stringIndex.set(s, i);
    }
    return i;
  };
  const rowOf = new Map(spans.map((s, i) => [s.id, i]));
  const table: SpanTable = {
    count,
    start: new Float64Array(count),
    duration: new Float64Array(count),
    parent: new Int32Array(count),
    depth: new Uint32Array(count),
    kind: new Uint8Array(count),
    status: new Uint8Array(count),
    flags: new Uint16Array(count),
    service: new Uint32Array(count),
    name: new Uint32Array(count),
    statusMessage: new Uint32Array(count),
    strings,
    spanIdHi: new Uint32Array(count),
    spanIdLo: new Uint32Array(count),
    oddSpanIds: new Map(),
    childStart: new Uint32Array(count + 1),
    children: new Uint32Array(count),
    eventStart: new Uint32Array(count + 1),
    eventTime: new Float64Array(spans.reduce((n, s) => n + (s.events?.length ?? 0), 0)),
  };
  const childLists: number[][] = spans.map(() => []);
  let eventCursor = 0;
  spans.forEach((s, i) => {
    table.start[i] = s.start;
    table.duration[i] = s.duration;
    const parentRow = s.parent === undefined ? -1 : (rowOf.get(s.parent) ?? -1);
    table.parent[i] = parentRow;
    if (parentRow >= 0) childLists[parentRow].push(i);
    table.kind[i] = s.kind ?? 0;
    table.status[i] = s.status ?? 0;
    table.flags[i] =
      (s.status === 2 ? 1 : 0) |
      (s.parent !== undefined && parentRow < 0 ? 2 : 0) |
      (s.events?.length ? 32 : 0) |
      (s.links?.length ? 64 : 0);
    table.service[i] = intern(s.service ?? (s.resource?.['service.name'] as string | undefined) ?? '');
    table.name[i] = intern(s.name);
    table.statusMessage[i] = intern(s.statusMessage ?? '');
    table.spanIdHi[i] = Number.parseInt(s.id.slice(0, 8), 16) >>> 0;
    table.spanIdLo[i] = Number.parseInt(s.id.slice(8, 16), 16) >>> 0;
    table.eventStart[i] = eventCursor;
    for (const e of s.events ?? []) table.eventTime[eventCursor++] = e.time;
  });
  table.eventStart[count] = eventCursor;
  let c = 0;
  childLists.forEach((list, i) => {
    table.childStart[i] = c;
    list.sort((a, b) => table.start[a] - table.start[b]);
    for (const child of list) table.children[c++] = child;
  });
  table.childStart[count] = c;
  const roots: number[] = [];
  for (let i = 0; i < count; i++) if (table.parent[i] < 0) roots.push(i);
  roots.sort((a, b) => table.start[a] - table.start[b]);
  const stack = roots.map((r) => [r, 0]);
  while (stack.length > 0) {
    const [row, depth] = stack.pop()!;
    table.depth[row] = depth;
    for (const child of childLists[row]) stack.push([child, depth + 1]);
  }

  const details: SpanDetails[] = spans.map((s, i) => {
    const resource = { ...(s.resource ?? {}) };
    if (s.service !== undefined && resource['service.name'] === undefined)
      resource['service.name'] = s.service;
    const events: SpanEvent[] = (s.events ?? []).map((e) => ({
      time: e.time,
      name: e.name,
      attributes: toAttributes(e.attrs),
    }));
    const links: SpanLink[] = (s.links ?? []).map((l) => ({
      traceId: l.traceId,
      spanId: l.spanId,
      attributes: toAttributes(l.attrs),
    }));
    return {
      row: i,
      traceId,
      spanId: s.id,
      parentSpanId: s.parent ?? '',
      name: s.name,
      service: strings[table.service[i]],
      kind: (s.kind ?? 0) as SpanDetails['kind'],
      status: (s.status ?? 0) as SpanDetails['status'],
      statusMessage: s.statusMessage ?? '',
      start: s.start,
      duration: s.duration,
      startUnixNano: String(startNs + BigInt(Math.round(s.start))),
      traceState: '',
      attributes: toAttributes(s.attrs),
      resource: { attributes: toAttributes(resource) },
      scope: { name: s.scope?.name ?? '', version: s.scope?.version ?? '', attributes: [] },
      events,
      links,
      warnings: [],
    };
  });
  const store: SpanDetailsStore = {
    count,
    get: (row) => details[row],
    attribute: (row, scope, key) => {
      const list = scope === 'span' ? details[row].attributes : details[row].resource.attributes;
      for (const a of list) if (a.key === key) return a.value;
      return undefined;
    },
    attributeKeys: (row, scope) =>
      (scope === 'span' ? details[row].attributes : details[row].resource.attributes).map((a) => a.key),
    scope: (row) => details[row].scope,
    events: (row) => details[row].events,
    links: (row) => details[row].links,
  };
  let end = 0;
  for (let i = 0; i < count; i++) end = Math.max(end, table.start[i] + table.duration[i]);
  const services = new Set(spans.map((_, i) => table.service[i]));
  return {
    traceId,
    startNs,
    durationNs: end,
    table,
    roots: Uint32Array.from(roots),
    counts: {
      spans: count,
      services: services.size,
      errors: spans.filter((s) => s.status === 2).length,
      orphans: 0,
      maxDepth: Math.max(0, ...Array.from(table.depth)),
    },
    warnings: [],
    format: 'test',
    details: store,
  };
}

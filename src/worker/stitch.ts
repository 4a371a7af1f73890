// Stitching linked traces into the open one (issue 18, decision 0284): one combined span table, the
// opened trace's rows first, each linked trace's rows appended with a trace index column, and each
// linked trace's roots re-parented under the span it links to (or that links to it). Everything that
// reads a table — the waterfall, find, filters, span details, the overview, the URL's `span=` — then
// works over the stitched set without special cases.
//
// Two trees over the same rows come out: `shown` (linked roots under their anchor span, what the
// waterfall draws) and `apart` (linked roots as roots of their own, what self time, dark time and the
// per-trace critical path are computed on, so a stitched consumer never changes the producer's numbers).
// Placement is a breadth-first walk from the opened trace over the span links in both directions;
// each trace is placed once, so a cycle of links cannot loop.

import { spanIdHex } from '../model/ids.ts';
import { StringTable } from '../model/string-table.ts';
import {
  type AttributeValue,
  type InstrumentationScope,
  type SpanDetails,
  type SpanDetailsStore,
  type SpanEvent,
  SpanFlag,
  type SpanLink,
  type SpanTable,
  type Trace,
  type TraceWarning,
} from '../model/types.ts';

/** One trace of a stitched set, as the screen shows it. */
export interface StitchedTraceInfo {
  traceId: string;
  /** Its value in the table's `traceIndex` column; 0 is the opened trace. */
  index: number;
  /** Its rows are `firstRow .. firstRow + rowCount` of the combined table. */
  firstRow: number;
  rowCount: number;
  /** Its first root (by start): the row that carries the "another trace" label. */
  rootRow: number;
  rootService: string;
  rootName: string;
  /** The row of another trace of the set its roots hang under; -1 when no link joins it (its own root). */
  anchorRow: number;
  /** The span carrying the link (the consumer) and the span it names (the producer); -1 when not joined. */
  consumerRow: number;
  producerRow: number;
  /**
   * Consumer start minus producer end, ns (time in queue). Negative: the consumer started before the
   * producer ended (clocks disagree, or fire and forget). 0 when not joined.
   */
  queueNs: number;
  /** True when this trace's span links to the anchor (downstream: a consumer of it). */
  downstream: boolean;
}

export interface Stitched {
  /** What the waterfall draws: linked roots under their anchor. */
  shown: Trace;
  /** The same rows, linked roots left as roots of their own (per-trace analyses). */
  apart: Trace;
  /** Index 0 is the opened trace, then the linked ones in the order given. */
  traces: StitchedTraceInfo[];
}

interface Edge {
  /** Trace (set index) and combined row of the span carrying the link. */
  fromTrace: number;
  fromRow: number;
  toTraceId: string;
  toSpanId: string;
}

/** Combines `base` and `linked` (already skew-adjusted or not, as the screen shows them). */
export function stitchTraces(base: Trace, linked: readonly Trace[]): Stitched {
  const all = [base];
  for (const t of linked) if (!all.some((x) => x.traceId === t.traceId)) all.push(t);
  const offsets: number[] = [];
  let count = 0;
  let startNs = base.startNs;
  for (const t of all) {
    offsets.push(count);
    count += t.table.count;
    if (t.startNs < startNs) startNs = t.startNs;
  }
  const delta = all.map((t) => Number(t.startNs - startNs));

  const strings = new StringTable();
  for (const s of base.table.strings) strings.intern(s);
  const start = new Float64Array(count);
  const duration = new Float64Array(count);
  const kind = new Uint8Array(count);
  const status = new Uint8Array(count);
  const flags = new Uint16Array(count);
  const service = new Uint32Array(count);
  const name = new Uint32Array(count);
  const statusMessage = new Uint32Array(count);
  const spanIdHi = new Uint32Array(count);
  const spanIdLo = new Uint32Array(count);
  const oddSpanIds = new Map<number, string>();
  const traceIndex = new Uint16Array(count);
  const ownParent = new Int32Array(count);
  const eventStart = new Uint32Array(count + 1);
  let events = 0;
  for (const t of all) events += t.table.eventTime.length;
  const eventTime = new Float64Array(events);

  let ev = 0;
  all.forEach((t, k) => {
    const tt = t.table;
    const off = offsets[k];
    const d = delta[k];
    const map = k === 0 ? null : tt.strings.map((s) => strings.intern(s));
    const str = (i: number) => (map ? map[i] : i);
    for (let r = 0; r < tt.count; r++) {
      const row = off + r;
      start[row] = tt.start[r] + d;
      duration[row] = tt.duration[r];
      kind[row] = tt.kind[r];
      status[row] = tt.status[r];
      flags[row] = tt.flags[r];
      service[row] = str(tt.service[r]);
      name[row] = str(tt.name[r]);
      statusMessage[row] = str(tt.statusMessage[r]);
      spanIdHi[row] = tt.spanIdHi[r];
      spanIdLo[row] = tt.spanIdLo[r];
      traceIndex[row] = k;
      ownParent[row] = tt.parent[r] < 0 ? -1 : tt.parent[r] + off;
      eventStart[row] = ev;
      for (let e = tt.eventStart[r]; e < tt.eventStart[r + 1]; e++) eventTime[ev++] = tt.eventTime[e] + d;
    }
    for (const [r, id] of tt.oddSpanIds) oddSpanIds.set(off + r, id);
  });
  eventStart[count] = ev;

  // Span links of the set, and where each span ID lives.
  const rowsById = new Map<string, Map<string, number>>();
  const setIndex = new Map<string, number>();
  all.forEach((t, k) => {
    setIndex.set(t.traceId, k);
    const ids = new Map<string, number>();
    const tt = t.table;
    for (let r = 0; r < tt.count; r++) {
      const id = tt.oddSpanIds.get(r) ?? spanIdHex(tt.spanIdHi[r], tt.spanIdLo[r]);
      if (!ids.has(id)) ids.set(id, offsets[k] + r);
    }
    rowsById.set(t.traceId, ids);
  });
  const edges: Edge[] = [];
  all.forEach((t, k) => {
    const tt = t.table;
    for (let r = 0; r < tt.count; r++) {
      if (!(tt.flags[r] & SpanFlag.HasLinks)) continue;
      for (const link of t.details.get(r).links) {
        const toTraceId = link.traceId.toLowerCase();
        if (toTraceId === t.traceId || !setIndex.has(toTraceId)) continue;
        edges.push({ fromTrace: k, fromRow: offsets[k] + r, toTraceId, toSpanId: link.spanId.toLowerCase() });
      }
    }
  });

  const rootsOf = (k: number): number[] => Array.from(all[k].roots, (r) => r + offsets[k]);
  /** The row a link names in trace k: the span, or (when it is not in the trace) the trace's first root. */
  const targetRow = (k: number, spanId: string) => rowsById.get(all[k].traceId)?.get(spanId) ?? rootsOf(k)[0];

  const info: StitchedTraceInfo[] = all.map((t, k) => {
    const first = rootsOf(k)[0] ?? offsets[k];
    return {
      traceId: t.traceId,
      index: k,
      firstRow: offsets[k],
      rowCount: t.table.count,
      rootRow: first,
      rootService: t.table.count > 0 ? strings.strings[service[first]] : '',
      rootName: t.table.count > 0 ? strings.strings[name[first]] : '',
      anchorRow: -1,
      consumerRow: -1,
      producerRow: -1,
      queueNs: 0,
      downstream: false,
    };
  });

  // Breadth first from the opened trace; each trace placed once (a cycle of links stops here).
  const placed = new Uint8Array(all.length);
  placed[0] = 1;
  const queue = [0];
  for (let q = 0; q < queue.length; q++) {
    const p = queue[q];
    const pId = all[p].traceId;
    for (const e of edges) {
      // A span of an unplaced trace links to trace p: it hangs under the span it names (downstream).
      if (e.toTraceId === pId && !placed[e.fromTrace] && all[e.fromTrace].table.count > 0) {
        const producer = targetRow(p, e.toSpanId);
        place(e.fromTrace, producer, e.fromRow, producer, true);
      }
      // A span of trace p links to an unplaced trace: that trace hangs under the linking span.
      const to = setIndex.get(e.toTraceId);
      if (e.fromTrace === p && to !== undefined && !placed[to] && all[to].table.count > 0) {
        place(to, e.fromRow, e.fromRow, targetRow(to, e.toSpanId), false);
      }
    }
  }
  function place(k: number, anchor: number, consumer: number, producer: number, downstream: boolean) {
    placed[k] = 1;
    queue.push(k);
    const i = info[k];
    i.anchorRow = anchor;
    i.consumerRow = consumer;
    i.producerRow = producer;
    i.queueNs = start[consumer] - (start[producer] + duration[producer]);
    i.downstream = downstream;
  }

  const shownParent = ownParent.slice();
  for (const i of info) {
    if (i.index === 0 || i.anchorRow < 0) continue;
    for (const r of rootsOf(i.index)) shownParent[r] = i.anchorRow;
  }

  const warnings: TraceWarning[] = [...base.warnings];
  all.forEach((t, k) => {
    if (k === 0) return;
    for (const w of t.warnings) {
      const shifted: TraceWarning = { ...w, message: `trace ${t.traceId.slice(0, 8)}: ${w.message}` };
      if (w.rows) shifted.rows = w.rows.map((r) => r + offsets[k]);
      warnings.push(shifted);
    }
  });

  const columns = {
    count,
    start,
    duration,
    kind,
    status,
    flags,
    service,
    name,
    statusMessage,
    strings: strings.strings,
    spanIdHi,
    spanIdLo,
    oddSpanIds,
    eventStart,
    eventTime,
    traceIndex,
  };
  const details = new StitchedDetails(all, offsets, delta);
  let errors = 0;
  let orphans = 0;
  for (const t of all) {
    errors += t.counts.errors;
    orphans += t.counts.orphans;
  }
  const services = new Set(service).size;
  let end = 0;
  for (let r = 0; r < count; r++) end = Math.max(end, start[r] + duration[r]);
  const traceOf = (parent: Int32Array): Trace => {
    const tree = treeOf(parent, start);
    const table: SpanTable = { ...columns, parent, ...tree.csr };
    return {
      traceId: base.traceId,
      startNs,
      durationNs: end,
      table,
      roots: tree.roots,
      counts: { spans: count, services, errors, orphans, maxDepth: tree.maxDepth },
      warnings,
      partial: base.partial,
      format: base.format,
      details,
    };
  };
  return { shown: traceOf(shownParent), apart: traceOf(ownParent), traces: info };
}

/** CSR children sorted by start (ties by row), depth and roots in start order, iteratively. */
function treeOf(parent: Int32Array, start: Float64Array) {
  const n = parent.length;
  const childStart = new Uint32Array(n + 1);
  for (let r = 0; r < n; r++) if (parent[r] >= 0) childStart[parent[r] + 1]++;
  for (let r = 0; r < n; r++) childStart[r + 1] += childStart[r];
  const children = new Uint32Array(childStart[n]);
  const fill = childStart.slice(0, n);
  const rootList: number[] = [];
  for (let r = 0; r < n; r++) {
    if (parent[r] >= 0) children[fill[parent[r]]++] = r;
    else rootList.push(r);
  }
  const byStart = (a: number, b: number) => start[a] - start[b] || a - b;
  for (let r = 0; r < n; r++) {
    const from = childStart[r];
    const to = childStart[r + 1];
    let sorted = true;
    for (let i = from + 1; i < to && sorted; i++) sorted = byStart(children[i - 1], children[i]) <= 0;
    if (!sorted) children.subarray(from, to).sort(byStart);
  }
  rootList.sort(byStart);
  const roots = Uint32Array.from(rootList);
  const depth = new Uint32Array(n);
  let maxDepth = 0;
  const stack: number[] = [...rootList];
  while (stack.length > 0) {
    const row = stack.pop() as number;
    const d = depth[row] + 1;
    for (let c = childStart[row]; c < childStart[row + 1]; c++) {
      depth[children[c]] = d;
      if (d > maxDepth) maxDepth = d;
      stack.push(children[c]);
    }
  }
  return { csr: { depth, childStart, children }, roots, maxDepth };
}

/** Details of a stitched row from the store of the trace it came from, times on the set's axis. */
class StitchedDetails implements SpanDetailsStore {
  readonly count: number;

  constructor(
    private readonly traces: readonly Trace[],
    private readonly offsets: readonly number[],
    private readonly delta: readonly number[],
  ) {
    let n = 0;
    for (const t of traces) n += t.table.count;
    this.count = n;
  }

  private locate(row: number): number {
    let lo = 0;
    let hi = this.offsets.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.offsets[mid] <= row) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  get(row: number): SpanDetails {
    if (!(row >= 0 && row < this.count))
      throw new RangeError(`span row ${row} out of range 0..${this.count - 1}`);
    const k = this.locate(row);
    const d = this.traces[k].details.get(row - this.offsets[k]);
    const shift = this.delta[k];
    if (shift === 0) return { ...d, row };
    return {
      ...d,
      row,
      start: d.start + shift,
      events: d.events.map((e) => ({ ...e, time: e.time + shift })),
    };
  }

  attribute(row: number, scope: 'span' | 'resource', key: string): AttributeValue | undefined {
    const k = this.locate(row);
    return this.traces[k].details.attribute(row - this.offsets[k], scope, key);
  }

  attributeKeys(row: number, scope: 'span' | 'resource'): string[] {
    const k = this.locate(row);
    return this.traces[k].details.attributeKeys(row - this.offsets[k], scope);
  }

  scope(row: number): InstrumentationScope {
    const k = this.locate(row);
    return this.traces[k].details.scope(row - this.offsets[k]);
  }

  events(row: number): SpanEvent[] {
    const k = this.locate(row);
    const events = this.traces[k].details.events(row - this.offsets[k]);
    const shift = this.delta[k];
    return shift === 0 ? events : events.map((e) => ({ ...e, time: e.time + shift }));
  }

  links(row: number): SpanLink[] {
    const k = this.locate(row);
    return this.traces[k].details.links(row - this.offsets[k]);
  }
}

/** The other traces the spans of `trace` link to, in the order met, each once. */
export function forwardLinkedTraceIds(trace: Trace): string[] {
  const out = new Set<string>();
  const t = trace.table;
  for (let r = 0; r < t.count; r++) {
    if (!(t.flags[r] & SpanFlag.HasLinks)) continue;
    for (const link of trace.details.get(r).links) {
      const id = link.traceId.toLowerCase();
      if (id !== trace.traceId && /^[0-9a-f]{32}$/.test(id)) out.add(id);
    }
  }
  return [...out];
}

/**
 * The shown tree's durations widened so every span covers the stitched traces downstream of it
 * (a producer "lasts" until its consumers finish): the critical path across the set walks this,
 * so the time in queue falls on the producer span and the consumer's trace continues the path.
 */
export function widenedForCrossTracePath(stitched: Stitched): Trace {
  const shown = stitched.shown;
  const t = shown.table;
  const duration = t.duration.slice();
  for (let i = stitched.traces.length - 1; i > 0; i--) {
    const info = stitched.traces[i];
    if (info.anchorRow < 0 || !info.downstream) continue;
    let end = 0;
    for (let r = info.firstRow; r < info.firstRow + info.rowCount; r++)
      end = Math.max(end, t.start[r] + duration[r]);
    for (let r = info.anchorRow; r >= 0; r = t.parent[r]) {
      if (t.start[r] + duration[r] < end) duration[r] = end - t.start[r];
    }
  }
  return { ...shown, table: { ...t, duration } };
}

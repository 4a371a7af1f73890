// The trace views' heavy work, answered in the worker where the full trace lives: statistics,
// insights, the critical-path list's sort order and the JSON rendering. The main thread only gets
// small results (see docs/decisions/0110-trace-views-in-the-worker.md).
import {
  allDarkGaps,
  type CriticalPath,
  clockSkew,
  criticalPath,
  darkTime,
  type GroupStatistics,
  hints,
  statistics,
} from '../analysis/index.ts';
import type { Attribute, AttributeValue, SpanDetails, Trace } from '../model/types.ts';
import type { GraphView } from './graph-view.ts';

export type CpSortKey = 'order' | 'time' | 'service' | 'operation';

export type ViewRequest =
  | { type: 'view-stats'; id: number }
  | { type: 'view-insights'; id: number }
  | { type: 'view-json'; id: number; previewChars?: number }
  | { type: 'view-json-download'; id: number }
  | { type: 'view-cp-order'; id: number; key: CpSortKey; descending: boolean }
  | { type: 'view-graph'; id: number; byOperation: boolean };

export interface StatsView {
  byService: GroupStatistics[];
  byOperation: GroupStatistics[];
  spans: number;
  /** Sum of every span's duration, ns (the total row of the table). */
  durationSum: number;
  errors: number;
}

export type InsightKind =
  | 'dark-gap'
  | 'sequential-siblings'
  | 'orphans'
  | 'several-roots'
  | 'missing-client-span'
  | 'error-origin'
  | 'clock-skew';

/**
 * A finding as data (decision 0153): the trace screen words it (`features/trace/views/insight-text.ts`).
 * Dark gap: the span it is inside and the interval. Sequential siblings: the run and their parent.
 * Broken propagation: the spans (all of them are rows + moreRows). Error origin: the span. Clock
 * skew: the span and its parent, and by how much it starts before or ends after it.
 * The list comes ordered by what each finding costs the request (decision 0170).
 */
export interface Insight {
  kind: InsightKind;
  /** The spans it is about (at most MAX_INSIGHT_ROWS); the first is the one to open. */
  rows: number[];
  /** How many more rows the finding covers beyond `rows`. */
  moreRows: number;
  /** Time at stake (gap length, time saved, skew), ns. */
  ns?: number;
  /** Interval of a dark gap, ns from the trace start. */
  from?: number;
  to?: number;
  /** Sequential siblings: the row they are children of. */
  parent?: number;
  /** Sequential siblings: the run's summed and longest call durations, ns. */
  totalNs?: number;
  longestNs?: number;
  /** Sequential siblings: the guard call before the run, left out of it (decision 0171). */
  guard?: number;
  /** Error origin: the root's error comes from here (every span from the root down to it failed). */
  explainsRoot?: boolean;
  /**
   * What the finding costs the request, ns: a dark gap's time on the critical path, a sequential run's
   * time saved when it is on the critical path; 0 for findings that cost no time (the list's order).
   */
  costNs: number;
  /** Clock skew: how far the span starts before and ends after its parent, ns (0 when it does not). */
  startsBefore?: number;
  endsAfter?: number;
  onCriticalPath: boolean;
}

export interface JsonPreview {
  /** `backend`: the payload as the backend (or file) sent it, pretty-printed; `otlp`: rebuilt from the trace. */
  origin: 'backend' | 'otlp';
  /** The first part of the pretty-printed text, cut at a line end. */
  preview: string;
  /** False when `preview` is only the first part of the document. */
  complete: boolean;
}

export type ViewReply =
  | { type: 'view-stats'; id: number; stats: StatsView }
  | { type: 'view-insights'; id: number; insights: Insight[] }
  | { type: 'view-json'; id: number; json: JsonPreview }
  | { type: 'view-json-download'; id: number; blob: Blob; totalChars: number }
  | { type: 'view-cp-order'; id: number; order: Uint32Array }
  | { type: 'view-graph'; id: number; graph: GraphView };

export const MAX_INSIGHT_ROWS = 50;
const MAX_DARK_GAPS = 10;
const MAX_SKEW = 10;
export const DEFAULT_PREVIEW_CHARS = 2_000_000;

export interface RawBody {
  bytes: Uint8Array;
  contentType?: string;
}

export interface ViewContext {
  /** The trace the screen shows (skew-adjusted or not). */
  trace: () => Trace | null;
  /** The payload it was decoded from, when it held only this trace. */
  body: () => RawBody | null;
  post: (reply: ViewReply, transfer: Transferable[]) => void;
}

/**
 * Answers view requests; caches the critical path per trace object (the closure, not the module).
 * The graph's layout (dagre) is imported on its first request, not with the worker (decision 0247),
 * so that one answer is a promise.
 */
export function createViewAnswerer(context: ViewContext): (request: ViewRequest) => void | Promise<void> {
  const paths = new WeakMap<Trace, CriticalPath>();
  const pathOf = (trace: Trace) => {
    let path = paths.get(trace);
    if (!path) {
      path = criticalPath(trace);
      paths.set(trace, path);
    }
    return path;
  };
  return (request) => {
    const trace = context.trace();
    if (!trace) throw new Error('No trace loaded');
    switch (request.type) {
      case 'view-stats':
        return context.post(
          { type: 'view-stats', id: request.id, stats: statsView(trace, pathOf(trace)) },
          [],
        );
      case 'view-insights':
        return context.post(
          { type: 'view-insights', id: request.id, insights: insightsOf(trace, pathOf(trace)) },
          [],
        );
      case 'view-json': {
        const json = renderJsonPreview(trace, context.body(), request.previewChars ?? DEFAULT_PREVIEW_CHARS);
        return context.post({ type: 'view-json', id: request.id, json }, []);
      }
      case 'view-json-download': {
        const { blob, totalChars } = renderJsonBlob(trace, context.body());
        return context.post({ type: 'view-json-download', id: request.id, blob, totalChars }, []);
      }
      case 'view-graph':
        return import('./graph-view.ts').then(({ graphView }) =>
          context.post(
            {
              type: 'view-graph',
              id: request.id,
              graph: graphView(trace, pathOf(trace), request.byOperation),
            },
            [],
          ),
        );
      case 'view-cp-order': {
        const order = criticalPathOrder(trace, pathOf(trace), request.key, request.descending);
        return context.post({ type: 'view-cp-order', id: request.id, order }, [order.buffer]);
      }
    }
  };
}

export function statsView(trace: Trace, path: CriticalPath): StatsView {
  const stats = statistics(trace, path);
  let durationSum = 0;
  for (const group of stats.byService) durationSum += group.total;
  return { ...stats, spans: trace.counts.spans, durationSum, errors: trace.counts.errors };
}

/**
 * Segment indices of the critical path in the asked order. Ties keep time order, so a sort is
 * stable and the list reads the same on every reload.
 */
export function criticalPathOrder(
  trace: Trace,
  path: CriticalPath,
  key: CpSortKey,
  descending: boolean,
): Uint32Array {
  const n = path.segmentCount;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  if (key === 'order') return descending ? order.reverse() : order;
  const table = trace.table;
  const sign = descending ? -1 : 1;
  const time = (i: number) => path.segmentEnd[i] - path.segmentStart[i];
  const text = (i: number) => {
    const row = path.segmentRow[i];
    return table.strings[key === 'service' ? table.service[row] : table.name[row]];
  };
  const compare =
    key === 'time'
      ? (a: number, b: number) => sign * (time(a) - time(b)) || a - b
      : (a: number, b: number) => {
          const ta = text(a);
          const tb = text(b);
          return sign * (ta < tb ? -1 : ta > tb ? 1 : 0) || a - b;
        };
  return order.sort(compare);
}

function capped(rows: readonly number[]): { rows: number[]; moreRows: number } {
  return { rows: rows.slice(0, MAX_INSIGHT_ROWS), moreRows: Math.max(0, rows.length - MAX_INSIGHT_ROWS) };
}

/** Each row's critical-path time inside [from, to), summed over the asked rows' gaps. */
function gapTimeOnPath(
  path: CriticalPath,
  gapRows: readonly number[],
  from: readonly number[],
  to: readonly number[],
): number[] {
  const byRow = new Map<number, number[]>();
  gapRows.forEach((row, i) => {
    const list = byRow.get(row);
    if (list) list.push(i);
    else byRow.set(row, [i]);
  });
  const onPath = gapRows.map(() => 0);
  for (let s = 0; s < path.segmentCount; s++) {
    const gaps = byRow.get(path.segmentRow[s]);
    if (!gaps) continue;
    for (const i of gaps) {
      const overlap = Math.min(to[i], path.segmentEnd[s]) - Math.max(from[i], path.segmentStart[s]);
      if (overlap > 0) onPath[i] += overlap;
    }
  }
  return onPath;
}

/** Error origins first (the one explaining the root's error leads), then by cost, then by size. */
function byCost(a: Insight, b: Insight): number {
  const origin = (i: Insight) => (i.kind === 'error-origin' ? (i.explainsRoot ? 2 : 1) : 0);
  return (
    origin(b) - origin(a) ||
    b.costNs - a.costNs ||
    Number(b.onCriticalPath) - Number(a.onCriticalPath) ||
    (b.ns ?? 0) - (a.ns ?? 0)
  );
}

export function insightsOf(trace: Trace, path: CriticalPath): Insight[] {
  const table = trace.table;
  const out: Insight[] = [];
  // Largest dark gaps, critical-path ones first among equals.
  const gaps = allDarkGaps(trace);
  const dark = darkTime(trace, path);
  const gapRows = new Uint32Array(gaps.from.length);
  for (let row = 0; row < table.count; row++) {
    for (let g = gaps.start[row]; g < gaps.start[row + 1]; g++) gapRows[g] = row;
  }
  const top: number[] = [];
  for (let g = 0; g < gaps.from.length; g++) {
    const length = gaps.to[g] - gaps.from[g];
    if (length <= 0) continue;
    if (top.length < MAX_DARK_GAPS) {
      top.push(g);
      top.sort((a, b) => gaps.to[b] - gaps.from[b] - (gaps.to[a] - gaps.from[a]));
    } else if (length > gaps.to[top[MAX_DARK_GAPS - 1]] - gaps.from[top[MAX_DARK_GAPS - 1]]) {
      top[MAX_DARK_GAPS - 1] = g;
      top.sort((a, b) => gaps.to[b] - gaps.from[b] - (gaps.to[a] - gaps.from[a]));
    }
  }
  const topOnPath = gapTimeOnPath(
    path,
    top.map((g) => gapRows[g]),
    top.map((g) => gaps.from[g]),
    top.map((g) => gaps.to[g]),
  );
  top.forEach((g, i) => {
    const row = gapRows[g];
    const length = gaps.to[g] - gaps.from[g];
    out.push({
      kind: 'dark-gap',
      rows: [row],
      moreRows: 0,
      ns: length,
      from: gaps.from[g],
      to: gaps.to[g],
      costNs: topOnPath[i],
      onCriticalPath: path.timeOnPath[row] > 0 && dark.perSpan[row] > 0,
    });
  });
  for (const hint of hints(trace, path)) {
    const insight: Insight = {
      kind: hint.kind,
      ...capped(hint.rows),
      ns: hint.savedNs,
      parent: hint.parent,
      costNs: hint.kind === 'sequential-siblings' && hint.onCriticalPath ? (hint.savedNs ?? 0) : 0,
      onCriticalPath: hint.onCriticalPath,
    };
    if (hint.totalNs !== undefined) insight.totalNs = hint.totalNs;
    if (hint.longestNs !== undefined) insight.longestNs = hint.longestNs;
    if (hint.guard !== undefined) insight.guard = hint.guard;
    if (hint.explainsRoot) insight.explainsRoot = true;
    out.push(insight);
  }
  const skew = clockSkew(trace)
    .sort(
      (a, b) =>
        Math.max(b.startsBefore, b.endsAfter) - Math.max(a.startsBefore, a.endsAfter) || a.row - b.row,
    )
    .slice(0, MAX_SKEW);
  for (const finding of skew) {
    out.push({
      kind: 'clock-skew',
      rows: [finding.row, finding.parent],
      moreRows: 0,
      ns: Math.max(finding.startsBefore, finding.endsAfter),
      startsBefore: finding.startsBefore,
      endsAfter: finding.endsAfter,
      costNs: 0,
      onCriticalPath: path.timeOnPath[finding.row] > 0,
    });
  }
  // A stable sort: findings that tie keep the order they were found in.
  return out.sort(byCost);
}

/** Keeps the first `limit` characters of a document, cut at a line end; says when there was more. */
class PreviewText {
  text = '';
  full = true;
  constructor(private readonly limit: number) {}
  /** Returns false once the preview is full (the writer may stop). */
  push(chunk: string): boolean {
    if (!this.full) return false;
    if (this.text.length + chunk.length <= this.limit) {
      this.text += chunk;
      return true;
    }
    const room = this.limit - this.text.length;
    const cut = chunk.lastIndexOf('\n', room);
    if (cut > 0) this.text += chunk.slice(0, cut);
    this.full = false;
    return false;
  }
}

/**
 * Builds a Blob from many string chunks, folding them into the Blob every few MB so the worker's
 * heap holds little more than one batch (browsers keep big Blobs outside the JS heap).
 */
class BlobWriter {
  private parts: string[] = [];
  private pending = 0;
  private blob: Blob | null = null;
  total = 0;
  push(chunk: string): boolean {
    this.parts.push(chunk);
    this.pending += chunk.length;
    this.total += chunk.length;
    if (this.pending > 8_000_000) this.flush();
    return true;
  }
  private flush() {
    this.blob = new Blob(this.blob ? [this.blob, ...this.parts] : this.parts, { type: 'application/json' });
    this.parts = [];
    this.pending = 0;
  }
  finish(): Blob {
    this.flush();
    return this.blob ?? new Blob([], { type: 'application/json' });
  }
}

function looksLikeJson(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length && i < 1024; i++) {
    const b = bytes[i];
    if (b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09 || b === 0xef || b === 0xbb || b === 0xbf)
      continue;
    return b === 0x7b || b === 0x5b;
  }
  return false;
}

/** Bodies above this are not parsed into objects for pretty-printing (the object graph would not fit). */
export const MAX_PRETTY_BODY_BYTES = 64 * 1024 * 1024;

/**
 * Whether the JSON view could show this payload as the backend sent it (JSON, not too big). Any
 * other payload is not kept after decoding: a 1M-span protobuf body is 300 MB the view never reads.
 */
export function isShowableBody(bytes: Uint8Array): boolean {
  return bytes.byteLength <= MAX_PRETTY_BODY_BYTES && looksLikeJson(bytes);
}

/** The backend's JSON body, pretty-printed, or null when it is not JSON, too big, or does not parse. */
function prettyBody(body: RawBody | null): string | null {
  if (!body || !isShowableBody(body.bytes)) return null;
  try {
    return JSON.stringify(JSON.parse(new TextDecoder().decode(body.bytes)), null, 2);
  } catch {
    return null;
  }
}

/** Feeds the document to `write` in chunks until it returns false. */
function writeDocument(trace: Trace, pretty: string | null, write: (chunk: string) => boolean): void {
  if (pretty !== null) {
    const step = 1 << 20;
    for (let i = 0; i < pretty.length; i += step) if (!write(pretty.slice(i, i + step))) return;
  } else if (!writeOtlpJson(trace, write)) {
    return;
  }
  write('\n');
}

/**
 * What the JSON view shows: the first `previewChars` of the document. The OTLP rendering stops as
 * soon as the preview is full, so opening the view on a 1M-span trace renders a few thousand spans.
 */
export function renderJsonPreview(trace: Trace, body: RawBody | null, previewChars: number): JsonPreview {
  const pretty = prettyBody(body);
  const preview = new PreviewText(previewChars);
  writeDocument(trace, pretty, (chunk) => preview.push(chunk));
  return { origin: pretty !== null ? 'backend' : 'otlp', preview: preview.text, complete: preview.full };
}

/** The whole document as a Blob, for download. */
export function renderJsonBlob(trace: Trace, body: RawBody | null): { blob: Blob; totalChars: number } {
  const writer = new BlobWriter();
  writeDocument(trace, prettyBody(body), (chunk) => writer.push(chunk));
  return { blob: writer.finish(), totalChars: writer.total };
}

type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

function otlpValue(value: AttributeValue): JsonValue {
  switch (value.type) {
    case 'string':
      return { stringValue: value.value };
    case 'bool':
      return { boolValue: value.value };
    case 'int':
      return { intValue: value.value };
    case 'double':
      return { doubleValue: value.value };
    case 'bytes':
      return { bytesValue: value.value };
    case 'array':
      return { arrayValue: { values: value.value.map(otlpValue) } };
    case 'kvlist':
      return { kvlistValue: { values: otlpAttributes(value.value) } };
    case 'empty':
      return {};
  }
}

function otlpAttributes(attributes: Attribute[]): JsonValue[] {
  return attributes.map((a) => ({ key: a.key, value: otlpValue(a.value) }));
}

function absolute(startNs: bigint, offsetNs: number): string {
  return (startNs + BigInt(Math.round(offsetNs))).toString();
}

/** One span as OTLP JSON (hex IDs, decimal-string nanoseconds, enum numbers), from its details. */
export function otlpSpan(trace: Trace, d: SpanDetails): { [key: string]: JsonValue } {
  const span: { [key: string]: JsonValue } = { traceId: d.traceId, spanId: d.spanId };
  if (d.parentSpanId) span.parentSpanId = d.parentSpanId;
  if (d.traceState) span.traceState = d.traceState;
  span.name = d.name;
  span.kind = d.kind;
  span.startTimeUnixNano = d.startUnixNano;
  span.endTimeUnixNano = (BigInt(d.startUnixNano) + BigInt(Math.round(d.duration))).toString();
  span.attributes = otlpAttributes(d.attributes);
  if (d.events.length > 0) {
    span.events = d.events.map((e) => ({
      timeUnixNano: absolute(trace.startNs, e.time),
      name: e.name,
      attributes: otlpAttributes(e.attributes),
    }));
  }
  if (d.links.length > 0) {
    span.links = d.links.map((l) => {
      const link: { [key: string]: JsonValue } = { traceId: l.traceId, spanId: l.spanId };
      if (l.traceState) link.traceState = l.traceState;
      link.attributes = otlpAttributes(l.attributes);
      return link;
    });
  }
  const status: { [key: string]: JsonValue } = { code: d.status };
  if (d.statusMessage) status.message = d.statusMessage;
  span.status = status;
  return span;
}

function indented(value: JsonValue, pad: string): string {
  return pad + JSON.stringify(value, null, 2).replace(/\n/g, `\n${pad}`);
}

/**
 * Writes the trace as an OTLP JSON document, span by span in row order: a new resourceSpans entry
 * whenever the resource or scope changes from the previous row, so memory stays one span at a time.
 * Stops (returning false) as soon as `write` returns false.
 */
export function writeOtlpJson(trace: Trace, write: (text: string) => boolean | undefined): boolean {
  const n = trace.table.count;
  write('{\n  "resourceSpans": [');
  let groupKey: string | null = null;
  let firstSpan = true;
  const pad = ' '.repeat(12);
  const close = '\n          ]\n        }\n      ]\n    }';
  for (let row = 0; row < n; row++) {
    const d = trace.details.get(row);
    const key = JSON.stringify([d.resource.attributes, d.scope]);
    if (key !== groupKey) {
      if (groupKey !== null) write(`${close},`);
      groupKey = key;
      firstSpan = true;
      const resource = indented({ attributes: otlpAttributes(d.resource.attributes) }, '      ').trimStart();
      const scope: { [key: string]: JsonValue } = { name: d.scope.name };
      if (d.scope.version) scope.version = d.scope.version;
      if (d.scope.attributes.length > 0) scope.attributes = otlpAttributes(d.scope.attributes);
      write(
        `\n    {\n      "resource": ${resource},\n      "scopeSpans": [\n        {\n          "scope": ${indented(scope, '          ').trimStart()},\n          "spans": [`,
      );
    }
    if (write(`${firstSpan ? '\n' : ',\n'}${indented(otlpSpan(trace, d), pad)}`) === false) return false;
    firstSpan = false;
  }
  if (groupKey !== null) write(`${close}\n  `);
  return write(']\n}') !== false;
}

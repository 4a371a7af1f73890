// Tempo's /api/search over the embedded store: TraceQL through the app's TraceQL engine (on model
// Traces rebuilt from the stored OTLP, cached), and the legacy logfmt `tags=` search natively.
// Candidates are visited newest first and the scan stops once `limit` traces matched. Traces the
// query provably cannot match are skipped on their ingest-time digests before any decoding
// (./search-prefilter.ts), so a selective query costs a full scan of summaries, not of traces.

import { LRUCache } from 'lru-cache';
import type { Trace } from '../../src/model/types.ts';
import { SLIM_CACHE_SPANS, SlimCache, SlimTraceReader } from './metrics-spans.ts';
import type { OtlpAnyValue, OtlpKeyValue, OtlpResourceSpans } from './otlp/types.ts';
import type { TracePrefilter } from './search-prefilter.ts';
import type { SlimPrefilter } from './slim-prefilter.ts';
import { NO_ROOT_SERVICE, recordDurationNs, type TraceRecord, type TraceStore } from './store.ts';

export interface TempoSearchParams {
  q?: string;
  tags?: string;
  limit: number;
  spss: number;
  startNs?: bigint;
  endNs?: bigint;
  minDurationNs?: number;
  maxDurationNs?: number;
}

export interface TempoSearchSpan {
  spanID: string;
  name?: string;
  startTimeUnixNano: string;
  durationNanos: string;
  attributes?: { key: string; value: Record<string, unknown> }[];
}

export interface TempoSpanSet {
  spans: TempoSearchSpan[];
  matched: number;
  attributes?: { key: string; value: Record<string, unknown> }[];
}

export interface TempoSearchTrace {
  traceID: string;
  rootServiceName: string;
  rootTraceName?: string;
  startTimeUnixNano?: string;
  durationMs?: number;
  spanSet?: TempoSpanSet;
  spanSets?: TempoSpanSet[];
  serviceStats?: Record<string, { spanCount: number; errorCount?: number }>;
}

export interface TempoSearchResponse {
  traces: TempoSearchTrace[];
  metrics: Record<string, number | string>;
}

/** The TraceQL engine, as the embedded backend needs it (adapted from src/traceql in ./traceql-engine.ts). */
export interface TraceQLEngine {
  /** Tempo's 400 text (`invalid TraceQL query: …`) when the query cannot run, else undefined. */
  check(q: string): string | undefined;
  /**
   * A test that is false only for stored traces the query cannot match (judged without decoding);
   * undefined when the query gives nothing to rule traces out with. Optional: without it every
   * candidate is decoded and evaluated.
   */
  prefilter?(q: string): TracePrefilter | undefined;
  /**
   * A test on a slim trace (./metrics-spans.ts), false only when the query cannot match the trace
   * (./slim-prefilter.ts, decision 0323); undefined when no filter the query needs reads only
   * span-own fields. Optional: without it every trace the prefilter lets through is decoded.
   */
  slimPrefilter?(q: string): SlimPrefilter | undefined;
  /** Matching traces among `traces`, at most `limit`, in Tempo's search shape. */
  search(q: string, traces: Trace[], options: { limit: number; spss: number }): TempoSearchTrace[];
  /**
   * Whether a metrics query reads only span-own fields, so slim traces (./metrics-spans.ts) answer it
   * as fully decoded ones would (decision 0235). Optional: without it every trace is decoded in full.
   */
  metricsReadsSpansOnly?(q: string): boolean;
  /** A metrics query over `traces` (read once, in order): Tempo's answer body, or its 400 text. */
  metrics?(
    q: string,
    traces: Iterable<Trace>,
    request: MetricsRequest,
  ): { response: unknown } | { error: string };
}

/** /api/metrics/query_range (`stepNs` set) or /api/metrics/query (instant, no step). */
export interface MetricsRequest {
  startNs: bigint;
  endNs: bigint;
  stepNs?: bigint;
  exemplars?: number;
}

export interface TraceSearcher {
  search(params: TempoSearchParams): { response: TempoSearchResponse } | { error: string };
  /** A TraceQL metrics query over the stored traces that overlap its window. */
  metrics?(q: string, request: MetricsRequest): { response: unknown } | { error: string };
  /** For tag-value completion: span IDs in `rec` matched by `q`; an error when `q` does not parse. */
  matchingSpans(q: string): ((rec: TraceRecord) => Set<string>) | { error: string };
  /** The model Trace for a record (cached). */
  trace(rec: TraceRecord): Trace;
}

interface VersionedTrace {
  version: number;
  trace: Trace;
}

/** Rebuilds a model Trace from a record's protobuf. */
export type TraceMaterializer = (protobuf: Uint8Array, traceId: string) => Trace;

export class EmbeddedSearcher implements TraceSearcher {
  /** Decoded traces by trace ID, valid while the record's version is unchanged. */
  private readonly cache: LRUCache<string, VersionedTrace>;
  /** Slim columns of the records metrics queries read, across queries (./metrics-spans.ts). */
  private readonly slimCache = new SlimCache(SLIM_CACHE_SPANS);

  constructor(
    private readonly store: TraceStore,
    private readonly engine: TraceQLEngine | undefined,
    private readonly materialize: TraceMaterializer,
    /** Span budget of the Trace cache. */
    cacheSpans = 1_000_000,
    /** Trace budget of the Trace cache: a decoded trace costs ~20 KB however few spans it has. */
    cacheTraces = 10_000,
  ) {
    this.cache = new LRUCache<string, VersionedTrace>({
      max: cacheTraces,
      maxSize: cacheSpans,
      // Capped at the budget so a trace larger than it is still kept (alone) for repeated requests.
      sizeCalculation: (entry) => Math.min(Math.max(1, entry.trace.table.count), cacheSpans),
    });
  }

  trace(rec: TraceRecord): Trace {
    const { trace, cached } = this.scanned(rec);
    if (!cached) this.remember(rec, trace);
    return trace;
  }

  /**
   * The record's Trace for a scan: the cached one, or decoded without caching it (`remember` keeps it
   * if it matched). A search that reads every trace would otherwise push each one through the cache,
   * where it lives long enough to be promoted before it is evicted: the collector then took half of
   * a full scan's time.
   */
  private scanned(rec: TraceRecord): { trace: Trace; cached: boolean } {
    const hit = this.cache.get(rec.traceId);
    if (hit && hit.version === rec.version) return { trace: hit.trace, cached: true };
    return { trace: this.materialize(this.store.protobuf(rec), rec.traceId), cached: false };
  }

  private remember(rec: TraceRecord, trace: Trace): void {
    this.cache.set(rec.traceId, { version: rec.version, trace });
  }

  private isDecoded(rec: TraceRecord): boolean {
    return this.cache.peek(rec.traceId)?.version === rec.version;
  }

  private *candidates(params: TempoSearchParams): IterableIterator<TraceRecord> {
    for (const rec of this.store.newestFirst()) {
      if (params.startNs !== undefined && rec.endNs < params.startNs) continue;
      if (params.endNs !== undefined && rec.startNs > params.endNs) continue;
      if (params.minDurationNs !== undefined || params.maxDurationNs !== undefined) {
        // A bigint subtraction per record: only when a duration bound asks for it.
        const dur = recordDurationNs(rec);
        if (params.minDurationNs !== undefined && dur < params.minDurationNs) continue;
        if (params.maxDurationNs !== undefined && dur > params.maxDurationNs) continue;
      }
      yield rec;
    }
  }

  search(params: TempoSearchParams): { response: TempoSearchResponse } | { error: string } {
    const q = params.q?.trim();
    if (params.tags !== undefined || !q) return { response: this.tagSearch(params) };
    const engine = this.engine;
    if (!engine) return { error: 'TraceQL search is not available in this build' };
    const problem = engine.check(q);
    if (problem) return { error: problem };
    const found: TempoSearchTrace[] = [];
    let inspectedTraces = 0;
    let inspectedBytes = 0;
    const mayMatch = engine.prefilter?.(q);
    const slimMatch = engine.slimPrefilter?.(q);
    const slim = slimMatch ? new SlimTraceReader(this.slimCache) : undefined;
    for (const rec of this.candidates(params)) {
      if (found.length >= params.limit) break;
      inspectedTraces++;
      inspectedBytes += rec.bytes;
      if (mayMatch && !mayMatch(rec)) continue;
      // A trace already decoded is evaluated as it is; otherwise its slim columns rule it out first
      // (bytes that do not read cleanly go to the full decoder, which says what is wrong).
      if (slim && slimMatch && !this.isDecoded(rec)) {
        const light = slim.read(this.store.protobuf(rec), rec.traceId, rec.version);
        if (light && !slimMatch.test(light, () => slim.fillTree())) continue;
      }
      // One trace at a time: nothing is decoded beyond the trace that fills the limit. Only matches
      // stay in the cache (the ones a user opens next).
      const { trace, cached } = this.scanned(rec);
      const [hit] = engine.search(q, [trace], { limit: 1, spss: params.spss });
      if (!hit) continue;
      if (!cached) this.remember(rec, trace);
      found.push(withPaddedId(hit));
    }
    return {
      response: {
        traces: found,
        metrics: { inspectedTraces, inspectedBytes: String(inspectedBytes), completedJobs: 1, totalJobs: 1 },
      },
    };
  }

  metrics(q: string, request: MetricsRequest): { response: unknown } | { error: string } {
    const engine = this.engine;
    if (!engine?.metrics) return { error: 'TraceQL metrics are not available in this build' };
    // A range query snaps start down and end up to the step, and its first sample counts spans
    // from one step before that: a step's margin on both sides holds the whole grid.
    const margin = request.stepNs ?? 0n;
    const window = { startNs: request.startNs - margin, endNs: request.endNs + margin };
    const self = this;
    // Slim traces when the query allows (each valid until the next is read: the engine reads them
    // one at a time); a record whose bytes do not read cleanly is decoded in full.
    const slim = engine.metricsReadsSpansOnly?.(q) ? new SlimTraceReader(this.slimCache) : undefined;
    function* traces(): IterableIterator<Trace> {
      for (const rec of self.candidates({ ...window, limit: 0, spss: 0 }))
        yield slim?.read(self.store.protobuf(rec), rec.traceId, rec.version) ?? self.trace(rec);
    }
    return engine.metrics(q, traces(), request);
  }

  matchingSpans(q: string): ((rec: TraceRecord) => Set<string>) | { error: string } {
    const engine = this.engine;
    if (!engine) return { error: 'TraceQL search is not available in this build' };
    const problem = engine.check(q);
    if (problem) return { error: problem };
    return (rec) => {
      const ids = new Set<string>();
      for (const t of engine.search(q, [this.trace(rec)], { limit: 1, spss: Number.MAX_SAFE_INTEGER })) {
        for (const set of t.spanSets ?? (t.spanSet ? [t.spanSet] : []))
          for (const s of set.spans) ids.add(s.spanID);
      }
      return ids;
    };
  }

  /** Legacy search: `tags` in logfmt, every tag on the same span (span or resource attribute, or `name`/`status`). */
  private tagSearch(params: TempoSearchParams): TempoSearchResponse {
    const tags = parseLogfmt(params.tags ?? '');
    const found: TempoSearchTrace[] = [];
    let inspectedTraces = 0;
    let inspectedBytes = 0;
    for (const rec of this.candidates(params)) {
      if (found.length >= params.limit) break;
      inspectedTraces++;
      inspectedBytes += rec.bytes;
      if (tags.length > 0 && !batchesMatchTags(this.store.batches(rec), tags)) continue;
      found.push(summaryResult(rec));
    }
    return {
      traces: found,
      metrics: { inspectedTraces, inspectedBytes: String(inspectedBytes), completedJobs: 1, totalJobs: 1 },
    };
  }
}

/** Trace IDs padded to 32 hex characters (Tempo drops leading zeros; we keep them, which clients accept). */
function withPaddedId(t: TempoSearchTrace): TempoSearchTrace {
  return t.traceID.length === 32 ? t : { ...t, traceID: t.traceID.padStart(32, '0') };
}

/**
 * A stored trace as a search result, without matched spans. It carries `serviceStats` as Tempo's
 * TraceQL results do (Tempo's own legacy results leave them out): the store counts them at ingest,
 * so the app can show every trace's true span, service and error counts (decision 0176).
 */
export function summaryResult(rec: TraceRecord): TempoSearchTrace {
  const out: TempoSearchTrace = { traceID: rec.traceId, rootServiceName: rec.rootService };
  if (rec.rootService !== NO_ROOT_SERVICE) out.rootTraceName = rec.rootName;
  out.startTimeUnixNano = rec.startNs.toString();
  const ms = Math.floor(recordDurationNs(rec) / 1e6);
  if (ms) out.durationMs = ms;
  out.serviceStats = serviceStatsOf(rec);
  return out;
}

/** Per-service span and error counts in Tempo's shape: zero error counts left out, as Tempo does. */
export function serviceStatsOf(rec: TraceRecord): NonNullable<TempoSearchTrace['serviceStats']> {
  const stats: NonNullable<TempoSearchTrace['serviceStats']> = {};
  for (const [service, stat] of rec.services) {
    if (stat.spanCount === 0) continue;
    stats[service] =
      stat.errorCount > 0
        ? { spanCount: stat.spanCount, errorCount: stat.errorCount }
        : { spanCount: stat.spanCount };
  }
  return stats;
}

export function parseLogfmt(text: string): [string, string][] {
  const out: [string, string][] = [];
  const re = /\s*([^\s=]+)=(?:"((?:[^"\\]|\\.)*)"|(\S*))/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push([m[1], m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3]]);
  }
  return out;
}

export function anyValueText(v: OtlpAnyValue): string {
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.boolValue !== undefined) return String(v.boolValue);
  if (v.intValue !== undefined) return v.intValue;
  if (v.doubleValue !== undefined) return String(v.doubleValue);
  if (v.bytesValue !== undefined) return v.bytesValue;
  return JSON.stringify(v.arrayValue ?? v.kvlistValue ?? '');
}

function attrText(attrs: OtlpKeyValue[], key: string): string | undefined {
  for (const kv of attrs) if (kv.key === key) return anyValueText(kv.value);
  return undefined;
}

const STATUS_WORDS = ['unset', 'ok', 'error'];

function batchesMatchTags(batches: OtlpResourceSpans[], tags: [string, string][]): boolean {
  for (const rs of batches) {
    for (const ss of rs.scopeSpans) {
      for (const span of ss.spans) {
        const all = tags.every(([k, v]) => {
          if (k === 'name') return span.name === v;
          if (k === 'status' || k === 'status.code') return STATUS_WORDS[span.status.code] === v;
          if (k === 'error') return (span.status.code === 2) === (v === 'true');
          return (attrText(span.attributes, k) ?? attrText(rs.resource.attributes, k)) === v;
        });
        if (all) return true;
      }
    }
  }
  return false;
}

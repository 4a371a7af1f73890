// Tempo's HTTP API over the embedded store (datasource `local`): same paths, parameters, status
// codes and bodies as a real Tempo (checked against ../shared/fixtures/tempo).

import { LRUCache } from 'lru-cache';
import { WireWriter } from '../../src/formats/protobuf-writer.ts';
import { defaultStepNs } from '../../src/traceql/metrics/index.ts';
import type { InProcessRequest, InProcessResponse } from '../gateway/in-process.ts';
import {
  goNotFound,
  jsonResponse,
  parseGoDuration,
  parseTempoTraceId,
  protobufResponse,
  secondsParam,
  textResponse,
  wantsProtobuf,
} from './http.ts';
import { tempoResourceSpansJson } from './otlp/tempo-json-writer.ts';
import { clampedLimitNote, DEFAULT_QUERY_CAPS, type QueryCaps } from './query/query-caps.ts';
import {
  OBSERVED_TRAFFIC_PATH,
  observedTrafficResponse,
  SAMPLED_COUNTS_PATH,
  sampledCountsResponse,
} from './sampling-estimate.ts';
import type { TraceRecord, TraceStore } from './store.ts';
import type { MetricsRequest, TempoSearchParams, TraceSearcher } from './tempo-search.ts';
import { tagNames, tagValues } from './tempo-tags.ts';

export const EMBEDDED_BUILD_INFO = {
  version: '3.0.0-tracelight.embedded',
  revision: 'embedded',
  branch: 'embedded',
  buildUser: '',
  buildDate: '',
  goVersion: 'none (Tracelight embedded backend)',
};

/** Characters of rendered trace JSON kept for repeated requests (a 10,000-span trace is ~4 M). */
const JSON_CACHE_CHARS = 64 * 1024 * 1024;

export class TempoApi {
  /** Rendered `resourceSpans` arrays by trace ID, valid while the record's version is unchanged. */
  private readonly jsonCache = new LRUCache<string, { version: number; json: string }>({
    maxSize: JSON_CACHE_CHARS,
    sizeCalculation: (entry) => Math.max(1, entry.json.length),
  });

  constructor(
    private readonly store: TraceStore,
    private readonly searcher: TraceSearcher,
    private readonly caps: QueryCaps = DEFAULT_QUERY_CAPS,
  ) {}

  private resourceSpansJson(rec: TraceRecord): string {
    const hit = this.jsonCache.get(rec.traceId);
    if (hit && hit.version === rec.version) return hit.json;
    const json = tempoResourceSpansJson(rec.chunks);
    // A body larger than the whole budget is not kept (and a stale entry for the ID is dropped).
    this.jsonCache.set(rec.traceId, { version: rec.version, json });
    return json;
  }

  async handle(req: InProcessRequest): Promise<InProcessResponse> {
    const { path, query } = req;
    if (path === '/api/echo') return textResponse(200, 'echo\n');
    if (path === '/ready') return textResponse(200, 'ready\n');
    if (path === '/api/status/buildinfo') return jsonResponse(200, EMBEDDED_BUILD_INFO);
    if (path.startsWith('/api/v2/traces/')) return this.traceV2(req, path.slice('/api/v2/traces/'.length));
    if (path.startsWith('/api/traces/')) return this.traceV1(req, path.slice('/api/traces/'.length));
    if (path === '/api/search') return this.search(query);
    if (path === '/api/metrics/query_range') return this.metrics(query, true);
    if (path === '/api/metrics/query') return this.metrics(query, false);
    if (path === '/api/v2/search/tags') return this.tags(query);
    if (path === OBSERVED_TRAFFIC_PATH) return observedTrafficResponse(this.store, query);
    if (path === SAMPLED_COUNTS_PATH) return sampledCountsResponse(this.store, query);
    const values = /^\/api\/v2\/search\/tag\/([^/]+)\/values$/.exec(path);
    if (values) return this.tagValues(decodeURIComponent(values[1]), query);
    if (path === '/api/search/tags') {
      const res = tagNames(this.store, this.searcher, undefined, query);
      if ('error' in res) return textResponse(400, res.error);
      return jsonResponse(200, { tagNames: [...new Set(res.scopes.flatMap((s) => s.tags))].sort() });
    }
    const legacyValues = /^\/api\/search\/tag\/([^/]+)\/values$/.exec(path);
    if (legacyValues) {
      const res = tagValues(this.store, this.searcher, decodeURIComponent(legacyValues[1]), query);
      if ('error' in res) return textResponse(400, res.error);
      return jsonResponse(200, { tagValues: res.tagValues.map((v) => v.value) });
    }
    return goNotFound();
  }

  /** The record when it exists and overlaps the optional start/end window (Unix seconds). */
  private lookup(rawId: string, query: URLSearchParams): { rec?: TraceRecord; error?: string } {
    const parsed = parseTempoTraceId(decodeURIComponent(rawId));
    if ('error' in parsed) return { error: parsed.error };
    const rec = this.store.get(parsed.id);
    if (!rec) return {};
    const start = secondsParam(query, 'start');
    const end = secondsParam(query, 'end');
    if (start === null || end === null) return { error: 'invalid start or end: must be Unix seconds' };
    if (start !== undefined && rec.endNs < start) return {};
    if (end !== undefined && rec.startNs > end) return {};
    return { rec };
  }

  private traceV1(req: InProcessRequest, rawId: string): InProcessResponse {
    const { rec, error } = this.lookup(rawId, req.query);
    if (error) return textResponse(400, error);
    if (!rec) return { status: 404, headers: {}, body: '' };
    if (wantsProtobuf(req.headers)) return protobufResponse(this.store.protobuf(rec));
    return jsonText(`{"batches":${this.resourceSpansJson(rec)}}`);
  }

  private traceV2(req: InProcessRequest, rawId: string): InProcessResponse {
    const { rec, error } = this.lookup(rawId, req.query);
    if (error) return textResponse(400, error);
    const protobuf = wantsProtobuf(req.headers);
    if (!rec) {
      return protobuf ? protobufResponse(new Uint8Array(0)) : jsonResponse(200, { trace: {}, metrics: {} });
    }
    if (protobuf) {
      // TraceByIDResponse { trace = 1 (Trace { resource_spans = 1 }), metrics = 2 { inspectedBytes = 1 } }
      const inner = this.store.protobuf(rec);
      const w = new WireWriter();
      w.bytesField(1, inner, true);
      const m = w.beginMessage(2);
      w.uintField(1, rec.bytes);
      w.endMessage(m);
      return protobufResponse(w.finish());
    }
    // Written straight from the stored protobuf: the same text as JSON.stringify of the rendered objects.
    return jsonText(
      `{"trace":{"resourceSpans":${this.resourceSpansJson(rec)}},"metrics":{"inspectedBytes":"${rec.bytes}"}}`,
    );
  }

  private search(query: URLSearchParams): InProcessResponse {
    const params = parseSearchParams(query, this.caps);
    if ('error' in params) return textResponse(400, params.error);
    const asked = params.limit;
    params.limit = Math.min(asked, this.caps.maxSearchLimit);
    const outcome = this.searcher.search(params);
    if ('error' in outcome) return textResponse(400, outcome.error);
    if (asked === params.limit) return jsonResponse(200, outcome.response);
    return jsonResponse(200, { ...outcome.response, warnings: [clampedLimitNote(asked, this.caps)] });
  }

  private metrics(query: URLSearchParams, range: boolean): InProcessResponse {
    const request = parseMetricsParams(query, range, Date.now());
    if ('error' in request) return textResponse(400, request.error);
    const outcome = this.searcher.metrics?.(request.q, request) ?? {
      error: 'TraceQL metrics are not available in this build',
    };
    if ('error' in outcome) return textResponse(400, outcome.error);
    return jsonResponse(200, outcome.response);
  }

  private tags(query: URLSearchParams): InProcessResponse {
    const res = tagNames(this.store, this.searcher, query.get('scope') ?? undefined, query);
    if ('error' in res) return textResponse(400, res.error);
    return jsonResponse(200, { scopes: res.scopes, metrics: res.metrics });
  }

  private tagValues(tag: string, query: URLSearchParams): InProcessResponse {
    const res = tagValues(this.store, this.searcher, tag, query);
    if ('error' in res) return textResponse(400, res.error);
    return jsonResponse(200, { tagValues: res.tagValues, metrics: res.metrics });
  }
}

function jsonText(body: string): InProcessResponse {
  return { status: 200, headers: { 'content-type': 'application/json' }, body };
}

function intParam(query: URLSearchParams, name: string, fallback: number): number | { error: string } {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) return { error: `invalid ${name}: ${raw}` };
  return Number(raw);
}

export function parseSearchParams(
  query: URLSearchParams,
  caps: QueryCaps = DEFAULT_QUERY_CAPS,
): TempoSearchParams | { error: string } {
  const q = query.get('q') ?? undefined;
  const tags = query.get('tags') ?? undefined;
  if (q && tags) return { error: 'invalid request: q and tags are mutually exclusive' };
  const limit = intParam(query, 'limit', 20);
  if (typeof limit !== 'number') return limit;
  const spss = intParam(query, 'spss', 3);
  if (typeof spss !== 'number') return spss;
  if (spss > caps.maxSpss)
    return { error: `invalid spss: ${spss} is above the limit of ${caps.maxSpss} (server.limits.maxSpss)` };
  const start = secondsParam(query, 'start');
  const end = secondsParam(query, 'end');
  if (start === null) return { error: `invalid start: ${query.get('start')}` };
  if (end === null) return { error: `invalid end: ${query.get('end')}` };
  if (start !== undefined && end !== undefined && end < start) {
    return { error: 'invalid start and end: end must be after start' };
  }
  const params: TempoSearchParams = {
    q,
    tags,
    limit: limit || 20,
    spss: spss || 3,
    startNs: start,
    endNs: end,
  };
  for (const name of ['minDuration', 'maxDuration'] as const) {
    const raw = query.get(name);
    if (raw) {
      const ns = parseGoDuration(raw);
      if (ns === undefined) return { error: `invalid ${name}: ${raw}` };
      params[name === 'minDuration' ? 'minDurationNs' : 'maxDurationNs'] = ns;
    }
  }
  return params;
}

/** Most samples per series a range query may ask for (Prometheus' limit): memory is series × steps. */
export const MAX_METRICS_STEPS = 11_000;

/** Tempo's default window when a metrics request gives neither start nor since. */
const DEFAULT_METRICS_SINCE_NS = 3_600_000_000_000n;

/**
 * A metrics time as Tempo takes it: Unix seconds (fractions allowed) or, for values too large to
 * be seconds, nanoseconds. Undefined when absent, null when malformed.
 */
function metricsTimeParam(query: URLSearchParams, name: string): bigint | undefined | null {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  if (/^\d+$/.test(raw)) return raw.length > 12 ? BigInt(raw) : BigInt(raw) * 1_000_000_000n;
  if (/^\d+\.\d+$/.test(raw)) return BigInt(Math.round(Number(raw) * 1e9));
  return null;
}

/** A step as a Go duration (`60s`, `1m30s`) or a number of seconds. */
function stepParam(raw: string): bigint | undefined {
  if (/^\d+(\.\d+)?$/.test(raw)) return BigInt(Math.round(Number(raw) * 1e9));
  const ns = parseGoDuration(raw);
  return ns === undefined ? undefined : BigInt(Math.round(ns));
}

export function parseMetricsParams(
  query: URLSearchParams,
  range: boolean,
  nowMs: number,
): (MetricsRequest & { q: string }) | { error: string } {
  const q = query.get('q')?.trim() ?? '';
  if (!q) return { error: 'invalid request: q is required' };
  const start = metricsTimeParam(query, 'start');
  const end = metricsTimeParam(query, 'end');
  if (start === null) return { error: `invalid start: ${query.get('start')}` };
  if (end === null) return { error: `invalid end: ${query.get('end')}` };
  const endNs = end ?? BigInt(nowMs) * 1_000_000n;
  let startNs = start;
  if (startNs === undefined) {
    const since = query.get('since');
    const sinceNs = since ? parseGoDuration(since) : undefined;
    if (since && sinceNs === undefined) return { error: `invalid since: ${since}` };
    startNs = endNs - (sinceNs === undefined ? DEFAULT_METRICS_SINCE_NS : BigInt(Math.round(sinceNs)));
  }
  if (endNs <= startNs) return { error: 'invalid start and end: end must be after start' };
  const request: MetricsRequest & { q: string } = { q, startNs, endNs };
  const exemplars = query.get('exemplars');
  if (exemplars !== null && exemplars !== '') {
    if (!/^\d+$/.test(exemplars)) return { error: `invalid exemplars: ${exemplars}` };
    request.exemplars = Number(exemplars);
  }
  if (!range) return request;
  const rawStep = query.get('step');
  const stepNs = rawStep ? stepParam(rawStep) : defaultStepNs(startNs, endNs);
  if (stepNs === undefined || stepNs <= 0n) return { error: `invalid step: ${rawStep}` };
  if ((endNs - startNs) / stepNs + 2n > BigInt(MAX_METRICS_STEPS)) {
    return { error: `invalid step: more than ${MAX_METRICS_STEPS} samples per series; use a larger step` };
  }
  request.stepNs = stepNs;
  return request;
}

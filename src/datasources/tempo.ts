// Grafana Tempo's HTTP API: trace by ID (v2 first, v1 on 404), TraceQL search, tags and tag values,
// TraceQL metrics (range and instant), build info and echo. Facts and traps: ../shared/BACKENDS.md.

import {
  type EnvelopeFacts,
  inspectJsonEnvelope,
  inspectTempoV2Protobuf,
  inspectTracesDataProtobuf,
} from '../formats/trace-envelope';
import type { Attribute } from '../model/types';
import { DatasourceError, InvalidResponseError, NotFoundError, TooLargeError, traceNotFound } from './errors';
import { type HttpClient, requestOptionsOf, segment } from './http';
import { otlpAttributes } from './summaries';
import type {
  CallOptions,
  MatchedSpan,
  RawTrace,
  SearchInspected,
  SearchResult,
  ServiceStats,
  TraceByIdOptions,
  TraceClient,
  TraceSummary,
} from './types';
import {
  asArray,
  asIntegerString,
  asNumber,
  asObject,
  asString,
  expectObject,
  isObject,
  nanosToMillis,
  normalizeSpanId,
  normalizeTraceId,
  stringArray,
} from './validate';

export const TEMPO_DEFAULT_LIMIT = 20;
export const TEMPO_ROOT_NOT_RECEIVED = '<root span not yet received>';
const PROTOBUF = 'application/protobuf';

export interface TempoSearchParams {
  /** TraceQL. */
  q?: string;
  /** Unix seconds; without them Tempo searches only recent data. */
  start?: number;
  end?: number;
  limit?: number;
  /** Spans per spanset. */
  spss?: number;
  /** Go-style durations (`100ms`), for the legacy tag search. */
  minDuration?: string;
  maxDuration?: string;
}

export interface TempoTagScope {
  /** `resource`, `span`, `intrinsic`, `event`, `link`, `instrumentation`… */
  name: string;
  tags: string[];
}

export interface TempoTagsParams {
  scope?: string;
  /** A TraceQL query narrowing the tags to spans that match it. */
  q?: string;
  start?: number;
  end?: number;
  limit?: number;
}

export interface TempoTagValue {
  /** `string`, `int`, `float`, `bool`, `duration`, `keyword`. */
  type: string;
  value: string;
}

export interface TempoBuildInfo {
  version: string;
  revision: string;
  branch: string;
  buildDate: string;
  goVersion: string;
}

export interface TempoClient extends TraceClient {
  search(params: TempoSearchParams, options?: CallOptions): Promise<SearchResult>;
  tags(params?: TempoTagsParams, options?: CallOptions): Promise<TempoTagScope[]>;
  /** `tag` as TraceQL spells it (`resource.service.name`, `span.http.route`, `.http.route`, `name`). */
  tagValues(
    tag: string,
    params?: Omit<TempoTagsParams, 'scope'>,
    options?: CallOptions,
  ): Promise<TempoTagValue[]>;
  /** TraceQL metrics over a range: one sample per step. Errors: `BadRequestError` with Tempo's words. */
  queryRange(q: string, range: TempoMetricsRange, opts?: TempoMetricsOptions): Promise<MetricsSeriesSet>;
  /** TraceQL metrics over the whole range: one value per series (Tempo ≥ 2.6). */
  queryInstant(q: string, range: TempoMetricsRange, opts?: TempoMetricsOptions): Promise<MetricsSeriesSet>;
  buildInfo(options?: CallOptions): Promise<TempoBuildInfo>;
  echo(options?: CallOptions): Promise<string>;
  /** Embedded backend only (decision 0334; a real Tempo answers 404): what the store observed. */
  observedTraffic(slowMs: number, options?: CallOptions): Promise<ObservedTrafficAnswer>;
  /** Embedded backend only (decision 0335): each trace's root sampling probability, null when unknown. */
  sampledCounts(traceIds: readonly string[], options?: CallOptions): Promise<Map<string, number | null>>;
  /** Embedded backend only (decision 0335): spans stored per service and their estimated real count. */
  sampledServices(range: { start: number; end: number }, options?: CallOptions): Promise<SampledService[]>;
}

export interface SampledService {
  service: string;
  spans: number;
  /** Σ spans × 1/p; undefined when some trace of the service carries no threshold. */
  estimated: number | undefined;
}

export function parseSampledServices(body: unknown): SampledService[] {
  const out: SampledService[] = [];
  for (const item of asArray(expectObject(body, 'sampled counts').services)) {
    const t = asObject(item);
    const service = t ? asString(t.service) : undefined;
    const spans = t ? asNumber(t.spans) : undefined;
    if (!t || service === undefined || spans === undefined) continue;
    const estimated = asNumber(t.estimated);
    out.push({
      service,
      spans,
      estimated: estimated !== undefined && Number.isFinite(estimated) ? estimated : undefined,
    });
  }
  return out;
}

/** The embedded backend's observed traffic (server/embedded/sampling-estimate.ts). */
export interface ObservedTrafficAnswer {
  slowMs: number;
  observed:
    | {
        traces: number;
        spans: number;
        windowSeconds: number;
        tracesPerSecond: number;
        spansPerTrace: number;
        bytesPerSpan: number;
        interestingShare: number;
        errorShare: number;
        slowShare: number;
      }
    | undefined;
}

export function parseObservedTraffic(body: unknown): ObservedTrafficAnswer {
  const o = expectObject(body, 'observed traffic');
  const seen = asObject(o.observed);
  const num = (key: string) => {
    const v = seen ? asNumber(seen[key]) : undefined;
    if (v === undefined || !Number.isFinite(v) || v < 0)
      throw new Error(`observed traffic: ${key} is not a number`);
    return v;
  };
  return {
    slowMs: asNumber(o.slowMs) ?? 0,
    observed: seen
      ? {
          traces: num('traces'),
          spans: num('spans'),
          windowSeconds: num('windowSeconds'),
          tracesPerSecond: num('tracesPerSecond'),
          spansPerTrace: num('spansPerTrace'),
          bytesPerSpan: num('bytesPerSpan'),
          interestingShare: Math.min(1, num('interestingShare')),
          errorShare: Math.min(1, num('errorShare')),
          slowShare: Math.min(1, num('slowShare')),
        }
      : undefined,
  };
}

export function parseSampledCounts(body: unknown): Map<string, number | null> {
  const out = new Map<string, number | null>();
  for (const item of asArray(expectObject(body, 'sampled counts').traces)) {
    const t = asObject(item);
    const id = t ? asString(t.traceId) : undefined;
    if (!t || id === undefined) continue;
    const p = asNumber(t.probability);
    out.set(id, p !== undefined && p > 0 && p <= 1 ? p : null);
  }
  return out;
}

export interface TempoMetricsRange {
  /** Epoch milliseconds. */
  start: number;
  end: number;
  /** A Go duration (`60s`, `5m`) or seconds; absent: Tempo chooses. Range queries only. */
  step?: string;
}

export interface TempoMetricsOptions extends CallOptions {
  /** Most exemplars in the answer; absent: the backend's default (Tempo: 100). */
  exemplars?: number;
}

/**
 * The range in whole Unix seconds, widened to cover the milliseconds asked for: Tempo takes seconds
 * or nanoseconds, and seconds keep the URL the same for the same minute (cache and replay keys).
 */
function metricsWindow(range: TempoMetricsRange): { start: number; end: number } {
  return { start: Math.floor(range.start / 1000), end: Math.ceil(range.end / 1000) };
}

function isProtobuf(contentType: string): boolean {
  return contentType.toLowerCase().includes('protobuf');
}

function envelopeFacts(bytes: Uint8Array, contentType: string, version: 'v1' | 'v2'): EnvelopeFacts {
  if (bytes.byteLength === 0) return { hasSpans: false };
  const facts = isProtobuf(contentType)
    ? version === 'v2'
      ? inspectTempoV2Protobuf(bytes)
      : inspectTracesDataProtobuf(bytes)
    : inspectJsonEnvelope(bytes);
  if (!facts) throw new InvalidResponseError(`Tempo's trace response is not valid ${contentType || 'data'}`);
  return facts;
}

function matchedSpan(value: unknown): MatchedSpan | undefined {
  if (!isObject(value)) return undefined;
  const spanId = normalizeSpanId(asString(value.spanID) ?? '');
  if (!spanId) return undefined;
  const startUnixNano = asIntegerString(value.startTimeUnixNano);
  const durationNanos = asNumber(value.durationNanos) ?? 0;
  return {
    spanId,
    name: asString(value.name),
    startUnixNano,
    startUnixMs: startUnixNano === undefined ? undefined : nanosToMillis(startUnixNano),
    durationMs: durationNanos / 1e6,
    attributes: otlpAttributes(value.attributes),
  };
}

function tempoSummary(value: unknown): TraceSummary | undefined {
  if (!isObject(value)) return undefined;
  const traceId = normalizeTraceId(asString(value.traceID) ?? '');
  if (!traceId) return undefined;
  const rootServiceName = asString(value.rootServiceName) ?? '';
  const rootMissing = rootServiceName === TEMPO_ROOT_NOT_RECEIVED;
  const start = asIntegerString(value.startTimeUnixNano) ?? '0';

  // Without `serviceStats` (Tempo's legacy and query-less searches) span, error and service counts are
  // unknown: the root service is only one of the trace's services (decision 0176).
  let services: ServiceStats[] | undefined;
  let spanCount: number | undefined;
  let errorCount: number | undefined;
  const stats = asObject(value.serviceStats);
  if (stats) {
    services = [];
    spanCount = 0;
    errorCount = 0;
    for (const [name, entry] of Object.entries(stats)) {
      const record = asObject(entry);
      // Zero counts are left out of Tempo's JSON.
      const spans = asNumber(record?.spanCount) ?? 0;
      const errors = asNumber(record?.errorCount) ?? 0;
      services.push({ name, spanCount: spans, errorCount: errors });
      spanCount += spans;
      errorCount += errors;
    }
    services.sort((a, b) => a.name.localeCompare(b.name));
  }

  const spanSets = Array.isArray(value.spanSets) ? value.spanSets : value.spanSet ? [value.spanSet] : [];
  const matched = new Map<string, MatchedSpan>();
  let matchedCount: number | undefined;
  for (const spanSet of spanSets) {
    if (!isObject(spanSet)) continue;
    matchedCount = (matchedCount ?? 0) + (asNumber(spanSet.matched) ?? 0);
    for (const span of asArray(spanSet.spans)) {
      const parsed = matchedSpan(span);
      if (parsed && !matched.has(parsed.spanId)) matched.set(parsed.spanId, parsed);
    }
  }

  return {
    traceId,
    rootService: rootMissing ? '' : rootServiceName,
    rootName: asString(value.rootTraceName) ?? '',
    rootMissing: rootMissing || undefined,
    startUnixMs: nanosToMillis(start),
    durationMs: asNumber(value.durationMs) ?? 0,
    spanCount,
    errorCount,
    services,
    matchedSpans: spanSets.length > 0 ? [...matched.values()] : undefined,
    matchedCount,
  };
}

function inspectedFrom(metrics: unknown): SearchInspected | undefined {
  const record = asObject(metrics);
  if (!record) return undefined;
  return {
    traces: asNumber(record.inspectedTraces),
    bytes: asNumber(record.inspectedBytes),
    spans: asNumber(record.inspectedSpans),
    blocks: asNumber(record.totalBlocks),
    completedJobs: asNumber(record.completedJobs),
    totalJobs: asNumber(record.totalJobs),
  };
}

/** Parses Tempo's `/api/search` JSON. Exported for the embedded backend's tests and for fixtures. */
export function parseTempoSearch(body: unknown, limit: number): SearchResult {
  const record = expectObject(body, 'Tempo search');
  const traces: TraceSummary[] = [];
  for (const item of asArray(record.traces)) {
    const summary = tempoSummary(item);
    if (summary) traces.push(summary);
  }
  return {
    traces,
    limit,
    limitReached: traces.length >= limit,
    inspected: inspectedFrom(record.metrics),
  };
}

// TraceQL metrics answers (`/api/metrics/query_range`, `/api/metrics/query`), parsed and validated
// into one shape for every screen. Wire traps (../shared/BACKENDS.md): `timestampMs` is a string, a
// sample whose value is 0 has no `value` key, int labels are `{"intValue":"502"}`, exemplars name their
// trace with `trace:id` (leading zeros dropped). The embedded engine (src/traceql/metrics/) answers in
// the same wire shape; this layer may not import it, so the parsed type lives here (decision 0250).

/** Epoch milliseconds and the value at that step. */
export type MetricsPoint = [tsMs: number, value: number];

export interface MetricsExemplarPoint {
  /** 32 lowercase hex, left-padded (Tempo drops leading zeros). */
  traceId: string;
  /** When the backend named the span (`span:id`); Tempo 3.0 does not. */
  spanId?: string;
  /** The span's start, epoch ms. */
  tsMs: number;
  value: number;
  /** The exemplar's other labels: the span's values of the fields the query reads. */
  labels: Attribute[];
}

export interface TraceqlMetricsSeries {
  /** The `by()` labels in query order (`__name__`, `p`, `__bucket` for the functions' own). */
  labels: Attribute[];
  /** In time order. Sparse functions (min/max/avg/sum_over_time, topk) skip steps without spans. */
  samples: MetricsPoint[];
  exemplars: MetricsExemplarPoint[];
}

export interface MetricsSeriesSet {
  series: TraceqlMetricsSeries[];
  /** What the backend read, when it said (Tempo's `metrics`). */
  inspected?: SearchInspected;
}

const TRACE_ID_LABEL = 'trace:id';
const SPAN_ID_LABELS = new Set(['span:id', 'span:spanID', 'spanID']);

function exemplarOf(value: unknown): MetricsExemplarPoint | undefined {
  const record = asObject(value);
  if (!record) return undefined;
  const tsMs = asNumber(record.timestampMs);
  if (tsMs === undefined) return undefined;
  let traceId: string | undefined;
  let spanId: string | undefined;
  const labels: Attribute[] = [];
  for (const label of otlpAttributes(record.labels)) {
    const text = label.value.type === 'string' ? label.value.value : undefined;
    if (label.key === TRACE_ID_LABEL && text !== undefined) traceId = normalizeTraceId(text);
    else if (SPAN_ID_LABELS.has(label.key) && text !== undefined) spanId = normalizeSpanId(text);
    else labels.push(label);
  }
  // An exemplar without a trace to open is no use to anyone.
  if (!traceId) return undefined;
  return { traceId, spanId, tsMs, value: asNumber(record.value) ?? 0, labels };
}

function exemplarsOf(value: unknown): MetricsExemplarPoint[] {
  const exemplars: MetricsExemplarPoint[] = [];
  for (const item of asArray(value)) {
    const exemplar = exemplarOf(item);
    if (exemplar) exemplars.push(exemplar);
  }
  return exemplars;
}

/** `/api/metrics/query_range` JSON. */
export function parseTempoMetricsRange(body: unknown): MetricsSeriesSet {
  const record = expectObject(body, 'Tempo metrics');
  const series: TraceqlMetricsSeries[] = [];
  for (const item of asArray(record.series)) {
    const entry = asObject(item);
    if (!entry) continue;
    const samples: MetricsPoint[] = [];
    for (const raw of asArray(entry.samples)) {
      const sample = asObject(raw);
      const tsMs = asNumber(sample?.timestampMs);
      if (tsMs === undefined) continue;
      // No `value` key: the value is 0 (protobuf's default, left out of the JSON).
      samples.push([tsMs, asNumber(sample?.value) ?? 0]);
    }
    samples.sort((a, b) => a[0] - b[0]);
    series.push({ labels: otlpAttributes(entry.labels), samples, exemplars: exemplarsOf(entry.exemplars) });
  }
  return { series, inspected: inspectedFrom(record.metrics) };
}

/** `/api/metrics/query` JSON: one value per series, placed at the end of the range. */
export function parseTempoMetricsInstant(body: unknown, endMs: number): MetricsSeriesSet {
  const record = expectObject(body, 'Tempo metrics');
  const series: TraceqlMetricsSeries[] = [];
  for (const item of asArray(record.series)) {
    const entry = asObject(item);
    if (!entry) continue;
    series.push({
      labels: otlpAttributes(entry.labels),
      samples: [[endMs, asNumber(entry.value) ?? 0]],
      exemplars: exemplarsOf(entry.exemplars),
    });
  }
  return { series, inspected: inspectedFrom(record.metrics) };
}

export interface TempoClientOptions {
  /** What to ask trace-by-ID for; protobuf (default) is about half the bytes and decodes faster. */
  traceFormat?: 'protobuf' | 'json';
}

/**
 * Trace-by-ID's `start`/`end`: Tempo then reads only the blocks of that window (and answers "not found"
 * outside it). Half a window or a reversed one is a 400 from Tempo, so it is sent whole or not at all.
 */
function traceWindowQuery(options: TraceByIdOptions): { start?: number; end?: number } {
  const { start, end } = options;
  return start !== undefined && end !== undefined && start < end ? { start, end } : {};
}

export function createTempoClient(http: HttpClient, clientOptions: TempoClientOptions = {}): TempoClient {
  const traceAccept = clientOptions.traceFormat === 'json' ? 'application/json' : PROTOBUF;
  // Learned per client: an older Tempo answers 404 on /api/v2/traces, so ask v1 directly afterwards.
  let v2TraceByIdMissing = false;

  const fetchTrace = async (
    version: 'v1' | 'v2',
    traceId: string,
    options: TraceByIdOptions,
  ): Promise<RawTrace> => {
    const path = version === 'v2' ? `api/v2/traces/${segment(traceId)}` : `api/traces/${segment(traceId)}`;
    const response = await http.get(path, {
      query: traceWindowQuery(options),
      headers: { Accept: traceAccept },
      ...requestOptionsOf(options),
    });
    const facts = envelopeFacts(response.bytes, response.contentType, version);
    if (!facts.hasSpans) throw traceNotFound(traceId, { url: response.url, status: response.status });
    return {
      bytes: response.bytes,
      contentType: response.contentType || 'application/json',
      partialMessage: facts.partialMessage,
      api: version === 'v2' ? 'tempo-v2' : 'tempo-v1',
    };
  };

  const withTooLarge = (error: unknown): never => {
    if (error instanceof DatasourceError && error.status === 422) {
      throw new TooLargeError(error.backendMessage || 'The trace is too large for this Tempo', {
        status: 422,
        backendMessage: error.backendMessage,
        url: error.url,
      });
    }
    throw error;
  };

  return {
    async getTrace(traceId, options = {}) {
      if (!v2TraceByIdMissing) {
        try {
          return await fetchTrace('v2', traceId, options);
        } catch (error) {
          // 404 on v2 means "no such endpoint" (v2 says "not found" with an empty trace): try v1.
          const endpointMissing = error instanceof NotFoundError && error.status === 404;
          if (!endpointMissing) withTooLarge(error);
          v2TraceByIdMissing = true;
        }
      }
      try {
        return await fetchTrace('v1', traceId, options);
      } catch (error) {
        if (error instanceof NotFoundError)
          throw traceNotFound(traceId, { url: error.url, status: error.status });
        return withTooLarge(error);
      }
    },

    async search(params, options = {}) {
      const limit = params.limit ?? TEMPO_DEFAULT_LIMIT;
      const body = await http.getJson('api/search', {
        query: {
          q: params.q,
          start: params.start,
          end: params.end,
          limit,
          spss: params.spss,
          minDuration: params.minDuration,
          maxDuration: params.maxDuration,
        },
        ...requestOptionsOf(options),
      });
      return parseTempoSearch(body, limit);
    },

    async tags(params = {}, options = {}) {
      const body = expectObject(
        await http.getJson('api/v2/search/tags', {
          query: {
            scope: params.scope,
            q: params.q,
            start: params.start,
            end: params.end,
            limit: params.limit,
          },
          ...requestOptionsOf(options),
        }),
        'Tempo tags',
      );
      const scopes: TempoTagScope[] = [];
      for (const scope of asArray(body.scopes)) {
        const record = asObject(scope);
        const name = asString(record?.name);
        if (record && name !== undefined) scopes.push({ name, tags: stringArray(record.tags) });
      }
      return scopes;
    },

    async tagValues(tag, params = {}, options = {}) {
      const body = expectObject(
        await http.getJson(`api/v2/search/tag/${segment(tag)}/values`, {
          query: { q: params.q, start: params.start, end: params.end, limit: params.limit },
          ...requestOptionsOf(options),
        }),
        'Tempo tag values',
      );
      const values: TempoTagValue[] = [];
      for (const item of asArray(body.tagValues)) {
        const record = asObject(item);
        const value = record?.value;
        if (
          !record ||
          (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean')
        ) {
          continue;
        }
        values.push({ type: asString(record.type) ?? 'string', value: String(value) });
      }
      return values;
    },

    async queryRange(q, range, opts = {}) {
      const body = await http.getJson('api/metrics/query_range', {
        query: { q, ...metricsWindow(range), step: range.step || undefined, exemplars: opts.exemplars },
        ...requestOptionsOf(opts),
      });
      return parseTempoMetricsRange(body);
    },

    async queryInstant(q, range, opts = {}) {
      const window = metricsWindow(range);
      const body = await http.getJson('api/metrics/query', {
        query: { q, ...window, exemplars: opts.exemplars },
        ...requestOptionsOf(opts),
      });
      return parseTempoMetricsInstant(body, range.end);
    },

    async buildInfo(options = {}) {
      const body = expectObject(await http.getJson('api/status/buildinfo', options), 'Tempo build info');
      const text = (key: string) => asString(body[key]) ?? '';
      return {
        version: text('version'),
        revision: text('revision'),
        branch: text('branch'),
        buildDate: text('buildDate'),
        goVersion: text('goVersion'),
      };
    },

    async echo(options = {}) {
      return (await http.getText('api/echo', options)).trim();
    },

    async observedTraffic(slowMs, options = {}) {
      return parseObservedTraffic(
        await http.getJson('api/tracelight/observed-traffic', {
          query: { slowMs },
          ...requestOptionsOf(options),
        }),
      );
    },

    async sampledServices(range, options = {}) {
      return parseSampledServices(
        await http.getJson('api/tracelight/sampled-counts', {
          query: { start: Math.floor(range.start), end: Math.ceil(range.end) },
          ...requestOptionsOf(options),
        }),
      );
    },

    async sampledCounts(traceIds, options = {}) {
      if (traceIds.length === 0) return new Map();
      return parseSampledCounts(
        await http.getJson('api/tracelight/sampled-counts', {
          query: { traceIds: traceIds.join(',') },
          ...requestOptionsOf(options),
        }),
      );
    },
  };
}

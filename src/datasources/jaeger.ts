// Jaeger query: the OTLP-based `/api/v3` API, with a fallback to the legacy `/api` endpoints that most
// deployed Jaegers still serve. Which one a datasource speaks is detected once per client instance.

import { inspectJsonEnvelope } from '../formats/trace-envelope';
import { InvalidResponseError, NotFoundError, traceNotFound } from './errors';
import { getTraceResponse, type HttpClient, requestOptionsOf, segment } from './http';
import { otlpServiceName, type SpanFacts, summarizeSpans } from './summaries';
import type {
  CallOptions,
  Operation,
  RawTrace,
  SearchResult,
  ServiceSearchParams,
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

export type JaegerApi = 'v3' | 'legacy';
export const JAEGER_DEFAULT_LIMIT = 20;

export interface JaegerClient extends TraceClient {
  /** Which API this datasource speaks (asked once, then remembered). */
  api(options?: CallOptions): Promise<JaegerApi>;
  services(options?: CallOptions): Promise<string[]>;
  operations(service: string, options?: CallOptions & { spanKind?: string }): Promise<Operation[]>;
  search(params: ServiceSearchParams, options?: CallOptions): Promise<SearchResult>;
}

/** Jaeger v3 says "no traces" with a 404 and this message; any other 404 means the endpoint is missing. */
function isNoTracesFound(error: unknown): boolean {
  return error instanceof NotFoundError && /no traces found/i.test(error.backendMessage ?? '');
}

/** Go duration for Jaeger's duration parameters, from milliseconds (whole microseconds). */
function goDuration(ms: number | undefined): string | undefined {
  if (ms === undefined) return undefined;
  return `${Math.max(0, Math.round(ms * 1000))}us`;
}

function isOtlpError(status: unknown): boolean {
  const code = asObject(status)?.code;
  return code === 2 || code === 'STATUS_CODE_ERROR';
}

/** Spans of OTLP JSON (`{resourceSpans}` as in v3's `result`), with hex IDs. */
export function otlpSpanFacts(result: unknown): SpanFacts[] {
  const facts: SpanFacts[] = [];
  for (const resourceSpans of asArray(asObject(result)?.resourceSpans)) {
    if (!isObject(resourceSpans)) continue;
    const service = otlpServiceName(resourceSpans.resource);
    for (const scopeSpans of asArray(resourceSpans.scopeSpans)) {
      for (const span of asArray(asObject(scopeSpans)?.spans)) {
        if (!isObject(span)) continue;
        const traceId = normalizeTraceId(asString(span.traceId) ?? '');
        if (!traceId) continue;
        const start = asIntegerString(span.startTimeUnixNano);
        const end = asIntegerString(span.endTimeUnixNano);
        facts.push({
          traceId,
          spanId: normalizeSpanId(asString(span.spanId) ?? '') ?? '',
          parentId: normalizeSpanId(asString(span.parentSpanId) ?? '') ?? '',
          service,
          name: asString(span.name) ?? '',
          startMs: start === undefined ? 0 : nanosToMillis(start),
          endMs: end === undefined ? (start === undefined ? 0 : nanosToMillis(start)) : nanosToMillis(end),
          error: isOtlpError(span.status),
        });
      }
    }
  }
  return facts;
}

/** `/api/v3/trace-summaries` → summaries. */
export function parseJaegerSummaries(body: unknown): TraceSummary[] {
  const summaries: TraceSummary[] = [];
  for (const item of asArray(expectObject(body, 'Jaeger trace summaries').summaries)) {
    if (!isObject(item)) continue;
    const traceId = normalizeTraceId(asString(item.traceId) ?? '');
    if (!traceId) continue;
    const start = asIntegerString(item.minStartTimeUnixNano) ?? '0';
    const end = asIntegerString(item.maxEndTimeUnixNano) ?? start;
    const startMs = nanosToMillis(start);
    summaries.push({
      traceId,
      rootService: asString(item.rootServiceName) ?? '',
      rootName: asString(item.rootOperationName) ?? '',
      startUnixMs: startMs,
      durationMs: Math.max(0, nanosToMillis(end) - startMs),
      spanCount: asNumber(item.spanCount) ?? 0,
      errorCount: asNumber(item.errorSpanCount) ?? 0,
      services: asArray(item.services).flatMap((service) => {
        const record = asObject(service);
        const name = asString(record?.name);
        if (!record || name === undefined) return [];
        return [
          {
            name,
            spanCount: asNumber(record.spanCount) ?? 0,
            errorCount: asNumber(record.errorSpanCount) ?? 0,
          },
        ];
      }),
    });
  }
  return summaries;
}

function legacyTagIsError(tag: unknown): boolean {
  const record = asObject(tag);
  if (!record) return false;
  if (record.key === 'error') return record.value === true || record.value === 'true';
  return record.key === 'otel.status_code' && record.value === 'ERROR';
}

/** Spans of legacy Jaeger JSON traces (`data` of `/api/traces`). µs times; IDs may be 16 hex. */
export function legacySpanFacts(traces: unknown): SpanFacts[] {
  const facts: SpanFacts[] = [];
  for (const trace of asArray(traces)) {
    if (!isObject(trace)) continue;
    const processes = asObject(trace.processes) ?? {};
    for (const span of asArray(trace.spans)) {
      if (!isObject(span)) continue;
      const traceId = normalizeTraceId(asString(span.traceID) ?? asString(trace.traceID) ?? '');
      if (!traceId) continue;
      const processId = asString(span.processID);
      const process = asObject(processId === undefined ? span.process : processes[processId]);
      const parentRef =
        asArray(span.references)
          .map(asObject)
          .find((ref) => ref?.refType === 'CHILD_OF') ?? asObject(asArray(span.references)[0]);
      const startUs = asNumber(span.startTime) ?? 0;
      const durationUs = asNumber(span.duration) ?? 0;
      facts.push({
        traceId,
        spanId: normalizeSpanId(asString(span.spanID) ?? '') ?? '',
        parentId: normalizeSpanId(asString(parentRef?.spanID) ?? asString(span.parentSpanID) ?? '') ?? '',
        service: asString(process?.serviceName) ?? '',
        name: asString(span.operationName) ?? '',
        startMs: startUs / 1000,
        endMs: (startUs + durationUs) / 1000,
        error: asArray(span.tags).some(legacyTagIsError),
      });
    }
  }
  return facts;
}

function limited(traces: TraceSummary[], limit: number): SearchResult {
  return { traces: traces.slice(0, limit), limit, limitReached: traces.length >= limit };
}

export function createJaegerClient(http: HttpClient): JaegerClient {
  // Remembered per instance: which API answered, and whether v3 has trace-summaries.
  let detected: Promise<JaegerApi> | undefined;
  let summariesMissing = false;

  const detect = (options: CallOptions = {}): Promise<JaegerApi> => {
    if (!detected) {
      // Not the caller's byte progress: that is for the trace's body, not this probe's.
      const attempt = http
        .getJson('api/v3/services', { ...requestOptionsOf(options), onBytes: undefined })
        .then(
          (body): JaegerApi => (isObject(body) && Array.isArray(body.services) ? 'v3' : 'legacy'),
          (error: unknown): JaegerApi => {
            // 404 (no such route) or an HTML page where JSON was expected: an older Jaeger.
            if (error instanceof NotFoundError || error instanceof InvalidResponseError) return 'legacy';
            throw error;
          },
        );
      detected = attempt;
      // A failure to reach the backend proves nothing: ask again next time.
      attempt.catch(() => {
        if (detected === attempt) detected = undefined;
      });
    }
    return detected;
  };

  const searchV3 = async (params: ServiceSearchParams, limit: number, options: CallOptions) => {
    const query = {
      'query.service_name': params.service,
      'query.operation_name': params.operation,
      'query.attributes':
        params.tags && Object.keys(params.tags).length > 0 ? JSON.stringify(params.tags) : undefined,
      'query.start_time_min': new Date(params.startMs).toISOString(),
      'query.start_time_max': new Date(params.endMs).toISOString(),
      'query.duration_min': goDuration(params.minDurationMs),
      'query.duration_max': goDuration(params.maxDurationMs),
      'query.num_traces': limit,
      'query.search_depth': limit,
    };
    if (!summariesMissing) {
      try {
        const body = await http.getJson('api/v3/trace-summaries', { query, ...requestOptionsOf(options) });
        return limited(parseJaegerSummaries(body), limit);
      } catch (error) {
        if (isNoTracesFound(error)) return limited([], limit);
        if (!(error instanceof NotFoundError)) throw error;
        summariesMissing = true;
      }
    }
    try {
      const body = expectObject(
        await http.getJson('api/v3/traces', { query, ...requestOptionsOf(options) }),
        'Jaeger search',
      );
      return limited(summarizeSpans(otlpSpanFacts(body.result)), limit);
    } catch (error) {
      if (isNoTracesFound(error)) return limited([], limit);
      throw error;
    }
  };

  const searchLegacy = async (params: ServiceSearchParams, limit: number, options: CallOptions) => {
    const body = expectObject(
      await http.getJson('api/traces', {
        query: {
          service: params.service,
          operation: params.operation,
          tags: params.tags && Object.keys(params.tags).length > 0 ? JSON.stringify(params.tags) : undefined,
          start: Math.round(params.startMs * 1000),
          end: Math.round(params.endMs * 1000),
          minDuration: goDuration(params.minDurationMs),
          maxDuration: goDuration(params.maxDurationMs),
          limit,
        },
        ...requestOptionsOf(options),
      }),
      'Jaeger search',
    );
    return limited(summarizeSpans(legacySpanFacts(body.data)), limit);
  };

  return {
    api: detect,

    async services(options = {}) {
      if ((await detect(options)) === 'v3') {
        return stringArray(
          expectObject(await http.getJson('api/v3/services', requestOptionsOf(options)), 'Jaeger services')
            .services,
        );
      }
      return stringArray(
        expectObject(await http.getJson('api/services', requestOptionsOf(options)), 'Jaeger services').data,
      );
    },

    async operations(service, options = {}) {
      if ((await detect(options)) === 'v3') {
        const body = expectObject(
          await http.getJson('api/v3/operations', {
            query: { service, span_kind: options.spanKind },
            ...requestOptionsOf(options),
          }),
          'Jaeger operations',
        );
        return asArray(body.operations).flatMap((item) => {
          const record = asObject(item);
          const name = asString(record?.name);
          return name === undefined ? [] : [{ name, spanKind: asString(record?.spanKind) ?? '' }];
        });
      }
      const body = expectObject(
        await http.getJson(`api/services/${segment(service)}/operations`, requestOptionsOf(options)),
        'Jaeger operations',
      );
      return stringArray(body.data).map((name) => ({ name, spanKind: '' }));
    },

    async search(params, options = {}) {
      const limit = params.limit ?? JAEGER_DEFAULT_LIMIT;
      return (await detect(options)) === 'v3'
        ? searchV3(params, limit, options)
        : searchLegacy(params, limit, options);
    },

    async getTrace(traceId, options: TraceByIdOptions = {}): Promise<RawTrace> {
      const api = await detect(options);
      const v3 = api === 'v3';
      const path = v3 ? `api/v3/traces/${segment(traceId)}` : `api/traces/${segment(traceId)}`;
      const toIso = (seconds: number | undefined) =>
        seconds === undefined ? undefined : new Date(seconds * 1000).toISOString();
      const response = await getTraceResponse(http, path, traceId, {
        query: v3 ? { start_time: toIso(options.start), end_time: toIso(options.end) } : {},
        headers: { Accept: 'application/json' },
        ...requestOptionsOf(options),
      });
      const facts = inspectJsonEnvelope(response.bytes);
      if (!facts)
        throw new InvalidResponseError('Jaeger’s trace response is not a JSON object', { url: response.url });
      if (!facts.hasSpans) throw traceNotFound(traceId, { url: response.url });
      return {
        bytes: response.bytes,
        contentType: response.contentType || 'application/json',
        api: v3 ? 'jaeger-v3' : 'jaeger-legacy',
      };
    },
  };
}

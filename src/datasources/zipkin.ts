// Zipkin's `/api/v2`: services, span names, trace search (whole traces, summarised here) and trace by ID.
import { InvalidResponseError, traceNotFound } from './errors';
import { getTraceResponse, type HttpClient, requestOptionsOf, segment } from './http';
import { type SpanFacts, summarizeSpans } from './summaries';
import type {
  CallOptions,
  RawTrace,
  SearchResult,
  ServiceSearchParams,
  TraceByIdOptions,
  TraceClient,
} from './types';
import {
  asArray,
  asNumber,
  asObject,
  asString,
  isObject,
  normalizeSpanId,
  normalizeTraceId,
  stringArray,
} from './validate';

export const ZIPKIN_DEFAULT_LIMIT = 10;

export interface ZipkinClient extends TraceClient {
  services(options?: CallOptions): Promise<string[]>;
  /** Span names recorded for a service. */
  spanNames(service: string, options?: CallOptions): Promise<string[]>;
  search(params: ServiceSearchParams, options?: CallOptions): Promise<SearchResult>;
}

/**
 * Zipkin stores a 64-bit trace ID as 16 hex and, with its default strict trace IDs, only finds it by
 * that spelling: ask with the short form when the high half is zero.
 */
export function zipkinTraceId(traceId: string): string {
  const normalized = normalizeTraceId(traceId);
  if (!normalized) return traceId;
  return normalized.startsWith('0000000000000000') ? normalized.slice(16) : normalized;
}

/** Spans of Zipkin v2 traces (an array of span arrays). µs times. */
export function zipkinSpanFacts(traces: unknown): SpanFacts[] {
  const facts: SpanFacts[] = [];
  for (const trace of asArray(traces)) {
    for (const span of asArray(trace)) {
      if (!isObject(span)) continue;
      const traceId = normalizeTraceId(asString(span.traceId) ?? '');
      if (!traceId) continue;
      const startUs = asNumber(span.timestamp) ?? 0;
      const durationUs = asNumber(span.duration) ?? 0;
      const spanId = normalizeSpanId(asString(span.id) ?? '') ?? '';
      const parentId = normalizeSpanId(asString(span.parentId) ?? '') ?? '';
      facts.push({
        traceId,
        spanId,
        // A shared server half carries its client's ID: it is not its own parent.
        parentId: parentId === spanId ? '' : parentId,
        service: asString(asObject(span.localEndpoint)?.serviceName) ?? '',
        name: asString(span.name) ?? '',
        startMs: startUs / 1000,
        endMs: (startUs + durationUs) / 1000,
        error: asObject(span.tags)?.error !== undefined,
      });
    }
  }
  return facts;
}

/** Zipkin's `annotationQuery`: `key=value and key2` from tag filters. */
export function annotationQuery(tags: Record<string, string> | undefined): string | undefined {
  if (!tags) return undefined;
  const parts = Object.entries(tags).map(([key, value]) => (value === '' ? key : `${key}=${value}`));
  return parts.length > 0 ? parts.join(' and ') : undefined;
}

export function createZipkinClient(http: HttpClient): ZipkinClient {
  return {
    async services(options = {}) {
      return stringArray(await http.getJson('api/v2/services', requestOptionsOf(options)));
    },

    async spanNames(service, options = {}) {
      return stringArray(
        await http.getJson('api/v2/spans', { query: { serviceName: service }, ...requestOptionsOf(options) }),
      );
    },

    async search(params, options = {}) {
      const limit = params.limit ?? ZIPKIN_DEFAULT_LIMIT;
      const body = await http.getJson('api/v2/traces', {
        query: {
          serviceName: params.service,
          spanName: params.operation,
          annotationQuery: annotationQuery(params.tags),
          minDuration:
            params.minDurationMs === undefined ? undefined : Math.round(params.minDurationMs * 1000),
          maxDuration:
            params.maxDurationMs === undefined ? undefined : Math.round(params.maxDurationMs * 1000),
          endTs: Math.round(params.endMs),
          lookback: Math.max(0, Math.round(params.endMs - params.startMs)),
          limit,
        },
        ...requestOptionsOf(options),
      });
      if (!Array.isArray(body))
        throw new InvalidResponseError('Zipkin search: expected a JSON array of traces');
      const traces = summarizeSpans(zipkinSpanFacts(body));
      return { traces: traces.slice(0, limit), limit, limitReached: traces.length >= limit };
    },

    async getTrace(traceId, options: TraceByIdOptions = {}): Promise<RawTrace> {
      const response = await getTraceResponse(
        http,
        `api/v2/trace/${segment(zipkinTraceId(traceId))}`,
        traceId,
        {
          headers: { Accept: 'application/json' },
          ...requestOptionsOf(options),
        },
      );
      // Cheap emptiness check: an empty trace is `[]` (a real one is at least one span object).
      const text = new TextDecoder().decode(response.bytes.subarray(0, 64)).trim();
      if (!text.startsWith('['))
        throw new InvalidResponseError('Zipkin’s trace response is not a JSON array');
      if (/^\[\s*\]$/.test(text)) throw traceNotFound(traceId, { url: response.url });
      return {
        bytes: response.bytes,
        contentType: response.contentType || 'application/json',
        api: 'zipkin-v2',
      };
    },
  };
}

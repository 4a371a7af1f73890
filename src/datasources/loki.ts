// Loki HTTP API client: log queries over a range (streams) and metric queries (matrix/vector), labels
// and label values. Every request asks for `categorize-labels`, so structured metadata (where OTLP logs
// keep trace_id and span_id) and parsed labels come apart from the stream labels instead of splitting
// one stream per trace ID. Loki does not merge streams: lines are sorted across streams here.

import { InvalidResponseError } from './errors';
import type { HttpClient } from './http';
import { labelsOf, type MetricSeries, parseSampleValue } from './prometheus';
import type { CallOptions } from './types';
import { asArray, asObject, asString, isObject, nanosToMillis } from './validate';

export const LOKI_ENCODING_FLAGS_HEADER = 'X-Loki-Response-Encoding-Flags';
export const DEFAULT_LOG_LIMIT = 100;

export type LogDirection = 'forward' | 'backward';

export interface LogLine {
  /** Unique within one result: stream index, timestamp and position. */
  id: string;
  /** Nanoseconds since the epoch, decimal (exact). */
  timeNs: string;
  /** Milliseconds since the epoch (for display). */
  timeMs: number;
  line: string;
  /** The stream's labels. */
  labels: Record<string, string>;
  structuredMetadata: Record<string, string>;
  parsed: Record<string, string>;
}

export interface LogRangeQuery {
  query: string;
  /** Nanoseconds since the epoch. */
  startNs: bigint;
  endNs: bigint;
  limit?: number;
  direction?: LogDirection;
  /** Seconds; only for metric queries. */
  step?: number;
}

export type LokiQueryResult =
  | {
      resultType: 'streams';
      /** Sorted across streams in the requested direction. */
      lines: LogLine[];
      streamCount: number;
      limit: number;
      direction: LogDirection;
      /** As many lines as the limit came back: there may be more. */
      limitReached: boolean;
      /** Loki honoured categorize-labels. */
      categorized: boolean;
    }
  | { resultType: 'matrix' | 'vector'; series: MetricSeries[] };

export interface LokiClient {
  queryRange(request: LogRangeQuery, options?: CallOptions): Promise<LokiQueryResult>;
  /** Instant query: Loki accepts only metric queries here (log queries get a 400). */
  query(
    request: { query: string; timeNs?: bigint; limit?: number },
    options?: CallOptions,
  ): Promise<LokiQueryResult>;
  labels(request?: { startNs?: bigint; endNs?: bigint }, options?: CallOptions): Promise<string[]>;
  labelValues(
    name: string,
    request?: { startNs?: bigint; endNs?: bigint },
    options?: CallOptions,
  ): Promise<string[]>;
}

/** Orders decimal nanosecond strings without converting them (no sign, no leading zeros from Loki). */
export function compareNs(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

function stringRecord(value: unknown): Record<string, string> {
  return labelsOf(value);
}

export function parseLokiResult(
  body: unknown,
  request: { limit: number; direction: LogDirection },
): LokiQueryResult {
  if (!isObject(body)) throw new InvalidResponseError('Loki: expected a JSON object');
  if (body.status !== 'success') {
    throw new InvalidResponseError(`Loki: ${asString(body.error) ?? 'no success status'}`);
  }
  const data = asObject(body.data);
  const resultType = data?.resultType;
  if (resultType === 'streams') {
    const categorized = asArray(data?.encodingFlags).includes('categorize-labels');
    const lines: LogLine[] = [];
    const streams = asArray(data?.result);
    streams.forEach((item, streamIndex) => {
      const stream = asObject(item);
      const labels = stringRecord(stream?.stream);
      asArray(stream?.values).forEach((entry, position) => {
        const [ns, line, extra] = asArray(entry);
        if (typeof ns !== 'string' || !/^\d+$/.test(ns) || typeof line !== 'string') return;
        const categories = asObject(extra);
        lines.push({
          id: `${streamIndex}:${ns}:${position}`,
          timeNs: ns,
          timeMs: nanosToMillis(ns),
          line,
          labels,
          structuredMetadata: stringRecord(categories?.structuredMetadata),
          parsed: stringRecord(categories?.parsed),
        });
      });
    });
    const sign = request.direction === 'backward' ? -1 : 1;
    lines.sort((a, b) => sign * compareNs(a.timeNs, b.timeNs));
    return {
      resultType: 'streams',
      lines,
      streamCount: streams.length,
      limit: request.limit,
      direction: request.direction,
      limitReached: lines.length >= request.limit,
      categorized,
    };
  }
  if (resultType === 'matrix' || resultType === 'vector') {
    const series: MetricSeries[] = asArray(data?.result).map((item) => {
      const record = asObject(item);
      const pairs = resultType === 'matrix' ? asArray(record?.values) : [record?.value];
      const points = pairs.flatMap((pair) => {
        const [seconds, value] = asArray(pair);
        const v = parseSampleValue(value);
        return typeof seconds === 'number' && v !== undefined ? [{ t: Math.round(seconds * 1000), v }] : [];
      });
      return { labels: stringRecord(record?.metric), points };
    });
    return { resultType, series };
  }
  throw new InvalidResponseError(`Loki: unknown resultType ${String(resultType)}`);
}

/** The request for the lines after (in its direction) a result whose limit was reached. */
export function nextPageRequest(
  request: LogRangeQuery,
  lines: readonly LogLine[],
): LogRangeQuery | undefined {
  const last = lines.at(-1);
  if (!last) return undefined;
  // Loki's start is inclusive and end exclusive; lines sharing the boundary nanosecond are fetched
  // again and dropped by mergeLogPages.
  return request.direction === 'backward'
    ? { ...request, endNs: BigInt(last.timeNs) + 1n }
    : { ...request, startNs: BigInt(last.timeNs) };
}

/** Appends a page, dropping lines already present (same time, stream labels and text). */
export function mergeLogPages(first: readonly LogLine[], next: readonly LogLine[]): LogLine[] {
  const key = (line: LogLine) => `${line.timeNs}\u0000${JSON.stringify(line.labels)}\u0000${line.line}`;
  const seen = new Set(first.map(key));
  const merged = [...first];
  for (const line of next) {
    const k = key(line);
    if (seen.has(k)) continue;
    seen.add(k);
    merged.push({ ...line, id: `p${merged.length}:${line.id}` });
  }
  return merged;
}

export function createLokiClient(http: HttpClient): LokiClient {
  const headers = { [LOKI_ENCODING_FLAGS_HEADER]: 'categorize-labels' };
  return {
    async queryRange(request, options) {
      const limit = request.limit ?? DEFAULT_LOG_LIMIT;
      const direction = request.direction ?? 'backward';
      const parameters = {
        query: request.query,
        start: request.startNs.toString(),
        end: request.endNs.toString(),
        limit,
        direction,
        step: request.step,
      };
      // Past a URL's length the parameters go as a form, which Loki's query handlers read like a query
      // string (decision 0216).
      const body = await http.queryJson('loki/api/v1/query_range', parameters, { ...options, headers });
      return parseLokiResult(body, { limit, direction });
    },
    async query(request, options) {
      const limit = request.limit ?? DEFAULT_LOG_LIMIT;
      const parameters = { query: request.query, time: request.timeNs?.toString(), limit };
      const body = await http.queryJson('loki/api/v1/query', parameters, { ...options, headers });
      return parseLokiResult(body, { limit, direction: 'backward' });
    },
    async labels(request = {}, options) {
      const body = await http.getJson('loki/api/v1/labels', {
        ...options,
        query: { start: request.startNs?.toString(), end: request.endNs?.toString() },
      });
      return asArray(asObject(body)?.data).filter((l): l is string => typeof l === 'string');
    },
    async labelValues(name, request = {}, options) {
      const body = await http.getJson(`loki/api/v1/label/${encodeURIComponent(name)}/values`, {
        ...options,
        query: { start: request.startNs?.toString(), end: request.endNs?.toString() },
      });
      return asArray(asObject(body)?.data).filter((l): l is string => typeof l === 'string');
    },
  };
}

// Prometheus HTTP API client: range and instant queries, exemplars, labels. Values arrive as strings
// ("NaN", "+Inf" and "-Inf" included) and are turned into numbers here; timestamps are float seconds
// on the wire and milliseconds here. Errors keep Prometheus's own words (`error` of the envelope).
import { BadRequestError, InvalidResponseError } from './errors';
import type { HttpClient } from './http';
import type { CallOptions } from './types';
import { asArray, asNumber, asObject, asString, isObject } from './validate';

export type Labels = Record<string, string>;

export interface Point {
  /** Epoch milliseconds. */
  t: number;
  /** May be NaN or ±Infinity, as Prometheus sends them. */
  v: number;
}

export interface MetricSeries {
  labels: Labels;
  points: Point[];
}

export interface Exemplar {
  labels: Labels;
  value: number;
  /** Epoch milliseconds. */
  t: number;
}

export interface ExemplarSeries {
  seriesLabels: Labels;
  exemplars: Exemplar[];
}

export type PromQueryResult =
  | { resultType: 'matrix' | 'vector'; series: MetricSeries[]; warnings: string[] }
  | { resultType: 'scalar' | 'string'; value: Point | undefined; text?: string; warnings: string[] };

export interface RangeQuery {
  query: string;
  /** Unix seconds. */
  start: number;
  end: number;
  /** Seconds. */
  step: number;
}

export interface PrometheusClient {
  queryRange(request: RangeQuery, options?: CallOptions): Promise<PromQueryResult>;
  query(request: { query: string; time?: number }, options?: CallOptions): Promise<PromQueryResult>;
  queryExemplars(
    request: { query: string; start: number; end: number },
    options?: CallOptions,
  ): Promise<ExemplarSeries[]>;
  labels(request?: { start?: number; end?: number }, options?: CallOptions): Promise<string[]>;
}

/** A Prometheus sample value: a decimal string, "NaN", "+Inf" or "-Inf". */
export function parseSampleValue(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return undefined;
  switch (value) {
    case 'NaN':
      return Number.NaN;
    case '+Inf':
    case 'Inf':
      return Number.POSITIVE_INFINITY;
    case '-Inf':
      return Number.NEGATIVE_INFINITY;
  }
  const parsed = Number(value);
  return value.trim() === '' || Number.isNaN(parsed) ? undefined : parsed;
}

export function labelsOf(value: unknown): Labels {
  const labels: Labels = {};
  const record = asObject(value);
  if (!record) return labels;
  for (const [key, item] of Object.entries(record)) if (typeof item === 'string') labels[key] = item;
  return labels;
}

function pointOf(pair: unknown): Point | undefined {
  const items = asArray(pair);
  const seconds = asNumber(items[0]);
  const v = parseSampleValue(items[1]);
  if (seconds === undefined || v === undefined) return undefined;
  return { t: Math.round(seconds * 1000), v };
}

function seriesOf(item: unknown, valuesKey: 'values' | 'value'): MetricSeries {
  const record = asObject(item);
  const points: Point[] = [];
  if (valuesKey === 'values') {
    for (const pair of asArray(record?.values)) {
      const point = pointOf(pair);
      if (point) points.push(point);
    }
  } else {
    const point = pointOf(record?.value);
    if (point) points.push(point);
  }
  return { labels: labelsOf(record?.metric), points };
}

/** The `data` of a success envelope; a 200 carrying `status: error` is an error too. */
function dataOf(body: unknown, what: string): unknown {
  if (!isObject(body)) throw new InvalidResponseError(`${what}: expected a JSON object`);
  if (body.status === 'error') {
    const message = asString(body.error) ?? 'Prometheus reported an error';
    throw new BadRequestError(message, { backendMessage: message });
  }
  if (body.status !== 'success') throw new InvalidResponseError(`${what}: no success status`);
  return body.data;
}

export function parseQueryResult(body: unknown, what = 'Prometheus query'): PromQueryResult {
  const data = asObject(dataOf(body, what));
  const warnings = asArray(asObject(body)?.warnings).filter((w): w is string => typeof w === 'string');
  const resultType = data?.resultType;
  if (resultType === 'matrix' || resultType === 'vector') {
    const series = asArray(data?.result).map((item) =>
      seriesOf(item, resultType === 'matrix' ? 'values' : 'value'),
    );
    return { resultType, series, warnings };
  }
  if (resultType === 'scalar' || resultType === 'string') {
    const pair = asArray(data?.result);
    const value = resultType === 'scalar' ? pointOf(pair) : undefined;
    const text = resultType === 'string' ? asString(pair[1]) : undefined;
    return { resultType, value, ...(text !== undefined ? { text } : {}), warnings };
  }
  throw new InvalidResponseError(`${what}: unknown resultType ${String(resultType)}`);
}

export function parseExemplars(body: unknown): ExemplarSeries[] {
  return asArray(dataOf(body, 'Prometheus exemplars')).map((item) => {
    const record = asObject(item);
    const exemplars: Exemplar[] = [];
    for (const raw of asArray(record?.exemplars)) {
      const exemplar = asObject(raw);
      const value = parseSampleValue(exemplar?.value);
      const seconds = asNumber(exemplar?.timestamp);
      if (value === undefined || seconds === undefined) continue;
      exemplars.push({ labels: labelsOf(exemplar?.labels), value, t: Math.round(seconds * 1000) });
    }
    return { seriesLabels: labelsOf(record?.seriesLabels), exemplars };
  });
}

export function createPrometheusClient(http: HttpClient): PrometheusClient {
  return {
    async queryRange(request, options) {
      const body = await http.queryJson(
        'api/v1/query_range',
        { query: request.query, start: request.start, end: request.end, step: request.step },
        options,
      );
      return parseQueryResult(body);
    },
    async query(request, options) {
      const body = await http.queryJson(
        'api/v1/query',
        { query: request.query, time: request.time },
        options,
      );
      return parseQueryResult(body);
    },
    async queryExemplars(request, options) {
      const body = await http.queryJson(
        'api/v1/query_exemplars',
        { query: request.query, start: request.start, end: request.end },
        options,
      );
      return parseExemplars(body);
    },
    async labels(request = {}, options) {
      const body = await http.getJson('api/v1/labels', { ...options, query: { ...request } });
      return asArray(dataOf(body, 'Prometheus labels')).filter((l): l is string => typeof l === 'string');
    },
  };
}

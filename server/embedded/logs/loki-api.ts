// Loki's HTTP API over the embedded log store, for the LogQL subset in ./logql.ts — same paths,
// parameters, status codes and JSON shapes as Loki 3 (checked against ../shared/fixtures/loki).

import type { InProcessRequest, InProcessResponse } from '../../gateway/in-process.ts';
import { goNotFound, textResponse } from '../http.ts';
import {
  DEFAULT_QUERY_CAPS,
  pipelineProblem,
  type QueryCaps,
  queryTextProblem,
} from '../query/query-caps.ts';
import { type QueryWindow, type ResultEntry, runLogQuery, selectorMatches } from './evaluate.ts';
import { type Labels, labelsKey, labelsObject } from './labels.ts';
import type { LogStore } from './log-store.ts';
import { LogQLError, type LogQuery, type Matcher, parseLogQL } from './logql.ts';

const JSON_TYPE = 'application/json; charset=UTF-8';
const DEFAULT_LIMIT = 100;
const MAX_ENTRIES_LIMIT = 5000;
const DEFAULT_SINCE_NS = 3_600_000_000_000n;
const INSTANT_LOG_QUERY_ERROR =
  'log queries are not supported as an instant query type, please change your query to a range query type';

export const EMBEDDED_LOKI_VERSION = '3.0.0-tracelight.embedded';

class BadRequest extends Error {}

function lokiError(message: string): InProcessResponse {
  return {
    status: 400,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' },
    body: message,
  };
}

/** Loki's JSON bodies end with a newline (Go's json.Encoder). */
function lokiJson(value: unknown): InProcessResponse {
  return { status: 200, headers: { 'content-type': JSON_TYPE }, body: `${JSON.stringify(value)}\n` };
}

/**
 * Loki's parseTimestamp: a float means seconds, an integer of up to 10 digits seconds and a longer
 * one nanoseconds; otherwise RFC 3339 (with optional fractional seconds).
 */
export function parseLokiTime(raw: string | null, fallback: bigint): bigint {
  if (raw === null || raw === '') return fallback;
  if (raw.includes('.') && /^-?\d+\.\d*$/.test(raw)) {
    const [s, frac] = raw.split('.');
    return (
      BigInt(s) * 1_000_000_000n + BigInt(`${frac}000000000`.slice(0, 9)) * (s.startsWith('-') ? -1n : 1n)
    );
  }
  if (/^-?\d+$/.test(raw)) {
    const digits = raw.replace('-', '');
    return digits.length <= 10 ? BigInt(raw) * 1_000_000_000n : BigInt(raw);
  }
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/.exec(raw);
  if (m) {
    const ms = Date.parse(`${m[1]}${m[3]}`);
    if (!Number.isNaN(ms)) return BigInt(ms) * 1_000_000n + BigInt(`${m[2] ?? ''}000000000`.slice(0, 9));
  }
  throw new BadRequest(`cannot parse "${raw}" to a valid timestamp`);
}

export class LokiApi {
  constructor(
    private readonly store: LogStore,
    private readonly nowNs: () => bigint = () => BigInt(Date.now()) * 1_000_000n,
    private readonly caps: QueryCaps = DEFAULT_QUERY_CAPS,
    /** Called every few hundred lines; throws to stop the query (query workers). */
    private readonly checkpoint: () => void = () => {},
  ) {}

  /** Parses within the caps on size, nesting and stages. */
  private parse(text: string): LogQuery {
    const tooBig = queryTextProblem(text, this.caps);
    if (tooBig) throw new BadRequest(tooBig);
    const query = parseLogQL(text);
    const tooLong = pipelineProblem(query.stages.length, this.caps);
    if (tooLong) throw new BadRequest(tooLong);
    return query;
  }

  async handle(req: InProcessRequest): Promise<InProcessResponse> {
    const params = new URLSearchParams(req.query);
    if (req.method === 'POST' && req.body?.length) {
      for (const [k, v] of new URLSearchParams(req.body.toString('utf8'))) params.append(k, v);
    }
    try {
      if (req.path === '/ready') return textResponse(200, 'ready\n');
      if (req.path === '/loki/api/v1/status/buildinfo')
        return lokiJson({
          version: EMBEDDED_LOKI_VERSION,
          revision: '',
          branch: '',
          buildUser: '',
          buildDate: '',
          goVersion: '',
        });
      if (req.path === '/loki/api/v1/query_range') return this.queryRange(params, req.headers);
      if (req.path === '/loki/api/v1/query') return this.instantQuery(params);
      if (req.path === '/loki/api/v1/labels') return this.labels(params);
      const values = /^\/loki\/api\/v1\/label\/([^/]+)\/values$/.exec(req.path);
      if (values) return this.labelValues(decodeURIComponent(values[1]), params);
      return goNotFound();
    } catch (e) {
      if (e instanceof LogQLError || e instanceof BadRequest) return lokiError(e.message);
      throw e;
    }
  }

  private range(params: URLSearchParams): { startNs: bigint; endNs: bigint } {
    const endNs = parseLokiTime(params.get('end'), this.nowNs());
    const startNs = parseLokiTime(params.get('start'), endNs - DEFAULT_SINCE_NS);
    if (endNs < startNs) throw new BadRequest('end timestamp must not be before or equal to start time');
    return { startNs, endNs };
  }

  private queryRange(params: URLSearchParams, headers: Readonly<Record<string, string>>): InProcessResponse {
    const started = performance.now();
    const text = params.get('query') ?? '';
    const query = this.parse(text);
    const { startNs, endNs } = this.range(params);
    const limitRaw = params.get('limit');
    const limit = limitRaw === null || limitRaw === '' ? DEFAULT_LIMIT : Number(limitRaw);
    if (!Number.isInteger(limit)) throw new BadRequest(`invalid limit: ${JSON.stringify(limitRaw)}`);
    if (limit <= 0) throw new BadRequest('limit must be a positive value');
    if (limit > MAX_ENTRIES_LIMIT)
      throw new BadRequest(
        `max entries limit per query exceeded, limit > max_entries_limit_per_query (${limit} > ${MAX_ENTRIES_LIMIT})`,
      );
    const directionRaw = (params.get('direction') ?? 'backward').toLowerCase();
    if (directionRaw !== 'forward' && directionRaw !== 'backward')
      throw new BadRequest(`invalid direction ${JSON.stringify(params.get('direction'))}`);
    const window: QueryWindow = { startNs, endNs, limit, direction: directionRaw };
    const entries = runLogQuery(this.store, query, window, this.checkpoint);
    const categorize = (headers['x-loki-response-encoding-flags'] ?? '')
      .split(',')
      .some((f) => f.trim() === 'categorize-labels');
    const seconds = (performance.now() - started) / 1000;
    let bytes = 0;
    for (const e of entries) bytes += e.line.length;
    return lokiJson({
      status: 'success',
      data: {
        resultType: 'streams',
        ...(categorize ? { encodingFlags: ['categorize-labels'] } : {}),
        result: categorize ? categorizedStreams(entries) : flatStreams(entries),
        stats: {
          summary: {
            bytesProcessedPerSecond: Math.round(bytes / Math.max(seconds, 1e-6)),
            linesProcessedPerSecond: Math.round(entries.length / Math.max(seconds, 1e-6)),
            totalBytesProcessed: bytes,
            totalLinesProcessed: entries.length,
            execTime: seconds,
            queueTime: 0,
            subqueries: 0,
            totalEntriesReturned: entries.length,
            splits: 0,
            shards: 0,
            totalPostFilterLines: entries.length,
            totalStructuredMetadataBytesProcessed: 0,
          },
        },
      },
    });
  }

  private instantQuery(params: URLSearchParams): InProcessResponse {
    const text = params.get('query') ?? '';
    // Loki parses first (a broken query gets its parse error), then refuses log queries.
    this.parse(text);
    return lokiError(INSTANT_LOG_QUERY_ERROR);
  }

  /** Streams in the window (and matching `query`'s selector, when given). */
  private streamsIn(params: URLSearchParams): Labels[] {
    const { startNs, endNs } = this.range(params);
    const q = params.get('query');
    const selector: Matcher[] | undefined = q ? this.parse(q).selector : undefined;
    const out: Labels[] = [];
    for (const stream of this.store.allStreams()) {
      this.checkpoint();
      if (selector && !selectorMatches(selector, stream.labels)) continue;
      for (const e of stream.live()) {
        if (e.tsNs >= startNs && e.tsNs < endNs) {
          out.push(stream.labels);
          break;
        }
      }
    }
    return out;
  }

  private labels(params: URLSearchParams): InProcessResponse {
    const names = new Set<string>();
    for (const labels of this.streamsIn(params)) for (const k of labels.keys()) names.add(k);
    return lokiJson(
      names.size ? { status: 'success', data: Array.from(names).sort() } : { status: 'success' },
    );
  }

  private labelValues(name: string, params: URLSearchParams): InProcessResponse {
    const values = new Set<string>();
    for (const labels of this.streamsIn(params)) {
      const v = labels.get(name);
      if (v !== undefined) values.add(v);
    }
    return lokiJson(
      values.size ? { status: 'success', data: Array.from(values).sort() } : { status: 'success' },
    );
  }
}

type StreamJson = { stream: Record<string, string>; values: unknown[][] };

function collect(
  entries: ResultEntry[],
  keyOf: (e: ResultEntry) => Labels,
  value: (e: ResultEntry) => unknown[],
) {
  const streams = new Map<string, { labels: Labels; values: unknown[][] }>();
  for (const e of entries) {
    const labels = keyOf(e);
    const key = labelsKey(labels);
    let s = streams.get(key);
    if (!s) streams.set(key, (s = { labels, values: [] }));
    s.values.push(value(e));
  }
  const sorted = Array.from(streams.entries()).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return sorted.map(([, s]): StreamJson => ({ stream: labelsObject(s.labels), values: s.values }));
}

/** Without categorize-labels: metadata and parsed labels join the stream labels (a stream per set). */
export function flatStreams(entries: ResultEntry[]): StreamJson[] {
  return collect(
    entries,
    (e) => new Map([...e.stream, ...e.metadata, ...e.parsed]),
    (e) => [String(e.tsNs), e.line],
  );
}

/** With categorize-labels: streams by their own labels; the rest rides on each value. */
export function categorizedStreams(entries: ResultEntry[]): StreamJson[] {
  return collect(
    entries,
    (e) => e.stream,
    (e) => {
      const extra: Record<string, Record<string, string>> = {};
      if (e.metadata.size) extra.structuredMetadata = labelsObject(e.metadata);
      if (e.parsed.size) extra.parsed = labelsObject(e.parsed);
      return [String(e.tsNs), e.line, extra];
    },
  );
}

// Jaeger's query API over the embedded store (datasource `local-jaeger`): api_v3 (OTLP JSON with
// hex IDs and numeric enums) and the legacy /api (UI JSON model in the data/total/errors envelope).

import type { InProcessRequest, InProcessResponse } from '../gateway/in-process.ts';
import { jsonResponse, parseGoDuration } from './http.ts';
import { toJaegerTrace } from './jaeger-model.ts';
import { renderResourceSpans } from './otlp/otlp-json.ts';
import type { OtlpResourceSpans } from './otlp/types.ts';
import { serviceName } from './otlp/types.ts';
import { clampedLimitNote, DEFAULT_QUERY_CAPS, type QueryCaps } from './query/query-caps.ts';
import {
  operationKey,
  spanKindLabel,
  splitOperationKey,
  type TraceRecord,
  type TraceStore,
} from './store.ts';
import { anyValueText } from './tempo-search.ts';

interface SpanCriteria {
  service: string;
  operation?: string;
  attributes: [string, string][];
  minDurationNs?: number;
  maxDurationNs?: number;
  startMinNs?: bigint;
  startMaxNs?: bigint;
  limit: number;
}

function v3Error(status: number, message: string): InProcessResponse {
  return jsonResponse(status, { error: { httpCode: status, message } });
}

function legacyEnvelope(data: unknown, total = 0): Record<string, unknown> {
  return { data, total, limit: 0, offset: 0, errors: null };
}

function legacyError(status: number, msg: string, traceID?: string): InProcessResponse {
  const error: Record<string, unknown> = { code: status, msg };
  if (traceID) error.traceID = traceID;
  return jsonResponse(status, { data: null, total: 0, limit: 0, offset: 0, errors: [error] });
}

const HEX_ID = /^[0-9a-fA-F]{1,32}$/;

export class JaegerApi {
  constructor(
    private readonly store: TraceStore,
    private readonly caps: QueryCaps = DEFAULT_QUERY_CAPS,
  ) {}

  /** The criteria with `limit` within the cap, and the note to add when it was lowered. */
  private capped(criteria: SpanCriteria): { criteria: SpanCriteria; warnings?: string[] } {
    if (criteria.limit <= this.caps.maxSearchLimit) return { criteria };
    return {
      criteria: { ...criteria, limit: this.caps.maxSearchLimit },
      warnings: [clampedLimitNote(criteria.limit, this.caps)],
    };
  }

  async handle(req: InProcessRequest): Promise<InProcessResponse> {
    const { path, query } = req;
    if (path === '/api/v3/services') return jsonResponse(200, { services: this.services() });
    if (path === '/api/v3/operations') {
      const service = query.get('service') ?? '';
      if (!service) return v3Error(400, 'service name is required');
      const kind = query.get('span_kind') ?? '';
      return jsonResponse(200, { operations: this.operations(service, kind) });
    }
    if (path.startsWith('/api/v3/traces/'))
      return this.v3Trace(decodeURIComponent(path.slice('/api/v3/traces/'.length)));
    if (path === '/api/v3/traces' || path === '/api/v3/trace-summaries') {
      const parsed = parseV3Criteria(query);
      if ('error' in parsed) return v3Error(400, parsed.error);
      const { criteria, warnings } = this.capped(parsed);
      const found = this.find(criteria);
      const notes = warnings ? { warnings } : {};
      if (path === '/api/v3/trace-summaries')
        return jsonResponse(200, { summaries: found.map(summary), ...notes });
      if (!found.length) return v3Error(404, 'No traces found');
      const resourceSpans: Record<string, unknown>[] = [];
      for (const rec of found)
        resourceSpans.push(...renderResourceSpans(this.store.batches(rec), 'jaeger-v3'));
      return jsonResponse(200, { result: { resourceSpans }, ...notes });
    }
    if (path === '/api/services') {
      const services = this.services();
      return jsonResponse(200, legacyEnvelope(services, services.length));
    }
    const ops = /^\/api\/services\/([^/]+)\/operations$/.exec(path);
    if (ops) {
      const names = [...new Set(this.operations(decodeURIComponent(ops[1]), '').map((o) => o.name))].sort();
      return jsonResponse(200, legacyEnvelope(names, names.length));
    }
    if (path === '/api/operations') {
      const service = query.get('service') ?? '';
      if (!service) return legacyError(400, "parameter 'service' is required");
      const list = this.operations(service, query.get('spanKind') ?? '');
      return jsonResponse(200, legacyEnvelope(list, list.length));
    }
    if (path.startsWith('/api/traces/'))
      return this.legacyTrace(decodeURIComponent(path.slice('/api/traces/'.length)));
    if (path === '/api/traces') {
      const parsed = parseLegacyCriteria(query);
      if ('error' in parsed) return legacyError(400, parsed.error);
      const { criteria, warnings } = this.capped(parsed);
      const traces = this.find(criteria).map((rec) => toJaegerTrace(rec.traceId, this.store.batches(rec)));
      return jsonResponse(200, { ...legacyEnvelope(traces), ...(warnings ? { warnings } : {}) });
    }
    return jsonResponse(404, { error: { httpCode: 404, message: `404 page not found: ${path}` } });
  }

  services(): string[] {
    const set = new Set<string>();
    for (const rec of this.store.records()) for (const s of rec.services.keys()) set.add(s);
    return [...set].sort();
  }

  operations(service: string, kind: string): { name: string; spanKind: string }[] {
    const seen = new Set<string>();
    for (const rec of this.store.records()) {
      if (!rec.services.has(service)) continue;
      for (const key of rec.operations) if (key.startsWith(`${service}\u0000`)) seen.add(key);
    }
    const out: { name: string; spanKind: string }[] = [];
    for (const key of seen) {
      const op = splitOperationKey(key);
      const spanKind = op.kind ? spanKindLabel(op.kind) : '';
      if (kind && spanKind !== kind) continue;
      out.push({ name: op.name, spanKind });
    }
    return out.sort((a, b) => a.name.localeCompare(b.name) || a.spanKind.localeCompare(b.spanKind));
  }

  private v3Trace(id: string): InProcessResponse {
    if (!HEX_ID.test(id)) return v3Error(400, `malformed parameter trace_id: ${id}`);
    const rec = this.store.get(id);
    if (!rec) return v3Error(404, 'trace not found');
    return jsonResponse(200, {
      result: { resourceSpans: renderResourceSpans(this.store.batches(rec), 'jaeger-v3') },
    });
  }

  private legacyTrace(id: string): InProcessResponse {
    if (!HEX_ID.test(id)) return legacyError(400, `cannot parse traceID param: ${id}`);
    const rec = this.store.get(id);
    if (!rec) return legacyError(404, 'trace not found');
    const trace = toJaegerTrace(rec.traceId, this.store.batches(rec));
    return jsonResponse(200, legacyEnvelope([trace], 1));
  }

  /** Traces with at least one span matching every criterion, newest first (Jaeger's semantics). */
  find(c: SpanCriteria): TraceRecord[] {
    const out: TraceRecord[] = [];
    for (const rec of this.store.newestFirst()) {
      if (out.length >= c.limit) break;
      if (!rec.services.has(c.service)) continue;
      if (c.startMinNs !== undefined && rec.endNs < c.startMinNs) continue;
      if (c.startMaxNs !== undefined && rec.startNs > c.startMaxNs) continue;
      if (c.operation && !hasOperation(rec, c.service, c.operation)) continue;
      if (c.minDurationNs !== undefined && rec.maxSpanNs < c.minDurationNs) continue;
      if (spansMatch(this.store.batches(rec), c)) out.push(rec);
    }
    return out;
  }
}

function hasOperation(rec: TraceRecord, service: string, name: string): boolean {
  for (let kind = 0; kind <= 5; kind++)
    if (rec.operations.has(operationKey(service, kind, name))) return true;
  return false;
}

function spansMatch(batches: OtlpResourceSpans[], c: SpanCriteria): boolean {
  for (const rs of batches) {
    if (serviceName(rs) !== c.service) continue;
    for (const ss of rs.scopeSpans) {
      for (const span of ss.spans) {
        if (c.operation && span.name !== c.operation) continue;
        if (c.startMinNs !== undefined && span.startTimeUnixNano < c.startMinNs) continue;
        if (c.startMaxNs !== undefined && span.startTimeUnixNano > c.startMaxNs) continue;
        const dur = Number(span.endTimeUnixNano - span.startTimeUnixNano);
        if (c.minDurationNs !== undefined && dur < c.minDurationNs) continue;
        if (c.maxDurationNs !== undefined && dur > c.maxDurationNs) continue;
        const ok = c.attributes.every(([k, v]) => {
          if (k === 'error') return (span.status.code === 2) === (v === 'true');
          const attr =
            span.attributes.find((kv) => kv.key === k) ?? rs.resource.attributes.find((kv) => kv.key === k);
          return attr !== undefined && anyValueText(attr.value) === v;
        });
        if (ok) return true;
      }
    }
  }
  return false;
}

function summary(rec: TraceRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {
    traceId: rec.traceId,
    rootServiceName: rec.rootService,
    rootOperationName: rec.rootName,
    minStartTimeUnixNano: rec.startNs.toString(),
    maxEndTimeUnixNano: rec.endNs.toString(),
    spanCount: rec.spanCount,
    services: [...rec.services].map(([name, s]) => {
      const svc: Record<string, unknown> = { name, spanCount: s.spanCount };
      if (s.errorCount) svc.errorSpanCount = s.errorCount;
      return svc;
    }),
  };
  if (rec.errorCount) out.errorSpanCount = rec.errorCount;
  return out;
}

function rfc3339Ns(raw: string | null, name: string): bigint | undefined | { error: string } {
  if (!raw) return undefined;
  const m = /^(.*?)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/.exec(raw);
  const ms = m ? Date.parse(`${m[1]}${m[3]}`) : Number.NaN;
  if (!m || Number.isNaN(ms)) return { error: `malformed parameter ${name}: ${raw}` };
  return BigInt(ms) * 1_000_000n + BigInt((m[2] ?? '').padEnd(9, '0') || '0');
}

function parseAttributesParam(raw: string | null): [string, string][] | { error: string } {
  if (!raw) return [];
  try {
    const obj = JSON.parse(raw) as unknown;
    if (typeof obj === 'object' && obj !== null && !Array.isArray(obj)) {
      return Object.entries(obj as Record<string, unknown>).map(([k, v]) => [k, String(v)]);
    }
  } catch {
    // fall through to key=value pairs
  }
  const pairs: [string, string][] = [];
  for (const part of raw.split(/[,&]/)) {
    const eq = part.indexOf('=');
    if (eq <= 0) return { error: `malformed parameter query.attributes: ${raw}` };
    pairs.push([part.slice(0, eq).trim(), part.slice(eq + 1).trim()]);
  }
  return pairs;
}

function durationParam(query: URLSearchParams, name: string): number | undefined | { error: string } {
  const raw = query.get(name);
  if (!raw) return undefined;
  const ns = parseGoDuration(raw);
  return ns === undefined ? { error: `malformed parameter ${name}: ${raw}` } : ns;
}

function parseV3Criteria(query: URLSearchParams): SpanCriteria | { error: string } {
  const service = query.get('query.service_name') ?? '';
  if (!service) return { error: 'query.service_name is required' };
  const startMin = rfc3339Ns(query.get('query.start_time_min'), 'query.start_time_min');
  const startMax = rfc3339Ns(query.get('query.start_time_max'), 'query.start_time_max');
  if (startMin === undefined || startMax === undefined) {
    return { error: 'query.start_time_min and query.start_time_max are required' };
  }
  if (typeof startMin === 'object') return startMin;
  if (typeof startMax === 'object') return startMax;
  const min = durationParam(query, 'query.duration_min');
  const max = durationParam(query, 'query.duration_max');
  if (typeof min === 'object') return min;
  if (typeof max === 'object') return max;
  const attributes = parseAttributesParam(query.get('query.attributes'));
  if ('error' in attributes) return attributes;
  const limit = Number(query.get('query.num_traces') ?? '20');
  if (!Number.isInteger(limit) || limit < 0) return { error: `malformed parameter query.num_traces` };
  return {
    service,
    operation: query.get('query.operation_name') || undefined,
    attributes,
    minDurationNs: min,
    maxDurationNs: max,
    startMinNs: startMin,
    startMaxNs: startMax,
    limit: limit || 20,
  };
}

function parseLegacyCriteria(query: URLSearchParams): SpanCriteria | { error: string } {
  const service = query.get('service') ?? '';
  if (!service) return { error: "parameter 'service' is required" };
  const micros = (name: string): bigint | undefined | { error: string } => {
    const raw = query.get(name);
    if (!raw) return undefined;
    if (!/^\d+$/.test(raw)) return { error: `unable to parse param '${name}': ${raw}` };
    return BigInt(raw) * 1000n;
  };
  const start = micros('start');
  const end = micros('end');
  if (typeof start === 'object') return start;
  if (typeof end === 'object') return end;
  const min = durationParam(query, 'minDuration');
  const max = durationParam(query, 'maxDuration');
  if (typeof min === 'object') return min;
  if (typeof max === 'object') return max;
  const attributes: [string, string][] = [];
  const tagsJson = parseAttributesParam(query.get('tags'));
  if ('error' in tagsJson) return tagsJson;
  attributes.push(...tagsJson);
  for (const t of query.getAll('tag')) {
    const colon = t.indexOf(':');
    if (colon <= 0) return { error: `malformed 'tag' parameter, expecting key:value, received: ${t}` };
    attributes.push([t.slice(0, colon), t.slice(colon + 1)]);
  }
  const limit = Number(query.get('limit') ?? '20');
  if (!Number.isInteger(limit) || limit < 0) return { error: `unable to parse param 'limit'` };
  const operation = query.get('operation') || undefined;
  return {
    service,
    operation,
    attributes,
    minDurationNs: min,
    maxDurationNs: max,
    startMinNs: start,
    startMaxNs: end,
    limit: limit || 20,
  };
}

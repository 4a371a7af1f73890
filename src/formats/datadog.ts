// Datadog APM trace payloads (the agent intake's v0.4 JSON or msgpack, v0.5 msgpack) into OTLP JSON
// (`{resourceSpans}`, hex IDs, nanosecond strings). One conversion for both users: a dropped file is read
// by the OTLP JSON decoder (json-payload.ts), and the receiver's `PUT /v0.4/traces` stores the same
// payload through its OTLP JSON reader. IDs and times are unsigned 64-bit integers, read exactly (BigInt),
// never through a JS number (decision 0301).

import { decode as decodeMsgpack } from '@msgpack/msgpack';
import { isRecord, type JsonRecord } from './json-values.ts';

export interface OtlpJsonKeyValue {
  key: string;
  value: { stringValue: string } | { intValue: string } | { doubleValue: number } | { boolValue: boolean };
}

export interface OtlpJsonSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: OtlpJsonKeyValue[];
  events: { timeUnixNano: string; name: string; attributes: OtlpJsonKeyValue[] }[];
  links: { traceId: string; spanId: string; traceState: string; attributes: OtlpJsonKeyValue[] }[];
  status: { code: number; message: string };
}

export interface OtlpJsonResourceSpans {
  resource: { attributes: OtlpJsonKeyValue[] };
  scopeSpans: { scope: { name: string; version: string }; spans: OtlpJsonSpan[] }[];
}

export interface DatadogConversion {
  /** An OTLP JSON TracesData payload. */
  tracesData: { resourceSpans: OtlpJsonResourceSpans[] };
  spans: number;
  /** Spans skipped or values read inexactly, one sentence each. */
  warnings: string[];
}

const ID_KEYS = /"(trace_id|span_id|parent_id|start|duration)"(\s*):(\s*)(\d+)/g;

/**
 * Reads JSON text keeping the 64-bit integer fields exact: their digits are quoted before parsing (a
 * quote inside a JSON string is escaped, so the pattern only matches real keys).
 */
export function parseDatadogJson(text: string): unknown {
  return JSON.parse(text.replace(ID_KEYS, '"$1"$2:$3"$4"'));
}

/** Whether a parsed JSON value has the v0.4 shape: an array of traces, each an array of spans with span_id. */
export function looksLikeDatadog(doc: unknown): boolean {
  if (!Array.isArray(doc)) return false;
  const trace = doc.find((t) => Array.isArray(t) && t.length > 0);
  if (!Array.isArray(trace)) return false;
  const span: unknown = trace[0];
  return isRecord(span) && 'span_id' in span && 'trace_id' in span && !('traceId' in span);
}

/**
 * The entry point for `PUT /v0.4/traces` and files: JSON text (read exactly), msgpack bytes (v0.4 or
 * v0.5), JSON bytes, or an already parsed JSON value (IDs beyond 2^53 in it are inexact and warned).
 */
export function datadogToOtlp(input: string | Uint8Array | unknown): DatadogConversion {
  const warnings: string[] = [];
  let doc: unknown = input;
  if (typeof input === 'string') doc = parseDatadogJson(input);
  else if (input instanceof Uint8Array) {
    const first = input.find((b) => b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09);
    if (first === 0x5b /* [ */) doc = parseDatadogJson(new TextDecoder().decode(input));
    else doc = decodeMsgpack(input, { useBigInt64: true });
  }
  const traces = isV05(doc) ? v05Traces(doc) : doc;
  const byService = new Map<string, OtlpJsonSpan[]>();
  let count = 0;
  if (!Array.isArray(traces)) {
    warnings.push('datadog: expected an array of traces');
  } else {
    for (let t = 0; t < traces.length; t++) {
      const trace: unknown = traces[t];
      if (!Array.isArray(trace)) {
        warnings.push(`datadog: [${t}]: expected an array of spans; skipped`);
        continue;
      }
      // The tracer sets _dd.p.tid on the chunk's first span only; it holds for every span of that trace.
      const tids = new Map<string, string>();
      for (const span of trace) {
        const tid = isRecord(span) && isRecord(span.meta) ? highTraceId(span.meta) : '';
        if (tid && isRecord(span)) tids.set(String(span.trace_id), tid);
      }
      for (let s = 0; s < trace.length; s++) {
        const raw: unknown = trace[s];
        const tid = isRecord(raw) ? (tids.get(String(raw.trace_id)) ?? '') : '';
        const span = convertSpan(raw, tid, `[${t}][${s}]`, warnings);
        if (!span) continue;
        count++;
        let list = byService.get(span.service);
        if (!list) {
          list = [];
          byService.set(span.service, list);
        }
        list.push(span.span);
      }
    }
  }
  const resourceSpans: OtlpJsonResourceSpans[] = [];
  for (const [service, spans] of byService)
    resourceSpans.push({
      resource: { attributes: service ? [str('service.name', service)] : [] },
      scopeSpans: [{ scope: { name: 'datadog', version: '' }, spans }],
    });
  return { tracesData: { resourceSpans }, spans: count, warnings };
}

function str(key: string, value: string): OtlpJsonKeyValue {
  return { key, value: { stringValue: value } };
}

const MAX_U64 = (1n << 64n) - 1n;

/** An unsigned 64-bit integer from a decimal string, bigint or number; undefined when it is none. */
export function readU64(v: unknown, inexact?: () => void): bigint | undefined {
  let n: bigint;
  if (typeof v === 'bigint') n = v;
  else if (typeof v === 'string' && /^\d{1,20}$/.test(v)) n = BigInt(v);
  else if (typeof v === 'number' && Number.isInteger(v) && v >= 0) {
    if (!Number.isSafeInteger(v)) inexact?.();
    n = BigInt(v);
  } else return undefined;
  return n >= 0n && n <= MAX_U64 ? n : undefined;
}

const hex16 = (n: bigint) => n.toString(16).padStart(16, '0');

const KINDS: Record<string, number> = { internal: 1, server: 2, client: 3, producer: 4, consumer: 5 };

function highTraceId(meta: JsonRecord): string {
  const tid = meta['_dd.p.tid'];
  return typeof tid === 'string' && /^[0-9a-f]{16}$/i.test(tid) ? tid.toLowerCase() : '';
}

function convertSpan(
  raw: unknown,
  tid: string,
  path: string,
  warnings: string[],
): { service: string; span: OtlpJsonSpan } | undefined {
  if (!isRecord(raw)) {
    warnings.push(`datadog: ${path}: expected a span object; skipped`);
    return undefined;
  }
  let inexact = false;
  const mark = () => {
    inexact = true;
  };
  const traceId = readU64(raw.trace_id, mark);
  const spanId = readU64(raw.span_id, mark);
  if (traceId === undefined || spanId === undefined) {
    warnings.push(`datadog: ${path}: trace_id and span_id must be unsigned 64-bit integers; skipped`);
    return undefined;
  }
  const parentId = readU64(raw.parent_id, mark) ?? 0n;
  const start = readU64(raw.start, mark) ?? 0n;
  const duration = readU64(raw.duration, mark) ?? 0n;
  if (inexact)
    warnings.push(
      `datadog: ${path}: an ID or time beyond 2^53 was given as a parsed number and may be inexact`,
    );
  const meta = isRecord(raw.meta) ? raw.meta : {};
  const metrics = isRecord(raw.metrics) ? raw.metrics : {};
  const name = typeof raw.name === 'string' ? raw.name : '';
  const resource = typeof raw.resource === 'string' && raw.resource !== '' ? raw.resource : name;
  const attributes: OtlpJsonKeyValue[] = [str('datadog.span.name', name)];
  if (typeof raw.type === 'string' && raw.type !== '') attributes.push(str('datadog.span.type', raw.type));
  const events: OtlpJsonSpan['events'] = [];
  const links: OtlpJsonSpan['links'] = [];
  for (const [key, value] of Object.entries(meta)) {
    if (typeof value !== 'string') continue;
    if (key === 'events' && readEvents(value, events)) continue;
    if (key === '_dd.span_links' && readLinks(value, links)) continue;
    attributes.push(str(key, value));
  }
  for (const [key, value] of Object.entries(metrics)) {
    if (typeof value === 'number') attributes.push({ key, value: { doubleValue: value } });
    else if (typeof value === 'bigint') attributes.push({ key, value: { intValue: value.toString() } });
  }
  const errorValue = raw.error;
  const error =
    errorValue !== undefined &&
    errorValue !== null &&
    errorValue !== 0 &&
    errorValue !== false &&
    errorValue !== 0n;
  const message =
    typeof meta['error.message'] === 'string'
      ? meta['error.message']
      : typeof meta['error.msg'] === 'string'
        ? meta['error.msg']
        : '';
  const end = start + duration;
  const exception = exceptionAttributes(meta);
  if (exception.length > 0)
    events.push({ timeUnixNano: end.toString(), name: 'exception', attributes: exception });
  const kindText = typeof meta['span.kind'] === 'string' ? meta['span.kind'].toLowerCase() : '';
  return {
    service: typeof raw.service === 'string' ? raw.service : '',
    span: {
      traceId: tid ? `${tid}${hex16(traceId)}` : hex16(traceId).padStart(32, '0'),
      spanId: hex16(spanId),
      parentSpanId: parentId === 0n ? '' : hex16(parentId),
      name: resource,
      kind: KINDS[kindText] ?? 0,
      startTimeUnixNano: start.toString(),
      endTimeUnixNano: end.toString(),
      attributes,
      events,
      links,
      status: error ? { code: 2, message } : { code: 0, message: '' },
    },
  };
}

function exceptionAttributes(meta: JsonRecord): OtlpJsonKeyValue[] {
  const out: OtlpJsonKeyValue[] = [];
  const pick = (from: string[], to: string) => {
    for (const k of from) {
      const v = meta[k];
      if (typeof v === 'string' && v !== '') {
        out.push(str(to, v));
        return;
      }
    }
  };
  pick(['error.type'], 'exception.type');
  pick(['error.message', 'error.msg'], 'exception.message');
  pick(['error.stack'], 'exception.stacktrace');
  return out;
}

function otlpValue(v: unknown): OtlpJsonKeyValue['value'] {
  if (typeof v === 'boolean') return { boolValue: v };
  if (typeof v === 'number') return Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v };
  return { stringValue: typeof v === 'string' ? v : JSON.stringify(v) };
}

/** `meta.events`: a JSON string of `[{name, time_unix_nano, attributes}]` (OTel API spans). */
function readEvents(text: string, out: OtlpJsonSpan['events']): boolean {
  let list: unknown;
  try {
    list = JSON.parse(text.replace(/"(time_unix_nano)"(\s*):(\s*)(\d+)/g, '"$1"$2:$3"$4"'));
  } catch {
    return false;
  }
  if (!Array.isArray(list)) return false;
  for (const e of list) {
    if (!isRecord(e)) continue;
    const time = readU64(e.time_unix_nano) ?? 0n;
    const attributes = isRecord(e.attributes)
      ? Object.entries(e.attributes).map(([key, v]) => ({ key, value: otlpValue(v) }))
      : [];
    out.push({ timeUnixNano: time.toString(), name: typeof e.name === 'string' ? e.name : '', attributes });
  }
  return true;
}

/** `meta._dd.span_links`: a JSON string of `[{trace_id (32 hex), span_id (16 hex), tracestate, attributes}]`. */
function readLinks(text: string, out: OtlpJsonSpan['links']): boolean {
  let list: unknown;
  try {
    list = JSON.parse(text);
  } catch {
    return false;
  }
  if (!Array.isArray(list)) return false;
  for (const l of list) {
    if (!isRecord(l) || typeof l.trace_id !== 'string' || typeof l.span_id !== 'string') continue;
    const attributes = isRecord(l.attributes)
      ? Object.entries(l.attributes).map(([key, v]) => ({ key, value: otlpValue(v) }))
      : [];
    out.push({
      traceId: l.trace_id.toLowerCase().padStart(32, '0'),
      spanId: l.span_id.toLowerCase().padStart(16, '0'),
      traceState: typeof l.tracestate === 'string' ? l.tracestate : '',
      attributes,
    });
  }
  return true;
}

/** v0.5: `[strings, traces]`, each span a 12-item array whose strings are indexes into `strings`. */
function isV05(doc: unknown): doc is [unknown[], unknown[]] {
  return (
    Array.isArray(doc) &&
    doc.length === 2 &&
    Array.isArray(doc[0]) &&
    doc[0].every((s) => typeof s === 'string') &&
    Array.isArray(doc[1])
  );
}

function v05Traces([strings, traces]: [unknown[], unknown[]]): unknown[] {
  const s = (i: unknown) =>
    typeof i === 'number' && typeof strings[i] === 'string' ? (strings[i] as string) : '';
  const map = (m: unknown, value: (v: unknown) => unknown): JsonRecord => {
    const out: JsonRecord = {};
    if (m instanceof Map) for (const [k, v] of m) out[s(k)] = value(v);
    else if (isRecord(m)) for (const [k, v] of Object.entries(m)) out[s(Number(k))] = value(v);
    return out;
  };
  return traces.map((trace) =>
    Array.isArray(trace)
      ? trace.map((span) =>
          Array.isArray(span) && span.length >= 12
            ? {
                service: s(span[0]),
                name: s(span[1]),
                resource: s(span[2]),
                trace_id: span[3],
                span_id: span[4],
                parent_id: span[5],
                start: span[6],
                duration: span[7],
                error: span[8],
                meta: map(span[9], s),
                metrics: map(span[10], (v) => (typeof v === 'bigint' ? Number(v) : v)),
                type: s(span[11]),
              }
            : span,
        )
      : trace,
  );
}

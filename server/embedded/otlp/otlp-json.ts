// OTLP JSON in (the OTLP/HTTP spec's hex IDs, or Tempo's base64 IDs; enum names or numbers;
// 64-bit integers as strings or numbers) and out (Tempo's dialect or Jaeger api_v3's).

import {
  emptyScope,
  emptySpan,
  type OtlpAnyValue,
  type OtlpKeyValue,
  type OtlpResourceSpans,
  type OtlpScopeSpans,
  type OtlpSpan,
  SPAN_KIND_NAMES,
  STATUS_CODE_NAMES,
} from './types.ts';

export class OtlpJsonError extends Error {}

const MAX_VALUE_DEPTH = 32;
const HEX_RE = /^[0-9a-fA-F]*$/;

type Json = unknown;

function isObject(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function arrayAt(obj: Record<string, Json>, key: string, path: string): Json[] {
  const v = obj[key];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new OtlpJsonError(`${path}.${key} must be an array`);
  return v;
}

/**
 * An ID as lowercase hex. Hex of the expected length is taken as hex; anything else is tried as
 * base64 (Tempo's dialect). Returns '' for an absent ID and undefined for one that is neither.
 */
export function normalizeId(v: Json, byteLength: number): string | undefined {
  if (v === undefined || v === null || v === '') return '';
  if (typeof v !== 'string') return undefined;
  if (v.length === byteLength * 2 && HEX_RE.test(v)) return v.toLowerCase();
  if (/^[A-Za-z0-9+/_-]+=*$/.test(v)) {
    const bytes = Buffer.from(v, 'base64');
    if (bytes.length === byteLength) return bytes.toString('hex');
  }
  return undefined;
}

function nanos(v: Json, path: string): bigint {
  if (v === undefined || v === null) return 0n;
  if (typeof v === 'number' && Number.isFinite(v)) return BigInt(Math.trunc(v));
  if (typeof v === 'string' && /^\d+$/.test(v)) return BigInt(v);
  throw new OtlpJsonError(`${path} must be an unsigned integer`);
}

function uint(v: Json): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  return 0;
}

function enumValue(v: Json, names: readonly string[]): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const i = names.indexOf(v);
    return i >= 0 ? i : uint(v);
  }
  return 0;
}

function str(v: Json): string {
  return typeof v === 'string' ? v : '';
}

export function parseAnyValue(v: Json, path: string, depth: number): OtlpAnyValue {
  if (depth > MAX_VALUE_DEPTH) throw new OtlpJsonError(`${path}: attribute values nested too deeply`);
  if (!isObject(v)) return {};
  if (typeof v.stringValue === 'string') return { stringValue: v.stringValue };
  if (typeof v.boolValue === 'boolean') return { boolValue: v.boolValue };
  if (v.intValue !== undefined) {
    const iv = v.intValue;
    if (typeof iv === 'number' && Number.isInteger(iv)) return { intValue: String(iv) };
    if (typeof iv === 'string' && /^-?\d+$/.test(iv))
      return { intValue: BigInt.asIntN(64, BigInt(iv)).toString() };
    throw new OtlpJsonError(`${path}.intValue must be an integer`);
  }
  if (v.doubleValue !== undefined) {
    const d = typeof v.doubleValue === 'string' ? Number(v.doubleValue) : v.doubleValue;
    if (typeof d !== 'number') throw new OtlpJsonError(`${path}.doubleValue must be a number`);
    return { doubleValue: d };
  }
  if (isObject(v.arrayValue)) {
    const values = arrayAt(v.arrayValue, 'values', `${path}.arrayValue`).map((x, i) =>
      parseAnyValue(x, `${path}.arrayValue.values[${i}]`, depth + 1),
    );
    return { arrayValue: { values } };
  }
  if (isObject(v.kvlistValue)) {
    const values = parseAttributes(v.kvlistValue, 'values', `${path}.kvlistValue`, depth + 1);
    return { kvlistValue: { values } };
  }
  if (typeof v.bytesValue === 'string') return { bytesValue: v.bytesValue };
  return {};
}

export function parseAttributes(
  obj: Record<string, Json>,
  key: string,
  path: string,
  depth = 0,
): OtlpKeyValue[] {
  return arrayAt(obj, key, path).map((kv, i) => {
    const p = `${path}.${key}[${i}]`;
    if (!isObject(kv)) throw new OtlpJsonError(`${p} must be an object`);
    return { key: str(kv.key), value: parseAnyValue(kv.value, `${p}.value`, depth + 1) };
  });
}

/** Spans whose IDs are missing or malformed; they are dropped and counted. */
export interface ParseOutcome {
  batches: OtlpResourceSpans[];
  rejectedSpans: number;
  firstRejection?: string;
}

/**
 * Parses an OTLP JSON document (`{"resourceSpans":[…]}`, or Tempo's `{"batches":[…]}` / `{"trace":{…}}`).
 * Throws OtlpJsonError when the document's structure is wrong; spans with bad IDs are rejected, not thrown.
 */
export function parseOtlpJson(doc: Json): ParseOutcome {
  if (!isObject(doc)) throw new OtlpJsonError('body must be a JSON object');
  let root: Record<string, Json> = doc;
  if (isObject(doc.trace)) root = doc.trace;
  const key = Array.isArray(root.batches) ? 'batches' : 'resourceSpans';
  const outcome: ParseOutcome = { batches: [], rejectedSpans: 0 };
  arrayAt(root, key, '').forEach((rsJson, ri) => {
    const rp = `${key}[${ri}]`;
    if (!isObject(rsJson)) throw new OtlpJsonError(`${rp} must be an object`);
    const resource = isObject(rsJson.resource) ? rsJson.resource : {};
    const rs: OtlpResourceSpans = {
      resource: {
        attributes: parseAttributes(resource, 'attributes', `${rp}.resource`),
        droppedAttributesCount: uint(resource.droppedAttributesCount),
      },
      scopeSpans: [],
      schemaUrl: str(rsJson.schemaUrl),
    };
    const scopeKey = Array.isArray(rsJson.scopeSpans) ? 'scopeSpans' : 'instrumentationLibrarySpans';
    arrayAt(rsJson, scopeKey, rp).forEach((ssJson, si) => {
      const sp = `${rp}.${scopeKey}[${si}]`;
      if (!isObject(ssJson)) throw new OtlpJsonError(`${sp} must be an object`);
      const scopeJson = isObject(ssJson.scope)
        ? ssJson.scope
        : isObject(ssJson.instrumentationLibrary)
          ? ssJson.instrumentationLibrary
          : {};
      const ss: OtlpScopeSpans = {
        scope: {
          ...emptyScope(),
          name: str(scopeJson.name),
          version: str(scopeJson.version),
          attributes: parseAttributes(scopeJson, 'attributes', `${sp}.scope`),
          droppedAttributesCount: uint(scopeJson.droppedAttributesCount),
        },
        spans: [],
        schemaUrl: str(ssJson.schemaUrl),
      };
      arrayAt(ssJson, 'spans', sp).forEach((spanJson, i) => {
        const p = `${sp}.spans[${i}]`;
        const span = parseSpan(spanJson, p);
        if (typeof span === 'string') {
          outcome.rejectedSpans++;
          outcome.firstRejection ??= span;
        } else ss.spans.push(span);
      });
      rs.scopeSpans.push(ss);
    });
    outcome.batches.push(rs);
  });
  return outcome;
}

/** A span, or the reason it is rejected. */
function parseSpan(j: Json, path: string): OtlpSpan | string {
  if (!isObject(j)) throw new OtlpJsonError(`${path} must be an object`);
  const traceId = normalizeId(j.traceId, 16);
  const spanId = normalizeId(j.spanId, 8);
  const parentSpanId = normalizeId(j.parentSpanId, 8);
  if (!traceId || /^0+$/.test(traceId)) return `${path}.traceId is missing or invalid`;
  if (!spanId || /^0+$/.test(spanId)) return `${path}.spanId is missing or invalid`;
  if (parentSpanId === undefined) return `${path}.parentSpanId is invalid`;
  const span = emptySpan();
  span.traceId = traceId;
  span.spanId = spanId;
  span.parentSpanId = parentSpanId;
  span.traceState = str(j.traceState);
  span.flags = uint(j.flags);
  span.name = str(j.name);
  span.kind = enumValue(j.kind, SPAN_KIND_NAMES);
  span.startTimeUnixNano = nanos(j.startTimeUnixNano, `${path}.startTimeUnixNano`);
  span.endTimeUnixNano = nanos(j.endTimeUnixNano, `${path}.endTimeUnixNano`);
  span.attributes = parseAttributes(j, 'attributes', path);
  span.droppedAttributesCount = uint(j.droppedAttributesCount);
  span.events = arrayAt(j, 'events', path).map((e, i) => {
    const ep = `${path}.events[${i}]`;
    if (!isObject(e)) throw new OtlpJsonError(`${ep} must be an object`);
    return {
      timeUnixNano: nanos(e.timeUnixNano, `${ep}.timeUnixNano`),
      name: str(e.name),
      attributes: parseAttributes(e, 'attributes', ep),
      droppedAttributesCount: uint(e.droppedAttributesCount),
    };
  });
  span.droppedEventsCount = uint(j.droppedEventsCount);
  span.links = arrayAt(j, 'links', path).map((l, i) => {
    const lp = `${path}.links[${i}]`;
    if (!isObject(l)) throw new OtlpJsonError(`${lp} must be an object`);
    return {
      traceId: normalizeId(l.traceId, 16) ?? '',
      spanId: normalizeId(l.spanId, 8) ?? '',
      traceState: str(l.traceState),
      attributes: parseAttributes(l, 'attributes', lp),
      droppedAttributesCount: uint(l.droppedAttributesCount),
      flags: uint(l.flags),
    };
  });
  span.droppedLinksCount = uint(j.droppedLinksCount);
  if (isObject(j.status)) {
    span.status = { code: enumValue(j.status.code, STATUS_CODE_NAMES), message: str(j.status.message) };
  }
  return span;
}

// ---------------------------------------------------------------- rendering

export type JsonDialect = 'tempo' | 'jaeger-v3';

function renderId(hex: string, dialect: JsonDialect): string {
  return dialect === 'tempo' ? Buffer.from(hex, 'hex').toString('base64') : hex;
}

function renderAttributes(attrs: OtlpKeyValue[]): Record<string, Json>[] {
  // Attribute objects are already in OTLP JSON shape.
  return attrs as unknown as Record<string, Json>[];
}

function renderSpan(s: OtlpSpan, dialect: JsonDialect): Record<string, Json> {
  const out: Record<string, Json> = {
    traceId: renderId(s.traceId, dialect),
    spanId: renderId(s.spanId, dialect),
  };
  if (s.traceState) out.traceState = s.traceState;
  if (s.parentSpanId) out.parentSpanId = renderId(s.parentSpanId, dialect);
  if (s.flags) out.flags = s.flags;
  out.name = s.name;
  if (s.kind) out.kind = dialect === 'tempo' ? (SPAN_KIND_NAMES[s.kind] ?? s.kind) : s.kind;
  // Jaeger's protobuf JSON leaves zero values out; Tempo always sends both times.
  if (dialect === 'tempo' || s.startTimeUnixNano) out.startTimeUnixNano = s.startTimeUnixNano.toString();
  if (dialect === 'tempo' || s.endTimeUnixNano) out.endTimeUnixNano = s.endTimeUnixNano.toString();
  if (s.attributes.length) out.attributes = renderAttributes(s.attributes);
  if (s.droppedAttributesCount) out.droppedAttributesCount = s.droppedAttributesCount;
  if (s.events.length) {
    out.events = s.events.map((e) => {
      const ev: Record<string, Json> = { timeUnixNano: e.timeUnixNano.toString(), name: e.name };
      if (e.attributes.length) ev.attributes = renderAttributes(e.attributes);
      if (e.droppedAttributesCount) ev.droppedAttributesCount = e.droppedAttributesCount;
      return ev;
    });
  }
  if (s.droppedEventsCount) out.droppedEventsCount = s.droppedEventsCount;
  if (s.links.length) {
    out.links = s.links.map((l) => {
      const link: Record<string, Json> = {
        traceId: renderId(l.traceId, dialect),
        spanId: renderId(l.spanId, dialect),
      };
      if (l.traceState) link.traceState = l.traceState;
      if (l.attributes.length) link.attributes = renderAttributes(l.attributes);
      if (l.droppedAttributesCount) link.droppedAttributesCount = l.droppedAttributesCount;
      if (l.flags) link.flags = l.flags;
      return link;
    });
  }
  if (s.droppedLinksCount) out.droppedLinksCount = s.droppedLinksCount;
  const status: Record<string, Json> = {};
  if (s.status.message) status.message = s.status.message;
  if (s.status.code)
    status.code = dialect === 'tempo' ? (STATUS_CODE_NAMES[s.status.code] ?? s.status.code) : s.status.code;
  out.status = status;
  return out;
}

/** ResourceSpans in the given JSON dialect (zero values left out, as Tempo and Jaeger do). */
export function renderResourceSpans(
  batches: OtlpResourceSpans[],
  dialect: JsonDialect,
): Record<string, Json>[] {
  return batches.map((rs) => {
    const resource: Record<string, Json> = {};
    if (rs.resource.attributes.length) resource.attributes = renderAttributes(rs.resource.attributes);
    if (rs.resource.droppedAttributesCount)
      resource.droppedAttributesCount = rs.resource.droppedAttributesCount;
    const out: Record<string, Json> = {
      resource,
      scopeSpans: rs.scopeSpans.map((ss) => {
        const scope: Record<string, Json> = {};
        if (ss.scope.name) scope.name = ss.scope.name;
        if (ss.scope.version) scope.version = ss.scope.version;
        if (ss.scope.attributes.length) scope.attributes = renderAttributes(ss.scope.attributes);
        const o: Record<string, Json> = { scope, spans: ss.spans.map((s) => renderSpan(s, dialect)) };
        if (ss.schemaUrl) o.schemaUrl = ss.schemaUrl;
        return o;
      }),
    };
    if (rs.schemaUrl) out.schemaUrl = rs.schemaUrl;
    return out;
  });
}

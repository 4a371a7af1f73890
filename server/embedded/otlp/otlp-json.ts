// OTLP JSON in (the OTLP/HTTP spec's hex IDs, or Tempo's base64 IDs; enum names or numbers;
// 64-bit integers as strings or numbers) and out (Tempo's dialect or Jaeger api_v3's). Reading keeps
// values as written (-5, 1e300) and notes what is unreadable; ./validate-spans.ts judges ranges.

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
import { type DecodeProblems, type ValidatedTraces, validateTraces } from './validate-spans.ts';

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

/** Records the first decoding problem of the element being read ("path: reason"). */
export type NoteProblem = (message: string) => void;

/** Without a note, a decoding problem refuses the whole request (the logs receiver's rule). */
const THROW: NoteProblem = (message) => {
  throw new OtlpJsonError(message);
};

/** Larger than every protobuf integer type: what an integer beyond any range reads as. */
const BEYOND_ANY_RANGE = 1n << 128n;
const JSON_NUMBER_RE = /^(-?)(\d+)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * An integer as proto3 JSON gives it, a number or a string (exponent allowed when the value is
 * whole), as an exact bigint; undefined when it is not a whole number. Range checks are the
 * validator's (./validate-spans.ts): here -5 stays -5 and 1e300 stays 1e300.
 */
export function jsonInteger(v: Json): bigint | undefined {
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v) : undefined;
  if (typeof v !== 'string') return undefined;
  const m = JSON_NUMBER_RE.exec(v.trim());
  if (!m) return undefined;
  const [, sign, whole, fraction = '', exponent = '0'] = m;
  const digits = (whole + fraction).replace(/^0+/, '');
  if (digits === '') return 0n;
  const scale = Number(exponent) - fraction.length;
  let magnitude: bigint;
  if (digits.length + scale > 40) magnitude = BEYOND_ANY_RANGE;
  else if (scale >= 0) magnitude = BigInt(digits) * 10n ** BigInt(scale);
  else {
    if (-scale > digits.length) return undefined; // a non-zero value below 1
    const divisor = 10n ** BigInt(-scale);
    const mantissa = BigInt(digits);
    if (mantissa % divisor !== 0n) return undefined;
    magnitude = mantissa / divisor;
  }
  return sign ? -magnitude : magnitude;
}

/** An integer field: the exact value, or undefined after noting why it is not one. */
function integerField(v: Json, field: string, note: NoteProblem): bigint | undefined {
  const n = jsonInteger(v);
  if (n === undefined) note(`${field}: ${shownJson(v)} is not an integer`);
  else if (typeof v === 'string' && (n >= BEYOND_ANY_RANGE || n <= -BEYOND_ANY_RANGE)) {
    // Text too large to hold exactly; a JSON number (a double) is always held and judged by the validator.
    note(`${field}: ${shownJson(v)} is out of range`);
    return undefined;
  }
  return n;
}

function nanos(v: Json, field: string, note: NoteProblem): bigint {
  if (v === undefined || v === null) return 0n;
  return integerField(v, field, note) ?? 0n;
}

/** A uint32 or fixed32 field as a number; out-of-range values are kept for the validator to refuse. */
function uint(v: Json, field: string, note: NoteProblem): number {
  if (v === undefined || v === null) return 0;
  return Number(integerField(v, field, note) ?? 0n);
}

function enumValue(v: Json, names: readonly string[], field: string, note: NoteProblem): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'string') {
    const i = names.indexOf(v);
    if (i >= 0) return i;
    if (jsonInteger(v) === undefined) {
      note(`${field}: ${shownJson(v)} is not a name or number of ${names[0].replace(/_[A-Z]+$/, '')}`);
      return 0;
    }
  }
  return Number(integerField(v, field, note) ?? 0n);
}

function shownJson(v: Json): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

function str(v: Json): string {
  return typeof v === 'string' ? v : '';
}

const SPECIAL_DOUBLES: Record<string, number> = {
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  '-Infinity': Number.NEGATIVE_INFINITY,
};

function doubleValue(v: Json, field: string, note: NoteProblem): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    if (v in SPECIAL_DOUBLES) return SPECIAL_DOUBLES[v];
    if (JSON_NUMBER_RE.test(v.trim())) return Number(v);
  }
  note(`${field}: ${shownJson(v)} is not a double`);
  return 0;
}

export function parseAnyValue(v: Json, path: string, depth: number, note: NoteProblem = THROW): OtlpAnyValue {
  if (depth > MAX_VALUE_DEPTH) throw new OtlpJsonError(`${path}: attribute values nested too deeply`);
  if (!isObject(v)) return {};
  if (typeof v.stringValue === 'string') return { stringValue: v.stringValue };
  if (typeof v.boolValue === 'boolean') return { boolValue: v.boolValue };
  if (v.intValue !== undefined) {
    return { intValue: (integerField(v.intValue, `${path}.intValue`, note) ?? 0n).toString() };
  }
  if (v.doubleValue !== undefined)
    return { doubleValue: doubleValue(v.doubleValue, `${path}.doubleValue`, note) };
  if (isObject(v.arrayValue)) {
    const values = arrayAt(v.arrayValue, 'values', `${path}.arrayValue`).map((x, i) =>
      parseAnyValue(x, `${path}.arrayValue.values[${i}]`, depth + 1, note),
    );
    return { arrayValue: { values } };
  }
  if (isObject(v.kvlistValue)) {
    const values = parseAttributes(v.kvlistValue, 'values', `${path}.kvlistValue`, depth + 1, note);
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
  note: NoteProblem = THROW,
): OtlpKeyValue[] {
  return arrayAt(obj, key, path).map((kv, i) => {
    const p = `${path}.${key}[${i}]`;
    if (!isObject(kv)) throw new OtlpJsonError(`${p} must be an object`);
    return { key: str(kv.key), value: parseAnyValue(kv.value, `${p}.value`, depth + 1, note) };
  });
}

/** Every resource, scope and span of a document as written, with what could not be read in it. */
export interface DecodedJson {
  batches: OtlpResourceSpans[];
  problems: DecodeProblems;
}

/** Spans refused and why (./validate-spans.ts); `batches` holds only the accepted ones. */
export type ParseOutcome = ValidatedTraces;

/**
 * Reads an OTLP JSON document (`{"resourceSpans":[…]}`, or Tempo's `{"batches":[…]}` / `{"trace":{…}}`)
 * without judging values: every span is kept, and what is not readable (an ID that is neither hex nor
 * base64, a number that is no integer, an unknown enum name) is noted against its resource, scope or
 * span. Throws OtlpJsonError when the document's structure is wrong.
 */
export function decodeOtlpJson(doc: Json): DecodedJson {
  if (!isObject(doc)) throw new OtlpJsonError('body must be a JSON object');
  let root: Record<string, Json> = doc;
  if (isObject(doc.trace)) root = doc.trace;
  const key = Array.isArray(root.batches) ? 'batches' : 'resourceSpans';
  const problems = new Map<object, string>();
  const noteFor =
    (owner: object): NoteProblem =>
    (message) => {
      if (!problems.has(owner)) problems.set(owner, message);
    };
  const batches = arrayAt(root, key, '').map((rsJson, ri) => {
    const rp = `resourceSpans[${ri}]`;
    if (!isObject(rsJson)) throw new OtlpJsonError(`${rp} must be an object`);
    const resource = isObject(rsJson.resource) ? rsJson.resource : {};
    const rs: OtlpResourceSpans = {
      resource: { attributes: [], droppedAttributesCount: 0 },
      scopeSpans: [],
      schemaUrl: str(rsJson.schemaUrl),
    };
    const noteResource = noteFor(rs);
    rs.resource.attributes = parseAttributes(resource, 'attributes', `${rp}.resource`, 0, noteResource);
    rs.resource.droppedAttributesCount = uint(
      resource.droppedAttributesCount,
      `${rp}.resource.droppedAttributesCount`,
      noteResource,
    );
    const scopeKey = Array.isArray(rsJson.scopeSpans) ? 'scopeSpans' : 'instrumentationLibrarySpans';
    arrayAt(rsJson, scopeKey, rp).forEach((ssJson, si) => {
      const sp = `${rp}.scopeSpans[${si}]`;
      if (!isObject(ssJson)) throw new OtlpJsonError(`${sp} must be an object`);
      const scopeJson = isObject(ssJson.scope)
        ? ssJson.scope
        : isObject(ssJson.instrumentationLibrary)
          ? ssJson.instrumentationLibrary
          : {};
      const ss: OtlpScopeSpans = { scope: emptyScope(), spans: [], schemaUrl: str(ssJson.schemaUrl) };
      const noteScope = noteFor(ss);
      ss.scope.name = str(scopeJson.name);
      ss.scope.version = str(scopeJson.version);
      ss.scope.attributes = parseAttributes(scopeJson, 'attributes', `${sp}.scope`, 0, noteScope);
      ss.scope.droppedAttributesCount = uint(
        scopeJson.droppedAttributesCount,
        `${sp}.scope.droppedAttributesCount`,
        noteScope,
      );
      arrayAt(ssJson, 'spans', sp).forEach((spanJson, i) => {
        const span = emptySpan();
        decodeSpan(spanJson, `${sp}.spans[${i}]`, span, noteFor(span));
        ss.spans.push(span);
      });
      rs.scopeSpans.push(ss);
    });
    return rs;
  });
  return { batches, problems };
}

/** `decodeOtlpJson` then `validateTraces`: the spans fit to store, and those refused. */
export function parseOtlpJson(doc: Json): ParseOutcome {
  const decoded = decodeOtlpJson(doc);
  return validateTraces(decoded.batches, decoded.problems);
}

function idOf(v: Json, byteLength: number, field: string, note: NoteProblem): string {
  const id = normalizeId(v, byteLength);
  if (id === undefined) note(`${field}: ${shownJson(v)} is neither hex nor base64 of ${byteLength} bytes`);
  return id ?? '';
}

function decodeSpan(j: Json, path: string, span: OtlpSpan, note: NoteProblem): void {
  if (!isObject(j)) throw new OtlpJsonError(`${path} must be an object`);
  span.traceId = idOf(j.traceId, 16, `${path}.traceId`, note);
  span.spanId = idOf(j.spanId, 8, `${path}.spanId`, note);
  span.parentSpanId = idOf(j.parentSpanId, 8, `${path}.parentSpanId`, note);
  span.traceState = str(j.traceState);
  span.flags = uint(j.flags, `${path}.flags`, note);
  span.name = str(j.name);
  span.kind = enumValue(j.kind, SPAN_KIND_NAMES, `${path}.kind`, note);
  span.startTimeUnixNano = nanos(j.startTimeUnixNano, `${path}.startTimeUnixNano`, note);
  span.endTimeUnixNano = nanos(j.endTimeUnixNano, `${path}.endTimeUnixNano`, note);
  span.attributes = parseAttributes(j, 'attributes', path, 0, note);
  span.droppedAttributesCount = uint(j.droppedAttributesCount, `${path}.droppedAttributesCount`, note);
  span.events = arrayAt(j, 'events', path).map((e, i) => {
    const ep = `${path}.events[${i}]`;
    if (!isObject(e)) throw new OtlpJsonError(`${ep} must be an object`);
    return {
      timeUnixNano: nanos(e.timeUnixNano, `${ep}.timeUnixNano`, note),
      name: str(e.name),
      attributes: parseAttributes(e, 'attributes', ep, 0, note),
      droppedAttributesCount: uint(e.droppedAttributesCount, `${ep}.droppedAttributesCount`, note),
    };
  });
  span.droppedEventsCount = uint(j.droppedEventsCount, `${path}.droppedEventsCount`, note);
  span.links = arrayAt(j, 'links', path).map((l, i) => {
    const lp = `${path}.links[${i}]`;
    if (!isObject(l)) throw new OtlpJsonError(`${lp} must be an object`);
    return {
      traceId: idOf(l.traceId, 16, `${lp}.traceId`, note),
      spanId: idOf(l.spanId, 8, `${lp}.spanId`, note),
      traceState: str(l.traceState),
      attributes: parseAttributes(l, 'attributes', lp, 0, note),
      droppedAttributesCount: uint(l.droppedAttributesCount, `${lp}.droppedAttributesCount`, note),
      flags: uint(l.flags, `${lp}.flags`, note),
    };
  });
  span.droppedLinksCount = uint(j.droppedLinksCount, `${path}.droppedLinksCount`, note);
  if (isObject(j.status)) {
    span.status = {
      code: enumValue(j.status.code, STATUS_CODE_NAMES, `${path}.status.code`, note),
      message: str(j.status.message),
    };
  }
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

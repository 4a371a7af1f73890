// OTLP JSON AnyValue / KeyValue → the model's typed attributes. Shared by OTLP JSON, Tempo and Jaeger api_v3.

import { base64ToBytes, bytesToHex, normalizeSpanId, normalizeTraceId } from '../model/ids.ts';
import type { Attribute, AttributeValue, InstrumentationScope, SpanLink } from '../model/types.ts';
import { int64String, isRecord } from './json-values.ts';

/** Nesting beyond this is shown as a string rather than walked (arrays of arrays of …). */
const MAX_VALUE_DEPTH = 32;

export function otlpAnyValue(v: unknown, depth = 0): AttributeValue {
  if (!isRecord(v)) return { type: 'empty' };
  if ('stringValue' in v) return { type: 'string', value: String(v.stringValue ?? '') };
  if ('intValue' in v) {
    const s = int64String(v.intValue);
    return s === undefined ? { type: 'string', value: String(v.intValue) } : { type: 'int', value: s };
  }
  if ('doubleValue' in v) {
    const d = v.doubleValue;
    if (typeof d === 'number') return { type: 'double', value: d };
    // proto3 JSON writes NaN/Infinity as strings.
    const n = Number(d);
    return Number.isNaN(n) && d !== 'NaN'
      ? { type: 'string', value: String(d) }
      : { type: 'double', value: n };
  }
  if ('boolValue' in v) return { type: 'bool', value: v.boolValue === true || v.boolValue === 'true' };
  if ('bytesValue' in v) return { type: 'bytes', value: String(v.bytesValue ?? '') };
  if (depth >= MAX_VALUE_DEPTH) return { type: 'string', value: '(nested too deep)' };
  if ('arrayValue' in v) {
    const values = isRecord(v.arrayValue) ? v.arrayValue.values : undefined;
    return {
      type: 'array',
      value: Array.isArray(values) ? values.map((x) => otlpAnyValue(x, depth + 1)) : [],
    };
  }
  if ('kvlistValue' in v) {
    const values = isRecord(v.kvlistValue) ? v.kvlistValue.values : undefined;
    return { type: 'kvlist', value: otlpAttributes(values, depth + 1) };
  }
  return { type: 'empty' };
}

export function otlpAttributes(list: unknown, depth = 0): Attribute[] {
  if (!Array.isArray(list)) return [];
  const out: Attribute[] = [];
  for (const kv of list) {
    if (!isRecord(kv)) continue;
    out.push({ key: String(kv.key ?? ''), value: otlpAnyValue(kv.value, depth) });
  }
  return out;
}

export function otlpAttribute(list: unknown, key: string): AttributeValue | undefined {
  if (!Array.isArray(list)) return undefined;
  for (const kv of list) {
    if (isRecord(kv) && kv.key === key) return otlpAnyValue(kv.value);
  }
  return undefined;
}

/** The `service.name` string of a resource's attribute list, or undefined. */
export function serviceNameOf(attributes: unknown): string | undefined {
  if (!Array.isArray(attributes)) return undefined;
  for (const kv of attributes) {
    if (isRecord(kv) && kv.key === 'service.name' && isRecord(kv.value)) {
      const s = kv.value.stringValue;
      if (typeof s === 'string') return s;
    }
  }
  return undefined;
}

export function otlpScope(scope: unknown): InstrumentationScope {
  if (!isRecord(scope)) return { name: '', version: '', attributes: [] };
  return {
    name: typeof scope.name === 'string' ? scope.name : '',
    version: typeof scope.version === 'string' ? scope.version : '',
    attributes: otlpAttributes(scope.attributes),
  };
}

export function otlpLinks(links: unknown): SpanLink[] {
  if (!Array.isArray(links)) return [];
  const out: SpanLink[] = [];
  for (const l of links) {
    if (!isRecord(l)) continue;
    const link: SpanLink = {
      traceId: normalizeTraceId(typeof l.traceId === 'string' ? l.traceId : '').id,
      spanId: normalizeSpanId(typeof l.spanId === 'string' ? l.spanId : '').id,
      attributes: otlpAttributes(l.attributes),
    };
    if (typeof l.traceState === 'string' && l.traceState) link.traceState = l.traceState;
    out.push(link);
  }
  return out;
}

/** Base64 bytes as hex, for showing bytes attributes that are really IDs. */
export function base64AsHex(s: string): string | undefined {
  const bytes = base64ToBytes(s);
  return bytes ? bytesToHex(bytes) : undefined;
}

/** OTLP span kind from a number or an enum name; -1 when it is neither. Missing means unspecified. */
export function otlpKind(v: unknown): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 && v <= 5 ? v : -1;
  if (typeof v === 'string') return kindName(v);
  return -1;
}

/** The enum names by their distinct 11th character (`SPAN_KIND_S…`), compared whole; -1 otherwise. */
function kindName(v: string): number {
  switch (v.charCodeAt(10)) {
    case 83: // S
      return v === 'SPAN_KIND_SERVER' ? 2 : -1;
    case 67: // C
      return v === 'SPAN_KIND_CLIENT' ? 3 : v === 'SPAN_KIND_CONSUMER' ? 5 : -1;
    case 73: // I
      return v === 'SPAN_KIND_INTERNAL' ? 1 : -1;
    case 80: // P
      return v === 'SPAN_KIND_PRODUCER' ? 4 : -1;
    case 85: // U
      return v === 'SPAN_KIND_UNSPECIFIED' ? 0 : -1;
    default:
      return -1;
  }
}

export function otlpStatusCode(v: unknown): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 && v <= 2 ? v : -1;
  if (typeof v === 'string')
    return v === 'STATUS_CODE_UNSET' ? 0 : v === 'STATUS_CODE_OK' ? 1 : v === 'STATUS_CODE_ERROR' ? 2 : -1;
  return -1;
}

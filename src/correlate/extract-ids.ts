// Finds the trace and span a log line belongs to. Places are tried from the most to the least
// structured: Loki's structured metadata (OTLP logs), labels Loki parsed, stream labels, JSON fields of
// the line, logfmt pairs of the line, then a pattern (a configured RE2 expression, else a built-in one).
// IDs come back normalized (trace 32 hex, span 16 hex) or not at all. A configured pattern is
// compiled by id-pattern.ts, which holds RE2, so a screen that only reads IDs does not fetch it.

export const TRACE_ID_KEYS = [
  'trace_id',
  'traceid',
  'traceId',
  'traceID',
  'trace.id',
  'trace-id',
  'trace_id_extracted',
] as const;
export const SPAN_ID_KEYS = [
  'span_id',
  'spanid',
  'spanId',
  'spanID',
  'span.id',
  'span-id',
  'span_id_extracted',
] as const;

export interface LogIdSource {
  line: string;
  labels?: Readonly<Record<string, string>>;
  structuredMetadata?: Readonly<Record<string, string>>;
  parsed?: Readonly<Record<string, string>>;
}

export type IdPlace = 'structured-metadata' | 'parsed' | 'labels' | 'json' | 'logfmt' | 'pattern';

export interface ExtractedIds {
  traceId: string;
  spanId?: string;
  foundIn: IdPlace;
}

/** A compiled user pattern: named groups `traceId`/`spanId`, or the first group is the trace ID. */
export interface IdPattern {
  source: string;
  find(line: string): { traceId?: string; spanId?: string } | undefined;
}

const BUILT_IN_TRACE = /\btrace[_.-]?id["']?\s*[=:]\s*["']?([0-9a-f]{16,32})\b/i;
const BUILT_IN_SPAN = /\bspan[_.-]?id["']?\s*[=:]\s*["']?([0-9a-f]{1,16})\b/i;

export function normalizeTraceHex(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  if (!trimmed || !/^[0-9a-fA-F]{1,32}$/.test(trimmed) || /^0+$/.test(trimmed)) return undefined;
  return trimmed.toLowerCase().padStart(32, '0');
}

export function normalizeSpanHex(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  if (!trimmed || !/^[0-9a-fA-F]{1,16}$/.test(trimmed) || /^0+$/.test(trimmed)) return undefined;
  return trimmed.toLowerCase().padStart(16, '0');
}

function fromRecord(record: Readonly<Record<string, unknown>> | undefined, keys: readonly string[]) {
  if (!record) return undefined;
  for (const key of keys) {
    const value = record[key];
    if (typeof value === 'string' && value) return value;
  }
  return undefined;
}

function jsonFields(line: string): Record<string, unknown> | undefined {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(trimmed);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

const LOGFMT_PAIR = /([^\s="]+)=("(?:[^"\\]|\\.)*"|[^\s"]*)/g;

/** The key=value pairs of a logfmt line (quoted values unescaped). */
export function logfmtFields(line: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const match of line.matchAll(LOGFMT_PAIR)) {
    const raw = match[2];
    fields[match[1]] = raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw;
  }
  return fields;
}

export function extractIds(source: LogIdSource, pattern?: IdPattern): ExtractedIds | undefined {
  const records: Array<[IdPlace, Readonly<Record<string, unknown>> | undefined]> = [
    ['structured-metadata', source.structuredMetadata],
    ['parsed', source.parsed],
    ['labels', source.labels],
  ];
  for (const [place, record] of records) {
    const traceId = normalizeTraceHex(fromRecord(record, TRACE_ID_KEYS));
    if (traceId) {
      const spanId = normalizeSpanHex(fromRecord(record, SPAN_ID_KEYS));
      return spanId ? { traceId, spanId, foundIn: place } : { traceId, foundIn: place };
    }
  }
  const json = jsonFields(source.line);
  const fromJson = normalizeTraceHex(fromRecord(json, TRACE_ID_KEYS));
  if (fromJson) return withSpan(fromJson, normalizeSpanHex(fromRecord(json, SPAN_ID_KEYS)), 'json');
  if (source.line.includes('=')) {
    const logfmt = logfmtFields(source.line);
    const fromLogfmt = normalizeTraceHex(fromRecord(logfmt, TRACE_ID_KEYS));
    if (fromLogfmt) return withSpan(fromLogfmt, normalizeSpanHex(fromRecord(logfmt, SPAN_ID_KEYS)), 'logfmt');
  }
  if (pattern) {
    const found = pattern.find(source.line);
    const traceId = normalizeTraceHex(found?.traceId);
    if (traceId) return withSpan(traceId, normalizeSpanHex(found?.spanId), 'pattern');
  }
  const builtIn = normalizeTraceHex(BUILT_IN_TRACE.exec(source.line)?.[1]);
  if (builtIn) return withSpan(builtIn, normalizeSpanHex(BUILT_IN_SPAN.exec(source.line)?.[1]), 'pattern');
  return undefined;
}

function withSpan(traceId: string, spanId: string | undefined, foundIn: IdPlace): ExtractedIds {
  return spanId ? { traceId, spanId, foundIn } : { traceId, foundIn };
}

// Builds search-result summaries from spans, for backends whose search returns whole traces (legacy
// Jaeger, Zipkin) or merged spans (Jaeger /api/v3/traces) instead of per-trace summaries.
import type { Attribute, AttributeValue } from '../model/types';
import type { ServiceStats, TraceSummary } from './types';
import { asArray, asNumber, asObject, asString, isObject } from './validate';

/** The few facts about one span a summary needs. */
export interface SpanFacts {
  traceId: string;
  spanId: string;
  /** Empty for a root. */
  parentId: string;
  service: string;
  name: string;
  startMs: number;
  endMs: number;
  error: boolean;
}

/** Groups spans by trace ID (in first-seen order) and summarises each trace. */
export function summarizeSpans(spans: Iterable<SpanFacts>): TraceSummary[] {
  const byTrace = new Map<string, SpanFacts[]>();
  for (const span of spans) {
    const list = byTrace.get(span.traceId);
    if (list) list.push(span);
    else byTrace.set(span.traceId, [span]);
  }
  return [...byTrace.entries()].map(([traceId, list]) => summarizeTrace(traceId, list));
}

export function summarizeTrace(traceId: string, spans: SpanFacts[]): TraceSummary {
  const ids = new Set(spans.map((s) => s.spanId));
  let root: SpanFacts | undefined;
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  let errorCount = 0;
  const services = new Map<string, ServiceStats>();
  for (const span of spans) {
    const isRoot = span.parentId === '' || !ids.has(span.parentId);
    // The earliest root wins; a true root (no parent at all) beats an orphan.
    if (isRoot) {
      const better =
        !root ||
        (span.parentId === '' && root.parentId !== '') ||
        ((span.parentId === '') === (root.parentId === '') && span.startMs < root.startMs);
      if (better) root = span;
    }
    start = Math.min(start, span.startMs);
    end = Math.max(end, span.endMs);
    if (span.error) errorCount++;
    const stats = services.get(span.service) ?? { name: span.service, spanCount: 0, errorCount: 0 };
    stats.spanCount = (stats.spanCount ?? 0) + 1;
    if (span.error) stats.errorCount = (stats.errorCount ?? 0) + 1;
    services.set(span.service, stats);
  }
  const hasTimes = Number.isFinite(start) && Number.isFinite(end);
  return {
    traceId,
    rootService: root?.service ?? '',
    rootName: root?.name ?? '',
    rootMissing: root === undefined || root.parentId !== '' ? true : undefined,
    startUnixMs: hasTimes ? start : 0,
    durationMs: hasTimes ? Math.max(0, end - start) : 0,
    spanCount: spans.length,
    errorCount,
    services: [...services.values()]
      .filter((s) => s.name !== '')
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}

/** What a search result says about errors: some, none, or nothing (the backend sent no counts). */
export type ErrorFact = 'errors' | 'none' | 'unknown';

export function errorFact(summary: Pick<TraceSummary, 'errorCount'>): ErrorFact {
  if (summary.errorCount === undefined) return 'unknown';
  return summary.errorCount > 0 ? 'errors' : 'none';
}

/** How many services the trace has; undefined when the backend did not say (never the root alone). */
export function serviceCount(summary: Pick<TraceSummary, 'services'>): number | undefined {
  return summary.services?.length;
}

/** True when any of span, error or service counts of the result is unknown. */
export function hasUnknownFacts(summary: TraceSummary): boolean {
  return (
    summary.spanCount === undefined || summary.errorCount === undefined || summary.services === undefined
  );
}

/** An OTLP JSON `AnyValue` (hex or base64 bytes, int64 as string or number) as a model value. */
export function otlpAnyValue(value: unknown): AttributeValue {
  const record = asObject(value);
  if (!record) return { type: 'empty' };
  if (typeof record.stringValue === 'string') return { type: 'string', value: record.stringValue };
  if (typeof record.boolValue === 'boolean') return { type: 'bool', value: record.boolValue };
  if (record.intValue !== undefined) return { type: 'int', value: String(record.intValue) };
  if (record.doubleValue !== undefined)
    return { type: 'double', value: asNumber(record.doubleValue) ?? Number.NaN };
  if (typeof record.bytesValue === 'string') return { type: 'bytes', value: record.bytesValue };
  const array = asObject(record.arrayValue);
  if (array) {
    // Attribute values nest shallowly in practice; bounded by the JSON depth the parser accepted.
    return { type: 'array', value: asArray(array.values).map(otlpAnyValue) };
  }
  const kvlist = asObject(record.kvlistValue);
  if (kvlist) return { type: 'kvlist', value: otlpAttributes(kvlist.values) };
  return { type: 'empty' };
}

export function otlpAttributes(value: unknown): Attribute[] {
  const attributes: Attribute[] = [];
  for (const item of asArray(value)) {
    if (!isObject(item)) continue;
    const key = asString(item.key);
    if (key !== undefined) attributes.push({ key, value: otlpAnyValue(item.value) });
  }
  return attributes;
}

/** `service.name` from an OTLP resource. */
export function otlpServiceName(resource: unknown): string {
  for (const attribute of otlpAttributes(asObject(resource)?.attributes)) {
    if (attribute.key === 'service.name' && attribute.value.type === 'string') return attribute.value.value;
  }
  return '';
}

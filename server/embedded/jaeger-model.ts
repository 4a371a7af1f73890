// OTLP → Jaeger's legacy UI JSON model, following Jaeger's own OTLP translation
// (checked against ../shared/fixtures/jaeger/legacy/otlp2jaeger-in.json → otlp2jaeger-out.json).

import type { OtlpAnyValue, OtlpKeyValue, OtlpResourceSpans, OtlpSpan } from './otlp/types.ts';
import { serviceName } from './otlp/types.ts';
import { spanKindLabel } from './store.ts';
import { anyValueText } from './tempo-search.ts';

export interface JaegerTag {
  key: string;
  type: 'string' | 'bool' | 'int64' | 'float64' | 'binary';
  value: string | number | boolean;
}

export interface JaegerSpan {
  traceID: string;
  spanID: string;
  operationName: string;
  references: { refType: 'CHILD_OF' | 'FOLLOWS_FROM'; traceID: string; spanID: string }[];
  startTime: number;
  duration: number;
  tags: JaegerTag[];
  logs: { timestamp: number; fields: JaegerTag[] }[];
  processID: string;
  warnings: string[] | null;
}

export interface JaegerTrace {
  traceID: string;
  spans: JaegerSpan[];
  processes: Record<string, { serviceName: string; tags: JaegerTag[] }>;
  warnings: string[] | null;
}

/** Jaeger shows 64-bit trace IDs (high half zero) as 16 hex characters. */
export function jaegerTraceId(hex: string): string {
  return hex.startsWith('0000000000000000') ? hex.slice(16) : hex;
}

function tag(key: string, v: OtlpAnyValue): JaegerTag {
  if (v.stringValue !== undefined) return { key, type: 'string', value: v.stringValue };
  if (v.boolValue !== undefined) return { key, type: 'bool', value: v.boolValue };
  if (v.intValue !== undefined) {
    const n = Number(v.intValue);
    return { key, type: 'int64', value: Number.isSafeInteger(n) ? n : v.intValue };
  }
  if (v.doubleValue !== undefined) return { key, type: 'float64', value: v.doubleValue };
  if (v.bytesValue !== undefined) return { key, type: 'binary', value: v.bytesValue };
  return { key, type: 'string', value: anyValueText(v) };
}

function tags(attrs: OtlpKeyValue[]): JaegerTag[] {
  return attrs.map((kv) => tag(kv.key, kv.value));
}

function micros(ns: bigint): number {
  return Number(ns / 1000n);
}

function spanTags(span: OtlpSpan, scopeName: string, scopeVersion: string): JaegerTag[] {
  const out: JaegerTag[] = [];
  if (scopeName) out.push({ key: 'otel.scope.name', type: 'string', value: scopeName });
  if (scopeVersion) out.push({ key: 'otel.scope.version', type: 'string', value: scopeVersion });
  out.push(...tags(span.attributes));
  if (span.kind) out.push({ key: 'span.kind', type: 'string', value: spanKindLabel(span.kind) });
  if (span.status.code === 1) out.push({ key: 'otel.status_code', type: 'string', value: 'OK' });
  if (span.status.code === 2) {
    out.push({ key: 'otel.status_code', type: 'string', value: 'ERROR' });
    out.push({ key: 'error', type: 'bool', value: true });
  }
  if (span.status.message)
    out.push({ key: 'otel.status_description', type: 'string', value: span.status.message });
  if (span.traceState) out.push({ key: 'w3c.tracestate', type: 'string', value: span.traceState });
  return out;
}

export function toJaegerTrace(traceIdHex: string, batches: OtlpResourceSpans[]): JaegerTrace {
  const traceID = jaegerTraceId(traceIdHex);
  const processes: JaegerTrace['processes'] = {};
  const processKeys = new Map<string, string>();
  const spans: JaegerSpan[] = [];
  for (const rs of batches) {
    const service = serviceName(rs);
    const processTags = tags(rs.resource.attributes.filter((kv) => kv.key !== 'service.name'));
    const key = JSON.stringify([service, processTags]);
    let processID = processKeys.get(key);
    if (!processID) {
      processID = `p${processKeys.size + 1}`;
      processKeys.set(key, processID);
      processes[processID] = { serviceName: service, tags: processTags };
    }
    for (const ss of rs.scopeSpans) {
      for (const span of ss.spans) {
        const references: JaegerSpan['references'] = [];
        if (span.parentSpanId) references.push({ refType: 'CHILD_OF', traceID, spanID: span.parentSpanId });
        for (const link of span.links) {
          references.push({
            refType: 'FOLLOWS_FROM',
            traceID: jaegerTraceId(link.traceId),
            spanID: link.spanId,
          });
        }
        const end =
          span.endTimeUnixNano > span.startTimeUnixNano ? span.endTimeUnixNano : span.startTimeUnixNano;
        spans.push({
          traceID,
          spanID: span.spanId,
          operationName: span.name,
          references,
          startTime: micros(span.startTimeUnixNano),
          duration: micros(end - span.startTimeUnixNano),
          tags: spanTags(span, ss.scope.name, ss.scope.version),
          logs: span.events.map((ev) => ({
            timestamp: micros(ev.timeUnixNano),
            fields: [{ key: 'event', type: 'string', value: ev.name }, ...tags(ev.attributes)],
          })),
          processID,
          warnings: null,
        });
      }
    }
  }
  return { traceID, spans, processes, warnings: null };
}

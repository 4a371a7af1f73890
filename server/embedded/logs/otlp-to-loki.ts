// OTLP log records → Loki streams, the way Loki's own OTLP ingest maps them by default
// (pkg/loghttp/push/otlp.go): a fixed list of resource attributes become stream labels
// (`service.name` → `service_name`), every other attribute, the scope, severity, flags and the
// trace/span IDs become structured metadata; the body becomes the line. Loki's log-level discovery
// adds `detected_level`. See docs/decisions/0090-embedded-logs.md.

import type { OtlpAnyValue, OtlpKeyValue } from '../otlp/types.ts';
import { detectLevel } from './detect-level.ts';
import { type Labels, normalizeLabelName } from './labels.ts';
import type { OtlpResourceLogs } from './otlp-logs.ts';

export interface LokiEntry {
  tsNs: bigint;
  line: string;
  /** Structured metadata (never empty values). */
  metadata: Labels;
}

export interface LokiStreamPush {
  labels: Labels;
  entries: LokiEntry[];
}

/** Loki's default `index_label` resource attributes. */
export const INDEXED_RESOURCE_ATTRIBUTES: ReadonlySet<string> = new Set([
  'service.name',
  'service.namespace',
  'service.instance.id',
  'deployment.environment',
  'deployment.environment.name',
  'cloud.region',
  'cloud.availability_zone',
  'k8s.cluster.name',
  'k8s.namespace.name',
  'k8s.pod.name',
  'k8s.container.name',
  'container.name',
  'k8s.replicaset.name',
  'k8s.deployment.name',
  'k8s.statefulset.name',
  'k8s.daemonset.name',
  'k8s.cronjob.name',
  'k8s.job.name',
]);

const ZERO_ID = /^0*$/;

/** pcommon.Value.AsString(): how OTLP values become label values and lines. */
export function anyValueAsString(v: OtlpAnyValue): string {
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.boolValue !== undefined) return v.boolValue ? 'true' : 'false';
  if (v.intValue !== undefined) return v.intValue;
  if (v.doubleValue !== undefined) return formatDouble(v.doubleValue);
  if (v.bytesValue !== undefined) return v.bytesValue;
  if (v.arrayValue !== undefined || v.kvlistValue !== undefined) return JSON.stringify(toPlain(v));
  return '';
}

/** Go's strconv.FormatFloat(v, 'f', -1, 64): shortest form, never an exponent. */
function formatDouble(d: number): string {
  if (!Number.isFinite(d)) return Number.isNaN(d) ? 'NaN' : d > 0 ? '+Inf' : '-Inf';
  const s = String(d);
  if (!/e/i.test(s)) return s;
  const [mantissa, expText] = s.split(/e/i);
  const exp = Number(expText);
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace(/^-/, '').replace('.', '');
  const point = mantissa.replace(/^-/, '').indexOf('.');
  const intLen = (point < 0 ? digits.length : point) + exp;
  const body =
    intLen <= 0
      ? `0.${'0'.repeat(-intLen)}${digits}`
      : intLen >= digits.length
        ? digits + '0'.repeat(intLen - digits.length)
        : `${digits.slice(0, intLen)}.${digits.slice(intLen)}`;
  return negative ? `-${body}` : body;
}

type Plain = string | number | boolean | null | Plain[] | { [k: string]: Plain };

/** An AnyValue as plain JSON (iterative: attribute nesting comes from the wire). */
function toPlain(root: OtlpAnyValue): Plain {
  const scalar = (v: OtlpAnyValue): Plain | undefined => {
    if (v.stringValue !== undefined) return v.stringValue;
    if (v.boolValue !== undefined) return v.boolValue;
    if (v.intValue !== undefined) return Number(v.intValue);
    if (v.doubleValue !== undefined) return v.doubleValue;
    if (v.bytesValue !== undefined) return v.bytesValue;
    if (v.arrayValue === undefined && v.kvlistValue === undefined) return null;
    return undefined;
  };
  const top = scalar(root);
  if (top !== undefined) return top;
  const make = (v: OtlpAnyValue): Plain[] | Record<string, Plain> =>
    v.arrayValue ? [] : Object.create(null);
  const out = make(root);
  const stack: [OtlpAnyValue, Plain[] | Record<string, Plain>][] = [[root, out]];
  while (stack.length) {
    const [v, target] = stack.pop()!;
    const children: [string | number, OtlpAnyValue][] = v.arrayValue
      ? v.arrayValue.values.map((x, i) => [i, x])
      : (v.kvlistValue?.values ?? []).map((kv) => [kv.key, kv.value]);
    for (const [key, child] of children) {
      let value = scalar(child);
      if (value === undefined) {
        const container = make(child);
        stack.push([child, container]);
        value = container;
      }
      (target as Record<string | number, Plain>)[key] = value;
    }
  }
  return out;
}

/** Loki's attributeToLabels: maps flatten with `_`, names are normalized, empty values dropped. */
export function attributesToLabels(attributes: OtlpKeyValue[], into: Map<string, string>, prefix = ''): void {
  const stack: [string, OtlpKeyValue[]][] = [[prefix, attributes]];
  while (stack.length) {
    const [pre, kvs] = stack.pop()!;
    for (const kv of kvs) {
      if (kv.value.kvlistValue) {
        stack.push([`${pre}${kv.key}_`, kv.value.kvlistValue.values]);
        continue;
      }
      const value = anyValueAsString(kv.value);
      if (value !== '') into.set(normalizeLabelName(pre + kv.key), value);
    }
  }
}

/** Converts decoded OTLP logs; `now` stamps records that carry neither timestamp. */
export function otlpLogsToLoki(resourceLogs: OtlpResourceLogs[], nowNs: bigint): LokiStreamPush[] {
  const out: LokiStreamPush[] = [];
  for (const rl of resourceLogs) {
    const labels = new Map<string, string>();
    const resourceMetadata = new Map<string, string>();
    const indexed: OtlpKeyValue[] = [];
    const other: OtlpKeyValue[] = [];
    for (const kv of rl.resource.attributes)
      (INDEXED_RESOURCE_ATTRIBUTES.has(kv.key) ? indexed : other).push(kv);
    attributesToLabels(indexed, labels);
    attributesToLabels(other, resourceMetadata);
    if (!labels.has('service_name')) labels.set('service_name', 'unknown_service');
    const entries: LokiEntry[] = [];
    for (const sl of rl.scopeLogs) {
      const scopeMetadata = new Map(resourceMetadata);
      attributesToLabels(sl.scope.attributes, scopeMetadata);
      if (sl.scope.name) scopeMetadata.set('scope_name', sl.scope.name);
      if (sl.scope.version) scopeMetadata.set('scope_version', sl.scope.version);
      if (sl.scope.droppedAttributesCount)
        scopeMetadata.set('scope_dropped_attributes_count', String(sl.scope.droppedAttributesCount));
      for (const rec of sl.logRecords) {
        const metadata = new Map(scopeMetadata);
        attributesToLabels(rec.attributes, metadata);
        if (rec.timeUnixNano && rec.observedTimeUnixNano)
          metadata.set('observed_timestamp', String(rec.observedTimeUnixNano));
        if (rec.severityNumber) metadata.set('severity_number', String(rec.severityNumber));
        if (rec.severityText) metadata.set('severity_text', rec.severityText);
        if (rec.droppedAttributesCount)
          metadata.set('dropped_attributes_count', String(rec.droppedAttributesCount));
        if (rec.flags) metadata.set('flags', String(rec.flags));
        if (rec.traceId && !ZERO_ID.test(rec.traceId)) metadata.set('trace_id', rec.traceId);
        if (rec.spanId && !ZERO_ID.test(rec.spanId)) metadata.set('span_id', rec.spanId);
        const line = anyValueAsString(rec.body);
        const level = detectLevel(labels, metadata, line);
        if (level) metadata.set('detected_level', level);
        entries.push({ tsNs: rec.timeUnixNano || rec.observedTimeUnixNano || nowNs, line, metadata });
      }
    }
    if (entries.length) out.push({ labels, entries });
  }
  return out;
}

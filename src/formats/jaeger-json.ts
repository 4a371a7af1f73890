// Jaeger's legacy JSON model (`/api/traces` data, Jaeger UI uploads): microsecond times, typed tags,
// processes, CHILD_OF / FOLLOWS_FROM references, logs as events. OTel data carried in tags (`span.kind`,
// `error`, `otel.status_code`, `otel.status_description`, `otel.scope.*`) becomes kind, status and scope.

import type { TraceBuilder } from '../model/builder.ts';
import type { SourceEvent, SpanSourceReader } from '../model/details.ts';
import { IdForm, newIdHalves, normalizeSpanId, normalizeTraceId, readSpanId } from '../model/ids.ts';
import { newInstant, readMicros } from '../model/time.ts';
import { ParentForm } from '../model/tree.ts';
import {
  type Attribute,
  type AttributeValue,
  SpanFlag,
  SpanKind,
  type SpanLink,
  StatusCode,
} from '../model/types.ts';
import { describeValue, int64String, isRecord, type JsonRecord } from './json-values.ts';

const KINDS: Record<string, number> = {
  server: SpanKind.Server,
  client: SpanKind.Client,
  producer: SpanKind.Producer,
  consumer: SpanKind.Consumer,
  internal: SpanKind.Internal,
};

/** Tags turned into kind and status; left out of the attributes. */
const MAPPED_TAGS = new Set([
  'span.kind',
  'otel.status_code',
  'otel.status_description',
  'otel.scope.name',
  'otel.scope.version',
]);

export function jaegerTagValue(tag: JsonRecord): AttributeValue {
  const v = tag.value;
  switch (tag.type) {
    case 'bool':
    case 'BOOL':
      return { type: 'bool', value: v === true || v === 'true' };
    case 'int64':
    case 'INT64': {
      const s = int64String(v);
      return s === undefined ? { type: 'string', value: String(v) } : { type: 'int', value: s };
    }
    case 'float64':
    case 'FLOAT64':
      return typeof v === 'number' ? { type: 'double', value: v } : { type: 'double', value: Number(v) };
    case 'binary':
    case 'BINARY':
      return { type: 'bytes', value: String(v ?? '') };
    default:
      if (typeof v === 'boolean') return { type: 'bool', value: v };
      if (typeof v === 'number')
        return Number.isInteger(v) ? { type: 'int', value: String(v) } : { type: 'double', value: v };
      return { type: 'string', value: v === undefined || v === null ? '' : String(v) };
  }
}

function tagsToAttributes(tags: unknown, skipMapped: boolean): Attribute[] {
  if (!Array.isArray(tags)) return [];
  const out: Attribute[] = [];
  for (const t of tags) {
    if (!isRecord(t) || typeof t.key !== 'string') continue;
    if (skipMapped && MAPPED_TAGS.has(t.key)) continue;
    out.push({ key: t.key, value: jaegerTagValue(t) });
  }
  return out;
}

function findTag(tags: unknown, key: string): JsonRecord | undefined {
  if (!Array.isArray(tags)) return undefined;
  for (const t of tags) if (isRecord(t) && t.key === key) return t;
  return undefined;
}

interface Process {
  serviceName: string;
  tags: unknown;
}

export class JaegerJsonDecoder {
  private readonly processes: Process[] = [];
  private readonly halves = newIdHalves();
  private readonly instant = newInstant();

  constructor(readonly builder: TraceBuilder) {}

  /** One Jaeger trace object `{traceID, spans, processes}` at `path`. */
  addTrace(trace: unknown, path: string): void {
    const b = this.builder;
    if (!isRecord(trace)) {
      b.warn('format', `${b.format}: ${path}: expected a trace object, got ${describeValue(trace)}`, {
        path,
      });
      return;
    }
    const processIndex = new Map<string, number>();
    if (isRecord(trace.processes)) {
      for (const [id, p] of Object.entries(trace.processes)) {
        processIndex.set(id, this.addProcess(p));
      }
    }
    const spans = trace.spans;
    if (!Array.isArray(spans)) {
      b.warn('format', `${b.format}: ${path}.spans: expected an array, got ${describeValue(spans)}`, {
        path: `${path}.spans`,
      });
      return;
    }
    const fallbackTraceId = typeof trace.traceID === 'string' ? trace.traceID : '';
    for (let i = 0; i < spans.length; i++)
      this.addSpan(spans[i], `${path}.spans[${i}]`, processIndex, fallbackTraceId);
  }

  private addProcess(p: unknown): number {
    const index = this.processes.length;
    this.processes.push({
      serviceName: isRecord(p) && typeof p.serviceName === 'string' ? p.serviceName : 'unknown_service',
      tags: isRecord(p) ? p.tags : undefined,
    });
    return index;
  }

  private addSpan(
    span: unknown,
    path: string,
    processIndex: Map<string, number>,
    fallbackTraceId: string,
  ): void {
    const b = this.builder;
    if (!isRecord(span)) {
      b.warn('format', `${b.format}: ${path}: expected a span object, got ${describeValue(span)}`, { path });
      return;
    }
    const rawTraceId = typeof span.traceID === 'string' ? span.traceID : fallbackTraceId;
    const trace = b.traceFor(rawTraceId, () => `${path}.traceID`);
    const bad = (field: string, expected: string, got: unknown) =>
      b.warn('format', `${b.format}: ${path}.${field}: expected ${expected}, got ${describeValue(got)}`, {
        trace,
        path: `${path}.${field}`,
      });

    const halves = this.halves;
    const rawId = typeof span.spanID === 'string' ? span.spanID : '';
    const idForm = readSpanId(rawId, halves);
    const idHi = halves[0];
    const idLo = halves[1];
    if (typeof span.spanID !== 'string') bad('spanID', '16 hex chars', span.spanID);

    // Parent: the first CHILD_OF reference, else the first FOLLOWS_FROM, else the older `parentSpanID`.
    let parentRaw = '';
    let followsFrom = false;
    const refs = Array.isArray(span.references) ? span.references : [];
    let parentRef: unknown;
    for (const ref of refs) {
      if (isRecord(ref) && ref.refType === 'CHILD_OF' && typeof ref.spanID === 'string') {
        parentRef = ref;
        break;
      }
    }
    if (!parentRef) {
      for (const ref of refs) {
        if (isRecord(ref) && ref.refType === 'FOLLOWS_FROM' && typeof ref.spanID === 'string') {
          parentRef = ref;
          followsFrom = true;
          break;
        }
      }
    }
    if (isRecord(parentRef)) parentRaw = parentRef.spanID as string;
    else if (typeof span.parentSpanID === 'string') parentRaw = span.parentSpanID;
    let parentForm: number = ParentForm.None;
    let parentHi = 0;
    let parentLo = 0;
    if (parentRaw) {
      const f = readSpanId(parentRaw, halves);
      if (f === IdForm.Odd) parentForm = ParentForm.Odd;
      else if (f !== IdForm.Empty) {
        parentForm = ParentForm.Id;
        parentHi = halves[0];
        parentLo = halves[1];
      }
    }

    const instant = this.instant;
    if (typeof span.startTime === 'number') readMicros(span.startTime, instant);
    else {
      instant[0] = 0;
      instant[1] = 0;
      if (span.startTime !== undefined) bad('startTime', 'microseconds', span.startTime);
    }
    let duration = 0;
    if (typeof span.duration === 'number') duration = span.duration * 1000;
    else if (span.duration !== undefined) bad('duration', 'microseconds', span.duration);

    const tags = span.tags;
    let kind: number = SpanKind.Unspecified;
    const kindTag = findTag(tags, 'span.kind');
    if (kindTag) kind = KINDS[String(kindTag.value).toLowerCase()] ?? SpanKind.Unspecified;
    let status: number = StatusCode.Unset;
    let statusMessage = 0;
    const statusTag = findTag(tags, 'otel.status_code');
    if (statusTag) {
      const v = String(statusTag.value).toUpperCase();
      status = v === 'ERROR' ? StatusCode.Error : v === 'OK' ? StatusCode.Ok : StatusCode.Unset;
    }
    const errorTag = findTag(tags, 'error');
    if (errorTag && (errorTag.value === true || errorTag.value === 'true')) status = StatusCode.Error;
    const description = findTag(tags, 'otel.status_description');
    if (description && typeof description.value === 'string') statusMessage = b.intern(description.value);

    let process: number;
    if (typeof span.processID === 'string' && processIndex.has(span.processID))
      process = processIndex.get(span.processID) as number;
    else if (isRecord(span.process)) process = this.addProcess(span.process);
    else {
      if (span.processID !== undefined) bad('processID', 'a key of processes', span.processID);
      process = this.addProcess(undefined);
    }
    const service = b.intern(this.processes[process].serviceName);
    const name = b.intern(typeof span.operationName === 'string' ? span.operationName : '');

    let flags = status === StatusCode.Error ? SpanFlag.Error : 0;
    if (followsFrom) flags |= SpanFlag.FollowsFrom;
    if (refs.length > (isRecord(parentRef) ? 1 : 0)) flags |= SpanFlag.HasLinks;
    // Jaeger's flags: bit 0 sampled, bit 1 debug; 0 (or absent) says nothing (decision 0314).
    if (typeof span.flags === 'number' && span.flags !== 0 && !(span.flags & 1)) flags |= SpanFlag.NotSampled;
    const row = b.addSpan(
      trace,
      idHi,
      idLo,
      parentForm,
      parentHi,
      parentLo,
      instant[0],
      instant[1],
      duration,
      kind,
      status,
      flags,
      service,
      name,
      statusMessage,
    );
    if (idForm === IdForm.Odd || idForm === IdForm.Empty) b.setOddSpanId(row, rawId);
    if (parentForm === ParentForm.Odd) b.setOddParentId(row, parentRaw);
    b.group[row] = process;
    b.objects[row] = span;
    if (Array.isArray(span.logs)) {
      for (const log of span.logs) {
        if (isRecord(log) && typeof log.timestamp === 'number' && readMicros(log.timestamp, instant)) {
          b.addEvent(row, instant[0], instant[1]);
        }
      }
    }
  }

  reader(): SpanSourceReader {
    const objects = this.builder.objects;
    const group = this.builder.group;
    const processes = this.processes;
    const span = (ref: number) => objects[ref] as JsonRecord;
    const resource = (ref: number): Attribute[] => {
      const p = processes[group[ref]];
      return [
        { key: 'service.name', value: { type: 'string', value: p.serviceName } },
        ...tagsToAttributes(p.tags, false),
      ];
    };
    const instant = newInstant();
    return {
      attributes: (ref) => tagsToAttributes(span(ref).tags, true),
      attribute: (ref, key) => {
        const t = MAPPED_TAGS.has(key) ? undefined : findTag(span(ref).tags, key);
        return t ? jaegerTagValue(t) : undefined;
      },
      resourceAttributes: resource,
      resourceAttribute: (ref, key) => resource(ref).find((a) => a.key === key)?.value,
      scope: (ref) => {
        const tags = span(ref).tags;
        const name = findTag(tags, 'otel.scope.name')?.value;
        const version = findTag(tags, 'otel.scope.version')?.value;
        return {
          name: typeof name === 'string' ? name : '',
          version: typeof version === 'string' ? version : '',
          attributes: [],
        };
      },
      events: (ref) => {
        const logs = span(ref).logs;
        if (!Array.isArray(logs)) return [];
        const out: SourceEvent[] = [];
        for (const log of logs) {
          if (!isRecord(log) || typeof log.timestamp !== 'number') continue;
          readMicros(log.timestamp, instant);
          const fields = tagsToAttributes(log.fields, false);
          const eventField = fields.find((f) => f.key === 'event');
          const name = eventField && eventField.value.type === 'string' ? eventField.value.value : 'log';
          out.push({
            timeMajor: instant[0],
            timeMinor: instant[1],
            name,
            attributes: fields.filter((f) => f !== eventField),
          });
        }
        return out;
      },
      links: (ref) => {
        const s = span(ref);
        const refs = Array.isArray(s.references) ? s.references : [];
        const out: SpanLink[] = [];
        let skippedParent = false;
        for (const r of refs) {
          if (!isRecord(r)) continue;
          const isParent =
            !skippedParent &&
            (r.refType === 'CHILD_OF' ||
              (r.refType === 'FOLLOWS_FROM' && !refs.some((x) => isRecord(x) && x.refType === 'CHILD_OF')));
          if (isParent) {
            skippedParent = true;
            continue;
          }
          out.push({
            traceId: normalizeTraceId(String(r.traceID ?? '')).id,
            spanId: normalizeSpanId(String(r.spanID ?? '')).id,
            attributes: [
              { key: 'jaeger.ref_type', value: { type: 'string', value: String(r.refType ?? '') } },
            ],
          });
        }
        return out;
      },
      traceState: () => '',
    };
  }
}

// Zipkin v2 JSON: an array of spans (or of traces, from /api/v2/traces). Microsecond times, string tags,
// annotations as events. Client and server halves sharing one span ID are kept apart; the tree makes the
// SERVER half the child of the CLIENT half (model/tree.ts). `zipkinToOtlp` is the same mapping as OTLP
// JSON, for the embedded receiver's `POST /api/v2/spans` (decision 0291): it keeps the shared ID on both
// halves, so a trace read back goes through the same tree rule.

import type { TraceBuilder } from '../model/builder.ts';
import type { SourceEvent, SpanSourceReader } from '../model/details.ts';
import { IdForm, newIdHalves, readSpanId } from '../model/ids.ts';
import { instantToBigInt, newInstant, readMicros } from '../model/time.ts';
import { ParentForm } from '../model/tree.ts';
import { type Attribute, type AttributeValue, SpanFlag, SpanKind, StatusCode } from '../model/types.ts';
import type { OtlpJsonKeyValue, OtlpJsonResourceSpans, OtlpJsonSpan } from './datadog.ts';
import { describeValue, isRecord, type JsonRecord } from './json-values.ts';

const KINDS: Record<string, number> = {
  CLIENT: SpanKind.Client,
  SERVER: SpanKind.Server,
  PRODUCER: SpanKind.Producer,
  CONSUMER: SpanKind.Consumer,
};

function endpointAttributes(e: unknown, prefix: string): Attribute[] {
  if (!isRecord(e)) return [];
  const out: Attribute[] = [];
  if (prefix !== 'local' && typeof e.serviceName === 'string')
    out.push({ key: 'peer.service', value: { type: 'string', value: e.serviceName } });
  const ip = typeof e.ipv4 === 'string' ? e.ipv4 : typeof e.ipv6 === 'string' ? e.ipv6 : undefined;
  const ns = prefix === 'local' ? 'network.local' : 'network.peer';
  if (ip) out.push({ key: `${ns}.address`, value: { type: 'string', value: ip } });
  if (typeof e.port === 'number')
    out.push({ key: `${ns}.port`, value: { type: 'int', value: String(e.port) } });
  return out;
}

/** A span's attributes: its tags (as strings), the remote endpoint, `zipkin.shared`. */
function spanAttributes(s: JsonRecord): Attribute[] {
  const out: Attribute[] = [];
  if (isRecord(s.tags))
    for (const [key, v] of Object.entries(s.tags))
      out.push({ key, value: { type: 'string', value: String(v) } });
  out.push(...endpointAttributes(s.remoteEndpoint, 'remote'));
  if (s.shared === true) out.push({ key: 'zipkin.shared', value: { type: 'bool', value: true } });
  return out;
}

/** The resource: the local endpoint's service name (or `unknown_service`) and address. */
function resourceAttributes(s: JsonRecord): Attribute[] {
  const local = s.localEndpoint;
  const name =
    isRecord(local) && typeof local.serviceName === 'string' ? local.serviceName : 'unknown_service';
  return [
    { key: 'service.name', value: { type: 'string', value: name } },
    ...endpointAttributes(local, 'local'),
  ];
}

export class ZipkinJsonDecoder {
  private readonly halves = newIdHalves();
  private readonly instant = newInstant();

  constructor(readonly builder: TraceBuilder) {}

  addSpans(spans: unknown[], path: string): void {
    for (let i = 0; i < spans.length; i++) {
      const s = spans[i];
      if (Array.isArray(s)) this.addSpans(s, `${path}[${i}]`);
      else this.addSpan(s, `${path}[${i}]`);
    }
  }

  private addSpan(span: unknown, path: string): void {
    const b = this.builder;
    if (!isRecord(span)) {
      b.warn('format', `${b.format}: ${path}: expected a span object, got ${describeValue(span)}`, { path });
      return;
    }
    const trace = b.traceFor(typeof span.traceId === 'string' ? span.traceId : '', () => `${path}.traceId`);
    const halves = this.halves;
    const rawId = typeof span.id === 'string' ? span.id : '';
    const idForm = readSpanId(rawId, halves);
    const idHi = halves[0];
    const idLo = halves[1];
    let parentForm: number = ParentForm.None;
    let parentHi = 0;
    let parentLo = 0;
    const rawParent = typeof span.parentId === 'string' ? span.parentId : '';
    if (rawParent) {
      const f = readSpanId(rawParent, halves);
      parentForm = f === IdForm.Odd ? ParentForm.Odd : ParentForm.Id;
      parentHi = halves[0];
      parentLo = halves[1];
    }
    const instant = this.instant;
    if (typeof span.timestamp === 'number') readMicros(span.timestamp, instant);
    else {
      instant[0] = 0;
      instant[1] = 0;
    }
    const duration = typeof span.duration === 'number' ? span.duration * 1000 : 0;
    const kind =
      typeof span.kind === 'string' ? (KINDS[span.kind] ?? SpanKind.Unspecified) : SpanKind.Unspecified;
    const tags = isRecord(span.tags) ? span.tags : {};
    const error = 'error' in tags;
    const status = error ? StatusCode.Error : StatusCode.Unset;
    const statusMessage =
      error && typeof tags.error === 'string' && tags.error !== 'true' ? b.intern(tags.error) : 0;
    const local = isRecord(span.localEndpoint) ? span.localEndpoint : {};
    const service = b.intern(typeof local.serviceName === 'string' ? local.serviceName : 'unknown_service');
    const name = b.intern(typeof span.name === 'string' ? span.name : '');
    let flags = error ? SpanFlag.Error : 0;
    if (span.debug === true) flags |= SpanFlag.Debug;
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
    if (parentForm === ParentForm.Odd) b.setOddParentId(row, rawParent);
    b.objects[row] = span;
    if (Array.isArray(span.annotations)) {
      for (const a of span.annotations) {
        if (isRecord(a) && typeof a.timestamp === 'number' && readMicros(a.timestamp, instant))
          b.addEvent(row, instant[0], instant[1]);
      }
    }
  }

  reader(): SpanSourceReader {
    const objects = this.builder.objects;
    const span = (ref: number) => objects[ref] as JsonRecord;
    const attributes = (ref: number): Attribute[] => spanAttributes(span(ref));
    const resource = (ref: number): Attribute[] => resourceAttributes(span(ref));
    const instant = newInstant();
    return {
      attributes,
      attribute: (ref, key) => attributes(ref).find((a) => a.key === key)?.value,
      resourceAttributes: resource,
      resourceAttribute: (ref, key) => resource(ref).find((a) => a.key === key)?.value,
      scope: () => ({ name: '', version: '', attributes: [] }),
      events: (ref) => {
        const list = span(ref).annotations;
        if (!Array.isArray(list)) return [];
        const out: SourceEvent[] = [];
        for (const a of list) {
          if (!isRecord(a) || typeof a.timestamp !== 'number') continue;
          readMicros(a.timestamp, instant);
          out.push({
            timeMajor: instant[0],
            timeMinor: instant[1],
            name: String(a.value ?? ''),
            attributes: [],
          });
        }
        return out;
      },
      links: () => [],
      traceState: () => '',
    };
  }
}

export interface ZipkinConversion {
  /** An OTLP JSON TracesData payload, one resourceSpans per local service. */
  tracesData: { resourceSpans: OtlpJsonResourceSpans[] };
  spans: number;
  /** Where each span of `tracesData` was in the input (`[3]`, `[0][2]`): by resource, then span. */
  sources: string[][];
  /** Entries skipped (not span objects), one sentence each. */
  warnings: string[];
}

/** Lowercase hex padded to `digits` (Zipkin allows 16-hex trace IDs and shorter IDs); else as given. */
function paddedHex(id: unknown, digits: number): string {
  if (typeof id !== 'string') return '';
  return id.length <= digits && /^[0-9a-fA-F]+$/.test(id) ? id.toLowerCase().padStart(digits, '0') : id;
}

/** Exact nanoseconds of a microsecond timestamp, as the decoder reads it; "0" when absent or invalid. */
function microsToNanos(us: unknown, instant: Float64Array): bigint {
  if (typeof us !== 'number' || !readMicros(us, instant)) return 0n;
  return instantToBigInt(instant[0], Math.round(instant[1]));
}

function otlpJsonValue(value: AttributeValue): OtlpJsonKeyValue['value'] {
  if (value.type === 'bool') return { boolValue: value.value };
  if (value.type === 'int') return { intValue: value.value };
  return { stringValue: value.type === 'string' ? value.value : '' };
}

function otlpJsonAttributes(attributes: Attribute[]): OtlpJsonKeyValue[] {
  return attributes.map((a) => ({ key: a.key, value: otlpJsonValue(a.value) }));
}

/**
 * Zipkin v2 JSON spans (an array, or an array of traces) as OTLP JSON, with the decoder's mapping:
 * kind, `error` tag as an error status (its text as the message unless it is "true"), tags,
 * endpoints and `shared` as attributes, annotations as events, microseconds read exactly. IDs keep
 * their value (padded to 32 and 16 hex digits); one not hex is passed on for the reader to refuse.
 */
export function zipkinToOtlp(doc: unknown): ZipkinConversion {
  const warnings: string[] = [];
  const byService = new Map<
    string,
    { resource: OtlpJsonKeyValue[]; spans: OtlpJsonSpan[]; sources: string[] }
  >();
  const instant = newInstant();
  let count = 0;
  // A list of spans, or of traces (lists of spans, as /api/v2/traces answers); nothing deeper.
  const add = (items: unknown[], path: string, nested: boolean) => {
    for (let i = 0; i < items.length; i++) {
      const s = items[i];
      if (Array.isArray(s) && !nested) {
        add(s, `${path}[${i}]`, true);
        continue;
      }
      if (!isRecord(s)) {
        warnings.push(`zipkin: ${path}[${i}]: expected a span object, got ${describeValue(s)}; skipped`);
        continue;
      }
      const start = microsToNanos(s.timestamp, instant);
      const duration = microsToNanos(s.duration, instant);
      const tags = isRecord(s.tags) ? s.tags : {};
      const error = 'error' in tags;
      const message = error && typeof tags.error === 'string' && tags.error !== 'true' ? tags.error : '';
      const events: OtlpJsonSpan['events'] = [];
      if (Array.isArray(s.annotations))
        for (const a of s.annotations)
          if (isRecord(a) && typeof a.timestamp === 'number' && readMicros(a.timestamp, instant))
            events.push({
              timeUnixNano: String(instantToBigInt(instant[0], Math.round(instant[1]))),
              name: String(a.value ?? ''),
              attributes: [],
            });
      const span: OtlpJsonSpan = {
        traceId: paddedHex(s.traceId, 32),
        spanId: paddedHex(s.id, 16),
        parentSpanId: paddedHex(s.parentId, 16),
        name: typeof s.name === 'string' ? s.name : '',
        kind: typeof s.kind === 'string' ? (KINDS[s.kind] ?? SpanKind.Unspecified) : SpanKind.Unspecified,
        startTimeUnixNano: String(start),
        endTimeUnixNano: String(start + duration),
        attributes: otlpJsonAttributes(spanAttributes(s)),
        events,
        links: [],
        status: { code: error ? StatusCode.Error : StatusCode.Unset, message },
      };
      const resource = otlpJsonAttributes(resourceAttributes(s));
      const key = JSON.stringify(resource);
      let group = byService.get(key);
      if (group === undefined) {
        group = { resource, spans: [], sources: [] };
        byService.set(key, group);
      }
      group.spans.push(span);
      group.sources.push(`${path}[${i}]`);
      count++;
    }
  };
  if (Array.isArray(doc)) add(doc, '', false);
  else warnings.push(`zipkin: expected an array of spans, got ${describeValue(doc)}`);
  const groups = [...byService.values()];
  const resourceSpans: OtlpJsonResourceSpans[] = groups.map((g) => ({
    resource: { attributes: g.resource },
    scopeSpans: [{ scope: { name: '', version: '' }, spans: g.spans }],
  }));
  return { tracesData: { resourceSpans }, spans: count, sources: groups.map((g) => g.sources), warnings };
}

// Zipkin v2 JSON: an array of spans (or of traces, from /api/v2/traces). Microsecond times, string tags,
// annotations as events. Client and server halves sharing one span ID are kept apart; the tree makes the
// SERVER half the child of the CLIENT half (model/tree.ts).

import type { TraceBuilder } from '../model/builder.ts';
import type { SourceEvent, SpanSourceReader } from '../model/details.ts';
import { IdForm, newIdHalves, readSpanId } from '../model/ids.ts';
import { newInstant, readMicros } from '../model/time.ts';
import { ParentForm } from '../model/tree.ts';
import { type Attribute, SpanFlag, SpanKind, StatusCode } from '../model/types.ts';
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
    const flags = error ? SpanFlag.Error : 0;
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
    const attributes = (ref: number): Attribute[] => {
      const s = span(ref);
      const out: Attribute[] = [];
      if (isRecord(s.tags))
        for (const [key, v] of Object.entries(s.tags))
          out.push({ key, value: { type: 'string', value: String(v) } });
      out.push(...endpointAttributes(s.remoteEndpoint, 'remote'));
      if (s.shared === true) out.push({ key: 'zipkin.shared', value: { type: 'bool', value: true } });
      return out;
    };
    const resource = (ref: number): Attribute[] => {
      const local = span(ref).localEndpoint;
      const name =
        isRecord(local) && typeof local.serviceName === 'string' ? local.serviceName : 'unknown_service';
      return [
        { key: 'service.name', value: { type: 'string', value: name } },
        ...endpointAttributes(local, 'local'),
      ];
    };
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

// OTLP protobuf straight into the span table: `TracesData` (also Tempo's `Trace` and v1 body) and Tempo
// v2's `TraceByIDResponse` (trace=1, metrics=2, status=3, message=4). Only what the table needs is read
// per span; attributes, events and links are decoded from the kept bytes when a span's details are asked
// for. See docs/decisions/0004-protobuf-wire-reader.md.

import { TraceBuilder } from '../model/builder.ts';
import type { SourceEvent, SpanSourceReader } from '../model/details.ts';
import { bytesToBase64, bytesToHex, spanIdHex } from '../model/ids.ts';
import { ParentForm } from '../model/tree.ts';
import {
  type Attribute,
  type AttributeValue,
  type DecodeResult,
  type InstrumentationScope,
  SpanFlag,
  type SpanLink,
  StatusCode,
} from '../model/types.ts';
import { BytesMap, hashBytes } from './bytes-map.ts';
import { decodeUtf8, WireError, WireReader, WireType } from './protobuf-wire.ts';
import { isTraceByIdResponse } from './trace-envelope.ts';

const UNKNOWN_SERVICE = 'unknown_service';

interface ScopeGroup {
  resourceStart: number;
  resourceEnd: number;
  scopeStart: number;
  scopeEnd: number;
}

// Capacity from the payload size (about 256 bytes a span on real data); small traces get small arrays,
// which matters when the embedded backend decodes thousands of them for one search.
export function decodeOtlpProtobuf(buf: Uint8Array): DecodeResult {
  const response = isTraceByIdResponse(buf);
  const format = response ? 'tempo-v2-protobuf' : 'otlp-protobuf';
  const decoder = new ProtobufDecoder(new TraceBuilder(format, Math.max(16, buf.length >> 8)), buf);
  let partial: string | undefined;
  try {
    if (response) partial = decoder.readTraceByIdResponse();
    else decoder.readTracesData(0, buf.length, 'resourceSpans');
  } catch (e) {
    if (!(e instanceof WireError)) throw e;
    decoder.builder.warn(
      'truncated',
      `${format}: ${decoder.path}: ${e.message}; kept the ${decoder.builder.count} spans before it`,
      {
        path: decoder.path,
      },
    );
  }
  const result = decoder.builder.finish(decoder.reader(), { partial });
  const out: DecodeResult = { format, traces: result.traces, warnings: result.warnings };
  if (result.traces.length === 0 && result.warnings.some((w) => w.kind === 'truncated')) {
    out.error = result.warnings.find((w) => w.kind === 'truncated')?.message;
  }
  return out;
}

class ProtobufDecoder {
  private readonly r: WireReader;
  private readonly groups: ScopeGroup[] = [];
  /** Path of what is being read, for warnings. */
  path = '';
  private lastTraceStart = -1;
  private lastTraceLength = 0;
  private lastTrace = -1;
  private readonly stringCache = new BytesMap<number>();
  private eventHi: number[] = [];
  private eventLo: number[] = [];

  constructor(
    readonly builder: TraceBuilder,
    private readonly buf: Uint8Array,
  ) {
    this.r = new WireReader(buf);
  }

  readTraceByIdResponse(): string | undefined {
    const r = this.r;
    let status = 0;
    let message = '';
    while (r.pos < r.end) {
      const tag = r.varint();
      const field = tag >>> 3;
      if (field === 1 && (tag & 7) === WireType.Bytes) {
        const end = r.delimitedEnd();
        this.readTracesData(r.pos, end, 'trace.resourceSpans');
        r.pos = end;
        r.end = this.buf.length;
      } else if (field === 3 && (tag & 7) === WireType.Varint) status = r.varint();
      else if (field === 4 && (tag & 7) === WireType.Bytes) {
        const end = r.delimitedEnd();
        message = decodeUtf8(this.buf, r.pos, end);
        r.pos = end;
      } else r.skip(tag & 7);
    }
    return status === 1 ? message || 'the backend returned a partial trace' : undefined;
  }

  /** Field 1 = repeated ResourceSpans, within [start, end). */
  readTracesData(start: number, end: number, name: string): void {
    const r = this.r;
    r.pos = start;
    r.end = end;
    let index = 0;
    while (r.pos < end) {
      const tag = r.varint();
      if (tag >>> 3 === 1 && (tag & 7) === WireType.Bytes) {
        const rsEnd = r.delimitedEnd();
        this.path = `${name}[${index}]`;
        this.readResourceSpans(r.pos, rsEnd, this.path);
        r.pos = rsEnd;
        r.end = end;
        index++;
      } else r.skip(tag & 7);
    }
  }

  private readResourceSpans(start: number, end: number, path: string): void {
    const r = this.r;
    r.end = end;
    let resourceStart = 0;
    let resourceEnd = 0;
    // The resource may come after its scope spans on the wire; find it first.
    while (r.pos < end) {
      const tag = r.varint();
      if (tag >>> 3 === 1 && (tag & 7) === WireType.Bytes) {
        resourceEnd = r.delimitedEnd();
        resourceStart = r.pos;
        r.pos = resourceEnd;
      } else r.skip(tag & 7);
    }
    const service = this.builder.intern(resourceService(this.buf, resourceStart, resourceEnd));
    r.pos = start;
    r.end = end;
    let scopeIndex = 0;
    while (r.pos < end) {
      const tag = r.varint();
      const field = tag >>> 3;
      if ((field === 2 || field === 1000) && (tag & 7) === WireType.Bytes) {
        const ssEnd = r.delimitedEnd();
        const ssPath = `${path}.${field === 2 ? 'scopeSpans' : 'instrumentationLibrarySpans'}[${scopeIndex++}]`;
        this.readScopeSpans(ssEnd, resourceStart, resourceEnd, service, ssPath);
        r.pos = ssEnd;
        r.end = end;
      } else r.skip(tag & 7);
    }
  }

  /** Reads one ScopeSpans message from the reader's position up to `end`. */
  private readScopeSpans(
    end: number,
    resourceStart: number,
    resourceEnd: number,
    service: number,
    path: string,
  ): void {
    const r = this.r;
    const group = this.groups.length;
    const g: ScopeGroup = { resourceStart, resourceEnd, scopeStart: 0, scopeEnd: 0 };
    this.groups.push(g);
    let spanIndex = 0;
    while (r.pos < end) {
      const tag = r.varint();
      const field = tag >>> 3;
      if (field === 1 && (tag & 7) === WireType.Bytes) {
        g.scopeEnd = r.delimitedEnd();
        g.scopeStart = r.pos;
        r.pos = g.scopeEnd;
      } else if (field === 2 && (tag & 7) === WireType.Bytes) {
        const spanEnd = r.delimitedEnd();
        this.path = `${path}.spans[${spanIndex}]`;
        this.readSpan(r.pos, spanEnd, group, service);
        spanIndex++;
        r.pos = spanEnd;
        r.end = end;
      } else r.skip(tag & 7);
    }
  }

  /** Interns a UTF-8 string by its bytes, decoding each distinct string once. */
  private internBytes(start: number, end: number): number {
    const buf = this.buf;
    const h = hashBytes(buf, start, end);
    const hit = this.stringCache.get(h, buf, start, end);
    if (hit !== undefined) return hit;
    const index = this.builder.intern(decodeUtf8(buf, start, end));
    this.stringCache.set(h, buf, start, end, index);
    return index;
  }

  private traceOf(start: number, end: number): number {
    const buf = this.buf;
    const n = end - start;
    if (n === this.lastTraceLength && this.lastTrace >= 0) {
      let same = true;
      const last = this.lastTraceStart;
      for (let i = 0; i < n; i++) {
        if (buf[start + i] !== buf[last + i]) {
          same = false;
          break;
        }
      }
      if (same) return this.lastTrace;
    }
    const path = this.path;
    const t = this.builder.traceFor(n === 0 ? '' : bytesToHex(buf, start, end), () => `${path}.traceId`);
    this.lastTraceStart = start;
    this.lastTraceLength = n;
    this.lastTrace = t;
    return t;
  }

  private readSpan(start: number, end: number, group: number, service: number): void {
    const r = this.r;
    const buf = this.buf;
    const view = r.view;
    r.end = end;
    let trace = -1;
    let idHi = 0;
    let idLo = 0;
    let oddId: string | undefined;
    let parentForm: number = ParentForm.None;
    let parentHi = 0;
    let parentLo = 0;
    let oddParent: string | undefined;
    let name = 0;
    let kind = 0;
    let startHi = 0;
    let startLo = 0;
    let endHi = 0;
    let endLo = 0;
    let status = 0;
    let statusMessage = 0;
    let flags = 0;
    let events = 0;
    while (r.pos < end) {
      const tag = r.varint();
      const field = tag >>> 3;
      const wt = tag & 7;
      switch (field) {
        case 1:
        case 2:
        case 4: {
          if (wt !== WireType.Bytes) {
            r.skip(wt);
            break;
          }
          const e = r.delimitedEnd();
          const s = r.pos;
          r.pos = e;
          if (field === 1) {
            trace = this.traceOf(s, e);
            break;
          }
          let hi = 0;
          let lo = 0;
          let odd: string | undefined;
          if (e - s === 8) {
            hi = view.getUint32(s, false);
            lo = view.getUint32(s + 4, false);
          } else if (e - s < 8) {
            for (let i = s; i < e; i++) {
              hi = ((hi << 8) | (lo >>> 24)) >>> 0;
              lo = ((lo << 8) | buf[i]) >>> 0;
            }
          } else odd = bytesToHex(buf, s, e);
          if (field === 2) {
            idHi = hi;
            idLo = lo;
            oddId = odd ?? (e === s ? '' : undefined);
          } else if (e > s) {
            parentForm = odd === undefined ? ParentForm.Id : ParentForm.Odd;
            parentHi = hi;
            parentLo = lo;
            oddParent = odd;
          }
          break;
        }
        case 5:
          if (wt === WireType.Bytes) {
            const e = r.delimitedEnd();
            name = this.internBytes(r.pos, e);
            r.pos = e;
          } else r.skip(wt);
          break;
        case 6:
          if (wt === WireType.Varint) kind = r.varint();
          else r.skip(wt);
          break;
        case 7:
        case 8:
          if (wt === WireType.Fixed64) {
            const lo = r.fixed64Lo();
            const hi = r.fixed64Hi();
            if (field === 7) {
              startLo = lo;
              startHi = hi;
            } else {
              endLo = lo;
              endHi = hi;
            }
          } else r.skip(wt);
          break;
        case 11:
          if (wt === WireType.Bytes) {
            const e = r.delimitedEnd();
            this.readEventTime(r.pos, e, events++);
            r.pos = e;
            r.end = end;
          } else r.skip(wt);
          break;
        case 13:
          flags |= SpanFlag.HasLinks;
          r.skip(wt);
          break;
        case 16:
          // W3C trace flags (fixed32): bit 0 is `sampled`; 0 says nothing (decision 0314).
          if (wt === WireType.Fixed32) {
            const traceFlags = r.fixed32();
            if (traceFlags !== 0 && !(traceFlags & 1)) flags |= SpanFlag.NotSampled;
          } else r.skip(wt);
          break;
        case 15:
          if (wt === WireType.Bytes) {
            const e = r.delimitedEnd();
            while (r.pos < e) {
              const t = r.varint();
              if (t >>> 3 === 3 && (t & 7) === WireType.Varint) status = r.varint();
              else if (t >>> 3 === 2 && (t & 7) === WireType.Bytes) {
                const me = r.delimitedEnd();
                if (me > r.pos) statusMessage = this.internBytes(r.pos, me);
                r.pos = me;
              } else r.skip(t & 7);
            }
          } else r.skip(wt);
          break;
        default:
          r.skip(wt);
      }
    }
    const b = this.builder;
    if (trace < 0) trace = this.lastTrace >= 0 ? this.lastTrace : this.traceOf(start, start);
    if (kind > 5) {
      b.warn('format', `${b.format}: ${this.path}.kind: expected a SpanKind 0–5, got ${kind}`, {
        trace,
        path: `${this.path}.kind`,
      });
      kind = 0;
    }
    if (status > 2) {
      b.warn('format', `${b.format}: ${this.path}.status.code: expected a StatusCode 0–2, got ${status}`, {
        trace,
        path: `${this.path}.status.code`,
      });
      status = 0;
    }
    if (status === StatusCode.Error) flags |= SpanFlag.Error;
    const startMajor = startHi * 4294967296;
    const duration = endHi * 4294967296 - startMajor + (endLo - startLo);
    const row = b.addSpan(
      trace,
      idHi,
      idLo,
      parentForm,
      parentHi,
      parentLo,
      startMajor,
      startLo,
      duration,
      kind,
      status,
      flags,
      service,
      name,
      statusMessage,
    );
    if (oddId !== undefined) {
      b.setOddSpanId(row, oddId);
      if (oddId !== '')
        b.warn('odd-id', `${b.format}: ${this.path}.spanId: expected 8 bytes, got ${oddId.length / 2}`, {
          row,
          path: `${this.path}.spanId`,
        });
      else
        b.warn('format', `${b.format}: ${this.path}.spanId: missing`, { row, path: `${this.path}.spanId` });
    }
    if (oddParent !== undefined) b.setOddParentId(row, oddParent);
    for (let i = 0; i < events; i++) b.addEvent(row, this.eventHi[i] * 4294967296, this.eventLo[i]);
    b.refA[row] = start;
    b.refB[row] = end;
    b.group[row] = group;
  }

  private readEventTime(start: number, end: number, i: number): void {
    const r = this.r;
    r.end = end;
    let hi = 0;
    let lo = 0;
    while (r.pos < end) {
      const tag = r.varint();
      if (tag === ((1 << 3) | WireType.Fixed64)) {
        lo = r.fixed64Lo();
        hi = r.fixed64Hi();
      } else r.skip(tag & 7);
    }
    this.eventHi[i] = hi;
    this.eventLo[i] = lo;
    r.pos = start;
  }

  reader(): SpanSourceReader {
    const buf = this.buf;
    const refA = this.builder.refA;
    const refB = this.builder.refB;
    const group = this.builder.group;
    const groups = this.groups;
    const fields = (ref: number, field: number) => delimitedFields(buf, refA[ref], refB[ref], field);
    return {
      attributes: (ref) => readAttributes(buf, refA[ref], refB[ref], 9),
      attribute: (ref, key) => findAttribute(buf, refA[ref], refB[ref], 9, key),
      resourceAttributes: (ref) => {
        const g = groups[group[ref]];
        return readAttributes(buf, g.resourceStart, g.resourceEnd, 1);
      },
      resourceAttribute: (ref, key) => {
        const g = groups[group[ref]];
        return findAttribute(buf, g.resourceStart, g.resourceEnd, 1, key);
      },
      scope: (ref) => {
        const g = groups[group[ref]];
        return readScopeMessage(buf, g.scopeStart, g.scopeEnd);
      },
      events: (ref) => readSpanEvents(buf, refA[ref], refB[ref]),
      links: (ref) => readSpanLinks(buf, refA[ref], refB[ref]),
      traceState: (ref) => {
        const [f] = fields(ref, 3);
        return f ? decodeUtf8(buf, f[0], f[1]) : '';
      },
    };
  }
}

/** [start, end) of every length-delimited occurrence of `field` in a message. */
function delimitedFields(
  buf: Uint8Array,
  start: number,
  end: number,
  field: number,
): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const r = new WireReader(buf, start, end);
  try {
    while (r.pos < end) {
      const tag = r.varint();
      if (tag >>> 3 === field && (tag & 7) === WireType.Bytes) {
        const e = r.delimitedEnd();
        out.push([r.pos, e]);
        r.pos = e;
      } else r.skip(tag & 7);
    }
  } catch (e) {
    if (!(e instanceof WireError)) throw e;
  }
  return out;
}

function readAttributes(buf: Uint8Array, start: number, end: number, field: number, depth = 0): Attribute[] {
  return delimitedFields(buf, start, end, field).map(([s, e]) => readKeyValue(buf, s, e, depth));
}

export function findAttribute(
  buf: Uint8Array,
  start: number,
  end: number,
  field: number,
  key: string,
): AttributeValue | undefined {
  for (const [s, e] of delimitedFields(buf, start, end, field)) {
    const [k] = delimitedFields(buf, s, e, 1);
    if (k && decodeUtf8(buf, k[0], k[1]) === key) return readKeyValue(buf, s, e, 0).value;
  }
  return undefined;
}

function readKeyValue(buf: Uint8Array, start: number, end: number, depth: number): Attribute {
  let key = '';
  let value: AttributeValue = { type: 'empty' };
  const r = new WireReader(buf, start, end);
  try {
    while (r.pos < end) {
      const tag = r.varint();
      if ((tag & 7) === WireType.Bytes && (tag >>> 3 === 1 || tag >>> 3 === 2)) {
        const e = r.delimitedEnd();
        if (tag >>> 3 === 1) key = decodeUtf8(buf, r.pos, e);
        else value = readAnyValue(buf, r.pos, e, depth);
        r.pos = e;
      } else r.skip(tag & 7);
    }
  } catch (e) {
    if (!(e instanceof WireError)) throw e;
  }
  return { key, value };
}

function readAnyValue(buf: Uint8Array, start: number, end: number, depth: number): AttributeValue {
  const r = new WireReader(buf, start, end);
  let value: AttributeValue = { type: 'empty' };
  try {
    while (r.pos < end) {
      const tag = r.varint();
      const field = tag >>> 3;
      const wt = tag & 7;
      if (field === 2 && wt === WireType.Varint) value = { type: 'bool', value: r.varint() !== 0 };
      else if (field === 3 && wt === WireType.Varint) value = { type: 'int', value: r.int64String() };
      else if (field === 4 && wt === WireType.Fixed64) value = { type: 'double', value: r.double() };
      else if (wt === WireType.Bytes) {
        const e = r.delimitedEnd();
        if (field === 1) value = { type: 'string', value: decodeUtf8(buf, r.pos, e) };
        else if (field === 7) value = { type: 'bytes', value: bytesToBase64(buf.subarray(r.pos, e)) };
        else if (depth >= 32) value = { type: 'string', value: '(nested too deep)' };
        else if (field === 5) {
          value = {
            type: 'array',
            value: delimitedFields(buf, r.pos, e, 1).map(([s, x]) => readAnyValue(buf, s, x, depth + 1)),
          };
        } else if (field === 6)
          value = { type: 'kvlist', value: readAttributes(buf, r.pos, e, 1, depth + 1) };
        r.pos = e;
      } else r.skip(wt);
    }
  } catch (e) {
    if (!(e instanceof WireError)) throw e;
  }
  return value;
}

/** The service of the Resource message at [start, end): its first string `service.name`, else `unknown_service`. */
export function resourceService(buf: Uint8Array, start: number, end: number): string {
  if (end > start) {
    const attrs = readAttributes(buf, start, end, 1);
    for (const a of attrs) if (a.key === 'service.name' && a.value.type === 'string') return a.value.value;
  }
  return UNKNOWN_SERVICE;
}

/** The InstrumentationScope message at [start, end) of `buf` (empty when there is none). */
export function readScopeMessage(buf: Uint8Array, start: number, end: number): InstrumentationScope {
  const scope: InstrumentationScope = { name: '', version: '', attributes: [] };
  if (end <= start) return scope;
  const [n] = delimitedFields(buf, start, end, 1);
  const [v] = delimitedFields(buf, start, end, 2);
  if (n) scope.name = decodeUtf8(buf, n[0], n[1]);
  if (v) scope.version = decodeUtf8(buf, v[0], v[1]);
  scope.attributes = readAttributes(buf, start, end, 3);
  return scope;
}

/** The events of the Span message at [start, end) of `buf`. */
export function readSpanEvents(buf: Uint8Array, start: number, end: number): SourceEvent[] {
  return delimitedFields(buf, start, end, 11).map(([s, e]) => readEvent(buf, s, e));
}

/** The links of the Span message at [start, end) of `buf`. */
export function readSpanLinks(buf: Uint8Array, start: number, end: number): SpanLink[] {
  return delimitedFields(buf, start, end, 13).map(([s, e]) => readLink(buf, s, e));
}

function readEvent(buf: Uint8Array, start: number, end: number): SourceEvent {
  const event: SourceEvent = { timeMajor: 0, timeMinor: 0, name: '', attributes: [] };
  const r = new WireReader(buf, start, end);
  try {
    while (r.pos < end) {
      const tag = r.varint();
      const field = tag >>> 3;
      if (field === 1 && (tag & 7) === WireType.Fixed64) {
        event.timeMinor = r.fixed64Lo();
        event.timeMajor = r.fixed64Hi() * 4294967296;
      } else if (field === 2 && (tag & 7) === WireType.Bytes) {
        const e = r.delimitedEnd();
        event.name = decodeUtf8(buf, r.pos, e);
        r.pos = e;
      } else if (field === 4 && (tag & 7) === WireType.Varint) event.droppedAttributesCount = r.varint();
      else r.skip(tag & 7);
    }
  } catch (e) {
    if (!(e instanceof WireError)) throw e;
  }
  event.attributes = readAttributes(buf, start, end, 3);
  return event;
}

function readLink(buf: Uint8Array, start: number, end: number): SpanLink {
  const [t] = delimitedFields(buf, start, end, 1);
  const [s] = delimitedFields(buf, start, end, 2);
  const [ts] = delimitedFields(buf, start, end, 3);
  const link: SpanLink = {
    traceId: t ? bytesToHex(buf, t[0], t[1]).padStart(32, '0') : '',
    spanId: s ? (s[1] - s[0] === 8 ? spanIdHex(...readHalves(buf, s[0])) : bytesToHex(buf, s[0], s[1])) : '',
    attributes: readAttributes(buf, start, end, 4),
  };
  if (ts && ts[1] > ts[0]) link.traceState = decodeUtf8(buf, ts[0], ts[1]);
  return link;
}

function readHalves(buf: Uint8Array, at: number): [number, number] {
  const view = new DataView(buf.buffer, buf.byteOffset + at, 8);
  return [view.getUint32(0, false), view.getUint32(4, false)];
}

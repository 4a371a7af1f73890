// OTLP JSON (resourceSpans, and legacy instrumentationLibrarySpans) into the span table. Also the body of
// Tempo's v1 `batches` / v2 `trace` envelopes and Jaeger's api_v3 `result`. IDs hex or base64, enums as
// names or numbers, 64-bit times as strings or numbers, zero-valued fields left out.

import type { TraceBuilder } from '../model/builder.ts';
import type { SourceEvent, SpanSourceReader } from '../model/details.ts';
import { IdForm, newIdHalves, readSpanId } from '../model/ids.ts';
import { newInstant, readNanosNumber, readNanosString } from '../model/time.ts';
import { ParentForm } from '../model/tree.ts';
import { type Attribute, type AttributeValue, SpanFlag, StatusCode } from '../model/types.ts';
import { describeValue, isRecord, type JsonRecord } from './json-values.ts';
import {
  otlpAnyValue,
  otlpAttribute,
  otlpAttributes,
  otlpKind,
  otlpLinks,
  otlpScope,
  otlpStatusCode,
  serviceNameOf,
} from './otlp-values.ts';

interface SpanGroup {
  resource: JsonRecord | undefined;
  scope: unknown;
}

const UNKNOWN_SERVICE = 'unknown_service';

/** What the text reader (otlp-json-scan.ts) found of one span: the fields `addSpan` reads at load. */
export interface ScannedSpan {
  traceId: string | undefined;
  spanId: string | undefined;
  parentSpanId: string | undefined;
  name: string | undefined;
  kind: string | number | undefined;
  startTimeUnixNano: string | number | undefined;
  endTimeUnixNano: string | number | undefined;
  flags: number | undefined;
  status: { code: unknown; message: unknown } | undefined;
  events: Array<{ timeUnixNano: unknown }> | undefined;
  links: readonly unknown[] | undefined;
}

export class OtlpJsonDecoder {
  private readonly groups: SpanGroup[] = [];
  private readonly halves = newIdHalves();
  private readonly instant = newInstant();
  private lastTrace = -1;
  private lastRawTraceId: string | undefined;
  /** The JSON text, when spans were read from it (their ranges in refA/refB) rather than parsed. */
  private text: string | undefined;

  constructor(private readonly builder: TraceBuilder) {}

  // ---- The text reader's entry points (otlp-json-scan.ts): the same rows, warnings and groups as
  // `addResourceSpans` over the parsed JSON.

  keepText(text: string): void {
    this.text = text;
  }

  /** The interned service of a resource (interned in the same order as `addResourceSpans`). */
  serviceOf(resource: JsonRecord | undefined): number {
    return this.builder.intern(serviceNameOf(resource?.attributes) ?? UNKNOWN_SERVICE);
  }

  addGroup(resource: JsonRecord | undefined): number {
    this.groups.push({ resource, scope: undefined });
    return this.groups.length - 1;
  }

  setGroupScope(group: number, scope: unknown): void {
    this.groups[group].scope = scope;
  }

  beginScope(path: string): void {
    this.scopePath = path;
  }

  /** One span read from the text at [from, to); its details are parsed from there on request. */
  addScannedSpan(
    span: ScannedSpan,
    group: number,
    service: number,
    index: number,
    from: number,
    to: number,
    attrFrom: number,
    attrTo: number,
  ): void {
    const b = this.builder;
    this.addSpan(span, group, service, index);
    const row = b.count - 1;
    b.objects[row] = undefined;
    b.refA[row] = from;
    b.refB[row] = to;
    if (attrTo > 0) {
      let ranges = this.attrRanges;
      if (ranges.length < 2 * (row + 1)) {
        ranges = new Uint32Array(Math.max(64, 4 * (row + 1)));
        ranges.set(this.attrRanges);
        this.attrRanges = ranges;
      }
      ranges[2 * row] = attrFrom;
      ranges[2 * row + 1] = attrTo;
    }
  }

  /** Per row, [from, to) of its plain attributes in the text (otlp-json-scan.ts); 0, 0 when not plain. */
  private attrRanges = new Uint32Array(0);

  /** Decodes a `resourceSpans` (or `batches`) array found at `path`. */
  addResourceSpans(list: unknown, path: string): void {
    const b = this.builder;
    if (!Array.isArray(list)) {
      b.warn('format', `${b.format}: ${path}: expected an array, got ${describeValue(list)}`, { path });
      return;
    }
    for (let r = 0; r < list.length; r++) {
      const rs = list[r];
      const rsPath = () => `${path}[${r}]`;
      if (!isRecord(rs)) {
        b.warn('format', `${b.format}: ${rsPath()}: expected an object, got ${describeValue(rs)}`, {
          path: rsPath(),
        });
        continue;
      }
      const resource = isRecord(rs.resource) ? rs.resource : undefined;
      const service = b.intern(serviceNameOf(resource?.attributes) ?? UNKNOWN_SERVICE);
      const scopeKey = Array.isArray(rs.scopeSpans) ? 'scopeSpans' : 'instrumentationLibrarySpans';
      const scopeList = rs[scopeKey];
      if (scopeList === undefined) continue;
      if (!Array.isArray(scopeList)) {
        const p = `${rsPath()}.scopeSpans`;
        b.warn('format', `${b.format}: ${p}: expected an array, got ${describeValue(scopeList)}`, {
          path: p,
        });
        continue;
      }
      for (let s = 0; s < scopeList.length; s++) {
        const ss = scopeList[s];
        const ssPath = () => `${rsPath()}.${scopeKey}[${s}]`;
        if (!isRecord(ss)) {
          b.warn('format', `${b.format}: ${ssPath()}: expected an object, got ${describeValue(ss)}`, {
            path: ssPath(),
          });
          continue;
        }
        const group = this.groups.length;
        this.groups.push({ resource, scope: ss.scope ?? ss.instrumentationLibrary });
        const spans = ss.spans;
        if (spans === undefined) continue;
        if (!Array.isArray(spans)) {
          const p = `${ssPath()}.spans`;
          b.warn('format', `${b.format}: ${p}: expected an array, got ${describeValue(spans)}`, { path: p });
          continue;
        }
        this.scopePath = ssPath();
        for (let i = 0; i < spans.length; i++) this.addSpan(spans[i], group, service, i);
      }
    }
  }

  /** Path of the scope spans being read; span paths are built from it only when warning. */
  private scopePath = '';
  private spanIndex = 0;

  private path(): string {
    return `${this.scopePath}.spans[${this.spanIndex}]`;
  }

  private bad(field: string, expected: string, got: unknown): void {
    const b = this.builder;
    const p = field ? `${this.path()}.${field}` : this.path();
    b.warn('format', `${b.format}: ${p}: expected ${expected}, got ${describeValue(got)}`, {
      path: p,
      trace: this.lastTrace,
    });
  }

  private addSpan(span: unknown, group: number, service: number, index: number): void {
    const b = this.builder;
    this.spanIndex = index;
    if (!isRecord(span)) {
      this.bad('', 'a span object', span);
      return;
    }
    // Trace
    const rawTraceId = span.traceId;
    let trace: number;
    // The same ID as the span before (nearly always) skips the call and its path closure.
    if (typeof rawTraceId === 'string')
      trace =
        rawTraceId === this.lastRawTraceId && this.lastTrace >= 0
          ? this.lastTrace
          : b.traceFor(rawTraceId, () => `${this.path()}.traceId`);
    else {
      if (rawTraceId !== undefined) this.bad('traceId', '32 hex chars or 16 base64 bytes', rawTraceId);
      trace = this.lastTrace >= 0 ? this.lastTrace : b.traceFor('', () => `${this.path()}.traceId`);
    }
    this.lastTrace = trace;
    this.lastRawTraceId = typeof rawTraceId === 'string' ? rawTraceId : undefined;

    // IDs
    const halves = this.halves;
    const rawSpanId = span.spanId;
    const spanIdForm = readSpanId(typeof rawSpanId === 'string' ? rawSpanId : '', halves);
    const idHi = halves[0];
    const idLo = halves[1];
    if (
      spanIdForm === IdForm.Odd ||
      (spanIdForm === IdForm.Empty && rawSpanId !== undefined && typeof rawSpanId !== 'string')
    ) {
      this.bad('spanId', '16 hex chars or 8 base64 bytes', rawSpanId);
    } else if (spanIdForm === IdForm.Empty) {
      b.warn('format', `${b.format}: ${this.path()}.spanId: missing`, {
        path: `${this.path()}.spanId`,
        trace,
      });
    }
    const rawParent = span.parentSpanId;
    let parentForm: number = ParentForm.None;
    let parentHi = 0;
    let parentLo = 0;
    if (typeof rawParent === 'string' && rawParent.length > 0) {
      const f = readSpanId(rawParent, halves);
      if (f === IdForm.Odd) parentForm = ParentForm.Odd;
      else {
        parentForm = ParentForm.Id;
        parentHi = halves[0];
        parentLo = halves[1];
      }
    } else if (rawParent !== undefined && rawParent !== null && typeof rawParent !== 'string') {
      this.bad('parentSpanId', '16 hex chars or 8 base64 bytes', rawParent);
    }

    // Times
    const instant = this.instant;
    // A missing time is proto3's zero; the builder places zero-start spans at the trace start.
    const rawStart = span.startTimeUnixNano;
    if (!this.readTime(rawStart) && rawStart !== undefined)
      this.bad('startTimeUnixNano', 'decimal nanoseconds', rawStart);
    const startMajor = instant[0];
    const startMinor = instant[1];
    let duration = 0;
    const rawEnd = span.endTimeUnixNano;
    if (this.readTime(rawEnd)) duration = instant[0] - startMajor + (instant[1] - startMinor);
    else if (rawEnd !== undefined) this.bad('endTimeUnixNano', 'decimal nanoseconds', rawEnd);

    // Kind, status, name
    let kind = otlpKind(span.kind);
    if (kind < 0) {
      this.bad('kind', 'a SpanKind name or number', span.kind);
      kind = 0;
    }
    let status = 0;
    let statusMessage = 0;
    const st = span.status;
    if (isRecord(st)) {
      status = otlpStatusCode(st.code);
      if (status < 0) {
        this.bad('status.code', 'a StatusCode name or number', st.code);
        status = 0;
      }
      if (typeof st.message === 'string' && st.message) statusMessage = b.intern(st.message);
    } else if (st !== undefined && st !== null) this.bad('status', 'an object', st);
    let name = 0;
    if (typeof span.name === 'string') name = b.intern(span.name);
    else if (span.name !== undefined) this.bad('name', 'a string', span.name);

    let flags = status === StatusCode.Error ? SpanFlag.Error : 0;
    if (Array.isArray(span.links) && span.links.length > 0) flags |= SpanFlag.HasLinks;
    // W3C trace flags: bit 0 is `sampled`; 0 (or absent) says nothing (decision 0314).
    if (typeof span.flags === 'number' && span.flags !== 0 && !(span.flags & 1)) flags |= SpanFlag.NotSampled;

    const row = b.addSpan(
      trace,
      idHi,
      idLo,
      parentForm,
      parentHi,
      parentLo,
      startMajor,
      startMinor,
      duration,
      kind,
      status,
      flags,
      service,
      name,
      statusMessage,
    );
    if (spanIdForm === IdForm.Odd) b.setOddSpanId(row, String(rawSpanId));
    else if (spanIdForm === IdForm.Empty) b.setOddSpanId(row, '');
    if (parentForm === ParentForm.Odd) b.setOddParentId(row, rawParent as string);
    b.group[row] = group;
    b.objects[row] = span;

    const events = span.events;
    if (Array.isArray(events)) {
      for (let e = 0; e < events.length; e++) {
        const ev = events[e];
        if (isRecord(ev) && this.readTime(ev.timeUnixNano)) b.addEvent(row, instant[0], instant[1]);
        else
          b.warn(
            'format',
            `${b.format}: ${this.path()}.events[${e}].timeUnixNano: expected decimal nanoseconds`,
            {
              row,
              path: `${this.path()}.events[${e}]`,
            },
          );
      }
    } else if (events !== undefined) this.bad('events', 'an array', events);
  }

  private readTime(v: unknown): boolean {
    if (typeof v === 'string') return readNanosString(v, this.instant);
    if (typeof v === 'number') return readNanosNumber(v, this.instant);
    this.instant[0] = 0;
    this.instant[1] = 0;
    return false;
  }

  reader(): SpanSourceReader {
    const objects = this.builder.objects;
    const group = this.builder.group;
    const groups = this.groups;
    const text = this.text;
    const from = this.builder.refA;
    const to = this.builder.refB;
    // Spans read from the text are parsed from their range the first time their details are asked for.
    const ranges = this.attrRanges;
    /** Whether the row's attributes are plain (otlp-json-scan.ts): read from the text, never parsed. */
    const plain = (ref: number): boolean =>
      text !== undefined && 2 * ref + 1 < ranges.length && ranges[2 * ref + 1] !== 0;
    // Spans read from the text are parsed from their range the first time their details are asked for;
    // plain attributes are left out of that parse and decoded from the text (decision 0361).
    const span = (ref: number): JsonRecord => {
      let o = objects[ref];
      if (o === undefined && text !== undefined) {
        o = plain(ref)
          ? JSON.parse(
              `${text.slice(from[ref], ranges[2 * ref])}[]${text.slice(ranges[2 * ref + 1], to[ref])}`,
            )
          : JSON.parse(text.slice(from[ref], to[ref]));
        objects[ref] = o;
      }
      return o as JsonRecord;
    };
    const instant = newInstant();
    return {
      attributes: (ref) =>
        plain(ref)
          ? plainAttributes(text as string, ranges[2 * ref], ranges[2 * ref + 1])
          : otlpAttributes(span(ref).attributes),
      // One key is looked up in the plain attributes' text.
      attribute: (ref, key) =>
        plain(ref)
          ? plainAttribute(text as string, ranges[2 * ref], ranges[2 * ref + 1], key)
          : otlpAttribute(span(ref).attributes, key),
      resourceAttributes: (ref) => otlpAttributes(groups[group[ref]].resource?.attributes),
      resourceAttribute: (ref, key) => otlpAttribute(groups[group[ref]].resource?.attributes, key),
      scope: (ref) => otlpScope(groups[group[ref]].scope),
      events: (ref) => {
        const list = span(ref).events;
        if (!Array.isArray(list)) return [];
        const out: SourceEvent[] = [];
        for (const ev of list) {
          if (!isRecord(ev)) continue;
          const t = ev.timeUnixNano;
          if (typeof t === 'string') readNanosString(t, instant);
          else if (typeof t === 'number') readNanosNumber(t, instant);
          else continue;
          const event: SourceEvent = {
            timeMajor: instant[0],
            timeMinor: instant[1],
            name: typeof ev.name === 'string' ? ev.name : '',
            attributes: otlpAttributes(ev.attributes),
          };
          if (typeof ev.droppedAttributesCount === 'number')
            event.droppedAttributesCount = ev.droppedAttributesCount;
          out.push(event);
        }
        return out;
      },
      links: (ref) => otlpLinks(span(ref).links),
      traceState: (ref) => {
        const ts = span(ref).traceState;
        return typeof ts === 'string' ? ts : '';
      },
    };
  }
}

/** `"` and `\\`: a key holding either cannot be spelled in a plain list as searched. */
const QUOTE_OR_BACKSLASH = /["\\]/;

/**
 * `otlpAttribute` over a plain attribute list (otlp-json-scan.ts) without parsing it: the first
 * element whose key is `key`, found by searching the text; only its value is parsed.
 */
export function plainAttribute(
  text: string,
  from: number,
  to: number,
  key: string,
): AttributeValue | undefined {
  if (QUOTE_OR_BACKSLASH.test(key)) return otlpAttribute(JSON.parse(text.slice(from, to)), key);
  const needle = `{"key":"${key}","value":`;
  // Searched within the list only: `indexOf` from `from` would scan the rest of the text for a key
  // the span lacks, once per span (quadratic; a 12 MB dataset took 20 s a query). The slice is a
  // view in V8, not a copy.
  const found = text.slice(from, to).indexOf(needle);
  if (found < 0) return undefined;
  const start = from + found + needle.length;
  return plainValue(text, start, valueEnd(text, start));
}

const DECIMAL = /^-?\d+$/;

/**
 * `otlpAttributes` over a plain attribute list, straight from the text: strings, booleans, doubles and
 * decimal ints built here as `otlpAnyValue` builds them; any other value is parsed and handed to it.
 */
export function plainAttributes(text: string, from: number, to: number): Attribute[] {
  const out: Attribute[] = [];
  // Each element is exactly `{"key":"…","value":{"<kind>":<scalar or array>}}`.
  let p = from + 1;
  while (p < to - 1) {
    const keyEnd = text.indexOf('"', p + 8);
    const key = text.slice(p + 8, keyEnd);
    const v = keyEnd + 10; // past `","value":` … the value's `{`
    const end = valueEnd(text, v);
    out.push({ key, value: plainValue(text, v, end) });
    p = end + 2; // past the element's `}` and the `,`
  }
  return out;
}

/** The value object at [v, end) of a plain list, as `otlpAnyValue(JSON.parse(…))` reads it. */
function plainValue(text: string, v: number, end: number): AttributeValue {
  const kindEnd = text.indexOf('"', v + 2);
  const a = kindEnd + 2;
  const b = end - 1;
  const c = text.charCodeAt(a);
  const kind = text.slice(v + 2, kindEnd);
  if (kind === 'stringValue' && c === 34) return { type: 'string', value: text.slice(a + 1, b - 1) };
  if (kind === 'intValue' && c === 34) {
    const digits = text.slice(a + 1, b - 1);
    return DECIMAL.test(digits) ? { type: 'int', value: digits } : { type: 'string', value: digits };
  }
  if (kind === 'boolValue' && (c === 116 || c === 102)) return { type: 'bool', value: c === 116 };
  if (kind === 'doubleValue' && (c === 45 || (c >= 48 && c <= 57)))
    return { type: 'double', value: Number(text.slice(a, b)) };
  return otlpAnyValue(JSON.parse(text.slice(v, end)));
}

/** End of the object value at `start` in a plain list: brackets counted, strings hold no `\\`. */
function valueEnd(text: string, start: number): number {
  let depth = 0;
  let i = start;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 34) i = text.indexOf('"', i + 1);
    else if (c === 123 || c === 91) depth++;
    else if ((c === 125 || c === 93) && --depth === 0) return i + 1;
    i++;
  }
}

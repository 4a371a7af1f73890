// A hand-written reader for OTLP JSON documents (Tempo's v1 `batches` and v2 `trace` envelopes,
// Jaeger api_v3's `result`, and bare `resourceSpans`): it reads the fields the span table needs straight from the text and keeps each
// span's text range, so no object graph is built or kept (decision 0360). A span's details are parsed
// from its range on first request. Anything outside the strict, common case (pretty-printed or
// control characters in the text, a key repeated or escaped, a field of an unexpected type, another
// envelope) returns undefined and the caller decodes with `JSON.parse` + walk instead, so warnings and
// errors always come from one place. The test holds the two to the same tables on every fixture.

import { SpanIdIndex } from '../model/span-index.ts';
import type { DecodeResult } from '../model/types.ts';
import { JsonSession } from './json-payload.ts';
import type { JsonRecord } from './json-values.ts';
import type { OtlpJsonDecoder, ScannedSpan } from './otlp-json.ts';

/** Thrown (one shared value) to give up on the text; never escapes `scanOtlpJson`. */
const BAIL = { bail: true };

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;

const IN_OBJECT = 1;
const IN_ARRAY = 2;

/** `links` as the walk sees them: only whether there are any is read at load. */
const SOME_LINKS: readonly unknown[] = [true];
const NO_LINKS: readonly unknown[] = [];

// A span's `attributes` in the plain form (decision 0361): compact, every element exactly
// `{"key":…,"value":{"<kind>Value":…}}` (or an `arrayValue` of such values), no backslash in any
// string. Matched by one sticky regular expression instead of token by token; its grammar is a subset
// of JSON's, so a match is valid JSON. No `{"key":` can occur inside such a list but at an element's
// start, which lets one key be found by searching the text (`plainAttribute`).
const STR = '"[^"\\\\]*"';
const NUM = '-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?';
const SCALAR = `(?:${STR}|${NUM}|true|false|null)`;
const FLAT_VALUE = `\\{"(?:stringValue|intValue|doubleValue|boolValue|bytesValue)":${SCALAR}\\}`;
const ARRAY_VALUE = `\\{"arrayValue":\\{"values":\\[(?:${FLAT_VALUE}(?:,${FLAT_VALUE})*)?\\]\\}\\}`;
const ELEMENT = `\\{"key":${STR},"value":(?:${FLAT_VALUE}|${ARRAY_VALUE})\\}`;
const PLAIN_ATTRIBUTES = new RegExp(`\\[(?:${ELEMENT}(?:,${ELEMENT})*)?\\]`, 'y');

/** A control character (raw newlines and tabs included): such text is left to `JSON.parse`. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const CONTROL = /[\u0000-\u001f]/g;

/**
 * Below this many chars (about 8,500 spans of Tempo JSON) `JSON.parse` + walk is as fast or faster in
 * a fresh worker: the reader's code is still being compiled when a smaller text ends (measured cold,
 * decisions 0360 and 0361; once warm the reader is faster at any size).
 */
export const SCAN_MIN_CHARS = 6 * 2 ** 20;

/**
 * Decodes an OTLP JSON text by scanning its text; undefined when it is shorter than `minChars` or
 * not the plain case.
 */
export function scanOtlpJson(
  text: string,
  expectedSpans: number,
  minChars = SCAN_MIN_CHARS,
): DecodeResult | undefined {
  if (text.length < minChars || !plainText(text)) return undefined;
  keepShapes();
  try {
    return new Scanner(text, expectedSpans).readAll();
  } catch (e) {
    if (e === BAIL) return undefined;
    throw e;
  }
}

/**
 * A two-span text read once and kept, with all it built. V8's optimized code for the reader (and the
 * decoder and builder it feeds) holds the maps of their objects weakly: when every such object is
 * garbage, a full collection frees the maps and throws that code away ("weak objects" deopts), so
 * each later text was read by unoptimized code again (decision 0361). Keeping one small instance of
 * each alive keeps the maps.
 */
let pilot: { scanner: Scanner; result: DecodeResult; index: SpanIdIndex } | null | undefined;

const PILOT_SPAN = (id: string, more: string) =>
  `{"traceId":"W47/95gDgQPSabYzgT/HAA==","spanId":"${id}",${more}"name":"GET \\"/a\\"","kind":"SPAN_KIND_SERVER","startTimeUnixNano":"1700000000000000000","endTimeUnixNano":"1700000000000001000","attributes":[{"key":"k","value":{"stringValue":"v"}},{"key":"n","value":{"intValue":"7"}}],"status":{"code":"STATUS_CODE_ERROR","message":"m"}}`;
const PILOT_TEXT = `{"trace":{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"pilot"}}]},"scopeSpans":[{"scope":{"name":"s"},"spans":[${PILOT_SPAN('AAAAAAAAAAE=', '"flags":1,')},${PILOT_SPAN('AAAAAAAAAAI=', '"parentSpanId":"AAAAAAAAAAE=","events":[{"timeUnixNano":"1700000000000000500","name":"e"}],"links":[{"traceId":"W47/95gDgQPSabYzgT/HAA==","spanId":"AAAAAAAAAAM="}],')}]}]}]}}`;

function keepShapes(): void {
  if (pilot !== undefined) return;
  const scanner = new Scanner(PILOT_TEXT, 16);
  // The tree's ID index is built and dropped inside `finish`: one kept for the same reason.
  const index = new SpanIdIndex(new Uint32Array(1), new Uint32Array(1), 1);
  try {
    pilot = { scanner, result: scanner.readAll(), index };
  } catch {
    // Never: the test reads PILOT_TEXT. Without the pilot the reader is only slower.
    pilot = null;
  }
}

/** The kept pilot (for the test that it is read by the reader itself). */
export function pilotResult(): DecodeResult | undefined {
  keepShapes();
  return pilot?.result;
}

/** No control character inside the text, and every backslash a valid JSON escape. */
function plainText(s: string): boolean {
  let start = 0;
  while (start < s.length && isSpace(s.charCodeAt(start))) start++;
  let end = s.length;
  while (end > start && isSpace(s.charCodeAt(end - 1))) end--;
  CONTROL.lastIndex = start;
  const m = CONTROL.exec(s);
  CONTROL.lastIndex = 0;
  if (m && m.index < end) return false;
  for (let i = s.indexOf('\\', start); i >= 0; i = s.indexOf('\\', i)) {
    const c = s.charCodeAt(i + 1);
    // " \ / b f n r t
    if (c === 34 || c === 92 || c === 47 || c === 98 || c === 102 || c === 110 || c === 114 || c === 116)
      i += 2;
    else if (c === 117 /* u */) {
      for (let k = 2; k < 6; k++) if (!isHex(s.charCodeAt(i + k))) return false;
      i += 6;
    } else return false;
  }
  return true;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

class Scanner {
  private pos = 0;
  private readonly session: JsonSession;
  /** The value of the last `readString` / `readPrimitive`. */
  private value: unknown;
  /** The first backslash at or after some earlier position (`s.length` when none): see `hasEscape`. */
  private backslash = -1;

  constructor(
    private readonly s: string,
    expectedSpans: number,
  ) {
    this.session = new JsonSession(expectedSpans);
  }

  readAll(): DecodeResult {
    const s = this.s;
    this.ws();
    this.expect(OPEN_BRACE);
    let seen = 0;
    let data = false;
    let status: unknown;
    let message: unknown;
    let v2 = false;
    if (!this.emptyObject()) {
      do {
        const key = this.key();
        if (key === 'resourceSpans' || key === 'batches' || key === 'trace' || key === 'result') {
          if (data) throw BAIL;
          data = true;
          if (key === 'trace') {
            v2 = true;
            this.traceEnvelope();
          } else if (key === 'result') this.resultEnvelope();
          else {
            const format = key === 'batches' ? 'tempo-v1-json' : 'otlp-json';
            this.resourceSpans(this.session.otlp(format), key);
          }
        } else if (key === 'status' || key === 'message') {
          const bit = key === 'status' ? 1 : 2;
          if (seen & bit) throw BAIL;
          seen |= bit;
          this.readPrimitive();
          if (key === 'status') status = this.value;
          else message = this.value;
        } else if (key === 'metrics') {
          if (seen & 4) throw BAIL;
          seen |= 4;
          this.skipValue();
        } else throw BAIL;
      } while (this.next(CLOSE_BRACE));
    }
    this.ws();
    if (this.pos !== s.length || !data) throw BAIL;
    // Only the v2 envelope's status and message mean anything (as json-payload.ts reads them).
    if (!v2 && seen & 3) throw BAIL;
    if (v2 && (status === 'PARTIAL' || status === 1))
      this.session.partial =
        typeof message === 'string' && message ? message : 'the backend returned a partial trace';
    return this.session.finish('json');
  }

  private traceEnvelope(): void {
    const decoder = this.session.otlp('tempo-v2-json');
    this.ws();
    this.expect(OPEN_BRACE);
    if (this.emptyObject()) return;
    let data = false;
    do {
      const key = this.key();
      if (key === 'resourceSpans' || key === 'batches') {
        if (data) throw BAIL;
        data = true;
        this.resourceSpans(decoder, `trace.${key}`);
      } else throw BAIL;
    } while (this.next(CLOSE_BRACE));
  }

  /** Jaeger api_v3's `{"result":{"resourceSpans":…}}`; no decoder when it holds none (as the walk). */
  private resultEnvelope(): void {
    this.ws();
    this.expect(OPEN_BRACE);
    if (this.emptyObject()) return;
    let data = false;
    do {
      const key = this.key();
      if (key !== 'resourceSpans' || data) throw BAIL;
      data = true;
      this.resourceSpans(this.session.otlp('jaeger-api-v3-json'), 'result.resourceSpans');
    } while (this.next(CLOSE_BRACE));
  }

  private resourceSpans(decoder: OtlpJsonDecoder, path: string): void {
    decoder.keepText(this.s);
    this.ws();
    this.expect(OPEN_BRACKET);
    if (this.emptyArray()) return;
    let r = 0;
    do {
      this.resourceSpansEntry(decoder, `${path}[${r}]`);
      r++;
    } while (this.next(CLOSE_BRACKET));
  }

  private resourceSpansEntry(decoder: OtlpJsonDecoder, path: string): void {
    this.ws();
    this.expect(OPEN_BRACE);
    let resource: JsonRecord | undefined;
    let service = -1;
    let seen = 0;
    if (!this.emptyObject()) {
      do {
        const key = this.key();
        if (key === 'resource') {
          if (seen & 1 || service >= 0) throw BAIL;
          seen |= 1;
          resource = this.parseObject();
        } else if (key === 'scopeSpans' || key === 'instrumentationLibrarySpans') {
          if (seen & 2) throw BAIL;
          seen |= 2;
          if (service < 0) service = decoder.serviceOf(resource);
          this.scopeSpansList(decoder, resource, service, `${path}.${key}`);
        } else this.skipValue();
      } while (this.next(CLOSE_BRACE));
    }
    if (service < 0) decoder.serviceOf(resource);
  }

  private scopeSpansList(
    decoder: OtlpJsonDecoder,
    resource: JsonRecord | undefined,
    service: number,
    path: string,
  ): void {
    this.ws();
    this.expect(OPEN_BRACKET);
    if (this.emptyArray()) return;
    let i = 0;
    do {
      this.scopeSpans(decoder, resource, service, `${path}[${i}]`);
      i++;
    } while (this.next(CLOSE_BRACKET));
  }

  private scopeSpans(
    decoder: OtlpJsonDecoder,
    resource: JsonRecord | undefined,
    service: number,
    path: string,
  ): void {
    this.ws();
    this.expect(OPEN_BRACE);
    const group = decoder.addGroup(resource);
    if (this.emptyObject()) return;
    let seen = 0;
    do {
      const key = this.key();
      if (key === 'scope' || key === 'instrumentationLibrary') {
        if (seen & 1) throw BAIL;
        seen |= 1;
        decoder.setGroupScope(group, this.parseObject());
      } else if (key === 'spans') {
        if (seen & 2) throw BAIL;
        seen |= 2;
        decoder.beginScope(path);
        this.spans(decoder, group, service);
      } else this.skipValue();
    } while (this.next(CLOSE_BRACE));
  }

  private spans(decoder: OtlpJsonDecoder, group: number, service: number): void {
    this.ws();
    this.expect(OPEN_BRACKET);
    if (this.emptyArray()) return;
    let index = 0;
    do {
      this.span(decoder, group, service, index++);
    } while (this.next(CLOSE_BRACKET));
  }

  private span(decoder: OtlpJsonDecoder, group: number, service: number, index: number): void {
    const s = this.s;
    this.ws();
    const from = this.pos;
    this.expect(OPEN_BRACE);
    const span: ScannedSpan = {
      traceId: undefined,
      spanId: undefined,
      parentSpanId: undefined,
      name: undefined,
      kind: undefined,
      startTimeUnixNano: undefined,
      endTimeUnixNano: undefined,
      flags: undefined,
      status: undefined,
      events: undefined,
      links: undefined,
    };
    // The plain attributes' range (decision 0361); none when attrTo is 0.
    let attrFrom = 0;
    let attrTo = 0;
    if (!this.emptyObject()) {
      let seen = 0;
      do {
        const k = this.keyStart();
        const len = this.pos - k - 2;
        this.colon();
        // Known keys by length, then compared in place (no string per key).
        let bit = 0;
        if (len === 7 && s.startsWith('traceId', k + 1)) {
          bit = 1;
          span.traceId = this.readString();
        } else if (len === 6 && s.startsWith('spanId', k + 1)) {
          bit = 2;
          span.spanId = this.readString();
        } else if (len === 12 && s.startsWith('parentSpanId', k + 1)) {
          bit = 4;
          span.parentSpanId = this.readString();
        } else if (len === 4 && s.startsWith('name', k + 1)) {
          bit = 8;
          span.name = this.readString();
        } else if (len === 4 && s.startsWith('kind', k + 1)) {
          bit = 16;
          span.kind = this.readStringOrNumber();
        } else if (len === 17 && s.startsWith('startTimeUnixNano', k + 1)) {
          bit = 32;
          span.startTimeUnixNano = this.readStringOrNumber();
        } else if (len === 15 && s.startsWith('endTimeUnixNano', k + 1)) {
          bit = 64;
          span.endTimeUnixNano = this.readStringOrNumber();
        } else if (len === 5 && s.startsWith('flags', k + 1)) {
          bit = 128;
          this.readPrimitive();
          if (typeof this.value !== 'number') throw BAIL;
          span.flags = this.value;
        } else if (len === 6 && s.startsWith('status', k + 1)) {
          bit = 256;
          span.status = this.status();
        } else if (len === 6 && s.startsWith('events', k + 1)) {
          bit = 512;
          span.events = this.events();
        } else if (len === 5 && s.startsWith('links', k + 1)) {
          bit = 1024;
          span.links = this.links();
        } else if (len === 10 && s.startsWith('traceState', k + 1)) {
          bit = 2048;
          this.readString();
        } else if (len === 10 && s.startsWith('attributes', k + 1)) {
          bit = 4096;
          this.ws();
          attrFrom = this.pos;
          PLAIN_ATTRIBUTES.lastIndex = attrFrom;
          if (PLAIN_ATTRIBUTES.test(s)) this.pos = attrTo = PLAIN_ATTRIBUTES.lastIndex;
          else this.skipValue();
        } else this.skipValue();
        if (seen & bit) throw BAIL;
        seen |= bit;
      } while (this.next(CLOSE_BRACE));
    }
    decoder.addScannedSpan(span, group, service, index, from, this.pos, attrFrom, attrTo);
  }

  private status(): { code: unknown; message: unknown } {
    this.ws();
    this.expect(OPEN_BRACE);
    const st = { code: undefined as unknown, message: undefined as unknown };
    if (this.emptyObject()) return st;
    let seen = 0;
    do {
      const key = this.key();
      if (key === 'code') {
        if (seen & 1) throw BAIL;
        seen |= 1;
        st.code = this.readStringOrNumber();
      } else if (key === 'message') {
        if (seen & 2) throw BAIL;
        seen |= 2;
        st.message = this.readString();
      } else this.skipValue();
    } while (this.next(CLOSE_BRACE));
    return st;
  }

  private events(): Array<{ timeUnixNano: unknown }> {
    this.ws();
    this.expect(OPEN_BRACKET);
    const out: Array<{ timeUnixNano: unknown }> = [];
    if (this.emptyArray()) return out;
    do {
      this.ws();
      this.expect(OPEN_BRACE);
      const ev = { timeUnixNano: undefined as unknown };
      if (!this.emptyObject()) {
        let seen = false;
        do {
          const key = this.key();
          if (key === 'timeUnixNano') {
            if (seen) throw BAIL;
            seen = true;
            ev.timeUnixNano = this.readStringOrNumber();
          } else this.skipValue();
        } while (this.next(CLOSE_BRACE));
      }
      out.push(ev);
    } while (this.next(CLOSE_BRACKET));
    return out;
  }

  private links(): readonly unknown[] {
    this.ws();
    this.expect(OPEN_BRACKET);
    if (this.emptyArray()) return NO_LINKS;
    do this.skipValue();
    while (this.next(CLOSE_BRACKET));
    return SOME_LINKS;
  }

  // ---- tokens

  private ws(): void {
    const s = this.s;
    let i = this.pos;
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else break;
    }
    this.pos = i;
  }

  private expect(c: number): void {
    if (this.s.charCodeAt(this.pos) !== c) throw BAIL;
    this.pos++;
  }

  /** After `{`: true (and past `}`) when the object is empty. */
  private emptyObject(): boolean {
    this.ws();
    if (this.s.charCodeAt(this.pos) !== CLOSE_BRACE) return false;
    this.pos++;
    return true;
  }

  private emptyArray(): boolean {
    this.ws();
    if (this.s.charCodeAt(this.pos) !== CLOSE_BRACKET) return false;
    this.pos++;
    return true;
  }

  /** After a member: true past a `,`, false past `close`. */
  private next(close: number): boolean {
    this.ws();
    const c = this.s.charCodeAt(this.pos++);
    if (c === COMMA) return true;
    if (c === close) return false;
    throw BAIL;
  }

  private colon(): void {
    this.ws();
    this.expect(COLON);
  }

  /** Reads a key without escapes and the colon after it; returns the key. */
  private key(): string {
    const k = this.keyStart();
    const key = this.s.slice(k + 1, this.pos - 1);
    this.colon();
    return key;
  }

  /** Skips a key string (no escapes allowed) and returns where it started. */
  private keyStart(): number {
    this.ws();
    const k = this.pos;
    this.skipString();
    if (this.hasEscape(k, this.pos)) throw BAIL;
    return k;
  }

  /** Whether a backslash lies in [from, to); positions only grow, so the search never goes back. */
  private hasEscape(from: number, to: number): boolean {
    if (this.backslash < from) {
      const i = this.s.indexOf('\\', from);
      this.backslash = i < 0 ? this.s.length : i;
    }
    return this.backslash < to;
  }

  /** Moves past the string at `pos`. */
  private skipString(): void {
    const s = this.s;
    const start = this.pos;
    if (s.charCodeAt(start) !== QUOTE) throw BAIL;
    let j = s.indexOf('"', start + 1);
    for (;;) {
      if (j < 0) throw BAIL;
      let k = j - 1;
      while (s.charCodeAt(k) === BACKSLASH) k--;
      if ((j - 1 - k) % 2 === 0) break;
      j = s.indexOf('"', j + 1);
    }
    this.pos = j + 1;
  }

  private readString(): string {
    this.ws();
    const start = this.pos;
    this.skipString();
    const s = this.s;
    const end = this.pos;
    return this.hasEscape(start, end)
      ? (JSON.parse(s.slice(start, end)) as string)
      : s.slice(start + 1, end - 1);
  }

  private readStringOrNumber(): string | number {
    this.readPrimitive();
    const v = this.value;
    if (typeof v !== 'string' && typeof v !== 'number') throw BAIL;
    return v;
  }

  /** A string, number, true, false or null into `value`. */
  private readPrimitive(): void {
    this.ws();
    const s = this.s;
    const c = s.charCodeAt(this.pos);
    if (c === QUOTE) this.value = this.readString();
    else if (c === 45 || isDigit(c)) {
      const start = this.pos;
      this.skipNumber();
      this.value = Number(s.slice(start, this.pos));
    } else if (s.startsWith('true', this.pos)) {
      this.pos += 4;
      this.value = true;
    } else if (s.startsWith('false', this.pos)) {
      this.pos += 5;
      this.value = false;
    } else if (s.startsWith('null', this.pos)) {
      this.pos += 4;
      this.value = null;
    } else throw BAIL;
  }

  private skipNumber(): void {
    const s = this.s;
    let i = this.pos;
    if (s.charCodeAt(i) === 45) i++;
    const first = s.charCodeAt(i);
    if (first === 48) i++;
    else if (first >= 49 && first <= 57) while (isDigit(s.charCodeAt(i))) i++;
    else throw BAIL;
    if (s.charCodeAt(i) === 46 /* . */) {
      i++;
      if (!isDigit(s.charCodeAt(i))) throw BAIL;
      while (isDigit(s.charCodeAt(i))) i++;
    }
    const e = s.charCodeAt(i);
    if (e === 101 || e === 69) {
      i++;
      const sign = s.charCodeAt(i);
      if (sign === 43 || sign === 45) i++;
      if (!isDigit(s.charCodeAt(i))) throw BAIL;
      while (isDigit(s.charCodeAt(i))) i++;
    }
    this.pos = i;
  }

  /** An object value, parsed (resources and scopes: a few per text). */
  private parseObject(): JsonRecord {
    this.ws();
    const start = this.pos;
    if (this.s.charCodeAt(start) !== OPEN_BRACE) throw BAIL;
    this.skipValue();
    return JSON.parse(this.s.slice(start, this.pos)) as JsonRecord;
  }

  /** Moves past any JSON value, checking its grammar; nesting is followed without recursion. */
  private skipValue(): void {
    const s = this.s;
    const stack: number[] = [];
    for (;;) {
      // A value.
      this.ws();
      const c = s.charCodeAt(this.pos);
      if (c === OPEN_BRACE) {
        this.pos++;
        if (!this.emptyObject()) {
          stack.push(IN_OBJECT);
          this.keyStartAnyKey();
          continue;
        }
      } else if (c === OPEN_BRACKET) {
        this.pos++;
        if (!this.emptyArray()) {
          stack.push(IN_ARRAY);
          continue;
        }
      } else if (c === QUOTE) this.skipString();
      else if (c === 45 || isDigit(c)) this.skipNumber();
      else if (s.startsWith('true', this.pos) || s.startsWith('null', this.pos)) this.pos += 4;
      else if (s.startsWith('false', this.pos)) this.pos += 5;
      else throw BAIL;
      // After a value: close containers until one has a next member.
      for (;;) {
        const top = stack.length;
        if (top === 0) return;
        const inObject = stack[top - 1] === IN_OBJECT;
        if (this.next(inObject ? CLOSE_BRACE : CLOSE_BRACKET)) {
          if (inObject) this.keyStartAnyKey();
          break;
        }
        stack.pop();
      }
    }
  }

  /** A member's key (any string) and its colon, inside a skipped value. */
  private keyStartAnyKey(): void {
    this.ws();
    this.skipString();
    this.colon();
  }
}

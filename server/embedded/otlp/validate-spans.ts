// The one check between a decoded export request (JSON or protobuf) and the store: every numeric field
// within its protobuf type's range, every ID of its length, every enum one OTLP defines. A pure pass: it
// returns the spans to store and the refusals, and changes nothing. A problem in a resource or scope
// refuses all its spans; a problem in a span refuses that span (OTLP partial success). Paths name the
// field as OTLP JSON does, with the request's own indices. See
// docs/decisions/0200-ingest-refuses-what-it-cannot-store.md.

import {
  type OtlpAnyValue,
  type OtlpKeyValue,
  type OtlpResourceSpans,
  type OtlpScopeSpans,
  type OtlpSpan,
  SPAN_KIND_NAMES,
  STATUS_CODE_NAMES,
} from './types.ts';

/**
 * Problems the decoder met (JSON text that is no number, an unknown enum name), keyed by the decoded
 * resource spans, scope spans or span they belong to; each a full "path: reason" message.
 */
export type DecodeProblems = ReadonlyMap<object, string>;

export interface ValidatedTraces {
  /** The accepted spans only (new arrays; the input is not changed). */
  batches: OtlpResourceSpans[];
  acceptedSpans: number;
  rejectedSpans: number;
  /** The first refusal, "path: reason". */
  firstRejection?: string;
}

const UINT32_MAX = 0xffffffff;
const UINT64_MAX = (1n << 64n) - 1n;
const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
const INTEGER_TEXT = /^-?\d+$/;
const TRACE_ID_RE = /^[0-9a-f]{32}$/;
const SPAN_ID_RE = /^[0-9a-f]{16}$/;
const ZERO_TRACE = '0'.repeat(32);
const ZERO_SPAN = '0'.repeat(16);
const NO_PROBLEMS: DecodeProblems = new Map();

function shown(v: number | bigint | string): string {
  const s = String(v);
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

// Each check returns undefined or "field: reason" relative to what it checks; paths are only built
// for a problem, so a clean span costs no string work.

function uint32(v: number): string | undefined {
  if (Number.isInteger(v) && v >= 0 && v <= UINT32_MAX) return undefined;
  return `${shown(v)} is not a uint32 (0 to 4294967295)`;
}

function fixed32(v: number): string | undefined {
  if (Number.isInteger(v) && v >= 0 && v <= UINT32_MAX) return undefined;
  return `${shown(v)} is not a fixed32 (0 to 4294967295)`;
}

function fixed64(v: bigint): string | undefined {
  if (v >= 0n && v <= UINT64_MAX) return undefined;
  return `${shown(v)} is not a fixed64 (0 to 18446744073709551615)`;
}

function enumOf(v: number, names: readonly string[], type: string): string | undefined {
  if (Number.isInteger(v) && v >= 0 && v < names.length) return undefined;
  return `${shown(v)} is not a ${type} (0 to ${names.length - 1})`;
}

function traceId(id: string): string | undefined {
  return TRACE_ID_RE.test(id) && id !== ZERO_TRACE ? undefined : 'missing, invalid or all zero';
}

function spanId(id: string): string | undefined {
  return SPAN_ID_RE.test(id) && id !== ZERO_SPAN ? undefined : 'missing, invalid or all zero';
}

function int64InRange(n: bigint): boolean {
  return n >= INT64_MIN && n <= INT64_MAX;
}

function valueProblem(v: OtlpAnyValue): string | undefined {
  if (v.intValue !== undefined) {
    const iv = v.intValue;
    // 20 characters hold every int64 ("-9223372036854775808"); longer text is out of range. Up to
    // 18 digits (the common case, checked per attribute per span) is always in range: no BigInt.
    const ok = iv.length <= 20 && INTEGER_TEXT.test(iv) && (iv.length <= 18 || int64InRange(BigInt(iv)));
    return ok ? undefined : `intValue: ${shown(iv)} is not an int64`;
  }
  if (v.doubleValue !== undefined)
    return typeof v.doubleValue === 'number' ? undefined : 'doubleValue: not a number';
  if (v.arrayValue) {
    const values = v.arrayValue.values;
    for (let i = 0; i < values.length; i++) {
      const p = valueProblem(values[i]);
      if (p) return `arrayValue.values[${i}].${p}`;
    }
  }
  if (v.kvlistValue) {
    const p = attributesProblem(v.kvlistValue.values);
    if (p) return `kvlistValue.values${p}`;
  }
  return undefined;
}

/** "[i].value.…: reason" of the first bad attribute value. */
function attributesProblem(attributes: readonly OtlpKeyValue[]): string | undefined {
  for (let i = 0; i < attributes.length; i++) {
    const p = valueProblem(attributes[i].value);
    if (p) return `[${i}].value.${p}`;
  }
  return undefined;
}

function attributesAndCount(attributes: readonly OtlpKeyValue[], dropped: number): string | undefined {
  let r = attributesProblem(attributes);
  if (r) return `attributes${r}`;
  r = uint32(dropped);
  if (r) return `droppedAttributesCount: ${r}`;
  return undefined;
}

function resourceProblem(rs: OtlpResourceSpans): string | undefined {
  const r = attributesAndCount(rs.resource.attributes, rs.resource.droppedAttributesCount);
  return r && `resource.${r}`;
}

function scopeProblem(ss: OtlpScopeSpans): string | undefined {
  const r = attributesAndCount(ss.scope.attributes, ss.scope.droppedAttributesCount);
  return r && `scope.${r}`;
}

/** The first problem of a span, "field: reason" relative to the span. */
export function spanProblem(s: OtlpSpan): string | undefined {
  let r: string | undefined;
  if ((r = traceId(s.traceId))) return `traceId: ${r}`;
  if ((r = spanId(s.spanId))) return `spanId: ${r}`;
  if (s.parentSpanId !== '' && (r = spanId(s.parentSpanId))) return `parentSpanId: ${r}`;
  if ((r = fixed32(s.flags))) return `flags: ${r}`;
  if ((r = enumOf(s.kind, SPAN_KIND_NAMES, 'SpanKind'))) return `kind: ${r}`;
  if ((r = fixed64(s.startTimeUnixNano))) return `startTimeUnixNano: ${r}`;
  if ((r = fixed64(s.endTimeUnixNano))) return `endTimeUnixNano: ${r}`;
  if ((r = attributesAndCount(s.attributes, s.droppedAttributesCount))) return r;
  if ((r = uint32(s.droppedEventsCount))) return `droppedEventsCount: ${r}`;
  if ((r = uint32(s.droppedLinksCount))) return `droppedLinksCount: ${r}`;
  if ((r = enumOf(s.status.code, STATUS_CODE_NAMES, 'StatusCode'))) return `status.code: ${r}`;
  for (let i = 0; i < s.events.length; i++) {
    const e = s.events[i];
    if ((r = fixed64(e.timeUnixNano))) return `events[${i}].timeUnixNano: ${r}`;
    if ((r = attributesAndCount(e.attributes, e.droppedAttributesCount))) return `events[${i}].${r}`;
  }
  for (let i = 0; i < s.links.length; i++) {
    const l = s.links[i];
    // An empty link ID is kept as it came (it round-trips); a wrong length is not an ID.
    if (l.traceId !== '' && (r = traceId(l.traceId))) return `links[${i}].traceId: ${r}`;
    if (l.spanId !== '' && (r = spanId(l.spanId))) return `links[${i}].spanId: ${r}`;
    if ((r = attributesAndCount(l.attributes, l.droppedAttributesCount))) return `links[${i}].${r}`;
    if ((r = fixed32(l.flags))) return `links[${i}].flags: ${r}`;
  }
  return undefined;
}

function spanCount(rs: OtlpResourceSpans): number {
  let n = 0;
  for (const ss of rs.scopeSpans) n += ss.spans.length;
  return n;
}

/** Splits decoded spans into those to store and those refused, with the first refusal's path. */
export function validateTraces(
  batches: readonly OtlpResourceSpans[],
  decodeProblems: DecodeProblems = NO_PROBLEMS,
): ValidatedTraces {
  const out: ValidatedTraces = { batches: [], acceptedSpans: 0, rejectedSpans: 0 };
  const refuse = (spans: number, problem: string) => {
    out.rejectedSpans += spans;
    if (spans > 0) out.firstRejection ??= problem;
  };
  for (let ri = 0; ri < batches.length; ri++) {
    const rs = batches[ri];
    const rp = `resourceSpans[${ri}]`;
    const rOwn = resourceProblem(rs);
    const rProblem = decodeProblems.get(rs) ?? (rOwn && `${rp}.${rOwn}`);
    if (rProblem) {
      refuse(spanCount(rs), rProblem);
      continue;
    }
    const scopeSpans: OtlpScopeSpans[] = [];
    for (let si = 0; si < rs.scopeSpans.length; si++) {
      const ss = rs.scopeSpans[si];
      const sp = `${rp}.scopeSpans[${si}]`;
      const sOwn = scopeProblem(ss);
      const sProblem = decodeProblems.get(ss) ?? (sOwn && `${sp}.${sOwn}`);
      if (sProblem) {
        refuse(ss.spans.length, sProblem);
        continue;
      }
      const spans: OtlpSpan[] = [];
      for (let i = 0; i < ss.spans.length; i++) {
        const span = ss.spans[i];
        const noted = decodeProblems.get(span);
        const own = noted === undefined ? spanProblem(span) : undefined;
        const problem = noted ?? (own && `${sp}.spans[${i}].${own}`);
        if (problem) refuse(1, problem);
        else spans.push(span);
      }
      out.acceptedSpans += spans.length;
      scopeSpans.push(spans.length === ss.spans.length ? ss : { ...ss, spans });
    }
    out.batches.push(
      scopeSpans.length === rs.scopeSpans.length && scopeSpans.every((ss, i) => ss === rs.scopeSpans[i])
        ? rs
        : { ...rs, scopeSpans },
    );
  }
  return out;
}

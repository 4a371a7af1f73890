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
const TRACE_ID_RE = /^[0-9a-f]{32}$/;
const SPAN_ID_RE = /^[0-9a-f]{16}$/;
const ZERO_TRACE = '0'.repeat(32);
const ZERO_SPAN = '0'.repeat(16);
const NO_PROBLEMS: DecodeProblems = new Map();

function shown(v: number | bigint | string): string {
  const s = String(v);
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

function uint32Problem(v: number, field: string): string | undefined {
  if (Number.isInteger(v) && v >= 0 && v <= UINT32_MAX) return undefined;
  return `${field}: ${shown(v)} is not a uint32 (0 to 4294967295)`;
}

function fixed32Problem(v: number, field: string): string | undefined {
  if (Number.isInteger(v) && v >= 0 && v <= UINT32_MAX) return undefined;
  return `${field}: ${shown(v)} is not a fixed32 (0 to 4294967295)`;
}

function fixed64Problem(v: bigint, field: string): string | undefined {
  if (v >= 0n && v <= UINT64_MAX) return undefined;
  return `${field}: ${shown(v)} is not a fixed64 (0 to 18446744073709551615)`;
}

function enumProblem(v: number, names: readonly string[], field: string, type: string): string | undefined {
  if (Number.isInteger(v) && v >= 0 && v < names.length) return undefined;
  return `${field}: ${shown(v)} is not a ${type} (0 to ${names.length - 1})`;
}

function valueProblem(v: OtlpAnyValue, field: string): string | undefined {
  if (v.intValue !== undefined) {
    const iv = v.intValue;
    // 20 characters hold every int64 ("-9223372036854775808"); longer text is out of range.
    const n = iv.length <= 20 && /^-?\d+$/.test(iv) ? BigInt(iv) : undefined;
    const ok = n !== undefined && n >= INT64_MIN && n <= INT64_MAX;
    return ok ? undefined : `${field}.intValue: ${shown(iv)} is not an int64`;
  }
  if (v.doubleValue !== undefined)
    return typeof v.doubleValue === 'number' ? undefined : `${field}.doubleValue: not a number`;
  if (v.arrayValue)
    for (const [i, item] of v.arrayValue.values.entries()) {
      const p = valueProblem(item, `${field}.arrayValue.values[${i}]`);
      if (p) return p;
    }
  if (v.kvlistValue) return attributesProblem(v.kvlistValue.values, `${field}.kvlistValue.values`);
  return undefined;
}

function attributesProblem(attributes: readonly OtlpKeyValue[], field: string): string | undefined {
  for (let i = 0; i < attributes.length; i++) {
    const p = valueProblem(attributes[i].value, `${field}[${i}].value`);
    if (p) return p;
  }
  return undefined;
}

function traceIdProblem(id: string, field: string): string | undefined {
  return TRACE_ID_RE.test(id) && id !== ZERO_TRACE ? undefined : `${field}: missing, invalid or all zero`;
}

function spanIdProblem(id: string, field: string): string | undefined {
  return SPAN_ID_RE.test(id) && id !== ZERO_SPAN ? undefined : `${field}: missing, invalid or all zero`;
}

function resourceProblem(rs: OtlpResourceSpans, path: string): string | undefined {
  return (
    attributesProblem(rs.resource.attributes, `${path}.resource.attributes`) ??
    uint32Problem(rs.resource.droppedAttributesCount, `${path}.resource.droppedAttributesCount`)
  );
}

function scopeProblem(ss: OtlpScopeSpans, path: string): string | undefined {
  return (
    attributesProblem(ss.scope.attributes, `${path}.scope.attributes`) ??
    uint32Problem(ss.scope.droppedAttributesCount, `${path}.scope.droppedAttributesCount`)
  );
}

export function spanProblem(s: OtlpSpan, p: string): string | undefined {
  const own =
    traceIdProblem(s.traceId, `${p}.traceId`) ??
    spanIdProblem(s.spanId, `${p}.spanId`) ??
    (s.parentSpanId === '' ? undefined : spanIdProblem(s.parentSpanId, `${p}.parentSpanId`)) ??
    fixed32Problem(s.flags, `${p}.flags`) ??
    enumProblem(s.kind, SPAN_KIND_NAMES, `${p}.kind`, 'SpanKind') ??
    fixed64Problem(s.startTimeUnixNano, `${p}.startTimeUnixNano`) ??
    fixed64Problem(s.endTimeUnixNano, `${p}.endTimeUnixNano`) ??
    attributesProblem(s.attributes, `${p}.attributes`) ??
    uint32Problem(s.droppedAttributesCount, `${p}.droppedAttributesCount`) ??
    uint32Problem(s.droppedEventsCount, `${p}.droppedEventsCount`) ??
    uint32Problem(s.droppedLinksCount, `${p}.droppedLinksCount`) ??
    enumProblem(s.status.code, STATUS_CODE_NAMES, `${p}.status.code`, 'StatusCode');
  if (own) return own;
  for (let i = 0; i < s.events.length; i++) {
    const e = s.events[i];
    const ep = `${p}.events[${i}]`;
    const problem =
      fixed64Problem(e.timeUnixNano, `${ep}.timeUnixNano`) ??
      attributesProblem(e.attributes, `${ep}.attributes`) ??
      uint32Problem(e.droppedAttributesCount, `${ep}.droppedAttributesCount`);
    if (problem) return problem;
  }
  for (let i = 0; i < s.links.length; i++) {
    const l = s.links[i];
    const lp = `${p}.links[${i}]`;
    // An empty link ID is kept as it came (it round-trips); a wrong length is not an ID.
    const problem =
      (l.traceId === '' ? undefined : traceIdProblem(l.traceId, `${lp}.traceId`)) ??
      (l.spanId === '' ? undefined : spanIdProblem(l.spanId, `${lp}.spanId`)) ??
      attributesProblem(l.attributes, `${lp}.attributes`) ??
      uint32Problem(l.droppedAttributesCount, `${lp}.droppedAttributesCount`) ??
      fixed32Problem(l.flags, `${lp}.flags`);
    if (problem) return problem;
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
    const rProblem = decodeProblems.get(rs) ?? resourceProblem(rs, rp);
    if (rProblem) {
      refuse(spanCount(rs), rProblem);
      continue;
    }
    const scopeSpans: OtlpScopeSpans[] = [];
    for (let si = 0; si < rs.scopeSpans.length; si++) {
      const ss = rs.scopeSpans[si];
      const sp = `${rp}.scopeSpans[${si}]`;
      const sProblem = decodeProblems.get(ss) ?? scopeProblem(ss, sp);
      if (sProblem) {
        refuse(ss.spans.length, sProblem);
        continue;
      }
      const spans: OtlpSpan[] = [];
      for (let i = 0; i < ss.spans.length; i++) {
        const span = ss.spans[i];
        const problem = decodeProblems.get(span) ?? spanProblem(span, `${sp}.spans[${i}]`);
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

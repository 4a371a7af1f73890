// Finds trace and span IDs in pasted text the way a person reads it: a header dump, a B3 header
// block, a logfmt or JSON log line. Labelled values come first (`traceparent:`, `X-B3-TraceId:`,
// `trace_id=`, `"traceId": "…"`); bare 16/32-hex runs only when nothing is labelled. It only scans;
// `parse-trace-input.ts` checks the values. Pure: no DOM, no app state.

export type TraceCandidateKind =
  | 'traceparent'
  | 'uber-trace-id'
  | 'b3'
  | 'b3-trace-id'
  | 'xray'
  | 'field'
  | 'bare';

export interface TextCandidate<K extends string = TraceCandidateKind> {
  kind: K;
  /** The value as written (a whole header value for traceparent, uber-trace-id and b3). */
  value: string;
  /** The label's name as written before the value (`traceparent`, `traceId`); absent for bare hex. */
  label?: string;
  /** 1-based line of the text it is on. */
  line: number;
  /** Offset in the text, for reading order. */
  index: number;
}

export interface IdsInText {
  /** Trace candidates, strongest first (kind, then reading order). */
  traces: TextCandidate[];
  /** Span ID fields (`span_id=`, `X-B3-SpanId:`, `"spanId":`), in reading order. */
  spans: Array<TextCandidate<'span-field'>>;
}

// `name`, `"name"` or `'name'`, then `:` or `=`, then an optionally quoted value.
const SEPARATOR = String.raw`["']?\s*[:=]\s*["']?`;
// A label starts a token: not inside a longer name (`X-B3-ParentSpanId`, `parent_span_id`).
const LABEL_START = String.raw`(?<![\w-])(?<!parent[-_.]?)`;
const HEX_END = '(?![0-9a-z])';

const TRACE_PATTERNS: ReadonlyArray<{ kind: TraceCandidateKind; pattern: RegExp }> = [
  {
    kind: 'traceparent',
    pattern: new RegExp(
      `${LABEL_START}(traceparent)${SEPARATOR}([0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}(?:-[\\w-]*)?)`,
      'gi',
    ),
  },
  {
    kind: 'uber-trace-id',
    pattern: new RegExp(
      `${LABEL_START}(uber-trace-id)${SEPARATOR}([0-9a-f]{1,32}(?::|%3a)[0-9a-f]{1,16}(?::|%3a)[0-9a-f]{1,16}(?::|%3a)[0-9a-f]{1,2})${HEX_END}`,
      'gi',
    ),
  },
  {
    kind: 'b3',
    pattern: new RegExp(
      `${LABEL_START}(b3)${SEPARATOR}((?:[0-9a-f]{32}|[0-9a-f]{16})-[0-9a-f]{16}(?:-(?:0|1|d|true|false))?(?:-[0-9a-f]{16})?)${HEX_END}`,
      'gi',
    ),
  },
  {
    kind: 'b3-trace-id',
    pattern: new RegExp(`${LABEL_START}(x-b3-traceid)${SEPARATOR}(?:0x)?([0-9a-f]{1,32})${HEX_END}`, 'gi'),
  },
  {
    // AWS X-Ray's own form says what it is, with or without X-Amzn-Trace-Id's `Root=`.
    kind: 'xray',
    pattern: new RegExp(`(?<![\\w-])(Root=)?(1-[0-9a-f]{8}-[0-9a-f]{24})${HEX_END}`, 'gi'),
  },
  {
    kind: 'field',
    // trace_id, traceId, traceID, trace-id, trace.id, TraceQL's trace:id, and prefixed ones (otel.trace_id)
    // but Datadog's `dd.trace_id`, which is decimal.
    pattern: new RegExp(
      `${LABEL_START}(?<!dd\\.)(?!dd\\.)((?:[a-z]+\\.)?trace[-_.:]?id)${SEPARATOR}(?:0x)?([0-9a-f]{1,32})${HEX_END}`,
      'gi',
    ),
  },
];

const SPAN_PATTERN = new RegExp(
  `${LABEL_START}((?:x-b3-|(?!parent\\.)[a-z]+\\.)?span[-_.:]?id)${SEPARATOR}(?:0x)?([0-9a-f]{1,16})${HEX_END}`,
  'gi',
);

/** Hex runs that are whole tokens: 32 (a trace ID) or 16 (a 64-bit one) characters. */
const BARE_HEX = /(?<![0-9a-z])([0-9a-f]{32}|[0-9a-f]{16})(?![0-9a-z])/gi;

/** A span or parent label right before a value (`parent_span_id=`, `X-B3-ParentSpanId: `). */
const SPAN_LABEL_BEFORE = /(?:span|parent)[\w.-]*["']?\s*[:=]\s*["']?(?:0x)?$/i;

export function findIdsInText(text: string): IdsInText {
  const lineStarts = lineStartsOf(text);
  const lineOf = (index: number) => upperBound(lineStarts, index);
  const traces: TextCandidate[] = [];
  for (const { kind, pattern } of TRACE_PATTERNS) {
    for (const match of text.matchAll(pattern)) {
      const index = match.index ?? 0;
      traces.push({ kind, label: match[1], value: match[2], line: lineOf(index), index });
    }
  }
  const labelled = traces;
  if (labelled.length === 0 && /\s/.test(text.trim())) {
    for (const match of text.matchAll(BARE_HEX)) {
      const index = match.index ?? 0;
      if (SPAN_LABEL_BEFORE.test(text.slice(Math.max(0, index - 64), index))) continue;
      labelled.push({ kind: 'bare', value: match[1], line: lineOf(index), index });
    }
    // A 32-hex run is a trace ID; a 16-hex one may as well be a span ID, so it comes after.
    labelled.sort((a, b) => b.value.length - a.value.length || a.index - b.index);
  } else {
    labelled.sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.index - b.index);
  }
  const spans: Array<TextCandidate<'span-field'>> = [];
  for (const match of text.matchAll(SPAN_PATTERN)) {
    const index = match.index ?? 0;
    spans.push({ kind: 'span-field', label: match[1], value: match[2], line: lineOf(index), index });
  }
  return { traces: labelled, spans };
}

/** Propagation headers carry the trace and span together and say exactly what they are. */
const KIND_ORDER: Record<TraceCandidateKind, number> = {
  traceparent: 0,
  'uber-trace-id': 1,
  b3: 2,
  'b3-trace-id': 3,
  xray: 4,
  field: 5,
  bare: 6,
};

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** The number of line starts at or before `index`: the 1-based line. */
function upperBound(starts: readonly number[], index: number): number {
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid] <= index) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// The normalized trace model every decoder produces and every analysis and view reads.
// Columnar on purpose (docs/decisions/0002-columnar-span-table.md): one typed array per field,
// indexed by row, so 1M spans cost tens of MB and the table crosses to the main thread as
// transferable buffers instead of an object graph.

/** OpenTelemetry span kinds, with OTLP's numbering. */
export const SpanKind = {
  Unspecified: 0,
  Internal: 1,
  Server: 2,
  Client: 3,
  Producer: 4,
  Consumer: 5,
} as const;
export type SpanKind = (typeof SpanKind)[keyof typeof SpanKind];

/** OpenTelemetry status codes, with OTLP's numbering. */
export const StatusCode = { Unset: 0, Ok: 1, Error: 2 } as const;
export type StatusCode = (typeof StatusCode)[keyof typeof StatusCode];

/** Bits of `SpanTable.flags`. */
export const SpanFlag = {
  /** Status is ERROR (or Jaeger `error=true`). */
  Error: 1 << 0,
  /** The span names a parent that is not in the trace. */
  Orphan: 1 << 1,
  /** The reference to the parent is FOLLOWS_FROM (Jaeger) rather than CHILD_OF. */
  FollowsFrom: 1 << 2,
  /** Clock-skew adjustment moved this span (only set when the adjustment is on). */
  SkewAdjusted: 1 << 3,
  /** Starts before its parent or ends after it across a service boundary. */
  Skewed: 1 << 4,
  /** Has at least one event. */
  HasEvents: 1 << 5,
  /** Has at least one link. */
  HasLinks: 1 << 6,
  /** Its span ID was not valid hex and is kept as given. */
  OddId: 1 << 7,
  /** Another span of the trace has the same span ID (both are kept, both flagged). */
  DuplicateId: 1 << 8,
  /** The wire carried trace flags with the W3C `sampled` bit clear (OTLP flags ≠ 0, Jaeger flags ≠ 0). */
  NotSampled: 1 << 9,
  /** Zipkin's `debug: true` (sampling forced). */
  Debug: 1 << 10,
} as const;

/**
 * The columnar span table. Row `i` is one span. Arrays have length `count` unless noted.
 * Times are nanoseconds relative to `Trace.startNs`, as float64 (exact below 2^53 ns ≈ 104 days).
 */
export interface SpanTable {
  count: number;
  start: Float64Array;
  duration: Float64Array;
  /** Row of the parent, or -1 for a root (including orphans). */
  parent: Int32Array;
  depth: Uint32Array;
  kind: Uint8Array;
  status: Uint8Array;
  flags: Uint16Array;
  /** Indices into `strings`. */
  service: Uint32Array;
  name: Uint32Array;
  statusMessage: Uint32Array;
  /** Interned strings; index 0 is always "". */
  strings: string[];
  /** Span IDs as two 32-bit halves of the 64-bit ID (high, low). Odd (non-hex) IDs: see `oddSpanIds`. */
  spanIdHi: Uint32Array;
  spanIdLo: Uint32Array;
  /** Row → the ID exactly as given, only for rows flagged `SpanFlag.OddId`. */
  oddSpanIds: Map<number, string>;
  /** CSR children: the children of row i are `children[childStart[i] .. childStart[i+1])`, sorted by start. Length count + 1. */
  childStart: Uint32Array;
  children: Uint32Array;
  /** Number of events per span, for ticks without materializing details. Event offsets in ns from the trace start, CSR like children. */
  eventStart: Uint32Array;
  eventTime: Float64Array;
  /**
   * Row → which trace of a stitched set it came from (0: the opened trace), decision 0284. Absent
   * when the table holds one trace.
   */
  traceIndex?: Uint16Array;
}

export type AttributeValue =
  | { type: 'string'; value: string }
  | { type: 'bool'; value: boolean }
  /** 64-bit integers as decimal strings, so values beyond 2^53 stay exact. */
  | { type: 'int'; value: string }
  | { type: 'double'; value: number }
  /** Bytes as base64. */
  | { type: 'bytes'; value: string }
  | { type: 'array'; value: AttributeValue[] }
  | { type: 'kvlist'; value: Attribute[] }
  | { type: 'empty' };

export interface Attribute {
  key: string;
  value: AttributeValue;
}

export interface SpanEvent {
  /** ns from the trace start. */
  time: number;
  name: string;
  attributes: Attribute[];
  droppedAttributesCount?: number;
}

export interface SpanLink {
  traceId: string;
  spanId: string;
  traceState?: string;
  attributes: Attribute[];
}

export interface Resource {
  attributes: Attribute[];
}

export interface InstrumentationScope {
  name: string;
  version: string;
  attributes: Attribute[];
}

/** Everything about one span that is not in the table, materialized on request. */
export interface SpanDetails {
  row: number;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  service: string;
  kind: SpanKind;
  status: StatusCode;
  statusMessage: string;
  /** ns from the trace start. */
  start: number;
  duration: number;
  /** Absolute start as decimal nanoseconds since the epoch. */
  startUnixNano: string;
  traceState: string;
  attributes: Attribute[];
  resource: Resource;
  scope: InstrumentationScope;
  events: SpanEvent[];
  links: SpanLink[];
  warnings: string[];
}

/** Where details are kept (in the worker): decoders fill it, `getSpanDetails` reads it. */
export interface SpanDetailsStore {
  /** Number of rows it holds details for (equals the table's count). */
  readonly count: number;
  get(row: number): SpanDetails;
  /**
   * One attribute of one span without materializing the rest (TraceQL and find use this on every
   * span). `scope` 'span' reads the span's own attributes, 'resource' its resource's.
   */
  attribute(row: number, scope: 'span' | 'resource', key: string): AttributeValue | undefined;
  /** Keys present on the span (or its resource), for find and completion. */
  attributeKeys(row: number, scope: 'span' | 'resource'): string[];
  /** The span's instrumentation scope without materializing the rest (TraceQL's `instrumentation` fields). */
  scope(row: number): InstrumentationScope;
  /** The span's events, as `get` gives them, without the rest (TraceQL's `event` fields). */
  events(row: number): SpanEvent[];
  /** The span's links, as `get` gives them, without the rest (TraceQL's `link` fields). */
  links(row: number): SpanLink[];
}

export type WarningKind =
  | 'format'
  | 'odd-id'
  | 'orphan'
  | 'cycle'
  | 'duplicate-id'
  | 'clock-skew'
  | 'partial'
  | 'truncated'
  | 'invalid-trace-id';

export interface TraceWarning {
  kind: WarningKind;
  message: string;
  /** Rows the warning is about, when it is about spans. */
  rows?: number[];
  /** Path in the input, e.g. `resourceSpans[3].scopeSpans[0].spans[12].spanId`. */
  path?: string;
}

export interface TraceCounts {
  spans: number;
  services: number;
  errors: number;
  orphans: number;
  maxDepth: number;
}

export interface Trace {
  /** 32 lowercase hex chars, or the ID as given when it is not hex. */
  traceId: string;
  /** Absolute start of the earliest span, nanoseconds since the epoch. */
  startNs: bigint;
  /** End of the latest span minus start, ns. */
  durationNs: number;
  table: SpanTable;
  /** Rows with parent -1, in start order. */
  roots: Uint32Array;
  counts: TraceCounts;
  warnings: TraceWarning[];
  /** Tempo v2 PARTIAL status message, when the backend said the trace is incomplete. */
  partial?: string;
  /** The wire format it was decoded from, e.g. `otlp-json`, `tempo-v2-json`, `otlp-protobuf`, `jaeger-json`. */
  format: string;
  details: SpanDetailsStore;
}

/** What every decoder returns. Decoders never throw on bad input. */
export interface DecodeResult {
  format: string;
  traces: Trace[];
  /** Problems not tied to one trace (e.g. the payload could not be parsed at all). */
  warnings: TraceWarning[];
  /** Set when nothing could be decoded; says what is wrong, naming the format and the path. */
  error?: string;
  /**
   * Set when the input is none of the formats read at all (what it looked like), as opposed to a
   * recognised format that is damaged, whose `error` says precisely what is wrong.
   */
  unrecognized?: 'text' | 'json' | 'binary';
}

// TraceBuilder: decoders append spans column-wise into growable typed arrays; `finish` splits the
// payload by trace ID, turns absolute times into offsets from each trace's start, builds the tree and
// wraps the decoder's kept source in a details store. See docs/decisions/0002-columnar-span-table.md.

import { type ParentIds, type SpanSourceReader, TableDetailsStore } from './details.ts';
import { IdForm, isAllZeroTraceId, normalizeTraceId, ZERO_TRACE_ID } from './ids.ts';
import { StringTable } from './string-table.ts';
import { instantToBigInt } from './time.ts';
import { buildTree, ParentForm } from './tree.ts';
import { SpanFlag, type SpanTable, type Trace, type TraceWarning, type WarningKind } from './types.ts';

/** Detailed warnings kept per trace (and for the payload); further ones are counted in a summary. */
const MAX_WARNINGS = 200;

interface PendingWarning extends TraceWarning {
  /** Trace index, or -1 for the payload. */
  trace: number;
}

export interface FinishOptions {
  /** Tempo v2 PARTIAL message, applied to every trace of the payload. */
  partial?: string;
}

export interface BuildResult {
  traces: Trace[];
  /** Warnings not tied to one trace. */
  warnings: TraceWarning[];
}

export class TraceBuilder {
  readonly strings = new StringTable();
  count = 0;
  private capacity: number;

  private traceOf: Uint32Array;
  private idHi: Uint32Array;
  private idLo: Uint32Array;
  private parentHi: Uint32Array;
  private parentLo: Uint32Array;
  private parentForm: Uint8Array;
  private startMajor: Float64Array;
  private startMinor: Float64Array;
  private duration: Float64Array;
  private kind: Uint8Array;
  private status: Uint8Array;
  private flags: Uint16Array;
  private service: Uint32Array;
  private name: Uint32Array;
  private statusMessage: Uint32Array;
  /** Decoder-defined references to the kept source (e.g. byte offset and length, or group index). */
  refA: Uint32Array;
  refB: Uint32Array;
  group: Uint32Array;
  /** Decoder-defined object per row (e.g. the parsed JSON span), when the decoder keeps objects. */
  readonly objects: unknown[] = [];

  private readonly oddIds = new Map<number, string>();
  private readonly oddParents = new Map<number, string>();

  private eventCount = 0;
  private eventRow: Uint32Array;
  private eventMajor: Float64Array;
  private eventMinor: Float64Array;

  private readonly traceIds: string[] = [];
  private readonly traceIndex = new Map<string, number>();
  private lastTraceKey: string | undefined;
  private lastTrace = -1;

  private readonly pending: PendingWarning[] = [];
  private readonly warningCounts: number[] = [];
  private readonly suppressed: number[] = [];
  private payloadWarningCount = 0;
  private payloadSuppressed = 0;
  private readonly negativeRows: number[] = [];
  private readonly zeroStartRows: number[] = [];

  constructor(
    readonly format: string,
    expectedSpans = 1024,
  ) {
    const n = Math.max(16, expectedSpans);
    this.capacity = n;
    this.traceOf = new Uint32Array(n);
    this.idHi = new Uint32Array(n);
    this.idLo = new Uint32Array(n);
    this.parentHi = new Uint32Array(n);
    this.parentLo = new Uint32Array(n);
    this.parentForm = new Uint8Array(n);
    this.startMajor = new Float64Array(n);
    this.startMinor = new Float64Array(n);
    this.duration = new Float64Array(n);
    this.kind = new Uint8Array(n);
    this.status = new Uint8Array(n);
    this.flags = new Uint16Array(n);
    this.service = new Uint32Array(n);
    this.name = new Uint32Array(n);
    this.statusMessage = new Uint32Array(n);
    this.refA = new Uint32Array(n);
    this.refB = new Uint32Array(n);
    this.group = new Uint32Array(n);
    const e = Math.max(16, n >> 3);
    this.eventRow = new Uint32Array(e);
    this.eventMajor = new Float64Array(e);
    this.eventMinor = new Float64Array(e);
  }

  intern(s: string): number {
    return this.strings.intern(s);
  }

  /**
   * The trace index for a trace ID as found on the wire (hex, base64 or odd). Warns once per trace about
   * odd or all-zero IDs. `path` names where it was read, for the warning.
   */
  traceFor(rawId: string, path?: () => string): number {
    if (rawId === this.lastTraceKey) return this.lastTrace;
    const { id, form } = normalizeTraceId(rawId);
    const known = this.traceIds.length;
    const t = this.traceForNormalized(form === IdForm.Empty ? ZERO_TRACE_ID : id);
    if (t === known) {
      if (form === IdForm.Empty) {
        this.warn('invalid-trace-id', 'span without a trace ID; grouped under the all-zero trace ID', {
          trace: t,
          path: path?.(),
        });
      } else if (form === IdForm.Odd) {
        this.warn('odd-id', `trace ID ${JSON.stringify(rawId)} is not hex; kept as given`, {
          trace: t,
          path: path?.(),
        });
      } else if (isAllZeroTraceId(id)) {
        this.warn('invalid-trace-id', 'the trace ID is all zeros, which W3C Trace Context calls invalid', {
          trace: t,
          path: path?.(),
        });
      }
    }
    this.lastTraceKey = rawId;
    this.lastTrace = t;
    return t;
  }

  /** The trace index for an already normalized trace ID. */
  traceForNormalized(id: string): number {
    let t = this.traceIndex.get(id);
    if (t === undefined) {
      t = this.traceIds.length;
      this.traceIds.push(id);
      this.traceIndex.set(id, t);
      this.warningCounts.push(0);
      this.suppressed.push(0);
    }
    return t;
  }

  private grow(): void {
    const n = this.capacity * 2;
    const grow32 = (a: Uint32Array) => {
      const b = new Uint32Array(n);
      b.set(a);
      return b;
    };
    const grow8 = (a: Uint8Array) => {
      const b = new Uint8Array(n);
      b.set(a);
      return b;
    };
    const grow16 = (a: Uint16Array) => {
      const b = new Uint16Array(n);
      b.set(a);
      return b;
    };
    const grow64 = (a: Float64Array) => {
      const b = new Float64Array(n);
      b.set(a);
      return b;
    };
    this.traceOf = grow32(this.traceOf);
    this.idHi = grow32(this.idHi);
    this.idLo = grow32(this.idLo);
    this.parentHi = grow32(this.parentHi);
    this.parentLo = grow32(this.parentLo);
    this.parentForm = grow8(this.parentForm);
    this.startMajor = grow64(this.startMajor);
    this.startMinor = grow64(this.startMinor);
    this.duration = grow64(this.duration);
    this.kind = grow8(this.kind);
    this.status = grow8(this.status);
    this.flags = grow16(this.flags);
    this.service = grow32(this.service);
    this.name = grow32(this.name);
    this.statusMessage = grow32(this.statusMessage);
    this.refA = grow32(this.refA);
    this.refB = grow32(this.refB);
    this.group = grow32(this.group);
    this.capacity = n;
  }

  /**
   * Appends one span and returns its row. Times: absolute start as a (major, minor) instant (time.ts) and
   * the duration in ns. `parentForm` is a `ParentForm`; odd IDs are given with `setOddSpanId`/`setOddParentId`.
   */
  addSpan(
    trace: number,
    idHi: number,
    idLo: number,
    parentForm: number,
    parentHi: number,
    parentLo: number,
    startMajor: number,
    startMinor: number,
    duration: number,
    kind: number,
    status: number,
    flags: number,
    service: number,
    name: number,
    statusMessage: number,
  ): number {
    if (this.count === this.capacity) this.grow();
    const row = this.count++;
    this.traceOf[row] = trace;
    this.idHi[row] = idHi;
    this.idLo[row] = idLo;
    // An all-zero parent ID means "no parent" (Jaeger and some SDKs write it).
    this.parentForm[row] = parentForm === ParentForm.Id && parentHi === 0 && parentLo === 0 ? 0 : parentForm;
    this.parentHi[row] = parentHi;
    this.parentLo[row] = parentLo;
    this.startMajor[row] = startMajor;
    this.startMinor[row] = startMinor;
    if (startMajor === 0 && startMinor === 0) this.zeroStartRows.push(row);
    if (!(duration >= 0)) {
      this.negativeRows.push(row);
      duration = 0;
    }
    this.duration[row] = duration;
    this.kind[row] = kind;
    this.status[row] = status;
    this.flags[row] = flags;
    this.service[row] = service;
    this.name[row] = name;
    this.statusMessage[row] = statusMessage;
    return row;
  }

  setOddSpanId(row: number, id: string): void {
    this.oddIds.set(row, id);
    this.flags[row] |= SpanFlag.OddId;
  }

  setOddParentId(row: number, id: string): void {
    this.parentForm[row] = ParentForm.Odd;
    this.oddParents.set(row, id);
  }

  addFlags(row: number, flags: number): void {
    this.flags[row] |= flags;
  }

  /** Records an event time for `row` (for the table's event ticks; details come from the reader). */
  addEvent(row: number, major: number, minor: number): void {
    if (this.eventCount === this.eventRow.length) {
      const n = this.eventRow.length * 2;
      const r = new Uint32Array(n);
      r.set(this.eventRow);
      this.eventRow = r;
      const a = new Float64Array(n);
      a.set(this.eventMajor);
      this.eventMajor = a;
      const b = new Float64Array(n);
      b.set(this.eventMinor);
      this.eventMinor = b;
    }
    const i = this.eventCount++;
    this.eventRow[i] = row;
    this.eventMajor[i] = major;
    this.eventMinor[i] = minor;
    this.flags[row] |= SpanFlag.HasEvents;
  }

  /**
   * Records a warning. `row` ties it to a span (and its trace); `trace` to a trace; neither: the payload.
   * `message` should name the format and the path, e.g. `otlp-json: resourceSpans[0]…spanId: expected …`.
   */
  warn(kind: WarningKind, message: string, at: { row?: number; trace?: number; path?: string } = {}): void {
    const trace = at.row !== undefined && at.row < this.count ? this.traceOf[at.row] : (at.trace ?? -1);
    if (trace < 0) {
      if (this.payloadWarningCount >= MAX_WARNINGS) {
        this.payloadSuppressed++;
        return;
      }
      this.payloadWarningCount++;
    } else {
      if (this.warningCounts[trace] >= MAX_WARNINGS) {
        this.suppressed[trace]++;
        return;
      }
      this.warningCounts[trace]++;
    }
    const w: PendingWarning = { kind, message, trace };
    if (at.row !== undefined) w.rows = [at.row];
    if (at.path !== undefined) w.path = at.path;
    this.pending.push(w);
  }

  get traceCount(): number {
    return this.traceIds.length;
  }

  /** Splits the payload into traces and builds each one's table, tree and details store. */
  finish(reader: SpanSourceReader, options: FinishOptions = {}): BuildResult {
    const n = this.count;
    const traceCount = this.traceIds.length;
    // Rows of each trace, in payload order (counting sort by trace).
    const traceStart = new Uint32Array(traceCount + 1);
    for (let row = 0; row < n; row++) traceStart[this.traceOf[row] + 1]++;
    for (let t = 0; t < traceCount; t++) traceStart[t + 1] += traceStart[t];
    const single = traceCount === 1;
    const order = single ? null : new Uint32Array(n);
    const local = single ? null : new Uint32Array(n);
    if (order && local) {
      const fill = traceStart.slice(0, traceCount);
      for (let row = 0; row < n; row++) {
        const t = this.traceOf[row];
        local[row] = fill[t] - traceStart[t];
        order[fill[t]++] = row;
      }
    }
    const localRow = (row: number) => (local ? local[row] : row);

    // Events grouped by trace (counting sort), keeping their order.
    const eventsByTrace = new Uint32Array(traceCount + 1);
    for (let i = 0; i < this.eventCount; i++) eventsByTrace[this.traceOf[this.eventRow[i]] + 1]++;
    for (let t = 0; t < traceCount; t++) eventsByTrace[t + 1] += eventsByTrace[t];
    const eventOrder = new Uint32Array(this.eventCount);
    {
      const fill = eventsByTrace.slice(0, traceCount);
      for (let i = 0; i < this.eventCount; i++) eventOrder[fill[this.traceOf[this.eventRow[i]]]++] = i;
    }
    const oddIdsByTrace = groupEntries(this.oddIds, this.traceOf);
    const oddParentsByTrace = groupEntries(this.oddParents, this.traceOf);

    const warningsByTrace: TraceWarning[][] = Array.from({ length: traceCount }, () => []);
    const payloadWarnings: TraceWarning[] = [];
    for (const { trace, ...w } of this.pending) {
      if (trace < 0) payloadWarnings.push(w);
      else warningsByTrace[trace].push(w.rows ? { ...w, rows: w.rows.map(localRow) } : w);
    }
    if (this.payloadSuppressed > 0) {
      payloadWarnings.push({ kind: 'format', message: `${this.payloadSuppressed} more warnings not listed` });
    }
    const negativeByTrace = groupRows(this.negativeRows, this.traceOf);
    const zeroByTrace = groupRows(this.zeroStartRows, this.traceOf);

    const traces: Trace[] = [];
    for (let t = 0; t < traceCount; t++) {
      const rows = order ? order.subarray(traceStart[t], traceStart[t + 1]) : null;
      const warnings = warningsByTrace[t];
      if (this.suppressed[t] > 0)
        warnings.push({ kind: 'format', message: `${this.suppressed[t]} more warnings not listed` });
      const negative = negativeByTrace.get(t);
      if (negative) {
        warnings.push({
          kind: 'format',
          message: `${negative.length} span(s) end before they start; shown with zero duration`,
          rows: negative.slice(0, 1000).map(localRow),
        });
      }
      traces.push(
        this.buildTrace(t, rows, traceStart[t + 1] - traceStart[t], {
          warnings,
          zeroStartRows: zeroByTrace.get(t),
          events: eventOrder.subarray(eventsByTrace[t], eventsByTrace[t + 1]),
          oddIds: oddIdsByTrace.get(t),
          oddParents: oddParentsByTrace.get(t),
          localRow,
          reader,
          options,
        }),
      );
    }
    return { traces, warnings: payloadWarnings };
  }

  private buildTrace(t: number, rows: Uint32Array | null, count: number, parts: TraceParts): Trace {
    const { warnings, zeroStartRows, events, localRow, reader, options } = parts;
    const gather32 = (src: Uint32Array) => (rows ? gatherU32(src, rows) : src.slice(0, count));
    const gather8 = (src: Uint8Array) => (rows ? gatherU8(src, rows) : src.slice(0, count));
    const at = (i: number) => (rows ? rows[i] : i);

    // The trace starts at its earliest span; spans with a zero (missing) start, when others have one,
    // are placed at the trace start rather than 1970.
    const zero = new Set(zeroStartRows ?? []);
    const allZero = zero.size === count;
    // Only spans without a start time are looked up (usually none: no lookup per span).
    const placed = !allZero && zero.size > 0;
    let baseMajor = 0;
    let baseMinor = 0;
    let haveBase = false;
    for (let i = 0; i < count; i++) {
      const row = at(i);
      if (placed && zero.has(row)) continue;
      const major = this.startMajor[row];
      const minor = this.startMinor[row];
      if (!haveBase || major - baseMajor + (minor - baseMinor) < 0) {
        baseMajor = major;
        baseMinor = minor;
        haveBase = true;
      }
    }
    const start = new Float64Array(count);
    const duration = new Float64Array(count);
    let end = 0;
    for (let i = 0; i < count; i++) {
      const row = at(i);
      let s = this.startMajor[row] - baseMajor + (this.startMinor[row] - baseMinor);
      let d = this.duration[row];
      if (placed && zero.has(row)) {
        s = 0;
        d = 0;
      }
      start[i] = s;
      duration[i] = d;
      if (s + d > end) end = s + d;
    }
    if (placed) {
      warnings.push({
        kind: 'format',
        message: `${zero.size} span(s) have no start time; placed at the trace start with zero duration`,
        rows: [...zero].slice(0, 1000).map(localRow),
      });
    }

    const idHi = gather32(this.idHi);
    const idLo = gather32(this.idLo);
    const flags = rows ? gatherU16(this.flags, rows) : this.flags.slice(0, count);
    const kind = gather8(this.kind);
    const service = gather32(this.service);
    const parentHi = gather32(this.parentHi);
    const parentLo = gather32(this.parentLo);
    const parentForm = gather8(this.parentForm);
    const oddSpanIds = new Map<number, string>();
    const oddParents = new Map<number, string>();
    for (const [row, id] of parts.oddIds ?? []) oddSpanIds.set(localRow(row), id);
    for (const [row, id] of parts.oddParents ?? []) oddParents.set(localRow(row), id);
    if (oddSpanIds.size > 0) {
      warnings.push({
        kind: 'odd-id',
        message: `${oddSpanIds.size} span ID(s) are not hex; kept as given`,
        rows: [...oddSpanIds.keys()].slice(0, 1000),
      });
    }

    const tree = buildTree({
      count,
      idHi,
      idLo,
      oddIds: oddSpanIds,
      parentHi,
      parentLo,
      parentForm,
      oddParents,
      service,
      kind,
      start,
      flags,
    });
    warnings.push(...tree.warnings);

    // Event ticks, CSR by row.
    const eventStart = new Uint32Array(count + 1);
    for (const e of events) eventStart[localRow(this.eventRow[e]) + 1]++;
    for (let i = 0; i < count; i++) eventStart[i + 1] += eventStart[i];
    const eventTime = new Float64Array(eventStart[count]);
    const fill = eventStart.slice(0, count);
    for (const e of events) {
      const row = this.eventRow[e];
      eventTime[fill[localRow(row)]++] = this.eventMajor[e] - baseMajor + (this.eventMinor[e] - baseMinor);
    }

    const table: SpanTable = {
      count,
      start,
      duration,
      parent: tree.parent,
      depth: tree.depth,
      kind,
      status: gather8(this.status),
      flags,
      service,
      name: gather32(this.name),
      statusMessage: gather32(this.statusMessage),
      strings: this.strings.strings,
      spanIdHi: idHi,
      spanIdLo: idLo,
      oddSpanIds,
      childStart: tree.childStart,
      children: tree.children,
      eventStart,
      eventTime,
    };

    let errors = 0;
    const services = new Set<number>();
    for (let i = 0; i < count; i++) {
      if (flags[i] & SpanFlag.Error) errors++;
      services.add(service[i]);
    }
    const traceId = this.traceIds[t];
    const parents: ParentIds = { parentHi, parentLo, parentForm, oddParents };
    const refs = rows ? Uint32Array.from(rows) : null;
    const trace: Trace = {
      traceId,
      startNs: instantToBigInt(baseMajor, baseMinor),
      durationNs: end,
      table,
      roots: tree.roots,
      counts: {
        spans: count,
        services: services.size,
        errors,
        orphans: tree.orphans,
        maxDepth: tree.maxDepth,
      },
      warnings,
      format: this.format,
      details: new TableDetailsStore(traceId, table, parents, refs, reader, baseMajor, baseMinor, warnings),
    };
    if (options.partial !== undefined) {
      trace.partial = options.partial;
      warnings.unshift({ kind: 'partial', message: options.partial });
    }
    return trace;
  }
}

interface TraceParts {
  warnings: TraceWarning[];
  zeroStartRows: number[] | undefined;
  /** Indices of this trace's events. */
  events: Uint32Array;
  oddIds: Array<[number, string]> | undefined;
  oddParents: Array<[number, string]> | undefined;
  localRow: (row: number) => number;
  reader: SpanSourceReader;
  options: FinishOptions;
}

function groupEntries(map: Map<number, string>, traceOf: Uint32Array): Map<number, Array<[number, string]>> {
  const byTrace = new Map<number, Array<[number, string]>>();
  for (const entry of map) {
    const t = traceOf[entry[0]];
    const list = byTrace.get(t);
    if (list) list.push(entry);
    else byTrace.set(t, [entry]);
  }
  return byTrace;
}

function gatherU32(src: Uint32Array, rows: Uint32Array): Uint32Array {
  const out = new Uint32Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = src[rows[i]];
  return out;
}

function gatherU8(src: Uint8Array, rows: Uint32Array): Uint8Array {
  const out = new Uint8Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = src[rows[i]];
  return out;
}

function gatherU16(src: Uint16Array, rows: Uint32Array): Uint16Array {
  const out = new Uint16Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = src[rows[i]];
  return out;
}

function groupRows(rows: number[], traceOf: Uint32Array): Map<number, number[]> {
  const byTrace = new Map<number, number[]>();
  for (const row of rows) {
    const t = traceOf[row];
    const list = byTrace.get(t);
    if (list) list.push(row);
    else byTrace.set(t, [row]);
  }
  return byTrace;
}

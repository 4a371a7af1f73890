// Span details kept compactly: the store holds the decoded source (the parsed JSON objects, or the
// protobuf bytes with offsets) and a format-specific reader materializes one span's details on request.

import { spanIdHex } from './ids.ts';
import { instantToBigInt } from './time.ts';
import { ParentForm } from './tree.ts';
import {
  type Attribute,
  type AttributeValue,
  type InstrumentationScope,
  type SpanDetails,
  type SpanDetailsStore,
  type SpanEvent,
  SpanFlag,
  type SpanKind,
  type SpanLink,
  type SpanTable,
  type StatusCode,
  type TraceWarning,
} from './types.ts';

/** An event as a reader returns it: time as an absolute (major, minor) instant, see time.ts. */
export interface SourceEvent {
  timeMajor: number;
  timeMinor: number;
  name: string;
  attributes: Attribute[];
  droppedAttributesCount?: number;
}

/**
 * Reads details from a decoder's kept source. `ref` is the span's row in the decoder's builder (the
 * payload-wide row, which differs from the trace's row when a payload holds several traces).
 */
export interface SpanSourceReader {
  attributes(ref: number): Attribute[];
  attribute(ref: number, key: string): AttributeValue | undefined;
  resourceAttributes(ref: number): Attribute[];
  resourceAttribute(ref: number, key: string): AttributeValue | undefined;
  scope(ref: number): InstrumentationScope;
  events(ref: number): SourceEvent[];
  links(ref: number): SpanLink[];
  traceState(ref: number): string;
}

/** A reader's events as a span's details give them: times from the trace's start (`base`). */
export function eventsFromBase(source: SourceEvent[], baseMajor: number, baseMinor: number): SpanEvent[] {
  return source.map((e) => {
    const event: SpanEvent = {
      time: e.timeMajor - baseMajor + (e.timeMinor - baseMinor),
      name: e.name,
      attributes: e.attributes,
    };
    if (e.droppedAttributesCount) event.droppedAttributesCount = e.droppedAttributesCount;
    return event;
  });
}

/** Per-trace ID columns the table does not hold (parents as named on the wire). */
export interface ParentIds {
  parentHi: Uint32Array;
  parentLo: Uint32Array;
  parentForm: Uint8Array;
  oddParents: Map<number, string>;
}

export class TableDetailsStore implements SpanDetailsStore {
  readonly count: number;

  constructor(
    private readonly traceId: string,
    private readonly table: SpanTable,
    private readonly parents: ParentIds,
    /** Trace row → builder row (ref); null when they are the same. */
    private readonly refs: Uint32Array | null,
    private readonly reader: SpanSourceReader,
    private readonly baseMajor: number,
    private readonly baseMinor: number,
    private readonly warnings: TraceWarning[],
  ) {
    this.count = table.count;
  }

  private ref(row: number): number {
    return this.refs ? this.refs[row] : row;
  }

  private spanId(row: number): string {
    const t = this.table;
    return t.oddSpanIds.get(row) ?? spanIdHex(t.spanIdHi[row], t.spanIdLo[row]);
  }

  private parentSpanId(row: number): string {
    const p = this.parents;
    const form = p.parentForm[row];
    if (form === ParentForm.None) return '';
    if (form === ParentForm.Odd) return p.oddParents.get(row) ?? '';
    return spanIdHex(p.parentHi[row], p.parentLo[row]);
  }

  get(row: number): SpanDetails {
    if (!(row >= 0 && row < this.count))
      throw new RangeError(`span row ${row} out of range 0..${this.count - 1}`);
    const t = this.table;
    const ref = this.ref(row);
    const base = instantToBigInt(this.baseMajor, this.baseMinor);
    const events = this.events(row);
    const warnings: string[] = [];
    for (const w of this.warnings)
      if (w.kind !== 'duplicate-id' && w.rows?.includes(row)) warnings.push(w.message);
    if (t.flags[row] & SpanFlag.DuplicateId) {
      warnings.push(
        `duplicate span ID: another span of this trace also has the ID ${this.spanId(row)}; both are shown`,
      );
    }
    if (t.flags[row] & SpanFlag.Orphan && !warnings.some((w) => w.includes('parent'))) {
      warnings.push(`parent ${this.parentSpanId(row)} is not in the trace`);
    }
    return {
      row,
      traceId: this.traceId,
      spanId: this.spanId(row),
      parentSpanId: this.parentSpanId(row),
      name: t.strings[t.name[row]],
      service: t.strings[t.service[row]],
      kind: t.kind[row] as SpanKind,
      status: t.status[row] as StatusCode,
      statusMessage: t.strings[t.statusMessage[row]],
      start: t.start[row],
      duration: t.duration[row],
      startUnixNano: (base + BigInt(Math.round(t.start[row]))).toString(),
      traceState: this.reader.traceState(ref),
      attributes: this.reader.attributes(ref),
      resource: { attributes: this.reader.resourceAttributes(ref) },
      scope: this.reader.scope(ref),
      events,
      links: this.reader.links(ref),
      warnings,
    };
  }

  attribute(row: number, scope: 'span' | 'resource', key: string): AttributeValue | undefined {
    const ref = this.ref(row);
    return scope === 'span' ? this.reader.attribute(ref, key) : this.reader.resourceAttribute(ref, key);
  }

  scope(row: number): InstrumentationScope {
    return this.reader.scope(this.ref(row));
  }

  events(row: number): SpanEvent[] {
    return eventsFromBase(this.reader.events(this.ref(row)), this.baseMajor, this.baseMinor);
  }

  links(row: number): SpanLink[] {
    return this.reader.links(this.ref(row));
  }

  attributeKeys(row: number, scope: 'span' | 'resource'): string[] {
    const ref = this.ref(row);
    const list = scope === 'span' ? this.reader.attributes(ref) : this.reader.resourceAttributes(ref);
    return list.map((a) => a.key);
  }
}

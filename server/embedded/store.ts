// The embedded backend's bounded in-memory trace store.
// Each trace keeps its spans as encoded OTLP protobuf fragments (one per ingested batch that touched
// it) plus a small summary for listing and pre-filtering; full objects are decoded on read.
// Eviction is oldest-first by first arrival (Map insertion order), at a trace count or byte bound.

import { WireWriter } from '../../src/formats/protobuf-writer.ts';
import { decodeTracesData, type WireParts, writeResourceSpans } from './otlp/otlp-protobuf.ts';
import {
  type OtlpResourceSpans,
  type OtlpScopeSpans,
  type OtlpSpan,
  SPAN_KIND_NAMES,
  serviceName,
} from './otlp/types.ts';
import type { FragmentArena } from './query/fragment-arena.ts';
import { type ChunkDigest, digestFragment } from './span-digest.ts';

export interface StoreLimits {
  maxTraces: number;
  maxBytes: number;
}

export const DEFAULT_LIMITS: StoreLimits = { maxTraces: 100_000, maxBytes: 1024 * 1024 * 1024 };

export const NO_ROOT_SERVICE = '<root span not yet received>';

export interface ServiceStat {
  spanCount: number;
  errorCount: number;
}

export interface TraceRecord {
  readonly traceId: string;
  /** Encoded TracesData fragments; their concatenation is itself a valid TracesData message. */
  chunks: Uint8Array[];
  /** One digest per chunk, same order: what search prunes on before decoding (./span-digest.ts). */
  digests: ChunkDigest[];
  bytes: number;
  spanCount: number;
  errorCount: number;
  startNs: bigint;
  endNs: bigint;
  /** Longest single span, ns (cheap pre-filter for duration conditions). */
  maxSpanNs: number;
  rootService: string;
  rootName: string;
  /** The root span's W3C `tracestate` (its `ot=th:` says how the trace was sampled, decision 0335). */
  rootTraceState: string;
  rootStartNs: bigint;
  services: Map<string, ServiceStat>;
  /** `service \0 kind \0 name` for every span. */
  operations: Set<string>;
  /** Increases on every change, so caches keyed on it never serve stale data. */
  version: number;
}

export interface IngestResult {
  acceptedSpans: number;
  traces: number;
}

export function operationKey(service: string, kind: number, name: string): string {
  return `${service}\u0000${kind}\u0000${name}`;
}

export function splitOperationKey(key: string): { service: string; kind: number; name: string } {
  const a = key.indexOf('\u0000');
  const b = key.indexOf('\u0000', a + 1);
  return { service: key.slice(0, a), kind: Number(key.slice(a + 1, b)), name: key.slice(b + 1) };
}

export function spanKindLabel(kind: number): string {
  return (SPAN_KIND_NAMES[kind] ?? 'SPAN_KIND_UNSPECIFIED').slice('SPAN_KIND_'.length).toLowerCase();
}

type Grouped = Map<string, Map<OtlpResourceSpans, Map<OtlpScopeSpans, OtlpSpan[]>>>;

/** One trace's spans of an ingested batch and their encoding (a TracesData message). */
export interface Fragment {
  traceId: string;
  batches: OtlpResourceSpans[];
  chunk: Uint8Array;
}

const EMPTY = new Uint8Array(0);
/** The prepare writer's first buffer, from the span count (most requests fit without growing it). */
const writerBytes = (spans: number) => Math.min(256 * 1024, 1024 + spans * 256);

/** A batch split by trace and encoded (`TraceStore.prepare`), not yet stored. */
export class PreparedBatch {
  constructor(
    readonly batches: OtlpResourceSpans[],
    readonly fragments: readonly Fragment[],
    readonly acceptedSpans: number,
    /** The fragments' chunks back to back, when they were written so (`prepare` does). */
    private readonly whole?: Uint8Array,
  ) {}

  /** All fragments as one TracesData message (a concatenation of TracesData messages is one). */
  payload(): Uint8Array {
    if (this.whole) return this.whole;
    if (this.fragments.length === 1) return this.fragments[0].chunk;
    return Buffer.concat(this.fragments.map((f) => f.chunk));
  }
}

/** What one commit (or `clear`) changed, for replicas of the store (the query workers). */
export interface StoreChange {
  /**
   * Records that gained fragments, with how many were added (at the end of `chunks`) and how many
   * operations the record had before (new ones are at the end of `operations`, a Set in insertion order).
   */
  upserted: { record: TraceRecord; added: number; operationsBefore: number }[];
  removed: string[];
  cleared: boolean;
}

export class TraceStore {
  private readonly traces = new Map<string, TraceRecord>();
  private totalBytes = 0;
  private totalSpans = 0;
  private readonly evictionListeners: ((traceId: string) => void)[] = [];
  private readonly ingestListeners: ((batches: OtlpResourceSpans[]) => void)[] = [];
  private readonly changeListeners: ((change: StoreChange) => void)[] = [];
  private removedSinceCommit: string[] = [];

  /** With an arena, fragments are kept in its shared memory, where query workers read them. */
  constructor(
    readonly limits: StoreLimits = DEFAULT_LIMITS,
    private readonly arena?: FragmentArena,
  ) {}

  get size(): number {
    return this.traces.size;
  }

  get bytes(): number {
    return this.totalBytes;
  }

  get spans(): number {
    return this.totalSpans;
  }

  onEvict(listener: (traceId: string) => void): void {
    this.evictionListeners.push(listener);
  }

  /** Called after every commit and `clear` with what changed. */
  onChange(listener: (change: StoreChange) => void): void {
    this.changeListeners.push(listener);
  }

  /** Called with every ingested batch (span metrics are computed here). */
  onIngest(listener: (batches: OtlpResourceSpans[]) => void): void {
    this.ingestListeners.push(listener);
  }

  /** Adds already validated spans (IDs are 32/16 hex chars). */
  ingest(batches: OtlpResourceSpans[]): IngestResult {
    return this.commit(this.prepare(batches));
  }

  /**
   * Splits validated spans by trace and encodes each trace's fragment, once: `commit` stores those
   * bytes and persistence writes them (`PreparedBatch.payload`), nothing is encoded again. A resource,
   * scope or span found in `parts` is copied as received instead of encoded (decision 0350).
   */
  prepare(batches: OtlpResourceSpans[], parts?: WireParts): PreparedBatch {
    const grouped: Grouped = new Map();
    let acceptedSpans = 0;
    for (const rs of batches) {
      for (const ss of rs.scopeSpans) {
        for (const span of ss.spans) {
          let byResource = grouped.get(span.traceId);
          if (!byResource) grouped.set(span.traceId, (byResource = new Map()));
          let byScope = byResource.get(rs);
          if (!byScope) byResource.set(rs, (byScope = new Map()));
          let spans = byScope.get(ss);
          if (!spans) byScope.set(ss, (spans = []));
          spans.push(span);
          acceptedSpans++;
        }
      }
    }
    // Every fragment into one writer, back to back: one buffer per batch instead of one (grown step
    // by step, then copied out) per trace; each chunk is a view of it, and so is the payload.
    const w = new WireWriter(writerBytes(acceptedSpans));
    const fragments: Fragment[] = [];
    const bounds: number[] = [];
    for (const [traceId, byResource] of grouped) {
      const fragment: OtlpResourceSpans[] = [];
      for (const [rs, byScope] of byResource) {
        const scopeSpans: OtlpScopeSpans[] = [];
        for (const [ss, spans] of byScope)
          scopeSpans.push({ scope: ss.scope, spans, schemaUrl: ss.schemaUrl });
        fragment.push({ resource: rs.resource, scopeSpans, schemaUrl: rs.schemaUrl });
      }
      bounds.push(w.pos);
      for (const rs of fragment) writeResourceSpans(w, 1, rs, parts);
      fragments.push({ traceId, batches: fragment, chunk: EMPTY });
    }
    const whole = w.finish();
    for (let i = 0; i < fragments.length; i++)
      fragments[i].chunk = whole.subarray(bounds[i], i + 1 < bounds.length ? bounds[i + 1] : whole.length);
    return new PreparedBatch(batches, fragments, acceptedSpans, whole);
  }

  /** Stores a prepared batch (listeners see it first), then evicts down to the limits. */
  commit(prepared: PreparedBatch): IngestResult {
    for (const l of this.ingestListeners) l(prepared.batches);
    const upserted: StoreChange['upserted'] = [];
    for (const f of prepared.fragments) {
      const operationsBefore = this.traces.get(f.traceId)?.operations.size ?? 0;
      upserted.push({ record: this.addFragment(f), added: 1, operationsBefore });
    }
    this.evict();
    if (this.changeListeners.length > 0) {
      const removed = this.removedSinceCommit;
      this.removedSinceCommit = [];
      const kept = upserted.filter(({ record }) => this.traces.get(record.traceId) === record);
      for (const l of this.changeListeners) l({ upserted: kept, removed, cleared: false });
    }
    return { acceptedSpans: prepared.acceptedSpans, traces: prepared.fragments.length };
  }

  private addFragment({ traceId, batches: fragment, chunk: encoded }: Fragment): TraceRecord {
    // A view of a prepared batch is copied out, so that evicting a trace frees its bytes.
    const chunk = this.arena
      ? this.arena.append(encoded)
      : encoded.byteLength === encoded.buffer.byteLength
        ? encoded
        : encoded.slice();
    let rec = this.traces.get(traceId);
    if (!rec) {
      rec = {
        traceId,
        chunks: [],
        digests: [],
        bytes: 0,
        spanCount: 0,
        errorCount: 0,
        startNs: 0n,
        endNs: 0n,
        maxSpanNs: 0,
        rootService: NO_ROOT_SERVICE,
        rootName: '',
        rootTraceState: '',
        rootStartNs: -1n,
        services: new Map(),
        operations: new Set(),
        version: 0,
      };
      this.traces.set(traceId, rec);
    }
    rec.chunks.push(chunk);
    rec.digests.push(digestFragment(fragment));
    rec.bytes += chunk.length;
    rec.version++;
    this.totalBytes += chunk.length;
    for (const rs of fragment) {
      const service = serviceName(rs);
      let stat = rec.services.get(service);
      if (!stat) rec.services.set(service, (stat = { spanCount: 0, errorCount: 0 }));
      for (const ss of rs.scopeSpans) {
        for (const span of ss.spans) {
          const isError = span.status.code === 2;
          rec.spanCount++;
          this.totalSpans++;
          stat.spanCount++;
          if (isError) {
            rec.errorCount++;
            stat.errorCount++;
          }
          const start = span.startTimeUnixNano;
          // biome-ignore lint/complexity/useMathMinMax: bigint
          const end = span.endTimeUnixNano > start ? span.endTimeUnixNano : start;
          if (rec.spanCount === 1 || start < rec.startNs) rec.startNs = start;
          if (end > rec.endNs) rec.endNs = end;
          const dur = Number(end - start);
          if (dur > rec.maxSpanNs) rec.maxSpanNs = dur;
          rec.operations.add(operationKey(service, span.kind, span.name));
          if (!span.parentSpanId && (rec.rootStartNs < 0n || start < rec.rootStartNs)) {
            rec.rootStartNs = start;
            rec.rootService = service;
            rec.rootName = span.name;
            rec.rootTraceState = span.traceState;
          }
        }
      }
    }
    return rec;
  }

  private evict(): void {
    const { maxTraces, maxBytes } = this.limits;
    while (this.traces.size > 0 && (this.traces.size > maxTraces || this.totalBytes > maxBytes)) {
      const oldest = this.traces.keys().next().value as string;
      this.remove(oldest);
      for (const l of this.evictionListeners) l(oldest);
    }
  }

  private remove(traceId: string): void {
    const rec = this.traces.get(traceId);
    if (!rec) return;
    this.traces.delete(traceId);
    this.totalBytes -= rec.bytes;
    this.totalSpans -= rec.spanCount;
    if (this.arena) for (const chunk of rec.chunks) this.arena.release(chunk);
    if (this.changeListeners.length > 0) this.removedSinceCommit.push(traceId);
  }

  clear(): void {
    if (this.arena) for (const rec of this.traces.values()) for (const c of rec.chunks) this.arena.release(c);
    this.traces.clear();
    this.totalBytes = 0;
    this.totalSpans = 0;
    this.removedSinceCommit = [];
    for (const l of this.changeListeners) l({ upserted: [], removed: [], cleared: true });
  }

  /** A replica's write path (the query workers' copy of the index): the record as the original has it. */
  putReplica(rec: TraceRecord): void {
    const old = this.traces.get(rec.traceId);
    if (old) {
      this.totalBytes -= old.bytes;
      this.totalSpans -= old.spanCount;
    }
    this.traces.set(rec.traceId, rec);
    this.totalBytes += rec.bytes;
    this.totalSpans += rec.spanCount;
  }

  deleteReplica(traceId: string): void {
    this.remove(traceId);
  }

  /** Trace IDs are compared as 32-char lowercase hex (IDs with dropped leading zeros still match). */
  get(traceId: string): TraceRecord | undefined {
    return this.traces.get(traceId.toLowerCase().padStart(32, '0'));
  }

  /** The whole trace as one TracesData protobuf (Tempo's v1 protobuf body has the same shape). */
  protobuf(rec: TraceRecord): Uint8Array {
    if (rec.chunks.length === 1) return rec.chunks[0];
    return Buffer.concat(rec.chunks);
  }

  batches(rec: TraceRecord): OtlpResourceSpans[] {
    const out: OtlpResourceSpans[] = [];
    for (const chunk of rec.chunks) for (const rs of decodeTracesData(chunk)) out.push(rs);
    return out;
  }

  /** Newest first (by first arrival). */
  *newestFirst(): IterableIterator<TraceRecord> {
    const all = Array.from(this.traces.values());
    for (let i = all.length - 1; i >= 0; i--) yield all[i];
  }

  records(): IterableIterator<TraceRecord> {
    return this.traces.values();
  }
}

export function recordDurationNs(rec: TraceRecord): number {
  return Number(rec.endNs - rec.startNs);
}

// Slim traces for TraceQL metrics over the embedded store (decision 0235). A metrics query that reads
// only span-own fields (src/traceql/metrics/span-fields.ts) does not need the trace built in full:
// parent links, the tree, IDs, events and per-trace warnings are most of what decoding a stored trace
// costs, and a metrics query over an hour reads every trace in it. This reads a record's protobuf
// once into the span table's start, duration, kind, status, flags and name columns, answers
// attribute lookups from the record's bytes with the decoder's own `findAttribute`, and each span's
// instrumentation scope, events and links from the record's bytes too (decision 0345). Search can ask
// for the tree as well (`fillTree`: parents, children, roots, orphans, span IDs and the service
// column, for structural operators, the root's name and service, span IDs and the parent's
// attributes). Kept columns and trees are carved from shared slabs (./slab-views.ts), and names,
// resources and scopes are found by their bytes. One
// reader is reused for every record of a query: its columns are scratch space, so a query holds one
// trace's worth, whatever the number of spans it reads. Across queries, a searcher's SlimCache keeps
// each record's columns (bounded by spans and traces), so repeated queries skip the protobuf. What it
// fills, it fills exactly as src/formats/otlp-protobuf.ts and src/model/builder.ts do (the tests in
// metrics-spans.test.ts hold it to that); what it leaves out is empty, so reading it would show.

import { LRUCache } from 'lru-cache';
import { BytesMap, hashBytes } from '../../src/formats/bytes-map.ts';
import {
  findAttribute,
  readScopeMessage,
  readSpanEvents,
  readSpanLinks,
  resourceService,
} from '../../src/formats/otlp-protobuf.ts';
import { decodeUtf8, WireError, WireReader, WireType } from '../../src/formats/protobuf-wire.ts';
import { eventsFromBase } from '../../src/model/details.ts';
import { SpanIdIndex } from '../../src/model/span-index.ts';
import { StringTable } from '../../src/model/string-table.ts';
import { instantToBigInt } from '../../src/model/time.ts';
import { sortByStart } from '../../src/model/tree.ts';
import {
  type AttributeValue,
  type InstrumentationScope,
  type SpanDetails,
  type SpanDetailsStore,
  type SpanEvent,
  SpanFlag,
  type SpanLink,
  type SpanTable,
  StatusCode,
  type Trace,
} from '../../src/model/types.ts';
import { SlabViews } from './slab-views.ts';

const EMPTY_I32 = new Int32Array(0);
const EMPTY_U32 = new Uint32Array(0);
const EMPTY_F64 = new Float64Array(0);
/** Distinct span names kept across records before the name table starts over. */
const MAX_NAMES = 10_000;

/** A distinct resource (by its bytes) and the attributes looked up on it so far. */
interface ResourceEntry {
  bytes: Uint8Array;
  values: Map<string, AttributeValue | undefined>;
  /** Its service's index in the cache's strings, as the decoder names it; -1 until asked for. */
  service: number;
}

/** A distinct instrumentation scope (by its bytes), decoded the first time it is read. */
interface ScopeEntry {
  bytes: Uint8Array;
  scope: InstrumentationScope | undefined;
}

/** `IdScratch.hasParent` of a row whose parent is not in the trace. */
const ORPHAN = 2;

/** Span and parent IDs of a slim trace's rows as two 32-bit halves, as the decoder reads them. */
interface IdScratch {
  idHi: Uint32Array;
  idLo: Uint32Array;
  parentHi: Uint32Array;
  parentLo: Uint32Array;
  /** 0: none, 1: names a parent, ORPHAN: names one not in the trace. */
  hasParent: Uint8Array;
  /** Parent rows (-1: none), a cycle check's marks, and `treeOf`'s slots. */
  parent: Int32Array;
  state: Uint8Array;
  fill: Uint32Array;
}

/** Attribute lookups over the current record's bytes; resource ones cached per distinct resource. */
class SlimDetails implements SpanDetailsStore {
  buf: Uint8Array = new Uint8Array(0);
  count = 0;
  /** Per row: the span message's [start, end) and its resource's index (scratch, reader-owned). */
  spanStart = new Uint32Array(0);
  spanEnd = new Uint32Array(0);
  spanResource = new Uint32Array(0);
  /** Per row: its scope's index in `scopes` (scratch, reader-owned). */
  spanScope = new Uint32Array(0);
  /** The current record's resources, in wire order. */
  resources: ResourceEntry[] = [];
  /** The current record's scopes, one per ScopeSpans in wire order. */
  scopes: ScopeEntry[] = [];
  /** The trace's start as the reader's (major, minor) instant: event times are from it. */
  baseMajor = 0;
  baseMinor = 0;

  get(): SpanDetails {
    throw new Error('a slim trace keeps no span details (metrics-spans.ts)');
  }

  /** Each looked-up key's UTF-8 bytes; null when they would not decode back to it (then the decoder's scan). */
  private readonly keyBytes = new Map<string, Uint8Array | null>();
  private reader: WireReader | undefined;
  private readerBuffer: ArrayBufferLike | undefined;

  /**
   * `findAttribute(buf, start, end, 9, key)`, the same answer, without decoding every key: a key is
   * compared by its bytes (equal bytes, equal key, as the key's bytes decode back to it), and only
   * the match is read by `findAttribute` itself. A message that stops reading cleanly ends the scan
   * where the decoder's ends.
   */
  private spanAttribute(
    buf: Uint8Array,
    start: number,
    end: number,
    key: string,
  ): AttributeValue | undefined {
    let bytes = this.keyBytes.get(key);
    if (bytes === undefined) {
      const encoded = Buffer.from(key, 'utf8');
      bytes = encoded.toString('utf8') === key ? encoded : null;
      if (this.keyBytes.size < 1000) this.keyBytes.set(key, bytes);
    }
    if (bytes === null) return findAttribute(buf, start, end, 9, key);
    const r = this.readerFor(buf);
    const whole = r.buf;
    const base = buf.byteOffset;
    start += base;
    end += base;
    r.pos = start;
    r.end = end;
    const n = bytes.length;
    try {
      while (r.pos < end) {
        const tagStart = r.pos;
        const tag = r.varint();
        if (tag >>> 3 !== 9 || (tag & 7) !== WireType.Bytes) {
          r.skip(tag & 7);
          continue;
        }
        const kvEnd = r.delimitedEnd();
        // The KeyValue's first key field, as the decoder takes it.
        r.end = kvEnd;
        let same = false;
        try {
          while (r.pos < kvEnd) {
            const t = r.varint();
            if (t >>> 3 === 1 && (t & 7) === WireType.Bytes) {
              const e = r.delimitedEnd();
              if (e - r.pos === n) {
                same = true;
                for (let i = 0; i < n; i++) {
                  if (whole[r.pos + i] !== bytes[i]) {
                    same = false;
                    break;
                  }
                }
              }
              break;
            }
            r.skip(t & 7);
          }
        } catch (e) {
          if (!(e instanceof WireError)) throw e;
        }
        if (same) return findAttribute(buf, tagStart - base, kvEnd - base, 9, key);
        r.pos = kvEnd;
        r.end = end;
      }
    } catch (e) {
      if (!(e instanceof WireError)) throw e;
    }
    return undefined;
  }

  attribute(row: number, scope: 'span' | 'resource', key: string): AttributeValue | undefined {
    if (scope === 'span') return this.spanAttribute(this.buf, this.spanStart[row], this.spanEnd[row], key);
    const entry = this.resources[this.spanResource[row]];
    const values = entry.values;
    const hit = values.get(key);
    if (hit !== undefined || values.has(key)) return hit;
    // The same lookup the decoder makes, over the resource's own bytes.
    const value =
      entry.bytes.length > 0 ? findAttribute(entry.bytes, 0, entry.bytes.length, 1, key) : undefined;
    values.set(key, value);
    return value;
  }

  attributeKeys(): string[] {
    throw new Error('a slim trace keeps no attribute lists (metrics-spans.ts)');
  }

  /**
   * One reader over the whole buffer `buf` is a view of (records in the fragment arena share a few):
   * its positions are the buffer's. The slim trace reader reads spans and IDs with it too.
   */
  readerFor(buf: Uint8Array): WireReader {
    if (this.readerBuffer !== buf.buffer || !this.reader) {
      this.reader = new WireReader(new Uint8Array(buf.buffer));
      this.readerBuffer = buf.buffer;
    }
    return this.reader;
  }

  /** Whether the row's span message has a field `field` of bytes (a tag scan, nothing decoded). */
  private hasBytesField(row: number, field: number): boolean {
    const buf = this.buf;
    const r = this.readerFor(buf);
    const base = buf.byteOffset;
    const end = base + this.spanEnd[row];
    r.pos = base + this.spanStart[row];
    r.end = end;
    try {
      while (r.pos < end) {
        const tag = r.varint();
        if (tag >>> 3 === field && (tag & 7) === WireType.Bytes) return true;
        r.skip(tag & 7);
      }
    } catch (e) {
      if (!(e instanceof WireError)) throw e;
    }
    return false;
  }

  events(row: number): SpanEvent[] {
    if (!this.hasBytesField(row, 11)) return [];
    // As the decoder's details give them (src/model/details.ts), from the span's own bytes.
    return eventsFromBase(
      readSpanEvents(this.buf, this.spanStart[row], this.spanEnd[row]),
      this.baseMajor,
      this.baseMinor,
    );
  }

  links(row: number): SpanLink[] {
    if (!this.hasBytesField(row, 13)) return [];
    return readSpanLinks(this.buf, this.spanStart[row], this.spanEnd[row]);
  }

  scope(row: number): InstrumentationScope {
    const entry = this.scopes[this.spanScope[row]];
    // As the decoder reads a scope (src/formats/otlp-protobuf.ts), once per distinct scope.
    entry.scope ??= readScopeMessage(entry.bytes, 0, entry.bytes.length);
    return entry.scope;
  }
}

/** Spans a searcher's slim cache keeps (decision 0235): about 34 bytes each (54 once a structural query read their tree), plus ~400 a trace. */
export const SLIM_CACHE_SPANS = 1_000_000;
/** Traces it keeps (the store's default trace limit). */
export const SLIM_CACHE_TRACES = 100_000;

/** A slim trace's links: parent rows, children in CSR form, roots (by start, as the decoder sorts them), orphans. */
interface SlimTree {
  parent: Int32Array;
  childStart: Uint32Array;
  children: Uint32Array;
  roots: Uint32Array;
  /** Rows naming a parent that is not in the trace (the decoder's Orphan flag). */
  orphans: Uint32Array;
  /** Span IDs as two 32-bit halves (all regular: 8 bytes, unique, not zero). */
  idHi: Uint32Array;
  idLo: Uint32Array;
}

/** The tree of the first `n` rows of `ids.parent`, kept in `slabs` (`ids.fill` is scratch). */
function treeOf(ids: IdScratch, n: number, start: Float64Array, slabs: SlabViews): SlimTree {
  const parent = slabs.i32(n);
  parent.set(ids.parent.subarray(0, n));
  const childStart = slabs.u32(n + 1);
  let rootCount = 0;
  for (let i = 0; i < n; i++) {
    const p = parent[i];
    if (p < 0) rootCount++;
    else childStart[p + 1]++;
  }
  for (let i = 0; i < n; i++) childStart[i + 1] += childStart[i];
  const children = slabs.u32(n - rootCount);
  // Each parent's next free slot: the start of its children, moved on as they are placed.
  const fill = ids.fill;
  fill.set(childStart.subarray(0, n));
  const roots = slabs.u32(rootCount);
  let r = 0;
  for (let i = 0; i < n; i++) {
    const p = parent[i];
    if (p < 0) roots[r++] = i;
    else children[fill[p]++] = i;
  }
  sortByStart(roots, 0, rootCount, start);
  let orphanCount = 0;
  for (let i = 0; i < n; i++) if (ids.hasParent[i] === ORPHAN) orphanCount++;
  const orphans = orphanCount === 0 ? EMPTY_U32 : slabs.u32(orphanCount);
  for (let i = 0, o = 0; o < orphanCount; i++) if (ids.hasParent[i] === ORPHAN) orphans[o++] = i;
  const idHi = slabs.u32(n);
  idHi.set(ids.idHi.subarray(0, n));
  const idLo = slabs.u32(n);
  idLo.set(ids.idLo.subarray(0, n));
  return { parent, childStart, children, roots, orphans, idHi, idLo };
}

/** Values per span in `SlimEntry.cols`. */
const COLS = 7;

/** One record's slim columns, as read once from its protobuf. */
interface SlimEntry {
  version: number;
  count: number;
  startNs: bigint;
  durationNs: number;
  /** `startNs` as the (major, minor) instant event times are from. */
  baseMajor: number;
  baseMinor: number;
  /** start × count, then duration × count. */
  times: Float64Array;
  /** Per span: name index, kind | status << 8, message start, message end, resource index, status message index, scope index. */
  cols: Uint32Array;
  resources: ResourceEntry[];
  scopes: ScopeEntry[];
  /** The tree (`SlimTraceReader.fillTree`) once asked for; null when the IDs are irregular. */
  tree?: SlimTree | null;
}

/**
 * What slim readers share across queries: span names, distinct resources, and (when given a budget)
 * each record's slim columns by trace ID and version, so the services page's eight queries over
 * the same hour read the protobuf once. Bounded: names and resources start over past MAX_NAMES
 * (dropping the kept columns, whose name indices would go stale), columns by spans and traces.
 */
export class SlimCache {
  /** Span names, status messages and services; `strings` is the slim tables' string column. */
  private readonly names = new StringTable();
  readonly strings: string[] = this.names.strings;
  /** Span names by their bytes (no string made per span); a miss goes by the decoded name. */
  private readonly nameBytes = new BytesMap<number>();
  /** Distinct resources by their bytes. */
  private readonly known = new BytesMap<ResourceEntry>();
  /** Distinct instrumentation scopes by their bytes. */
  private readonly knownScopes = new BytesMap<ScopeEntry>();
  readonly entries: LRUCache<string, SlimEntry> | undefined;
  /** Where kept columns and trees are carved from (./slab-views.ts: entries leave in the order they came). */
  readonly slabs = new SlabViews();

  constructor(spans = 0, traces = SLIM_CACHE_TRACES) {
    this.entries =
      spans > 0
        ? new LRUCache<string, SlimEntry>({
            max: traces,
            maxSize: spans,
            sizeCalculation: (e) => Math.min(Math.max(1, e.count), spans),
          })
        : undefined;
  }

  /** Past MAX_NAMES distinct names, everything starts over. */
  bound(): void {
    if (
      this.strings.length <= MAX_NAMES &&
      this.known.size <= MAX_NAMES &&
      this.knownScopes.size <= MAX_NAMES
    )
      return;
    this.names.clear();
    this.nameBytes.clear();
    this.known.clear();
    this.knownScopes.clear();
    this.entries?.clear();
  }

  /** The index in `strings` of the UTF-8 name at [start, end) of `buf` (0: empty). */
  nameAt(buf: Uint8Array, start: number, end: number): number {
    if (end === start) return 0;
    const h = hashBytes(buf, start, end);
    const hit = this.nameBytes.get(h, buf, start, end);
    if (hit !== undefined) return hit;
    const index = this.internString(decodeUtf8(buf, start, end));
    this.nameBytes.set(h, buf, start, end, index);
    return index;
  }

  /** The index of `name` in `strings`, added when new. */
  internString(name: string): number {
    return this.names.intern(name);
  }

  /** The entry for the Resource message at [start, end) of `buf`. */
  resourceAt(buf: Uint8Array, start: number, end: number): ResourceEntry {
    const h = hashBytes(buf, start, end);
    let entry = this.known.get(h, buf, start, end);
    if (!entry) {
      // A hash another resource holds gets an entry of its own each time: right, only slower.
      entry = { bytes: buf.slice(start, end), values: new Map(), service: -1 };
      this.known.set(h, buf, start, end, entry);
    }
    return entry;
  }

  /** The entry for the InstrumentationScope message at [start, end) of `buf` (empty: none). */
  scopeAt(buf: Uint8Array, start: number, end: number): ScopeEntry {
    const h = hashBytes(buf, start, end);
    let entry = this.knownScopes.get(h, buf, start, end);
    if (!entry) {
      entry = { bytes: buf.slice(start, end), scope: undefined };
      this.knownScopes.set(h, buf, start, end, entry);
    }
    return entry;
  }
}

/**
 * Reads stored records into one reused slim Trace (see the header). The Trace `read` returns is
 * valid until the next `read`: evaluate it, do not keep it.
 */
export class SlimTraceReader {
  private capacity = 0;
  private startHi = new Float64Array(0);
  private startLo = new Float64Array(0);
  private start = new Float64Array(0);
  private duration = new Float64Array(0);
  private kind = new Uint8Array(0);
  private status = new Uint8Array(0);
  private flags = new Uint16Array(0);
  private name = new Uint32Array(0);
  /** Status messages, interned with the names (decision 0355: search tests them span by span). */
  private statusMessage = new Uint32Array(0);
  /** Services, filled with the tree (`fillServices`). */
  private service = new Uint32Array(0);
  private readonly strings: string[];
  private readonly details = new SlimDetails();
  private readonly table: SpanTable;
  private readonly trace: Trace;
  /** The current record's cache entry, when it has one. */
  private entry: SlimEntry | undefined;
  private ids: IdScratch = {
    idHi: new Uint32Array(0),
    idLo: new Uint32Array(0),
    parentHi: new Uint32Array(0),
    parentLo: new Uint32Array(0),
    hasParent: new Uint8Array(0),
    parent: new Int32Array(0),
    state: new Uint8Array(0),
    fill: new Uint32Array(0),
  };
  private readonly idIndex = new SpanIdIndex(this.ids.idHi, this.ids.idLo, 0);

  constructor(private readonly cache = new SlimCache()) {
    this.strings = cache.strings;
    this.table = {
      count: 0,
      start: this.start,
      duration: this.duration,
      kind: this.kind,
      status: this.status,
      flags: this.flags,
      name: this.name,
      strings: this.strings,
      // Not read by metrics over span-own fields (`resource.service.name` is an attribute lookup):
      // left empty so that reading them would show; `fillTree` fills service and the links.
      service: EMPTY_U32,
      parent: EMPTY_I32,
      depth: EMPTY_U32,
      statusMessage: this.statusMessage,
      spanIdHi: EMPTY_U32,
      spanIdLo: EMPTY_U32,
      oddSpanIds: new Map(),
      childStart: EMPTY_U32,
      children: EMPTY_U32,
      eventStart: EMPTY_U32,
      eventTime: EMPTY_F64,
    };
    this.trace = {
      traceId: '',
      startNs: 0n,
      durationNs: 0,
      table: this.table,
      roots: EMPTY_U32,
      counts: { spans: 0, services: 0, errors: 0, orphans: 0, maxDepth: 0 },
      warnings: [],
      format: 'otlp-protobuf-slim',
      details: this.details,
    };
    this.grow(64);
  }

  private grow(min: number): void {
    let capacity = Math.max(64, this.capacity);
    while (capacity < min) capacity *= 2;
    if (capacity === this.capacity) return;
    const g64 = (a: Float64Array) => {
      const b = new Float64Array(capacity);
      b.set(a);
      return b;
    };
    const g32 = (a: Uint32Array) => {
      const b = new Uint32Array(capacity);
      b.set(a);
      return b;
    };
    const g8 = (a: Uint8Array) => {
      const b = new Uint8Array(capacity);
      b.set(a);
      return b;
    };
    this.capacity = capacity;
    this.startHi = g64(this.startHi);
    this.startLo = g64(this.startLo);
    this.table.start = this.start = g64(this.start);
    this.table.duration = this.duration = g64(this.duration);
    this.table.kind = this.kind = g8(this.kind);
    this.table.status = this.status = g8(this.status);
    const flags = new Uint16Array(capacity);
    flags.set(this.flags);
    this.table.flags = this.flags = flags;
    this.table.name = this.name = g32(this.name);
    this.table.statusMessage = this.statusMessage = g32(this.statusMessage);
    this.service = g32(this.service);
    const d = this.details;
    d.spanStart = g32(d.spanStart);
    d.spanEnd = g32(d.spanEnd);
    d.spanResource = g32(d.spanResource);
    d.spanScope = g32(d.spanScope);
  }

  /**
   * A stored record's spans as the slim Trace, or undefined when the bytes do not read cleanly or
   * hold no span (then the caller decodes the trace in full, which says what is wrong). With the
   * record's `version`, its columns are kept in the cache and read from there while it is unchanged.
   */
  read(buf: Uint8Array, traceId: string, version?: number): Trace | undefined {
    this.cache.bound();
    const d = this.details;
    d.buf = buf;
    // peek: a metrics query reads every record in its window, so recency says little here.
    this.clearTree();
    this.entry = undefined;
    const kept = version === undefined ? undefined : this.cache.entries?.peek(traceId);
    if (kept && kept.version === version) {
      this.entry = kept;
      return this.load(kept, traceId);
    }
    d.resources = [];
    d.scopes = [];
    let count: number;
    try {
      count = this.readSpans(buf);
    } catch (e) {
      if (e instanceof WireError) return undefined;
      throw e;
    }
    if (count === 0) return undefined;
    d.count = count;
    this.finish(count);
    this.trace.traceId = traceId;
    this.table.count = count;
    this.trace.counts.spans = count;
    if (version !== undefined && this.cache.entries) {
      this.entry = this.keep(version);
      this.cache.entries.set(traceId, this.entry);
    }
    return this.trace;
  }

  private clearTree(): void {
    this.table.service = EMPTY_U32;
    this.table.parent = EMPTY_I32;
    this.table.childStart = EMPTY_U32;
    this.table.children = EMPTY_U32;
    this.table.spanIdHi = EMPTY_U32;
    this.table.spanIdLo = EMPTY_U32;
    this.trace.roots = EMPTY_U32;
  }

  /**
   * Fills the current slim trace's tree (parent, children, roots) for the structural operators
   * (decision 0323), as src/model/tree.ts links it when nothing is irregular: every span ID 8 bytes,
   * not zero and unique, parents 0 or 8 bytes (zero is none), no cycle; a parent not in the trace,
   * or the span itself, leaves a root. Anything irregular returns false (the caller decodes in full).
   */
  fillTree(): boolean {
    let tree = this.entry?.tree;
    if (tree === undefined) {
      tree = this.readParents() ? treeOf(this.ids, this.table.count, this.start, this.cache.slabs) : null;
      if (this.entry) this.entry.tree = tree;
    }
    if (!tree) return false;
    this.table.parent = tree.parent;
    this.table.childStart = tree.childStart;
    this.table.children = tree.children;
    this.table.spanIdHi = tree.idHi;
    this.table.spanIdLo = tree.idLo;
    this.trace.roots = tree.roots;
    for (const row of tree.orphans) this.flags[row] |= SpanFlag.Orphan;
    this.table.service = this.fillServices();
    return true;
  }

  /** The service column (trace:rootService reads it), each resource's service named once. */
  private fillServices(): Uint32Array {
    const d = this.details;
    const n = this.table.count;
    const service = this.service;
    for (let row = 0; row < n; row++) {
      const entry = d.resources[d.spanResource[row]];
      if (entry.service < 0)
        entry.service = this.cache.internString(resourceService(entry.bytes, 0, entry.bytes.length));
      service[row] = entry.service;
    }
    return service;
  }

  /** Parent rows from the span messages' IDs into `ids.parent`; false when they are irregular (see `fillTree`). */
  private readParents(): boolean {
    const d = this.details;
    const buf = d.buf;
    const n = this.table.count;
    const ids = this.idScratch(n);
    const { idHi, idLo, parentHi, parentLo, hasParent } = ids;
    const r = this.readerOver(buf);
    const view = r.view;
    const base = buf.byteOffset;
    try {
      for (let row = 0; row < n; row++) {
        const end = base + d.spanEnd[row];
        r.pos = base + d.spanStart[row];
        r.end = end;
        // As the decoder reads them: the last occurrence wins. -1: absent, 0: not 8 bytes, 1: read.
        let id = -1;
        let parent = -1;
        while (r.pos < end) {
          const tag = r.varint();
          const field = tag >>> 3;
          if ((field === 2 || field === 4) && (tag & 7) === WireType.Bytes) {
            const e = r.delimitedEnd();
            const eight = e - r.pos === 8;
            if (field === 2) {
              id = eight ? 1 : 0;
              if (eight) {
                idHi[row] = view.getUint32(r.pos, false);
                idLo[row] = view.getUint32(r.pos + 4, false);
              }
            } else {
              parent = e === r.pos ? -1 : eight ? 1 : 0;
              if (eight) {
                parentHi[row] = view.getUint32(r.pos, false);
                parentLo[row] = view.getUint32(r.pos + 4, false);
              }
            }
            r.pos = e;
          } else r.skip(tag & 7);
        }
        if (id !== 1 || (idHi[row] === 0 && idLo[row] === 0) || parent === 0) return false;
        // A zero parent ID is none.
        hasParent[row] = parent === 1 && (parentHi[row] !== 0 || parentLo[row] !== 0) ? 1 : 0;
      }
    } catch (e) {
      if (e instanceof WireError) return false;
      throw e;
    }
    // The decoder's own index (no string or Map per span): a repeated ID is irregular.
    const index = this.idIndex;
    index.rebuild(idHi, idLo, n);
    if (index.hasDuplicates) return false;
    const parent = ids.parent;
    parent.fill(-1, 0, n);
    for (let row = 0; row < n; row++) {
      if (hasParent[row] === 0) continue;
      const p = index.find(parentHi[row], parentLo[row]);
      if (p >= 0 && p !== row) parent[row] = p;
      // A span naming itself is a root, not an orphan (src/model/tree.ts).
      else if (p < 0) hasParent[row] = ORPHAN;
    }
    // A cycle (which the builder would cut) makes the trace irregular.
    const state = ids.state;
    state.fill(0, 0, n);
    for (let row = 0; row < n; row++) {
      let x = row;
      while (x >= 0 && state[x] === 0) {
        state[x] = 1;
        x = parent[x];
      }
      if (x >= 0 && state[x] === 1) return false;
      for (x = row; x >= 0 && state[x] === 1; x = parent[x]) state[x] = 2;
    }
    return true;
  }

  /** Scratch columns for `readParents`, kept across traces and grown as needed. */
  private idScratch(n: number): IdScratch {
    if (this.ids.idHi.length < n) {
      const size = Math.max(n, 2 * this.ids.idHi.length, 64);
      this.ids = {
        idHi: new Uint32Array(size),
        idLo: new Uint32Array(size),
        parentHi: new Uint32Array(size),
        parentLo: new Uint32Array(size),
        hasParent: new Uint8Array(size),
        parent: new Int32Array(size),
        state: new Uint8Array(size),
        fill: new Uint32Array(size),
      };
    }
    return this.ids;
  }

  /** The current record's columns, copied out for the cache. */
  private keep(version: number): SlimEntry {
    const n = this.table.count;
    const d = this.details;
    // From the cache's slabs: a cold search keeps one entry per trace it reads.
    const times = this.cache.slabs.f64(2 * n);
    times.set(this.start.subarray(0, n));
    times.set(this.duration.subarray(0, n), n);
    const cols = this.cache.slabs.u32(COLS * n);
    for (let i = 0; i < n; i++) {
      const at = COLS * i;
      cols[at] = this.name[i];
      cols[at + 1] = this.kind[i] | (this.status[i] << 8);
      cols[at + 2] = d.spanStart[i];
      cols[at + 3] = d.spanEnd[i];
      cols[at + 4] = d.spanResource[i];
      cols[at + 5] = this.statusMessage[i];
      cols[at + 6] = d.spanScope[i];
    }
    return {
      version,
      count: n,
      startNs: this.trace.startNs,
      baseMajor: d.baseMajor,
      baseMinor: d.baseMinor,
      durationNs: this.trace.durationNs,
      times,
      cols,
      resources: d.resources,
      scopes: d.scopes,
    };
  }

  /** A kept record back into the reused Trace. */
  private load(e: SlimEntry, traceId: string): Trace {
    const n = e.count;
    if (n > this.capacity) this.grow(n);
    const d = this.details;
    this.start.set(e.times.subarray(0, n));
    this.duration.set(e.times.subarray(n, 2 * n));
    for (let i = 0; i < n; i++) {
      const at = COLS * i;
      this.name[i] = e.cols[at];
      const ks = e.cols[at + 1];
      this.kind[i] = ks & 0xff;
      const status = ks >>> 8;
      this.status[i] = status;
      this.flags[i] = status === StatusCode.Error ? SpanFlag.Error : 0;
      d.spanStart[i] = e.cols[at + 2];
      d.spanEnd[i] = e.cols[at + 3];
      d.spanResource[i] = e.cols[at + 4];
      this.statusMessage[i] = e.cols[at + 5];
      d.spanScope[i] = e.cols[at + 6];
    }
    d.resources = e.resources;
    d.scopes = e.scopes;
    d.count = n;
    this.trace.traceId = traceId;
    this.trace.startNs = e.startNs;
    d.baseMajor = e.baseMajor;
    d.baseMinor = e.baseMinor;
    this.trace.durationNs = e.durationNs;
    this.table.count = n;
    this.trace.counts.spans = n;
    return this.trace;
  }

  /** The details' whole-buffer reader (`SlimDetails.readerFor`), positioned on the record `rec`. */
  private readerOver(rec: Uint8Array): WireReader {
    const r = this.details.readerFor(rec);
    r.pos = rec.byteOffset;
    r.end = rec.byteOffset + rec.length;
    return r;
  }

  private readSpans(rec: Uint8Array): number {
    const r = this.readerOver(rec);
    const buf = r.buf;
    const base = rec.byteOffset;
    const limit = r.end;
    const d = this.details;
    let count = 0;
    while (r.pos < limit) {
      const tag = r.varint();
      if (tag >>> 3 !== 1 || (tag & 7) !== WireType.Bytes) {
        r.skip(tag & 7);
        continue;
      }
      const rsEnd = r.delimitedEnd();
      const rsStart = r.pos;
      r.end = rsEnd;
      // The resource may come after its scope spans on the wire; find it first (as the decoder does).
      let resStart = 0;
      let resEnd = 0;
      while (r.pos < rsEnd) {
        const t = r.varint();
        if (t >>> 3 === 1 && (t & 7) === WireType.Bytes) {
          resEnd = r.delimitedEnd();
          resStart = r.pos;
          r.pos = resEnd;
        } else r.skip(t & 7);
      }
      const resource = d.resources.length;
      d.resources.push(this.cache.resourceAt(buf, resStart, resEnd));
      r.pos = rsStart;
      while (r.pos < rsEnd) {
        const t = r.varint();
        const field = t >>> 3;
        if ((field !== 2 && field !== 1000) || (t & 7) !== WireType.Bytes) {
          r.skip(t & 7);
          continue;
        }
        const ssEnd = r.delimitedEnd();
        r.end = ssEnd;
        const firstRow = count;
        // The scope may come after its spans; the last one on the wire counts (as the decoder reads it).
        let scopeStart = 0;
        let scopeEnd = 0;
        while (r.pos < ssEnd) {
          const st = r.varint();
          if (st >>> 3 === 1 && (st & 7) === WireType.Bytes) {
            scopeEnd = r.delimitedEnd();
            scopeStart = r.pos;
            r.pos = scopeEnd;
            continue;
          }
          if (st >>> 3 !== 2 || (st & 7) !== WireType.Bytes) {
            r.skip(st & 7);
            continue;
          }
          const spanEnd = r.delimitedEnd();
          if (count === this.capacity) this.grow(count + 1);
          const row = count++;
          d.spanStart[row] = r.pos - base;
          d.spanEnd[row] = spanEnd - base;
          d.spanResource[row] = resource;
          this.readSpan(r, buf, spanEnd, row);
          r.pos = spanEnd;
          r.end = ssEnd;
        }
        if (count > firstRow) {
          const scope = d.scopes.length;
          d.scopes.push(this.cache.scopeAt(buf, scopeStart, scopeEnd));
          d.spanScope.fill(scope, firstRow, count);
        }
        r.end = rsEnd;
      }
      r.end = limit;
    }
    return count;
  }

  private readSpan(r: WireReader, buf: Uint8Array, end: number, row: number): void {
    r.end = end;
    let kind = 0;
    let status = 0;
    let sHi = 0;
    let sLo = 0;
    let eHi = 0;
    let eLo = 0;
    let name = 0;
    let message = 0;
    while (r.pos < end) {
      const tag = r.varint();
      const field = tag >>> 3;
      const wt = tag & 7;
      if (field === 5 && wt === WireType.Bytes) {
        const e = r.delimitedEnd();
        name = this.cache.nameAt(buf, r.pos, e);
        r.pos = e;
      } else if (field === 6 && wt === WireType.Varint) kind = r.varint();
      else if ((field === 7 || field === 8) && wt === WireType.Fixed64) {
        const lo = r.fixed64Lo();
        const hi = r.fixed64Hi();
        if (field === 7) {
          sLo = lo;
          sHi = hi;
        } else {
          eLo = lo;
          eHi = hi;
        }
      } else if (field === 15 && wt === WireType.Bytes) {
        const e = r.delimitedEnd();
        while (r.pos < e) {
          const t = r.varint();
          if (t >>> 3 === 3 && (t & 7) === WireType.Varint) status = r.varint();
          else if (t >>> 3 === 2 && (t & 7) === WireType.Bytes) {
            // As the decoder reads it: the last message wins, an empty one reads as ''.
            const me = r.delimitedEnd();
            if (me > r.pos) message = this.cache.nameAt(buf, r.pos, me);
            r.pos = me;
          } else r.skip(t & 7);
        }
      } else r.skip(wt);
    }
    // As the decoder reads them: codes out of range read as 0, an end before the start as 0 ns.
    this.kind[row] = kind > 5 ? 0 : kind;
    this.status[row] = status > 2 ? 0 : status;
    this.flags[row] = status === StatusCode.Error ? SpanFlag.Error : 0;
    this.name[row] = name;
    this.statusMessage[row] = message;
    const major = sHi * 4294967296;
    const duration = eHi * 4294967296 - major + (eLo - sLo);
    this.duration[row] = duration;
    if (!(duration >= 0)) this.duration[row] = 0;
    this.startHi[row] = major;
    this.startLo[row] = sLo;
  }

  /** Start times relative to the trace's earliest span, as src/model/builder.ts places them. */
  private finish(count: number): void {
    const { startHi, startLo, start, duration } = this;
    // Spans without a start (0), when others have one, sit at the trace start with zero duration.
    let zeros = 0;
    for (let i = 0; i < count; i++) if (startHi[i] === 0 && startLo[i] === 0) zeros++;
    const allZero = zeros === count;
    let baseMajor = 0;
    let baseMinor = 0;
    let haveBase = false;
    for (let i = 0; i < count; i++) {
      if (!allZero && startHi[i] === 0 && startLo[i] === 0) continue;
      if (!haveBase || startHi[i] - baseMajor + (startLo[i] - baseMinor) < 0) {
        baseMajor = startHi[i];
        baseMinor = startLo[i];
        haveBase = true;
      }
    }
    let end = 0;
    for (let i = 0; i < count; i++) {
      let s = startHi[i] - baseMajor + (startLo[i] - baseMinor);
      if (!allZero && startHi[i] === 0 && startLo[i] === 0) {
        s = 0;
        duration[i] = 0;
      }
      start[i] = s;
      if (s + duration[i] > end) end = s + duration[i];
    }
    this.trace.startNs = instantToBigInt(baseMajor, baseMinor);
    this.trace.durationNs = end;
    this.details.baseMajor = baseMajor;
    this.details.baseMinor = baseMinor;
  }
}

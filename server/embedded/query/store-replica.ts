// The query workers' copy of the trace store's index. The main thread sends each change as messages
// (records that gained fragments, removed trace IDs); fragment bytes are not sent, only where they
// are in the shared arena (./fragment-arena.ts). A record message carries the record's summary in
// full and its fragments from `from` on, so applying one twice changes nothing: a new worker can be
// sent a snapshot while changes keep arriving (docs/decisions/0220-query-workers.md).

import { StringTable } from '../../../src/model/string-table.ts';
import { type ChunkDigest, internValue } from '../span-digest.ts';
import { type ServiceStat, type TraceRecord, TraceStore } from '../store.ts';
import { ArenaReader, type FragmentArena } from './fragment-arena.ts';

const NO_RANGES = new Float64Array(0);

/**
 * Records as sent, many in one message: every string once in `strings` (the same service, host and
 * operation names recur record after record), every other value a number in `nums`, the digests'
 * words and ranges in one typed array each, the three times per record in `times`. Against one
 * v8-serialized tuple per record this is a fifth of the bytes and a few allocations per message
 * instead of dozens per record, on the event loop and again in every worker (decision 0352).
 *
 * `nums`, per record: traceId (string index), from (index of the first fragment sent; those before
 * it are already in the replica), fragment count, bytes, spanCount, errorCount, rootService,
 * rootName (string indexes), service count, operationsFrom (operations from this index of the
 * record's insertion-ordered set on), operation count, version; then per fragment: arena block,
 * offset, length, bloom words, statuses, kinds, range values, listed strings and their value
 * indexes (their key hashes are in `words` after the bloom), then its `withParent` (0 undefined,
 * 1 null, 2 present: bloom words, statuses, kinds; its bloom in `words`, its max and min span
 * durations in `floats`; its ranges and listed strings are the fragment's, decision 0356), then
 * `serverRootIds` and `clientSpanIds` (each: 0 undefined, else length + 1, the IDs in `words`);
 * then per service its name, span count,
 * error count; then each operation's string index. Durations (which pass 2^32 ns) are in `floats`.
 */
export interface WireRecords {
  count: number;
  strings: string[];
  nums: Uint32Array;
  /** Per record its maxSpanNs; per fragment its maxSpanNs, minSpanNs, then its numberRanges. */
  floats: Float64Array;
  /** startNs, endNs, rootStartNs of each record. */
  times: bigint[];
  /** Each fragment's bloom, then its stringKeys. */
  words: Uint32Array;
  /**
   * Digest fields not packed above, as they are (v8 serialization carries them), by the fragment's
   * ordinal in this message: a field added to ChunkDigest reaches the workers without a change here.
   */
  extras: [fragment: number, fields: Record<string, unknown>][];
}

/** The ChunkDigest fields packed into `nums`, `floats`, `words` and `strings`. */
const PACKED_DIGEST_FIELDS = new Set([
  'bloom',
  'statuses',
  'kinds',
  'maxSpanNs',
  'minSpanNs',
  'numberRanges',
  'stringKeys',
  'stringValues',
  // Decision 0356's structural fields: the `withParent` digest shares the fragment's ranges and strings.
  'withParent',
  'serverRootIds',
  'clientSpanIds',
]);

function unpackedFields(d: ChunkDigest): Record<string, unknown> | undefined {
  let rest: Record<string, unknown> | undefined;
  for (const key in d) {
    if (PACKED_DIGEST_FIELDS.has(key)) continue;
    const value = (d as unknown as Record<string, unknown>)[key];
    if (value !== undefined) (rest ??= {})[key] = value;
  }
  return rest;
}

export type ReplicaMessage =
  | { type: 'block'; id: number; buffer: SharedArrayBuffer }
  | { type: 'drop'; id: number }
  | { type: 'records'; records: WireRecords; removed: string[] }
  | { type: 'clear' };

/** A typed array that doubles when full; `view()` is what was pushed. */
class Growing<A extends Uint32Array | Float64Array> {
  private at = 0;
  constructor(private array: A) {}

  push(v: number): void {
    if (this.at === this.array.length) {
      const grown = new (this.array.constructor as new (length: number) => A)(this.at * 2);
      grown.set(this.array);
      this.array = grown;
    }
    this.array[this.at++] = v;
  }

  view(): A {
    return this.array.subarray(0, this.at) as A;
  }
}

/** Collects records into one `WireRecords`. */
export class WireRecordsWriter {
  private count = 0;
  private readonly strings = new StringTable();
  private readonly nums = new Growing(new Uint32Array(1024));
  private readonly floats = new Growing(new Float64Array(256));
  private readonly words = new Growing(new Uint32Array(1024));
  private readonly times: bigint[] = [];
  private fragments = 0;
  private readonly extras: WireRecords['extras'] = [];

  constructor(private readonly arena: FragmentArena) {}

  get size(): number {
    return this.count;
  }

  private str(s: string): number {
    return this.strings.intern(s);
  }

  private num(v: number): void {
    this.nums.push(v);
  }

  private float(v: number): void {
    this.floats.push(v);
  }

  private word(v: number): void {
    this.words.push(v);
  }

  /** Adds `rec` with its fragments from `from` on and its operations from `operationsFrom` on. */
  add(rec: TraceRecord, from: number, operationsFrom = 0): void {
    this.count++;
    this.num(this.str(rec.traceId));
    this.num(from);
    this.num(rec.chunks.length - from);
    this.num(rec.bytes);
    this.num(rec.spanCount);
    this.num(rec.errorCount);
    this.num(this.str(rec.rootService));
    this.num(this.str(rec.rootName));
    this.num(rec.services.size);
    this.num(operationsFrom);
    this.num(rec.operations.size - operationsFrom);
    this.num(rec.version);
    this.float(rec.maxSpanNs);
    this.times.push(rec.startNs, rec.endNs, rec.rootStartNs);
    for (let i = from; i < rec.chunks.length; i++) {
      const slice = this.arena.slice(rec.chunks[i]);
      if (!slice) throw new Error(`fragment ${i} of trace ${rec.traceId} is not in the arena`);
      const d = rec.digests[i];
      const rest = unpackedFields(d);
      if (rest) this.extras.push([this.fragments, rest]);
      this.fragments++;
      this.num(slice.block);
      this.num(slice.offset);
      this.num(slice.length);
      this.num(d.bloom.length);
      this.num(d.statuses);
      this.num(d.kinds);
      this.num(d.numberRanges.length);
      this.num(d.stringValues.length);
      for (const v of d.stringValues) this.num(this.str(v));
      for (let k = 0; k < d.bloom.length; k++) this.word(d.bloom[k]);
      for (let k = 0; k < d.stringKeys.length; k++) this.word(d.stringKeys[k]);
      this.float(d.maxSpanNs);
      this.float(d.minSpanNs);
      for (let k = 0; k < d.numberRanges.length; k++) this.float(d.numberRanges[k]);
      this.withParent(d.withParent);
      this.ids(d.serverRootIds);
      this.ids(d.clientSpanIds);
    }
    for (const [name, stat] of rec.services) {
      this.num(this.str(name));
      this.num(stat.spanCount);
      this.num(stat.errorCount);
    }
    let o = 0;
    for (const op of rec.operations) if (o++ >= operationsFrom) this.num(this.str(op));
  }

  /** The digest of a fragment's spans that name a parent: its own bloom, codes and durations only. */
  private withParent(child: ChunkDigest | null | undefined): void {
    if (child === undefined || child === null) {
      this.num(child === undefined ? 0 : 1);
      return;
    }
    this.num(2);
    this.num(child.bloom.length);
    this.num(child.statuses);
    this.num(child.kinds);
    for (let k = 0; k < child.bloom.length; k++) this.word(child.bloom[k]);
    this.float(child.maxSpanNs);
    this.float(child.minSpanNs);
  }

  private ids(ids: Uint32Array | undefined): void {
    if (ids === undefined) {
      this.num(0);
      return;
    }
    this.num(ids.length + 1);
    for (let k = 0; k < ids.length; k++) this.word(ids[k]);
  }

  finish(): WireRecords {
    return {
      count: this.count,
      strings: this.strings.strings,
      nums: this.nums.view(),
      floats: this.floats.view(),
      times: this.times,
      words: this.words.view(),
      extras: this.extras,
    };
  }
}

/** Records as a message, each with its fragments from `from` on and operations from `operationsFrom` on. */
export function wireRecords(
  arena: FragmentArena,
  records: Iterable<{ record: TraceRecord; from: number; operationsFrom?: number }>,
): WireRecords {
  const writer = new WireRecordsWriter(arena);
  for (const { record, from, operationsFrom } of records) writer.add(record, from, operationsFrom);
  return writer.finish();
}

/** The worker side: a TraceStore kept equal to the main thread's by applying its messages. */
export class StoreReplica {
  readonly reader = new ArenaReader();

  constructor(readonly store: TraceStore = new TraceStore({ maxTraces: Infinity, maxBytes: Infinity })) {}

  apply(message: ReplicaMessage): void {
    switch (message.type) {
      case 'block':
        this.reader.attach(message.id, message.buffer);
        return;
      case 'drop':
        this.reader.detach(message.id);
        return;
      case 'clear':
        this.store.clear();
        return;
      case 'records':
        for (const id of message.removed) this.store.deleteReplica(id);
        this.put(message.records);
    }
  }

  private put(wire: WireRecords): void {
    const { strings, nums, floats, times, words, extras } = wire;
    let fragment = 0;
    let extra = 0;
    // Digest values are interned as on the main thread, each distinct string of the message once.
    const interned: (string | undefined)[] = new Array(strings.length);
    const value = (i: number): string => {
      let s = interned[i];
      if (s === undefined) interned[i] = s = internValue(strings[i]);
      return s;
    };
    let n = 0;
    let w = 0;
    let g = 0;
    for (let r = 0; r < wire.count; r++) {
      const traceId = strings[nums[n++]];
      const from = nums[n++];
      const fragmentCount = nums[n++];
      const bytes = nums[n++];
      const spanCount = nums[n++];
      const errorCount = nums[n++];
      const maxSpanNs = floats[g++];
      const rootService = strings[nums[n++]];
      const rootName = strings[nums[n++]];
      const serviceCount = nums[n++];
      const operationsFrom = nums[n++];
      const operationCount = nums[n++];
      const version = nums[n++];
      const old = this.store.get(traceId);
      const chunks = old ? old.chunks.slice(0, from) : [];
      const digests = old ? old.digests.slice(0, from) : [];
      const operations = operationsFrom > 0 && old ? old.operations : new Set<string>();
      if (chunks.length !== from || operations.size < operationsFrom)
        throw new Error(`trace ${traceId} arrived without its first fragments`);
      for (let f = 0; f < fragmentCount; f++) {
        const block = nums[n++];
        const offset = nums[n++];
        const length = nums[n++];
        const bloomWords = nums[n++];
        const statuses = nums[n++];
        const kinds = nums[n++];
        const maxNs = floats[g++];
        const minNs = floats[g++];
        const rangeCount = nums[n++];
        const listed = nums[n++];
        const stringValues: string[] = new Array(listed);
        for (let i = 0; i < listed; i++) stringValues[i] = value(nums[n++]);
        chunks.push(this.reader.view({ block, offset, length }));
        let digest: ChunkDigest = {
          // Copies, so that no record keeps the whole message's arrays alive.
          bloom: words.slice(w, w + bloomWords),
          statuses,
          kinds,
          maxSpanNs: maxNs,
          minSpanNs: minNs,
          numberRanges: rangeCount === 0 ? NO_RANGES : floats.slice(g, g + rangeCount),
          stringKeys: words.slice(w + bloomWords, w + bloomWords + listed),
          stringValues,
        };
        w += bloomWords + listed;
        g += rangeCount;
        const childMark = nums[n++];
        let withParent: ChunkDigest | null | undefined;
        if (childMark === 1) withParent = null;
        else if (childMark === 2) {
          const childWords = nums[n++];
          const childStatuses = nums[n++];
          const childKinds = nums[n++];
          withParent = {
            ...digest,
            bloom: words.slice(w, w + childWords),
            statuses: childStatuses,
            kinds: childKinds,
            maxSpanNs: floats[g++],
            minSpanNs: floats[g++],
          };
          w += childWords;
        }
        const ids = (): Uint32Array | undefined => {
          const mark = nums[n++];
          if (mark === 0) return undefined;
          const out = words.slice(w, w + mark - 1);
          w += mark - 1;
          return out;
        };
        const serverRootIds = ids();
        const clientSpanIds = ids();
        if (clientSpanIds !== undefined) digest = { ...digest, clientSpanIds };
        if (withParent !== undefined) digest = { ...digest, withParent, serverRootIds };
        if (extra < extras.length && extras[extra][0] === fragment)
          digest = { ...digest, ...extras[extra++][1] };
        fragment++;
        digests.push(digest);
      }
      const services = new Map<string, ServiceStat>();
      for (let i = 0; i < serviceCount; i++) {
        const name = strings[nums[n++]];
        services.set(name, { spanCount: nums[n++], errorCount: nums[n++] });
      }
      // Operations only grow, so adding the tail again is harmless.
      for (let i = 0; i < operationCount; i++) operations.add(strings[nums[n++]]);
      this.store.putReplica({
        traceId,
        chunks,
        digests,
        bytes,
        spanCount,
        errorCount,
        startNs: times[3 * r],
        endNs: times[3 * r + 1],
        maxSpanNs,
        rootService,
        rootName,
        // Read only by the main thread's sampling endpoints (decision 0335), not by queries.
        rootTraceState: '',
        rootStartNs: times[3 * r + 2],
        services,
        operations,
        version,
      });
    }
  }
}

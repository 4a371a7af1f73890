// The query workers' copy of the trace store's index. The main thread sends each change as messages
// (records that gained fragments, removed trace IDs); fragment bytes are not sent, only where they
// are in the shared arena (./fragment-arena.ts). A record message carries the record's summary in
// full and its fragments from `from` on, so applying one twice changes nothing: a new worker can be
// sent a snapshot while changes keep arriving (docs/decisions/0220-query-workers.md).

import { type ChunkDigest, internValue } from '../span-digest.ts';
import { type ServiceStat, type TraceRecord, TraceStore } from '../store.ts';
import { ArenaReader, type FragmentArena } from './fragment-arena.ts';

/**
 * A record as sent: flat tuples, because v8 serializes arrays of scalars about twice as fast as
 * objects, and this runs on the event loop for every ingested batch.
 */
export type WireRecord = [
  traceId: string,
  /** Index of the first fragment sent; those before it are already in the replica. */
  from: number,
  /**
   * FRAGMENT_STRIDE values per fragment: arena block, offset, length, then its digest, then its
   * `withParent` digest (decision 0356: 0 when undefined, -1 when null, else its 8 values as a
   * nested flat array), its `serverRootIds` and its `clientSpanIds` (each 0 when undefined).
   */
  fragments: WireValue[],
  bytes: number,
  spanCount: number,
  errorCount: number,
  startNs: bigint,
  endNs: bigint,
  maxSpanNs: number,
  rootService: string,
  rootName: string,
  rootStartNs: bigint,
  /** Name, span count, error count, for each service. */
  services: (string | number)[],
  /** Operations from this index of the record's (insertion-ordered) set on. */
  operationsFrom: number,
  operations: string[],
  version: number,
];

type WireValue = number | Uint32Array | Float64Array | readonly string[] | WireValue[];

const FRAGMENT_STRIDE = 14;

/** A digest's own 8 values (not its `withParent`), in the order `digestOfWire` reads them. */
function digestWire(d: ChunkDigest): WireValue[] {
  return [
    d.bloom,
    d.statuses,
    d.kinds,
    d.maxSpanNs,
    d.minSpanNs,
    d.numberRanges,
    d.stringKeys,
    d.stringValues,
  ];
}

function digestOfWire(values: readonly WireValue[]): ChunkDigest {
  const [bloom, statuses, kinds, maxNs, minNs, ranges, stringKeys, strings] = values;
  return {
    bloom: bloom as Uint32Array,
    statuses: statuses as number,
    kinds: kinds as number,
    maxSpanNs: maxNs as number,
    minSpanNs: minNs as number,
    numberRanges: ranges as Float64Array,
    stringKeys: stringKeys as Uint32Array,
    // Interned, as on the main thread (each message brings its own copies of the strings).
    stringValues: (strings as string[]).map(internValue),
  };
}

export type ReplicaMessage =
  | { type: 'block'; id: number; buffer: SharedArrayBuffer }
  | { type: 'drop'; id: number }
  | { type: 'records'; records: WireRecord[]; removed: string[] }
  | { type: 'clear' };

/** A record as a message, with its fragments from `from` on and operations from `operationsFrom` on. */
export function wireRecord(
  rec: TraceRecord,
  arena: FragmentArena,
  from: number,
  operationsFrom = 0,
): WireRecord {
  const fragments: WireRecord[2] = [];
  for (let i = from; i < rec.chunks.length; i++) {
    const slice = arena.slice(rec.chunks[i]);
    if (!slice) throw new Error(`fragment ${i} of trace ${rec.traceId} is not in the arena`);
    const d = rec.digests[i];
    const child = d.withParent;
    fragments.push(
      slice.block,
      slice.offset,
      slice.length,
      ...digestWire(d),
      child === undefined ? 0 : child === null ? -1 : digestWire(child),
      d.serverRootIds ?? 0,
      d.clientSpanIds ?? 0,
    );
  }
  const services: WireRecord[12] = [];
  for (const [name, stat] of rec.services) services.push(name, stat.spanCount, stat.errorCount);
  const operations = Array.from(rec.operations);
  return [
    rec.traceId,
    from,
    fragments,
    rec.bytes,
    rec.spanCount,
    rec.errorCount,
    rec.startNs,
    rec.endNs,
    rec.maxSpanNs,
    rec.rootService,
    rec.rootName,
    rec.rootStartNs,
    services,
    operationsFrom,
    operationsFrom === 0 ? operations : operations.slice(operationsFrom),
    rec.version,
  ];
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
        for (const wire of message.records) this.put(wire);
    }
  }

  private put(wire: WireRecord): void {
    const [traceId, from, fragments, bytes, spanCount, errorCount, startNs, endNs, maxSpanNs] = wire;
    const [
      ,
      ,
      ,
      ,
      ,
      ,
      ,
      ,
      ,
      rootService,
      rootName,
      rootStartNs,
      services,
      operationsFrom,
      newOperations,
      version,
    ] = wire;
    const old = this.store.get(traceId);
    const chunks = old ? old.chunks.slice(0, from) : [];
    const digests = old ? old.digests.slice(0, from) : [];
    const operations = operationsFrom > 0 && old ? old.operations : new Set<string>();
    if (chunks.length !== from || operations.size < operationsFrom)
      throw new Error(`trace ${traceId} arrived without its first fragments`);
    // Operations only grow, so adding the tail again is harmless.
    for (const op of newOperations) operations.add(op);
    for (let i = 0; i < fragments.length; i += FRAGMENT_STRIDE) {
      const fragment = fragments.slice(i, i + FRAGMENT_STRIDE);
      const [block, offset, length] = fragment;
      const child = fragment[11];
      const serverRootIds = fragment[12];
      const clients = fragment[13];
      chunks.push(
        this.reader.view({ block: block as number, offset: offset as number, length: length as number }),
      );
      let digest = digestOfWire(fragment.slice(3, 11));
      if (clients !== 0) digest = { ...digest, clientSpanIds: clients as Uint32Array };
      digests.push(
        child === 0
          ? digest
          : {
              ...digest,
              withParent: child === -1 ? null : digestOfWire(child as WireValue[]),
              serverRootIds: serverRootIds as Uint32Array,
            },
      );
    }
    const serviceStats = new Map<string, ServiceStat>();
    for (let i = 0; i < services.length; i += 3)
      serviceStats.set(services[i] as string, {
        spanCount: services[i + 1] as number,
        errorCount: services[i + 2] as number,
      });
    this.store.putReplica({
      traceId,
      chunks,
      digests,
      bytes,
      spanCount,
      errorCount,
      startNs,
      endNs,
      maxSpanNs,
      rootService,
      rootName,
      // Read only by the main thread's sampling endpoints (decision 0335), not by queries.
      rootTraceState: '',
      rootStartNs,
      services: serviceStats,
      operations,
      version,
    });
  }
}

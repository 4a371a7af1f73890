// The query workers' copy of the trace store's index. The main thread sends each change as messages
// (records that gained fragments, removed trace IDs); fragment bytes are not sent, only where they
// are in the shared arena (./fragment-arena.ts). A record message carries the record's summary in
// full and its fragments from `from` on, so applying one twice changes nothing: a new worker can be
// sent a snapshot while changes keep arriving (docs/decisions/0220-query-workers.md).

import type { ChunkDigest } from '../span-digest.ts';
import { type ServiceStat, type TraceRecord, TraceStore } from '../store.ts';
import { ArenaReader, type ArenaSlice, type FragmentArena } from './fragment-arena.ts';

export interface WireRecord {
  traceId: string;
  /** Index of the first fragment in `fragments`; those before it are already in the replica. */
  from: number;
  fragments: { slice: ArenaSlice; digest: ChunkDigest }[];
  bytes: number;
  spanCount: number;
  errorCount: number;
  startNs: bigint;
  endNs: bigint;
  maxSpanNs: number;
  rootService: string;
  rootName: string;
  rootStartNs: bigint;
  services: [string, ServiceStat][];
  /** Operations from index `operationsFrom` of the record's (insertion-ordered) set on. */
  operationsFrom: number;
  operations: string[];
  version: number;
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
  const fragments: WireRecord['fragments'] = [];
  for (let i = from; i < rec.chunks.length; i++) {
    const slice = arena.slice(rec.chunks[i]);
    if (!slice) throw new Error(`fragment ${i} of trace ${rec.traceId} is not in the arena`);
    fragments.push({ slice, digest: rec.digests[i] });
  }
  return {
    traceId: rec.traceId,
    from,
    fragments,
    bytes: rec.bytes,
    spanCount: rec.spanCount,
    errorCount: rec.errorCount,
    startNs: rec.startNs,
    endNs: rec.endNs,
    maxSpanNs: rec.maxSpanNs,
    rootService: rec.rootService,
    rootName: rec.rootName,
    rootStartNs: rec.rootStartNs,
    services: Array.from(rec.services, ([name, stat]) => [name, { ...stat }]),
    operationsFrom,
    operations:
      operationsFrom === 0 ? Array.from(rec.operations) : Array.from(rec.operations).slice(operationsFrom),
    version: rec.version,
  };
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
    const old = this.store.get(wire.traceId);
    const chunks = old ? old.chunks.slice(0, wire.from) : [];
    const digests = old ? old.digests.slice(0, wire.from) : [];
    const operations = wire.operationsFrom > 0 && old ? old.operations : new Set<string>();
    if (chunks.length !== wire.from || operations.size < wire.operationsFrom)
      throw new Error(`trace ${wire.traceId} arrived without its first fragments`);
    // Operations only grow, so adding the tail again is harmless.
    for (const op of wire.operations) operations.add(op);
    for (const f of wire.fragments) {
      chunks.push(this.reader.view(f.slice));
      digests.push(f.digest);
    }
    this.store.putReplica({
      traceId: wire.traceId,
      chunks,
      digests,
      bytes: wire.bytes,
      spanCount: wire.spanCount,
      errorCount: wire.errorCount,
      startNs: wire.startNs,
      endNs: wire.endNs,
      maxSpanNs: wire.maxSpanNs,
      rootService: wire.rootService,
      rootName: wire.rootName,
      rootStartNs: wire.rootStartNs,
      services: new Map(wire.services),
      operations,
      version: wire.version,
    });
  }
}

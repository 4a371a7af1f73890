// The main thread's side of the query workers: a fixed set of worker threads, each kept in step
// with the trace store (through the shared arena and record messages) and the log store, running one
// task at a time. A task stops at its deadline or when its client goes away: the worker is asked to
// stop at its next checkpoint, and is killed and replaced (then re-sent the index, in steps, so the
// event loop stays free) if it does not within the grace period (decision 0220).

import { serialize } from 'node:v8';
import { Worker } from 'node:worker_threads';
import type { InProcessResponse } from '../../gateway/in-process.ts';
import type { LogStore, LogStoreLimits } from '../logs/log-store.ts';
import type { LokiStreamPush } from '../logs/otlp-to-loki.ts';
import type { StoreChange, TraceStore } from '../store.ts';
import type { FragmentArena } from './fragment-arena.ts';
import type { FromWorker, ToWorker, WorkerRequest, WorkerSetup } from './protocol.ts';
import type { QueryCaps } from './query-caps.ts';
import { type ReplicaMessage, WireRecordsWriter, wireRecords } from './store-replica.ts';

export type QueryOutcome =
  | { kind: 'done'; response: InProcessResponse }
  | { kind: 'timeout' }
  | { kind: 'aborted' }
  | { kind: 'failed'; message: string };

export interface QueryPoolOptions {
  store: TraceStore;
  arena: FragmentArena;
  logs: LogStore;
  logLimits: LogStoreLimits;
  caps: QueryCaps;
  workers: number;
  /** How long a worker may take to stop at a checkpoint before it is killed. */
  graceMs?: number;
  /** Heap of one worker (its decoded-trace cache included); past it the query fails, not the server. */
  maxWorkerHeapMb?: number;
  cacheSpans?: number;
  /** Told when a worker is replaced, and why. */
  log?: (line: string) => void;
}

/** Records (or log lines) per snapshot message, one message per event-loop turn: each costs a few ms. */
const SNAPSHOT_RECORDS = 1_000;
const SNAPSHOT_LINES = 2_000;
const DEFAULT_GRACE_MS = 250;
const RESPAWN_DELAY_MS = 1_000;
const DEFAULT_WORKER_HEAP_MB = 1024;
const DEFAULT_WORKER_CACHE_SPANS = 250_000;

interface Task {
  id: number;
  request: WorkerRequest;
  settle: (outcome: QueryOutcome) => void;
  /** Set once the deadline passed or the client left; the outcome to report. */
  stopping?: 'timeout' | 'aborted';
}

interface Slot {
  worker: Worker;
  stop: Int32Array;
  /** Changes held back while the worker is being sent the snapshot. */
  held: ToWorker[] | undefined;
  task: Task | undefined;
  killTimer: NodeJS.Timeout | undefined;
  retired: boolean;
}

export class QueryPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private nextTaskId = 1;
  private closed = false;
  /** Workers replaced so far (killed at a deadline, or died). */
  replaced = 0;

  constructor(private readonly options: QueryPoolOptions) {
    options.arena.onBlock((id, buffer) => {
      // A block is attached at once, even during a snapshot: records sent later may point into it.
      for (const slot of this.slots)
        slot.worker.postMessage({ type: 'block', id, buffer } satisfies ToWorker);
    });
    options.arena.onDrop((id) => this.broadcast({ type: 'drop', id }));
    options.store.onChange((change) => this.broadcast(this.changeMessage(change)));
    for (let i = 0; i < Math.max(1, options.workers); i++) this.slots.push(this.spawn());
  }

  /** Runs `request` on a worker; settles with the answer, or why there is none. */
  run(request: WorkerRequest, signal?: AbortSignal): Promise<QueryOutcome> {
    if (this.closed) return Promise.resolve({ kind: 'failed', message: 'the query pool is closed' });
    return new Promise<QueryOutcome>((resolve) => {
      let settled = false;
      const timer = setTimeout(() => this.stop(task, 'timeout'), this.options.caps.timeoutSeconds * 1000);
      const onAbort = () => this.stop(task, 'aborted');
      const task: Task = {
        id: this.nextTaskId++,
        request,
        settle: (outcome) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          resolve(outcome);
        },
      };
      if (signal?.aborted) return task.settle({ kind: 'aborted' });
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(task);
      this.dispatch();
    });
  }

  /** Tasks waiting for a worker, and tasks running. */
  get load(): { queued: number; running: number } {
    return { queued: this.queue.length, running: this.slots.filter((s) => s.task).length };
  }

  pushLogs(streams: LokiStreamPush[]): void {
    this.broadcast({ type: 'logs', streams });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const task of this.queue.splice(0))
      task.settle({ kind: 'failed', message: 'the server is stopping' });
    await Promise.all(
      this.slots.map((slot) => {
        clearTimeout(slot.killTimer);
        slot.task?.settle({ kind: 'failed', message: 'the server is stopping' });
        return slot.worker.terminate();
      }),
    );
  }

  private changeMessage(change: StoreChange): ReplicaMessage {
    if (change.cleared) return { type: 'clear' };
    return {
      type: 'records',
      removed: change.removed,
      records: wireRecords(
        this.options.arena,
        change.upserted.map(({ record, added, operationsBefore }) => ({
          record,
          from: record.chunks.length - added,
          operationsFrom: operationsBefore,
        })),
      ),
    };
  }

  /** Serialized once for every worker (postMessage would serialize it once per worker). */
  private broadcast(message: ToWorker): void {
    if (this.closed) return;
    const packed: ToWorker = { type: 'packed', bytes: serialize(message) };
    for (const slot of this.slots) {
      if (slot.held) slot.held.push(packed);
      else slot.worker.postMessage(packed);
    }
  }

  private stop(task: Task, why: 'timeout' | 'aborted'): void {
    if (task.stopping) return;
    task.stopping = why;
    const queued = this.queue.indexOf(task);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      task.settle({ kind: why });
      return;
    }
    const slot = this.slots.find((s) => s.task === task);
    if (!slot) return;
    Atomics.store(slot.stop, 0, task.id);
    if (Atomics.load(slot.stop, 1) !== task.id) {
      // Not begun (the worker is still applying store changes): it will drop the task unrun.
      task.settle({ kind: why });
      return;
    }
    slot.killTimer = setTimeout(() => this.replace(slot), this.options.graceMs ?? DEFAULT_GRACE_MS);
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (slot.task || slot.held || slot.retired) continue;
      const task = this.queue.shift() as Task;
      slot.task = task;
      slot.worker.postMessage({ type: 'task', id: task.id, request: task.request } satisfies ToWorker);
    }
  }

  private finish(slot: Slot, message: FromWorker): void {
    const task = slot.task;
    if (!task || task.id !== message.id) return;
    slot.task = undefined;
    clearTimeout(slot.killTimer);
    slot.killTimer = undefined;
    if (task.stopping) task.settle({ kind: task.stopping });
    else if (message.type === 'done') task.settle({ kind: 'done', response: message.response });
    else if (message.type === 'failed') task.settle({ kind: 'failed', message: message.message });
    else task.settle({ kind: 'aborted' });
    this.dispatch();
  }

  /** Kills a worker that did not stop (or died) and starts a fresh one in its place. */
  private replace(slot: Slot, failure?: string): void {
    if (slot.retired) return;
    slot.retired = true;
    clearTimeout(slot.killTimer);
    const task = slot.task;
    slot.task = undefined;
    slot.worker.removeAllListeners();
    void slot.worker.terminate();
    this.replaced++;
    this.options.log?.(
      `Embedded query worker replaced: ${failure ?? `a query did not stop within ${this.options.graceMs ?? DEFAULT_GRACE_MS} ms of being stopped`}`,
    );
    if (task)
      task.settle(
        task.stopping ? { kind: task.stopping } : { kind: 'failed', message: failure ?? 'worker stopped' },
      );
    const respawn = () => {
      const index = this.slots.indexOf(slot);
      if (!this.closed && index >= 0) this.slots[index] = this.spawn();
    };
    // A worker that died (rather than being killed) may die again at once: do not spin.
    if (failure) setTimeout(respawn, RESPAWN_DELAY_MS).unref();
    else respawn();
  }

  private spawn(): Slot {
    const stop = new Int32Array(new SharedArrayBuffer(8));
    const setup: WorkerSetup = {
      caps: this.options.caps,
      logLimits: this.options.logLimits,
      stop,
      cacheSpans: this.options.cacheSpans ?? DEFAULT_WORKER_CACHE_SPANS,
    };
    const worker = new Worker(new URL('./worker-entry.mjs', import.meta.url), {
      workerData: setup,
      resourceLimits: { maxOldGenerationSizeMb: this.options.maxWorkerHeapMb ?? DEFAULT_WORKER_HEAP_MB },
    });
    const slot: Slot = { worker, stop, held: [], task: undefined, killTimer: undefined, retired: false };
    worker.on('message', (message: FromWorker) => this.finish(slot, message));
    worker.on('error', (error) => this.replace(slot, describeWorkerError(error)));
    worker.on('exit', () => {
      if (!this.closed) this.replace(slot, 'the query worker exited');
    });
    worker.unref();
    this.sendSnapshot(slot);
    return slot;
  }

  /** The whole index, a batch per event-loop turn; changes made meanwhile follow it. */
  private sendSnapshot(slot: Slot): void {
    const { arena, store, logs } = this.options;
    for (const [id, buffer] of arena.liveBlocks())
      slot.worker.postMessage({ type: 'block', id, buffer } satisfies ToWorker);
    const records = store.records();
    // Log pushes are not idempotent: the snapshot is the entries of this moment, later pushes are held.
    const entries = Array.from(logs.arrivalOrder()).values();
    const step = () => {
      if (slot.retired) return;
      const batch = new WireRecordsWriter(arena);
      for (let next = records.next(); !next.done; next = records.next()) {
        batch.add(next.value, 0);
        if (batch.size >= SNAPSHOT_RECORDS) break;
      }
      const streams: LokiStreamPush[] = [];
      let lines = 0;
      for (let next = entries.next(); !next.done; next = entries.next()) {
        const e = next.value;
        const last = streams[streams.length - 1];
        const entry = { tsNs: e.tsNs, line: e.line, metadata: e.metadata };
        // Consecutive lines of one stream share a push (and one copy of its labels).
        if (last && last.labels === e.stream.labels) last.entries.push(entry);
        else streams.push({ labels: e.stream.labels, entries: [entry] });
        if (++lines >= SNAPSHOT_LINES) break;
      }
      if (batch.size)
        slot.worker.postMessage({ type: 'records', records: batch.finish(), removed: [] } satisfies ToWorker);
      if (streams.length) slot.worker.postMessage({ type: 'logs', streams } satisfies ToWorker);
      if (batch.size || streams.length) {
        setImmediate(step);
        return;
      }
      for (const message of slot.held ?? []) slot.worker.postMessage(message);
      slot.held = undefined;
      this.dispatch();
    };
    step();
  }
}

function describeWorkerError(error: Error): string {
  if ((error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY')
    return 'the query needed more memory than a query worker has';
  return `query worker failed: ${error.message}`;
}

// A query worker: a replica of the trace store's index over the shared arena, a replica of the log
// store, and the embedded Tempo, Jaeger and Loki APIs over them. It stops a task at the next
// checkpoint (one per trace or a few hundred log lines) once the main thread asks (decision 0220).

import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { deserialize } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import type { InProcessResponse } from '../../gateway/in-process.ts';
import { JaegerApi } from '../jaeger-api.ts';
import { LogStore } from '../logs/log-store.ts';
import { LokiApi } from '../logs/loki-api.ts';
import { materializeTrace } from '../materialize.ts';
import { type TraceRecord, TraceStore } from '../store.ts';
import { TempoApi } from '../tempo-api.ts';
import { EmbeddedSearcher } from '../tempo-search.ts';
import { createTraceQLEngine } from '../traceql-engine.ts';
import type { FromWorker, ToWorker, WorkerRequest, WorkerSetup } from './protocol.ts';
import { QueryStopped } from './query-caps.ts';
import { StoreReplica } from './store-replica.ts';

const setup = workerData as WorkerSetup;

/** Nice value of a worker thread: under CPU contention the event loop (ingest, /healthz) goes first. */
const WORKER_NICE = 10;

// On Linux a thread has its own nice value; /proc/thread-self names this thread's ID. Elsewhere
// (or if refused) the worker keeps the process's priority.
try {
  setPriority(Number(readlinkSync('/proc/thread-self').split('/').pop()), WORKER_NICE);
} catch {
  // not Linux, or not allowed: run at the process's priority
}
const port = parentPort;
if (!port) throw new Error('query-worker.ts runs as a worker thread');

let currentTask = 0;
function checkpoint(): void {
  if (currentTask !== 0 && Atomics.load(setup.stop, 0) === currentTask) throw new QueryStopped();
}

/** Every scan of the replica goes through these, so each visited trace is a checkpoint. */
class CheckedTraceStore extends TraceStore {
  override *newestFirst(): IterableIterator<TraceRecord> {
    for (const rec of super.newestFirst()) {
      checkpoint();
      yield rec;
    }
  }

  override *records(): IterableIterator<TraceRecord> {
    for (const rec of super.records()) {
      checkpoint();
      yield rec;
    }
  }
}

const replica = new StoreReplica(new CheckedTraceStore({ maxTraces: Infinity, maxBytes: Infinity }));
const searcher = new EmbeddedSearcher(
  replica.store,
  createTraceQLEngine(setup.caps),
  materializeTrace,
  setup.cacheSpans,
);
// Same limits and the same pushes in the same order: the replica evicts exactly what the original does.
const logs = new LogStore(setup.logLimits);
const apis = {
  tempo: new TempoApi(replica.store, searcher, setup.caps),
  jaeger: new JaegerApi(replica.store, setup.caps),
  loki: new LokiApi(logs, undefined, setup.caps, checkpoint),
};

async function run(request: WorkerRequest): Promise<InProcessResponse> {
  return apis[request.api].handle({
    method: request.method,
    path: request.path,
    query: new URLSearchParams(request.query),
    headers: request.headers,
    ...(request.body ? { body: Buffer.from(request.body) } : {}),
    signal: new AbortController().signal,
  });
}

function send(message: FromWorker): void {
  port?.postMessage(message);
}

port.on('message', (message: ToWorker) => handle(message));

async function handle(message: ToWorker): Promise<void> {
  switch (message.type) {
    case 'packed':
      return handle(deserialize(message.bytes) as ToWorker);
    case 'logs':
      logs.push(message.streams);
      return;
    case 'task': {
      currentTask = message.id;
      Atomics.store(setup.stop, 1, message.id);
      try {
        checkpoint();
        const response = await run(message.request);
        send({ type: 'done', id: message.id, response });
      } catch (error) {
        if (error instanceof QueryStopped) send({ type: 'stopped', id: message.id });
        else send({ type: 'failed', id: message.id, message: (error as Error).message });
      } finally {
        currentTask = 0;
      }
      return;
    }
    default:
      replica.apply(message);
  }
}

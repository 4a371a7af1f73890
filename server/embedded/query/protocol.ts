// Messages between the query pool (main thread) and its workers. Every message to a worker goes
// through the worker's own port, so a worker applies store changes and runs tasks in the order they
// were sent: a search sent after an ingest sees it.

import type { InProcessResponse } from '../../gateway/in-process.ts';
import type { LogStoreLimits } from '../logs/log-store.ts';
import type { LokiStreamPush } from '../logs/otlp-to-loki.ts';
import type { QueryCaps } from './query-caps.ts';
import type { ReplicaMessage } from './store-replica.ts';

/** The embedded APIs a worker answers. */
export type QueryApi = 'tempo' | 'jaeger' | 'loki';

export interface WorkerRequest {
  api: QueryApi;
  method: 'GET' | 'HEAD' | 'POST';
  path: string;
  query: string;
  headers: Record<string, string>;
  body?: Uint8Array;
}

export type ToWorker =
  | ReplicaMessage
  | { type: 'logs'; streams: LokiStreamPush[] }
  /** One of the other messages, v8-serialized once for all workers. */
  | { type: 'packed'; bytes: Uint8Array }
  | { type: 'task'; id: number; request: WorkerRequest };

export type FromWorker =
  | { type: 'done'; id: number; response: InProcessResponse }
  | { type: 'stopped'; id: number }
  | { type: 'failed'; id: number; message: string };

export interface WorkerSetup {
  caps: QueryCaps;
  logLimits: LogStoreLimits;
  /** Slot 0: the ID of the task the main thread wants stopped; slot 1: the task the worker began. */
  stop: Int32Array;
  /** Span budget of the worker's decoded-trace cache. */
  cacheSpans: number;
}

/// <reference lib="webworker" />
// Worker entry: one engine per worker instance; the handler closure holds its state.

import { decodeTrace } from '../formats/index.ts';
import { adjustTraceSkew, analyseTrace } from './analyse.ts';
import { createTraceEngine } from './engine.ts';
import type { WorkerRequest } from './protocol.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const handle = createTraceEngine({
  decode: decodeTrace,
  analyse: analyseTrace,
  adjustSkew: adjustTraceSkew,
  post: (reply, transfer) => scope.postMessage(reply, transfer),
});
scope.onmessage = (event: MessageEvent<WorkerRequest>) => handle(event.data);

// Tests only: a TraceWorkerClient whose "worker" is the real engine on this thread, loaded with a
// recorded Tempo trace, so the screen's hooks run against what the worker really answers.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeTrace } from '../../../../formats/index.ts';
import { adjustTraceSkew, analyseTrace } from '../../../../worker/analyse.ts';
import { TraceWorkerClient, type WorkerPort } from '../../../../worker/client.ts';
import { createTraceEngine } from '../../../../worker/engine.ts';
import type { LoadedTrace, WorkerReply, WorkerRequest } from '../../../../worker/protocol.ts';

export function inProcessWorker(): { client: TraceWorkerClient; requests: WorkerRequest[] } {
  const requests: WorkerRequest[] = [];
  let handle: (request: WorkerRequest) => void = () => {};
  const port: WorkerPort = {
    onmessage: null,
    postMessage(message) {
      requests.push(message);
      handle(message);
    },
    terminate() {},
  };
  handle = createTraceEngine({
    decode: decodeTrace,
    analyse: analyseTrace,
    adjustSkew: adjustTraceSkew,
    // Replies arrive asynchronously, as from a real worker.
    post: (reply: WorkerReply) =>
      queueMicrotask(() => port.onmessage?.({ data: reply } as MessageEvent<WorkerReply>)),
  });
  return { client: new TraceWorkerClient(port), requests };
}

/** The recorded Tempo trace with an error (23 spans, services from api-gateway to ml-inference). */
export async function loadRecordedTrace(
  client: TraceWorkerClient,
  fixture = 'tempo-trace-v2-error-json',
): Promise<LoadedTrace> {
  // A path, not a URL: under jsdom the global URL is not one node:fs accepts.
  const here = path.dirname(fileURLToPath(import.meta.url));
  const body = readFileSync(path.join(here, `../../../../../../shared/fixtures/tempo/${fixture}.body`));
  const bytes = body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer;
  const outcome = await client.load(
    { kind: 'bytes', bytes, contentType: 'application/json', label: 'test' },
    { adjustSkew: false },
  );
  if (!outcome.ok) throw new Error(outcome.failure.message);
  return outcome.trace;
}

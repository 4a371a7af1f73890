// The page's side of decision 0342: the entry sends a trace's first request itself, at boot, while
// the worker's script is still loading, and gives the worker a port on which the answer follows
// (status, headers, the body as a transferred stream). The worker (prefetched.ts) takes it when its
// client asks the same; the worker's "not wanted" stops the fetch.
import { firstTraceRequest } from '../datasources/trace-request.ts';
import { PREFETCH_NOT_WANTED, type PrefetchedAnswer, type PrefetchedRequest } from './prefetched.ts';
import type { DatasourceTarget } from './protocol.ts';

let streamsTransfer: boolean | undefined;

/** Whether this browser can hand a response body to a worker as it arrives (not every one can). */
function canTransferStreams(): boolean {
  if (streamsTransfer === undefined) {
    try {
      const stream = new ReadableStream();
      const channel = new MessageChannel();
      channel.port1.postMessage(stream, [stream]);
      channel.port1.close();
      channel.port2.close();
      streamsTransfer = true;
    } catch {
      streamsTransfer = false;
    }
  }
  return streamsTransfer;
}

/** Sends each target's first trace request now; the load carries the returned ports to the worker. */
export function prefetchTraceRequests(
  targets: readonly DatasourceTarget[],
  traceId: string,
  window: { start?: number; end?: number },
  signal: AbortSignal,
): PrefetchedRequest[] {
  if (typeof ReadableStream === 'undefined' || !canTransferStreams()) return [];
  return targets.flatMap((target) => {
    const request = firstTraceRequest(target.type, target.baseUrl, traceId, window);
    if (!request) return [];
    const channel = new MessageChannel();
    const controller = new AbortController();
    const stop = () => {
      controller.abort();
      channel.port1.close();
    };
    signal.addEventListener('abort', stop, { once: true });
    channel.port1.onmessage = (event) => {
      if (event.data === PREFETCH_NOT_WANTED) stop();
    };
    const send = (answer: PrefetchedAnswer, transfer: Transferable[] = []) => {
      try {
        channel.port1.postMessage(answer, transfer);
      } catch (error) {
        channel.port1.postMessage({ error: String(error) } satisfies PrefetchedAnswer);
      }
    };
    fetch(request.url, { headers: { Accept: request.accept }, signal: controller.signal }).then(
      (response) => {
        const body = response.body;
        send(
          { status: response.status, statusText: response.statusText, headers: [...response.headers], body },
          body ? [body] : [],
        );
      },
      (error: unknown) => send({ error: error instanceof Error ? error.message : String(error) }),
    );
    return [{ url: request.url, accept: request.accept, port: channel.port2 }];
  });
}

// Answers the boot fetched ahead of the worker (decision 0342). The page's entry sends a trace's
// first request while this worker's script is still loading, and hands over a port that will carry
// the answer (status, headers and the body as a stream). The worker's HTTP clients fetch through
// `fetchPrefetchedOr`: a request with the same URL and Accept takes that answer instead of going to
// the network again; anything else goes to the network as before.

/** A request the page started, and the port its answer arrives on. */
export interface PrefetchedRequest {
  url: string;
  accept: string;
  port: MessagePort;
}

/** What the page posts on the port: the answer, or why the fetch failed. */
export type PrefetchedAnswer =
  | {
      status: number;
      statusText: string;
      headers: [string, string][];
      body: ReadableStream<Uint8Array> | null;
    }
  | { error: string };

/** The message the worker posts back when it will not read the answer: the page stops the fetch. */
export const PREFETCH_NOT_WANTED = 'not-wanted';

const offered = new Map<string, PrefetchedRequest>();

const keyOf = (url: string, accept: string) => `${url}\u0000${accept.toLowerCase()}`;

/** Makes the page's requests available to the next matching fetch. */
export function offerPrefetched(requests: readonly PrefetchedRequest[]): void {
  for (const r of requests) offered.set(keyOf(r.url, r.accept), r);
}

/** Lets go of the requests no fetch took (the load is over): the page stops them. */
export function releasePrefetched(requests: readonly PrefetchedRequest[]): void {
  for (const r of requests) {
    const key = keyOf(r.url, r.accept);
    if (offered.get(key) !== r) continue;
    offered.delete(key);
    notWanted(r.port);
  }
}

/** The page closes both ends when it hears this (closing here could drop the message). */
function notWanted(port: MessagePort): void {
  port.postMessage(PREFETCH_NOT_WANTED);
}

function acceptOf(headers: HeadersInit | undefined): string {
  return new Headers(headers).get('accept') ?? '';
}

/** `fetch`, except that a GET the page already sent takes the page's answer. */
export function fetchPrefetchedOr(network: typeof fetch): typeof fetch {
  return (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = (init?.method ?? 'GET').toUpperCase();
    const key = keyOf(url, acceptOf(init?.headers));
    const taken = method === 'GET' ? offered.get(key) : undefined;
    if (!taken) return network(input, init);
    offered.delete(key);
    return answerOf(taken.port, init?.signal ?? undefined);
  };
}

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

function answerOf(port: MessagePort, signal: AbortSignal | undefined): Promise<Response> {
  return new Promise((resolve, reject) => {
    const aborted = () => new DOMException('The request was aborted', 'AbortError');
    if (signal?.aborted) {
      notWanted(port);
      return reject(aborted());
    }
    const onAbort = () => {
      notWanted(port);
      reject(aborted());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    port.onmessage = (event: MessageEvent<PrefetchedAnswer>) => {
      signal?.removeEventListener('abort', onAbort);
      const answer = event.data;
      if ('error' in answer) {
        port.close();
        return reject(new TypeError(answer.error));
      }
      // An abort while the body arrives errors the body, as it does a fetch's.
      let body: ReadableStream<Uint8Array> | null = null;
      if (answer.body && !NULL_BODY_STATUSES.has(answer.status)) {
        const pipe = new TransformStream<Uint8Array, Uint8Array>();
        answer.body.pipeTo(pipe.writable, { signal }).then(
          () => port.close(),
          () => undefined,
        );
        body = pipe.readable;
      }
      signal?.addEventListener('abort', () => notWanted(port), { once: true });
      resolve(
        new Response(body, { status: answer.status, statusText: answer.statusText, headers: answer.headers }),
      );
    };
  });
}

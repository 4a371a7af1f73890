// The boot's trace request handed to the worker (decision 0342): the worker's client takes the
// page's answer only for the very request it would send, reads the body as it arrives, and lets the
// page stop what it does not want. The page and worker sides run here over a real MessageChannel.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReplayUpstream, startReplayUpstream } from '../../e2e/support/replay-upstream';
import { createHttpClient } from '../datasources/http';
import { createTempoClient } from '../datasources/tempo';
import { firstTraceRequest } from '../datasources/trace-request';
import { prefetchTraceRequests } from './prefetch';
import { fetchPrefetchedOr, offerPrefetched, PREFETCH_NOT_WANTED, releasePrefetched } from './prefetched';
import type { DatasourceTarget } from './protocol';

let upstream: ReplayUpstream;
beforeAll(async () => {
  upstream = await startReplayUpstream();
});
afterAll(() => upstream.stop());

// A trace the recorded Tempo (../shared/fixtures/tempo) answers on /api/v2/traces.
const TRACE_ID = '5f8d122418e0697eae4509d2a6e3ba20';

function target(baseUrl: string): DatasourceTarget {
  return { name: 'tempo', type: 'tempo', displayName: 'Tempo', baseUrl };
}

/** A fetch that counts what reaches the network. */
function countingNetwork() {
  const asked: string[] = [];
  const network: typeof fetch = (input, init) => {
    asked.push(String(input instanceof Request ? input.url : input));
    return fetch(input, init);
  };
  return { asked, network };
}

describe('the first trace request', () => {
  it('is the one a fresh Tempo client sends, window and Accept included', async () => {
    const seen: { url: string; accept: string | null }[] = [];
    const client = createTempoClient(
      createHttpClient({
        baseUrl: 'http://127.0.0.1:1/api/ds/tempo/',
        fetch: async (input, init) => {
          seen.push({ url: String(input), accept: new Headers(init?.headers).get('accept') });
          return new Response('{}', { status: 500 });
        },
      }),
    );
    await client.getTrace(TRACE_ID, { start: 100, end: 200 }).catch(() => undefined);
    expect(seen[0]).toEqual({
      url: firstTraceRequest('tempo', 'http://127.0.0.1:1/api/ds/tempo/', TRACE_ID, { start: 100, end: 200 })
        ?.url,
      accept: firstTraceRequest('tempo', 'http://127.0.0.1:1/api/ds/tempo', TRACE_ID, {
        start: 100,
        end: 200,
      })?.accept,
    });
    expect(firstTraceRequest('jaeger', 'http://x/', TRACE_ID, {})).toBeNull();
  });
});

describe('answers fetched ahead of the worker', () => {
  it("the worker's client reads the page's answer and the network is not asked again", async () => {
    const controller = new AbortController();
    const prefetched = prefetchTraceRequests([target(`${upstream.url}/`)], TRACE_ID, {}, controller.signal);
    expect(prefetched).toHaveLength(1);
    const { asked, network } = countingNetwork();
    offerPrefetched(prefetched);
    const client = createTempoClient(
      createHttpClient({ baseUrl: `${upstream.url}/`, fetch: fetchPrefetchedOr(network) }),
    );
    const viaPage = await client.getTrace(TRACE_ID);
    releasePrefetched(prefetched);
    const direct = await createTempoClient(createHttpClient({ baseUrl: `${upstream.url}/` })).getTrace(
      TRACE_ID,
    );
    expect(asked).toEqual([]);
    expect(viaPage.bytes.byteLength).toBeGreaterThan(1000);
    // Compared as buffers: a deep equal of 1.2 MB element by element takes seconds.
    expect(Buffer.from(viaPage.bytes).equals(Buffer.from(direct.bytes))).toBe(true);
    expect(viaPage.contentType).toBe(direct.contentType);
  });

  it('a request that differs (another trace, another Accept) goes to the network, and the page is told to stop', async () => {
    const controller = new AbortController();
    const prefetched = prefetchTraceRequests([target(`${upstream.url}/`)], TRACE_ID, {}, controller.signal);
    const { asked, network } = countingNetwork();
    offerPrefetched(prefetched);
    const doFetch = fetchPrefetchedOr(network);
    const url = firstTraceRequest('tempo', `${upstream.url}/`, TRACE_ID, {})?.url ?? '';
    await doFetch(url, { headers: { Accept: 'application/json' } }).then((r) => r.arrayBuffer());
    expect(asked).toEqual([url]);
    // Released unasked: the page's side hears "not wanted".
    const { port1, port2 } = new MessageChannel();
    const heard = new Promise((resolve) => {
      port1.onmessage = (e) => {
        resolve(e.data);
        port1.close();
      };
    });
    const unasked = [{ url: 'http://127.0.0.1:9/other', accept: 'application/protobuf', port: port2 }];
    offerPrefetched(unasked);
    releasePrefetched(unasked);
    expect(await heard).toBe(PREFETCH_NOT_WANTED);
    releasePrefetched(prefetched);
    controller.abort();
  });

  it("an abort on the worker's side rejects as a fetch's abort does", async () => {
    const controller = new AbortController();
    const prefetched = prefetchTraceRequests([target(`${upstream.url}/`)], TRACE_ID, {}, controller.signal);
    offerPrefetched(prefetched);
    const doFetch = fetchPrefetchedOr(() => Promise.reject(new Error('network must not be asked')));
    const abort = new AbortController();
    const pending = doFetch(prefetched[0].url, {
      headers: { Accept: prefetched[0].accept },
      signal: abort.signal,
    });
    abort.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    controller.abort();
  });

  it("the page's fetch failing is the worker's fetch failing", async () => {
    const controller = new AbortController();
    const prefetched = prefetchTraceRequests(
      [target('http://127.0.0.1:9/api/ds/tempo/')],
      TRACE_ID,
      {},
      controller.signal,
    );
    offerPrefetched(prefetched);
    const doFetch = fetchPrefetchedOr(() => Promise.reject(new Error('network must not be asked')));
    await expect(
      doFetch(prefetched[0].url, { headers: { Accept: prefetched[0].accept } }),
    ).rejects.toBeInstanceOf(TypeError);
  });
});

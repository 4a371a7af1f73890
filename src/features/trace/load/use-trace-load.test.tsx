// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseRuntimeConfig } from '../../../datasources/config.ts';
import { decodeTrace } from '../../../formats/index.ts';
import { configQueryKey } from '../../../queries/config.ts';
import { adjustTraceSkew, analyseTrace } from '../../../worker/analyse.ts';
import { createTraceEngine } from '../../../worker/engine.ts';
import type { WorkerReply, WorkerRequest } from '../../../worker/protocol.ts';
import { inProcessWorker, loadRecordedTrace } from '../state/testing/in-process-worker.ts';
import { startEarlyTraceLoad, takeEarlyTraceLoad } from './early-load.ts';
import { type TraceLoadRequest, useTraceLoad } from './use-trace-load.ts';

const ERROR_TRACE = '2bafbe17c123c304432c535342f87d81';
const here = path.dirname(fileURLToPath(import.meta.url));
const tempoBody = readFileSync(
  path.join(here, '../../../../../shared/fixtures/tempo/tempo-trace-v2-error-json.body'),
);

/** Every `new Worker()` the page makes: the real engine on this thread. */
const workers: Array<{ requests: WorkerRequest[]; terminated: boolean }> = [];
class InProcessWorker {
  onmessage: ((event: MessageEvent<WorkerReply>) => void) | null = null;
  readonly record = { requests: [] as WorkerRequest[], terminated: false };
  private readonly handle = createTraceEngine({
    decode: decodeTrace,
    analyse: analyseTrace,
    adjustSkew: adjustTraceSkew,
    post: (reply) => queueMicrotask(() => this.onmessage?.({ data: reply } as MessageEvent<WorkerReply>)),
  });
  constructor() {
    workers.push(this.record);
  }
  postMessage(message: WorkerRequest) {
    this.record.requests.push(message);
    this.handle(message);
  }
  terminate() {
    this.record.terminated = true;
  }
}

/** What the page asked its worker, leaving out the redaction count that follows every load. */
const asked = (worker: { requests: WorkerRequest[] }) =>
  worker.requests.map((r) => r.type).filter((t) => t !== 'redaction-count');

let fetched: string[];
beforeEach(() => {
  workers.length = 0;
  fetched = [];
  vi.stubGlobal('Worker', InProcessWorker);
  // The gateway, answering Tempo's v2 trace endpoint from the recording.
  vi.stubGlobal('fetch', async (input: RequestInfo | URL) => {
    const url = String(input);
    fetched.push(url);
    if (url.endsWith(`/api/ds/tempo/api/v2/traces/${ERROR_TRACE}`))
      return new Response(tempoBody, { status: 200, headers: { 'content-type': 'application/json' } });
    return new Response('{"message":"trace not found"}', { status: 404 });
  });
});
afterEach(() => vi.unstubAllGlobals());

function wrapper(datasources: unknown[]) {
  const queryClient = new QueryClient();
  queryClient.setQueryData(configQueryKey, parseRuntimeConfig({ basePath: '/', datasources }));
  return ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
  );
}
const TEMPO = { name: 'tempo', type: 'tempo', displayName: 'Tempo', default: true };

describe('useTraceLoad', () => {
  it('loads through one datasource worker for the page, re-analyses for skew in it, and ends it on leave', async () => {
    const { result, rerender, unmount } = renderHook((request: TraceLoadRequest) => useTraceLoad(request), {
      initialProps: { traceId: ERROR_TRACE, skewAdjust: false },
      wrapper: wrapper([TEMPO]),
    });
    await waitFor(() => expect(result.current.state.status).toBe('loaded'));
    const loaded = result.current.state;
    if (loaded.status !== 'loaded') throw new Error('not loaded');
    expect(loaded.trace.traceId).toBe(ERROR_TRACE);
    expect(loaded.trace.foundIn).toBe('tempo');
    expect(fetched.filter((u) => u.includes('/api/v2/traces/'))).toHaveLength(1);
    // The redaction count comes after the trace is shown (decision 0318): asked for once, then the
    // same trace carries the figures (the recording's redis query text is one SQL literal).
    await waitFor(() =>
      expect(result.current.state.status === 'loaded' && result.current.state.trace.redaction).toMatchObject({
        where: 'worker',
        total: 1,
      }),
    );
    const counted = result.current.state;
    expect(counted.status === 'loaded' && counted.trace.redaction.counting).toBeUndefined();
    expect(workers[0].requests.map((r) => r.type)).toEqual(['load', 'redaction-count']);

    rerender({ traceId: ERROR_TRACE, skewAdjust: true });
    await waitFor(() =>
      expect(result.current.state.status === 'loaded' && result.current.state.trace.skewAdjusted).toBe(true),
    );
    const adjusted = result.current.state;
    expect(adjusted.status === 'loaded' && adjusted.client).toBe(loaded.client);
    expect(asked(workers[0])).toEqual(['load', 'reanalyse']);

    rerender({ traceId: '0123456789abcdef0123456789abcdef', skewAdjust: true });
    await waitFor(() => expect(result.current.state.status).toBe('failed'));
    const failed = result.current.state;
    expect(failed.status === 'failed' && failed.failure.kind).toBe('not-found');
    expect(workers).toHaveLength(1);
    expect(workers[0].terminated).toBe(false);
    unmount();
    expect(workers[0].terminated).toBe(true);
  });

  it('shows a trace opened from a file on the page in its own worker, and ends that worker on leave', async () => {
    const opened = inProcessWorker();
    const trace = await loadRecordedTrace(opened.client);
    const dispose = vi.spyOn(opened.client, 'dispose');
    const { result, rerender, unmount } = renderHook((request: TraceLoadRequest) => useTraceLoad(request), {
      initialProps: { traceId: '', skewAdjust: false } as TraceLoadRequest,
      wrapper: wrapper([]),
    });
    let file = 0;
    act(() => {
      file = result.current.adoptOpened({ client: opened.client, trace, fileName: 'trace.json' });
    });
    expect(file).toBe(1);
    rerender({ traceId: trace.traceId, file, skewAdjust: false });
    await waitFor(() => expect(result.current.state.status).toBe('loaded'));
    const state = result.current.state;
    expect(state.status === 'loaded' && state.client).toBe(opened.client);
    expect(fetched).toEqual([]);
    expect(dispose).not.toHaveBeenCalled();
    unmount();
    expect(dispose).toHaveBeenCalled();
  });

  it('never asks the datasources for a file trace this tab does not hold; says so', async () => {
    const { result } = renderHook((request: TraceLoadRequest) => useTraceLoad(request), {
      initialProps: { traceId: ERROR_TRACE, file: 1, skewAdjust: false },
      wrapper: wrapper([TEMPO]),
    });
    await waitFor(() => expect(result.current.state).toEqual({ status: 'file-missing', file: 1 }));
    expect(fetched).toEqual([]);
  });

  describe('with the load started at boot (decision 0320)', () => {
    const config = parseRuntimeConfig({ basePath: '/', datasources: [TEMPO] });
    afterEach(() => {
      for (let left = takeEarlyTraceLoad(null); left; left = takeEarlyTraceLoad(null)) left.client.dispose();
    });

    it("adopts the boot's load of the same trace: one worker, one fetch, the trace shown", async () => {
      startEarlyTraceLoad(`trace/${ERROR_TRACE}`, '?view=waterfall', config, 'http://localhost/');
      expect(workers).toHaveLength(1);
      expect(asked(workers[0])).toEqual(['load']);
      const { result, unmount } = renderHook((request: TraceLoadRequest) => useTraceLoad(request), {
        initialProps: { traceId: ERROR_TRACE, skewAdjust: false },
        wrapper: wrapper([TEMPO]),
      });
      await waitFor(() => expect(result.current.state.status).toBe('loaded'));
      expect(workers).toHaveLength(1);
      expect(asked(workers[0])).toEqual(['load']);
      expect(fetched.filter((u) => u.includes('/api/v2/traces/'))).toHaveLength(1);
      unmount();
      expect(workers[0].terminated).toBe(true);
    });

    it("takes only the worker when the page asks for something else, and cancels the boot's load", async () => {
      startEarlyTraceLoad(`trace/${ERROR_TRACE}`, '', config, 'http://localhost/');
      const { result } = renderHook((request: TraceLoadRequest) => useTraceLoad(request), {
        initialProps: { traceId: ERROR_TRACE, skewAdjust: true },
        wrapper: wrapper([TEMPO]),
      });
      await waitFor(() => expect(result.current.state.status).toBe('loaded'));
      expect(workers).toHaveLength(1);
      expect(asked(workers[0])).toEqual(['load', 'cancel', 'load']);
      const loaded = result.current.state;
      expect(loaded.status === 'loaded' && loaded.trace.skewAdjusted).toBe(true);
    });

    it('starts one load per side of a compare; each side adopts its own, in whatever order it asks', async () => {
      const other = '0123456789abcdef0123456789abcdef';
      startEarlyTraceLoad(
        `compare/${ERROR_TRACE}/${other}`,
        '?dsA=tempo&dsB=tempo',
        config,
        'http://localhost/',
      );
      expect(workers).toHaveLength(2);
      const { result } = renderHook(
        () => [
          useTraceLoad({ traceId: other, ds: 'tempo', skewAdjust: false }),
          useTraceLoad({ traceId: ERROR_TRACE, ds: 'tempo', skewAdjust: false }),
        ],
        { wrapper: wrapper([TEMPO]) },
      );
      await waitFor(() => expect(result.current[1].state.status).toBe('loaded'));
      await waitFor(() => expect(result.current[0].state.status).toBe('failed'));
      expect(workers).toHaveLength(2);
      for (const worker of workers) expect(asked(worker)).toEqual(['load']);
      expect(fetched.filter((u) => u.includes('/api/v2/traces/'))).toHaveLength(2);
      // A file side, and the typical A still to be found, start nothing.
      expect(takeEarlyTraceLoad(null)).toBeNull();
      startEarlyTraceLoad(`compare/typical/${other}`, '?fileB=1', config, 'http://localhost/');
      expect(workers).toHaveLength(2);
    });

    it('starts nothing for a file trace, a bad trace ID or another page; only a worker without the config', () => {
      startEarlyTraceLoad(`trace/${ERROR_TRACE}`, '?file=1', config, 'http://localhost/');
      startEarlyTraceLoad('trace/not-hex', '', config, 'http://localhost/');
      startEarlyTraceLoad('search', '?q=%7B%7D', config, 'http://localhost/');
      expect(workers).toHaveLength(0);
      startEarlyTraceLoad(`trace/${ERROR_TRACE}`, '', undefined, 'http://localhost/');
      expect(workers).toHaveLength(1);
      expect(workers[0].requests).toEqual([]);
    });
  });
});

// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { parseRuntimeConfig } from '../../../datasources/config.ts';
import { configQueryKey } from '../../../queries/config.ts';
import type { TraceWorkerClient } from '../../../worker/client.ts';
import type { LoadedTrace } from '../../../worker/protocol.ts';
import { OpenedTracesProvider, useOpenedTraces } from '../../open-file/index.ts';
import { inProcessWorker, loadRecordedTrace } from '../state/testing/in-process-worker.ts';
import { useLinkedFrom } from './use-linked-from.ts';

const PRODUCER = '11111111111111111111111111111111';
const PUBLISH = 'aaaaaaaaaaaaaaa1';
const KAFKA = 'a0802eb76124862887c6448c124cd9e9';

const span = (traceId: string, spanId: string, kind: number, links: object[] = []) => ({
  traceId,
  spanId,
  name: kind === 4 ? 'orders publish' : 'orders process',
  kind,
  startTimeUnixNano: '1700000000000000000',
  endTimeUnixNano: '1700000000100000000',
  links,
});
const otlp = (service: string, spans: object[]) =>
  new TextEncoder().encode(
    JSON.stringify({
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
          scopeSpans: [{ spans }],
        },
      ],
    }),
  ).buffer as ArrayBuffer;

async function load(client: TraceWorkerClient, bytes: ArrayBuffer, fileName: string): Promise<LoadedTrace> {
  const outcome = await client.load(
    { kind: 'bytes', bytes, contentType: 'application/json', fileName, label: fileName },
    { adjustSkew: false },
  );
  if (!outcome.ok) throw new Error(outcome.failure.message);
  return outcome.trace;
}

function wrapper(datasources: object[]) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  queryClient.setQueryData(configQueryKey, parseRuntimeConfig({ basePath: '/', datasources }));
  return ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={queryClient}>
      <OpenedTracesProvider>{children}</OpenedTracesProvider>
    </QueryClientProvider>
  );
}

describe('the linked-from look-up', () => {
  it('on a file, finds the consumers among every trace opened from files in this tab', async () => {
    const producerFile = inProcessWorker().client;
    const producer = await load(producerFile, otlp('orders', [span(PRODUCER, PUBLISH, 4)]), 'producer.json');
    const consumerFile = inProcessWorker().client;
    // One file holding two consumer traces (the worker keeps the whole payload).
    const consumers = await load(
      consumerFile,
      otlp('billing', [
        span('2'.repeat(32), 'bbbbbbbbbbbbbbb1', 5, [{ traceId: PRODUCER, spanId: PUBLISH }]),
        span('3'.repeat(32), 'ccccccccccccccc1', 5, [{ traceId: PRODUCER, spanId: PUBLISH }]),
      ]),
      'consumers.json',
    );
    let put = false;
    const { result } = renderHook(
      () => {
        const store = useOpenedTraces();
        if (store && !put) {
          put = true;
          store.put({ client: producerFile, trace: producer, fileName: 'producer.json' });
          store.put({ client: consumerFile, trace: consumers, fileName: 'consumers.json' });
        }
        return useLinkedFrom({
          trace: producer,
          client: producerFile,
          traceDatasource: undefined,
          file: 1,
          linkMarginS: undefined,
        });
      },
      { wrapper: wrapper([]) },
    );
    await waitFor(() => expect(result.current.status).toBe('success'));
    expect(result.current.data?.scope).toBe('files');
    expect(result.current.data?.linked.bySpan.get(PUBLISH)?.map((l) => l.traceId)).toEqual([
      '2'.repeat(32),
      '3'.repeat(32),
    ]);
  });

  it('on Jaeger, finds only the links inside the trace and sends no search (its API has none)', async () => {
    const { client, requests } = inProcessWorker();
    const trace = await loadRecordedTrace(client, 'tempo-trace-v2-kafka-sametrace-json');
    expect(trace.traceId).toBe(KAFKA);
    const { result } = renderHook(
      () =>
        useLinkedFrom({ trace, client, traceDatasource: 'jaeger', file: undefined, linkMarginS: undefined }),
      { wrapper: wrapper([{ name: 'jaeger', type: 'jaeger', displayName: 'Jaeger', default: true }]) },
    );
    await waitFor(() => expect(result.current.status).toBe('success'));
    expect(result.current.data?.scope).toBe('jaeger');
    expect(result.current.data?.linked.bySpan.get('377c4145768532a7')?.map((l) => l.spanId)).toEqual([
      'a47cdbcb6e1d6579',
    ]);
    expect(requests.some((r) => r.type === 'fetch-linking-spans')).toBe(false);
  });
});

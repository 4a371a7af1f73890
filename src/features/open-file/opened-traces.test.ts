import { describe, expect, it } from 'vitest';
import type { TraceWorkerClient } from '../../worker/client.ts';
import type { LoadedTrace } from '../../worker/protocol.ts';
import { createOpenedTraces, type OpenedTrace } from './opened-traces.tsx';

const worker = () => ({}) as TraceWorkerClient;
const opened = (client: TraceWorkerClient, traceId: string, fileName: string): OpenedTrace => ({
  client,
  trace: { traceId } as LoadedTrace,
  fileName,
});

describe('traces opened from files', () => {
  it('numbers each file read and tells the same trace ID in two files apart', () => {
    const store = createOpenedTraces();
    const a = opened(worker(), 'trace-123', 'testTrace.json');
    const b = opened(worker(), 'trace-123', 'copy of testTrace.json');
    expect(store.put(a)).toBe(1);
    expect(store.put(b)).toBe(2);
    expect(store.get('trace-123', 1)).toBe(a);
    expect(store.get('trace-123', 2)).toBe(b);
    expect(store.get('trace-123', 3)).toBeUndefined();
  });

  it('keeps one trace per file: picking another of the same file replaces the first', () => {
    const store = createOpenedTraces();
    const client = worker();
    expect(store.put(opened(client, 'aa', 'two.jsonl'))).toBe(1);
    const second = opened(client, 'bb', 'two.jsonl');
    expect(store.put(second)).toBe(1);
    expect(store.get('aa', 1)).toBeUndefined();
    expect(store.get('bb', 1)).toBe(second);
  });
});

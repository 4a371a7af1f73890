// Stitching traces fetched from a real backend (the replayed Tempo recordings): each linked trace
// goes through the same clients and decoder as the trace itself; one that the backend does not have,
// or that the backend refuses, is a failure with the backend's reason while the others still stitch.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReplayUpstream, startReplayUpstream } from '../../e2e/support/replay-upstream.ts';
import { GATEWAY_ERROR_HEADER } from '../contracts/gateway-error.ts';
import { traceNotFound } from '../datasources/errors.ts';
import { decodeTrace } from '../formats/index.ts';
import { adjustTraceSkew, analyseTrace } from './analyse.ts';
import { createTraceEngine } from './engine.ts';
import type { DatasourceTarget, LoadedTrace, WorkerReply, WorkerRequest } from './protocol.ts';

const ERROR_TRACE = '2bafbe17c123c304432c535342f87d81';
const KAFKA_TRACE = 'a0802eb76124862887c6448c124cd9e9';
const MISSING = '0123456789abcdef0123456789abcdef';
const REFUSED = 'd'.repeat(32);

describe('stitching traces from a datasource', () => {
  let tempo: ReplayUpstream;
  beforeAll(async () => {
    tempo = await startReplayUpstream({ sets: ['tempo'] });
  });
  afterAll(async () => {
    await tempo.stop();
  });

  it('fetches each linked trace by the wire layer and lists the ones that did not load, with why', async () => {
    const target: DatasourceTarget = {
      name: 'tempo',
      type: 'tempo',
      displayName: 'Tempo',
      baseUrl: tempo.url,
    };
    const refused = {
      status: 502,
      headers: { [GATEWAY_ERROR_HEADER]: 'error' },
      body: 'no healthy ingesters',
    };
    tempo.override(`/api/v2/traces/${REFUSED}`, refused);
    tempo.override(`/api/traces/${REFUSED}`, refused);
    const replies: WorkerReply[] = [];
    const handle = createTraceEngine({
      decode: decodeTrace,
      analyse: analyseTrace,
      adjustSkew: adjustTraceSkew,
      post: (reply) => replies.push(reply),
    });
    const settle = async (id: number) => {
      for (let i = 0; i < 1000; i++) {
        const r = replies.find((x) => x.id === id && !x.type.includes('progress'));
        if (r) return r;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      throw new Error(`no answer to ${id}`);
    };
    const send = (r: WorkerRequest) => handle(r);
    try {
      send({
        type: 'load',
        id: 1,
        source: { kind: 'datasources', traceId: ERROR_TRACE, datasources: [target], label: 'tempo' },
        options: { adjustSkew: false },
      });
      const base = (await settle(1)) as { trace: LoadedTrace };
      send({
        type: 'stitch',
        id: 2,
        traceIds: [KAFKA_TRACE, MISSING, REFUSED],
        datasources: [target],
        options: { adjustSkew: false },
      });
      const reply = await settle(2);
      expect(reply.type).toBe('loaded');
      const stitched = (reply as { trace: LoadedTrace }).trace;
      expect(stitched.table.count).toBe(base.trace.table.count + 8);
      const kafka = stitched.stitch?.traces[1];
      expect(kafka?.traceId).toBe(KAFKA_TRACE);
      expect(kafka?.rootService).toBe('checkout');
      // No span link joins the two recordings: the Kafka trace is a root of its own.
      expect(kafka?.anchorRow).toBe(-1);
      expect(stitched.roots.length).toBe(base.trace.roots.length + 1);
      expect(stitched.stitch?.failed.map((f) => f.traceId)).toEqual([MISSING, REFUSED]);
      expect(stitched.stitch?.failed[0].message).toBe('no datasource has this trace');
      expect(stitched.stitch?.failed[1].message).toMatch(/^tempo: Tempo is not reachable/);
      // Progress was reported per trace fetched.
      const progress = replies.filter(
        (r) => r.id === 2 && r.type === 'progress' && r.progress.phase === 'fetching',
      );
      expect(progress.at(-1)).toMatchObject({ progress: { phase: 'fetching', done: 3, total: 3 } });
    } finally {
      tempo.clearOverrides();
    }
  });
});

describe('a stitch overtaken by events', () => {
  it('is cancelled when another trace loads while its linked traces are still being fetched', async () => {
    const replies: WorkerReply[] = [];
    let release: () => void = () => {};
    const slow = new Promise<void>((resolve) => {
      release = resolve;
    });
    const handle = createTraceEngine({
      decode: decodeTrace,
      analyse: analyseTrace,
      adjustSkew: adjustTraceSkew,
      post: (reply) => replies.push(reply),
      // A datasource that answers only when released, and then with nothing.
      makeClient: () => ({
        getTrace: async (traceId) => {
          await slow;
          throw traceNotFound(traceId);
        },
      }),
    });
    const settle = async (id: number) => {
      for (let i = 0; i < 1000; i++) {
        const r = replies.find((x) => x.id === id && !x.type.includes('progress'));
        if (r) return r;
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      throw new Error(`no answer to ${id}`);
    };
    const one = (traceId: string) =>
      new TextEncoder().encode(
        JSON.stringify({
          resourceSpans: [
            {
              resource: { attributes: [] },
              scopeSpans: [
                {
                  spans: [
                    {
                      traceId,
                      spanId: '1'.repeat(16),
                      name: 'root',
                      startTimeUnixNano: '1700000000000000000',
                      endTimeUnixNano: '1700000000001000000',
                    },
                  ],
                },
              ],
            },
          ],
        }),
      ).buffer as ArrayBuffer;
    const load = (id: number, traceId: string) =>
      handle({
        type: 'load',
        id,
        source: { kind: 'bytes', bytes: one(traceId), label: 'file' },
        options: { adjustSkew: false },
      });
    load(1, 'a'.repeat(32));
    await settle(1);
    const target: DatasourceTarget = {
      name: 'slow',
      type: 'tempo',
      displayName: 'Slow',
      baseUrl: 'http://x.invalid',
    };
    handle({
      type: 'stitch',
      id: 2,
      traceIds: ['b'.repeat(32)],
      datasources: [target],
      options: { adjustSkew: false },
    });
    load(3, 'c'.repeat(32));
    const loaded = (await settle(3)) as { trace: LoadedTrace };
    expect(loaded.trace.traceId).toBe('c'.repeat(32));
    release();
    const stitched = await settle(2);
    expect(stitched).toMatchObject({ type: 'load-failed', failure: { kind: 'cancelled' } });
    // The newer trace stays as it was: nothing of the old stitch got into it.
    handle({ type: 'reanalyse', id: 4, options: { adjustSkew: false } });
    const again = (await settle(4)) as { trace: LoadedTrace };
    expect(again.trace.traceId).toBe('c'.repeat(32));
    expect(again.trace.stitch).toBeUndefined();
  });
});

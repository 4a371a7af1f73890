import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReplayUpstream, startReplayUpstream } from '../../e2e/support/replay-upstream.ts';
import { GATEWAY_ERROR_HEADER } from '../contracts/gateway-error.ts';
import { NotFoundError, UnavailableError } from '../datasources/errors.ts';
import { createHttpClient } from '../datasources/http.ts';
import { createTempoClient } from '../datasources/tempo.ts';
import type { RawTrace, TraceClient } from '../datasources/types.ts';
import { decodeTrace } from '../formats/index.ts';
import { adjustTraceSkew, analyseTrace } from './analyse.ts';
import { fetchFromDatasources } from './datasource-trace.ts';
import { createTraceEngine } from './engine.ts';
import type { DatasourceTarget, LoadedTrace, LoadFailure, WorkerReply } from './protocol.ts';

const target = (name: string): DatasourceTarget => ({
  name,
  type: 'tempo',
  displayName: name,
  baseUrl: 'http://x/',
});
const raw: RawTrace = { bytes: new Uint8Array([1]), contentType: 'application/json', api: 'tempo-v2' };

function clients(behaviour: Record<string, (signal?: AbortSignal) => Promise<RawTrace>>) {
  return (t: DatasourceTarget): TraceClient => ({
    getTrace: (_id, options) => behaviour[t.name](options?.signal),
  });
}

describe('asking every trace datasource at once', () => {
  it('takes the first that has the trace and aborts the others', async () => {
    let aborted = false;
    const result = await fetchFromDatasources(
      [target('slow'), target('fast')],
      'abc',
      {},
      new AbortController().signal,
      clients({
        slow: (signal) =>
          new Promise((_, reject) =>
            signal?.addEventListener('abort', () => {
              aborted = true;
              reject(new Error('aborted'));
            }),
          ),
        fast: async () => raw,
      }),
    );
    expect(result.foundIn).toBe('fast');
    expect(result.raw).toBe(raw);
    expect(aborted).toBe(true);
  });

  it('says which datasources it could not ask, and gives up quietly when cancelled', async () => {
    const unknown = { ...target('elastic'), type: 'elastic' } as unknown as DatasourceTarget;
    const result = await fetchFromDatasources(
      [unknown, target('a')],
      'abc',
      {},
      new AbortController().signal,
      (t) => (t.name === 'a' ? { getTrace: async () => raw } : null),
    );
    expect(result.foundIn).toBe('a');
    expect(result.answers[0]).toMatchObject({ datasource: 'elastic', outcome: 'error' });
    const abort = new AbortController();
    const asking = fetchFromDatasources(
      [target('slow')],
      'abc',
      {},
      abort.signal,
      clients({
        slow: (signal) =>
          new Promise((_, reject) => signal?.addEventListener('abort', () => reject(new Error('x')))),
      }),
    );
    abort.abort();
    expect(await asking).toEqual({ raw: null, answers: [], cancelled: true });
  });

  it('keeps what each one answered when none has it', async () => {
    const result = await fetchFromDatasources(
      [target('a'), target('b')],
      'abc',
      {},
      new AbortController().signal,
      clients({
        a: async () => {
          throw new NotFoundError('Trace not found', { status: 404 });
        },
        b: async () => {
          throw new UnavailableError('tempo is not reachable', {
            status: 502,
            backendMessage: 'ring has no healthy ingesters',
          });
        },
      }),
    );
    expect(result.raw).toBeNull();
    expect(result.answers).toEqual([
      { datasource: 'a', outcome: 'not-found', status: 404, message: 'Trace not found' },
      {
        datasource: 'b',
        outcome: 'error',
        status: 502,
        message: 'tempo is not reachable: ring has no healthy ingesters',
      },
    ]);
  });
});

describe('the worker loading by ID from real backends (replayed)', () => {
  let tempo: ReplayUpstream;
  let jaegerLegacy: ReplayUpstream;
  beforeAll(async () => {
    [tempo, jaegerLegacy] = await Promise.all([
      startReplayUpstream({ sets: ['tempo'] }),
      startReplayUpstream({ sets: ['jaeger-legacy'] }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([tempo.stop(), jaegerLegacy.stop()]);
  });

  const ERROR_TRACE = '2bafbe17c123c304432c535342f87d81';
  const tempoTarget = (): DatasourceTarget => ({
    name: 'tempo',
    type: 'tempo',
    displayName: 'Tempo',
    baseUrl: tempo.url,
  });

  function engine(makeClient?: (t: DatasourceTarget) => TraceClient | null) {
    const replies: WorkerReply[] = [];
    const handle = createTraceEngine({
      decode: decodeTrace,
      analyse: analyseTrace,
      adjustSkew: adjustTraceSkew,
      post: (reply) => replies.push(reply),
      makeClient,
    });
    let nextId = 1;
    const load = async (
      targets: DatasourceTarget[],
      traceId: string,
    ): Promise<{ trace?: LoadedTrace; failure?: LoadFailure }> => {
      const id = nextId++;
      handle({
        type: 'load',
        id,
        source: { kind: 'datasources', traceId, datasources: targets, label: 'all' },
        options: { adjustSkew: false },
      });
      for (let i = 0; i < 500; i++) {
        const reply = replies.find((r) => r.id === id && (r.type === 'loaded' || r.type === 'load-failed'));
        if (reply?.type === 'loaded') return { trace: reply.trace };
        if (reply?.type === 'load-failed') return { failure: reply.failure };
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      throw new Error(`no answer to load ${id}`);
    };
    return { load, replies };
  }

  it('decodes Tempo’s protobuf answer into the trace it names, saying where it was found', async () => {
    const { trace } = await engine().load([tempoTarget()], ERROR_TRACE);
    expect(trace?.traceId).toBe(ERROR_TRACE);
    expect(trace?.format).toMatch(/protobuf/);
    expect(trace?.counts.errors).toBeGreaterThan(0);
    expect(trace?.foundIn).toBe('tempo');
    expect(trace?.answers).toEqual([{ datasource: 'tempo', outcome: 'found', message: 'found' }]);
  });

  it('posts the bytes received so far while Tempo’s body arrives', async () => {
    const BIG = '5f8d122418e0697eae4509d2a6e3ba20';
    const { load, replies } = engine();
    const { trace } = await load([tempoTarget()], BIG);
    expect(trace?.counts.spans).toBe(2000);
    const fetching = replies.flatMap((r) =>
      r.type === 'progress' && r.progress.phase === 'fetching' ? [r.progress] : [],
    );
    const last = fetching.at(-1);
    // The recorded body is 1.2 MB; the replay sends its length, so the bar has a total.
    expect(last?.done).toBeGreaterThan(1_000_000);
    expect(last?.total).toBe(last?.done);
    expect(fetching.length).toBeGreaterThanOrEqual(4);
    for (let i = 1; i < fetching.length; i++)
      expect(fetching[i].done).toBeGreaterThanOrEqual(fetching[i - 1].done);
  });

  it('carries Tempo’s PARTIAL message onto the loaded trace', async () => {
    // The replay answers with the partial recording only for the tenant it was recorded with.
    const tenant = { 'X-Scope-OrgID': 'single-tenant' };
    const { trace } = await engine((t) =>
      createTempoClient(createHttpClient({ baseUrl: t.baseUrl, headers: tenant })),
    ).load([tempoTarget()], '5f8d122418e0697eae4509d2a6e3ba20');
    expect(trace?.partial).toBe('Trace exceeds maximum size of 200000 bytes, a partial trace is returned');
  });

  it('lists every datasource’s answer when none has the trace', async () => {
    const { failure } = await engine().load(
      [tempoTarget(), { name: 'jaeger', type: 'jaeger', displayName: 'Jaeger', baseUrl: jaegerLegacy.url }],
      '0123456789abcdef0123456789abcdef',
    );
    expect(failure?.kind).toBe('not-found');
    expect(
      failure && 'answers' in failure ? failure.answers?.map((a) => [a.datasource, a.outcome]) : [],
    ).toEqual([
      ['tempo', 'not-found'],
      ['jaeger', 'not-found'],
    ]);
  });

  it('builds its clients with the shared factory, naming each datasource by its display name', async () => {
    const refused = {
      status: 502,
      headers: { [GATEWAY_ERROR_HEADER]: 'error' },
      body: 'no healthy ingesters',
    };
    tempo.override('/api/v2/traces/', refused);
    tempo.override('/api/traces/', refused);
    try {
      const { failure } = await engine().load(
        [{ ...tempoTarget(), displayName: 'Tempo (prod)' }],
        ERROR_TRACE,
      );
      expect(failure?.kind).toBe('datasource');
      expect(failure?.message).toMatch(/^Tempo \(prod\) is not reachable/);
    } finally {
      tempo.clearOverrides();
    }
  });

  it('remembers Jaeger’s legacy API and Tempo’s missing v2 endpoint from one load to the next', async () => {
    const jaeger: DatasourceTarget = {
      name: 'jaeger',
      type: 'jaeger',
      displayName: 'Jaeger',
      baseUrl: jaegerLegacy.url,
    };
    const worker = engine();
    const legacyTrace = '83a9efd15c1c98a977e0711cc93ee28b';
    jaegerLegacy.requests.length = 0;
    for (let i = 0; i < 2; i++)
      expect((await worker.load([jaeger], legacyTrace)).trace?.traceId).toBe(legacyTrace);
    expect(jaegerLegacy.requests.filter((r) => r.path === '/api/v3/services')).toHaveLength(1);
    expect(jaegerLegacy.requests.filter((r) => r.path === `/api/traces/${legacyTrace}`)).toHaveLength(2);

    tempo.override('/api/v2/traces/', { status: 404, body: '404 page not found\n' });
    try {
      tempo.requests.length = 0;
      for (let i = 0; i < 2; i++)
        expect((await worker.load([tempoTarget()], ERROR_TRACE)).trace?.traceId).toBe(ERROR_TRACE);
      expect(tempo.requests.filter((r) => r.path.startsWith('/api/v2/traces/'))).toHaveLength(1);
      expect(tempo.requests.filter((r) => r.path === `/api/traces/${ERROR_TRACE}`)).toHaveLength(2);
    } finally {
      tempo.clearOverrides();
    }
  });
});

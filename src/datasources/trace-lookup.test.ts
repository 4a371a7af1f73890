import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReplayUpstream, startReplayUpstream } from '../../e2e/support/replay-upstream';
import { createTraceDatasourceClient } from './clients';
import { AbortedError, NotFoundError } from './errors';
import { createHttpClient } from './http';
import { createJaegerClient } from './jaeger';
import { createTempoClient } from './tempo';
import { findTraceInAny } from './trace-lookup';

let tempoUpstream: ReplayUpstream;
let jaegerUpstream: ReplayUpstream;
let zipkinUpstream: ReplayUpstream;
beforeAll(async () => {
  [tempoUpstream, jaegerUpstream, zipkinUpstream] = await Promise.all([
    startReplayUpstream({ sets: ['tempo'] }),
    startReplayUpstream({ sets: ['jaeger-v3'] }),
    startReplayUpstream({ sets: ['zipkin'] }),
  ]);
});
afterAll(async () => {
  await Promise.all([tempoUpstream.stop(), jaegerUpstream.stop(), zipkinUpstream.stop()]);
});

const ERROR_TRACE = '2bafbe17c123c304432c535342f87d81';

const tempoJson = (headers: Record<string, string> = {}) =>
  createTempoClient(createHttpClient({ baseUrl: tempoUpstream.url, headers }), { traceFormat: 'json' });

describe('findTraceInAny', () => {
  const named = () => [
    {
      name: 'zipkin',
      client: createTraceDatasourceClient({ type: 'zipkin', name: 'zipkin', baseUrl: zipkinUpstream.url })
        .client,
    },
    { name: 'jaeger', client: createJaegerClient(createHttpClient({ baseUrl: jaegerUpstream.url })) },
    { name: 'tempo', client: tempoJson() },
  ];

  it('opens the datasource that has the trace and says where, keeping the others’ answers', async () => {
    tempoUpstream.override('/api/v2/traces/', { delayMs: 150 });
    try {
      const result = await findTraceInAny(named(), ERROR_TRACE);
      expect(result.found?.name).toBe('tempo');
      expect(result.answers.map((a) => [a.name, a.outcome])).toEqual([
        ['zipkin', 'not-found'],
        ['jaeger', 'not-found'],
        ['tempo', 'found'],
      ]);
    } finally {
      tempoUpstream.clearOverrides();
    }
  });

  it('does not wait for slow datasources once one has the trace', async () => {
    jaegerUpstream.override('/api/v3/', { delayMs: 2_000 });
    try {
      const started = Date.now();
      const result = await findTraceInAny(named(), '00000000000000001e223ff1f80f1c69');
      expect(result.found?.name).toBe('zipkin');
      expect(result.answers[1]).toEqual({ name: 'jaeger', outcome: 'cancelled' });
      expect(Date.now() - started).toBeLessThan(1_500);
    } finally {
      jaegerUpstream.clearOverrides();
    }
  });

  it('lists every answer when none has it, errors included', async () => {
    zipkinUpstream.override('/api/v2/trace/', { status: 503, body: 'zipkin storage unavailable' });
    try {
      const result = await findTraceInAny(named(), '0123456789abcdef0123456789abcdef');
      expect(result.found).toBeUndefined();
      expect(result.answers.map((a) => [a.name, a.outcome])).toEqual([
        ['zipkin', 'error'],
        ['jaeger', 'not-found'],
        ['tempo', 'not-found'],
      ]);
      const zipkin = result.answers[0];
      expect(zipkin.outcome === 'error' && zipkin.error.backendMessage).toBe('zipkin storage unavailable');
    } finally {
      zipkinUpstream.clearOverrides();
    }
  });

  it('keeps the not-found answer’s own words, and answers at once for no datasources', async () => {
    const result = await findTraceInAny(
      [{ name: 'tempo', client: tempoJson() }],
      '0123456789abcdef0123456789abcdef',
    );
    const answer = result.answers[0];
    expect(answer.outcome).toBe('not-found');
    expect(answer.outcome === 'not-found' && answer.error).toBeInstanceOf(NotFoundError);
    expect(answer.outcome === 'not-found' && answer.error.message).toBe(
      'Trace 0123456789abcdef0123456789abcdef was not found',
    );
    expect(await findTraceInAny([], ERROR_TRACE)).toEqual({ found: undefined, answers: [] });
  });

  it('rejects with AbortedError when the caller gives up', async () => {
    tempoUpstream.override('/api/v2/traces/', { delayMs: 2_000 });
    try {
      const abort = new AbortController();
      const asking = findTraceInAny(named(), ERROR_TRACE, { signal: abort.signal });
      setTimeout(() => abort.abort(), 50);
      await expect(asking).rejects.toBeInstanceOf(AbortedError);
    } finally {
      tempoUpstream.clearOverrides();
    }
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { linkedFrom } from '../analysis/linked-from.ts';
import type { RawTrace, TraceClient } from '../datasources/types.ts';
import { decodeTrace } from '../formats/index.ts';
import { SpanKind } from '../model/types.ts';
import { fetchLinkingSpans, type LinkTarget, linkingSpansOf } from './linking-spans.ts';

const FIXTURES = new URL('../../../shared/fixtures/', import.meta.url);
// Tempo's recorded Kafka trace: "orders process" (a47cdbcb6e1d6579) links to "orders publish"
// (377c4145768532a7) of the same trace.
const KAFKA = 'a0802eb76124862887c6448c124cd9e9';

const PRODUCER = '11111111111111111111111111111111';
const PUBLISH = 'aaaaaaaaaaaaaaa1';

/** An OTLP JSON trace of one consumer span linking to the producer's publish span. */
function consumerTrace(traceId: string, spanId: string, service: string): string {
  return JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
        scopeSpans: [
          {
            spans: [
              {
                traceId,
                spanId,
                name: 'orders process',
                kind: 5,
                startTimeUnixNano: '1700000000100000000',
                endTimeUnixNano: '1700000000200000000',
                links: [{ traceId: PRODUCER.toUpperCase(), spanId: PUBLISH }],
              },
            ],
          },
        ],
      },
    ],
  });
}

const target: LinkTarget = { name: 'local', type: 'tempo', displayName: 'local', baseUrl: 'http://x/' };

function fakeClient(bodies: Record<string, string>): TraceClient {
  return {
    getTrace: async (traceId: string): Promise<RawTrace> => {
      const body = bodies[traceId];
      if (body === undefined) throw new Error(`Trace ${traceId} not found`);
      return { bytes: new TextEncoder().encode(body), contentType: 'application/json', api: 'tempo-v2' };
    },
  };
}

describe('spans linking into a trace, read in the worker', () => {
  it("finds the Kafka fixture's consumer span linking to its producer span in the same trace", () => {
    const body = readFileSync(new URL('tempo/tempo-trace-v2-kafka-sametrace-json.body', FIXTURES));
    const decoded = decodeTrace(body, { contentType: 'application/json' });
    const spans = linkingSpansOf(decoded.traces, KAFKA);
    expect(spans.map((s) => [s.spanId, s.name, s.links])).toEqual([
      ['a47cdbcb6e1d6579', 'orders process', [{ traceId: KAFKA, spanId: '377c4145768532a7' }]],
    ]);
    const linked = linkedFrom(KAFKA, spans);
    expect(linked.bySpan.get('377c4145768532a7')?.map((l) => l.spanId)).toEqual(['a47cdbcb6e1d6579']);
    expect(linked.otherTraces).toEqual([]);
    // Links into another trace are not links into this one.
    expect(linkingSpansOf(decoded.traces, PRODUCER)).toEqual([]);
  });

  it('reads the traces a search named, keeps their order and says which could not be read', async () => {
    const c1 = '22222222222222222222222222222222';
    const c2 = '33333333333333333333333333333333';
    const missing = '44444444444444444444444444444444';
    const client = fakeClient({
      [c1]: consumerTrace(c1, 'bbbbbbbbbbbbbbb1', 'billing'),
      [c2]: consumerTrace(c2, 'ccccccccccccccc1', 'shipping'),
    });
    const found = await fetchLinkingSpans(
      { type: 'fetch-linking-spans', id: 1, into: PRODUCER, target, traceIds: [c2, missing, c1] },
      new AbortController().signal,
      () => client,
      decodeTrace,
    );
    expect(found.spans.map((s) => [s.traceId, s.service, s.kind])).toEqual([
      [c2, 'shipping', SpanKind.Consumer],
      [c1, 'billing', SpanKind.Consumer],
    ]);
    expect(found.failures).toEqual([{ traceId: missing, message: `Trace ${missing} not found` }]);
    const linked = linkedFrom(PRODUCER, found.spans);
    expect(linked.bySpan.get(PUBLISH)?.length).toBe(2);
    expect(linked.otherTraces).toEqual([c2, c1]);
  });

  it('with a search: reads the traces it names (at most maxReads, not the open one) and says how many it named', async () => {
    const c1 = '22222222222222222222222222222222';
    const c2 = '33333333333333333333333333333333';
    const c3 = '44444444444444444444444444444444';
    const asked: string[] = [];
    const client = {
      ...fakeClient({
        [c1]: consumerTrace(c1, 'bbbbbbbbbbbbbbb1', 'billing'),
        [c2]: consumerTrace(c2, 'ccccccccccccccc1', 'shipping'),
      }),
      search: async (params: { q?: string }) => {
        asked.push(params.q ?? '');
        return {
          traces: [PRODUCER, c1, c2, c3].map((traceId) => ({ traceId }) as never),
          limit: 4,
          limitReached: true,
        };
      },
    };
    const found = await fetchLinkingSpans(
      {
        type: 'fetch-linking-spans',
        id: 1,
        into: PRODUCER,
        target,
        traceIds: [],
        search: { q: `{ link:traceID = "${PRODUCER}" }`, limit: 4, maxReads: 2, exclude: PRODUCER },
      },
      new AbortController().signal,
      () => client,
      decodeTrace,
    );
    expect(asked).toEqual([`{ link:traceID = "${PRODUCER}" }`]);
    expect(found.named).toEqual([c1, c2, c3]);
    expect(found.limitReached).toBe(true);
    expect(found.spans.map((s) => s.traceId)).toEqual([c1, c2]);
    expect(found.failures).toEqual([]);
  });

  it('a backend that refuses the search fails the look-up with its message', async () => {
    const client = {
      ...fakeClient({}),
      search: async () => {
        throw new Error('Tempo answered 400: unknown intrinsic link:traceID');
      },
    };
    await expect(
      fetchLinkingSpans(
        {
          type: 'fetch-linking-spans',
          id: 1,
          into: PRODUCER,
          target,
          traceIds: [],
          search: { q: 'x', limit: 1, maxReads: 1 },
        },
        new AbortController().signal,
        () => client,
        decodeTrace,
      ),
    ).rejects.toThrow('Tempo answered 400: unknown intrinsic link:traceID');
  });

  it('stops when the look-up is cancelled (the user left the trace)', async () => {
    const abort = new AbortController();
    abort.abort();
    const found = await fetchLinkingSpans(
      { type: 'fetch-linking-spans', id: 1, into: PRODUCER, target, traceIds: ['5'.repeat(32)] },
      abort.signal,
      () => fakeClient({ ['5'.repeat(32)]: consumerTrace('5'.repeat(32), 'ddddddddddddddd1', 'x') }),
      decodeTrace,
    );
    expect(found).toEqual({ spans: [], failures: [], cancelled: true });
  });
});

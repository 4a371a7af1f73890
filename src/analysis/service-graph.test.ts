import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeTrace } from '../formats/index.ts';
import { SpanFlag, SpanKind, StatusCode, type Trace } from '../model/types.ts';
import { criticalPath } from './critical-path.ts';
import { errorOrigin } from './hints.ts';
import { type Graph, pairCalls, type ServiceCall, serviceGraph, traceAttribute } from './service-graph.ts';
import { type SpanSpec, traceFromSpecs } from './testing/trace-builder.ts';

const { Server, Client, Producer, Consumer, Internal } = SpanKind;

const summary = (calls: readonly ServiceCall[]) =>
  calls.map(
    (c) =>
      `${c.client}→${c.server}${c.connectionType ? ` (${c.connectionType})` : ''}${c.failed ? ' failed' : ''}`,
  );

const attributes =
  (byRow: Record<number, Record<string, string>>) =>
  (row: number, key: string): string | undefined =>
    byRow[row]?.[key];

const span = (spec: Partial<SpanSpec> & Pick<SpanSpec, 'parent' | 'service'>): SpanSpec => ({
  name: spec.name ?? 'op',
  start: 0,
  duration: 10,
  ...spec,
});

describe('pairCalls on hand-built traces', () => {
  it('pairs a client span with its server child', () => {
    const trace = traceFromSpecs([
      span({ service: 'front', parent: -1, kind: Server, duration: 100 }),
      span({ service: 'front', parent: 0, kind: Client, duration: 60 }),
      span({ service: 'back', parent: 1, kind: Server, duration: 50 }),
    ]);
    const { calls, unpairedClients } = pairCalls(trace);
    expect(summary(calls)).toEqual(['user→front (virtual_node)', 'front→back']);
    expect(calls[1]).toMatchObject({ clientRow: 1, serverRow: 2, clientDuration: 60, serverDuration: 50 });
    expect(unpairedClients).toEqual([]);
  });

  it('pairs a producer with its consumer as a messaging call, however late the consumer runs', () => {
    const trace = traceFromSpecs([
      span({ service: 'checkout', parent: -1, kind: Internal, duration: 20 }),
      span({ service: 'checkout', parent: 0, kind: Producer, start: 5, duration: 2 }),
      span({ service: 'worker', parent: 1, kind: Consumer, start: 5_000, duration: 300 }),
    ]);
    expect(summary(pairCalls(trace).calls)).toEqual(['checkout→worker (messaging_system)']);
  });

  it('counts a failed call when either side failed', () => {
    const trace = traceFromSpecs([
      span({ service: 'a', parent: -1, kind: Client }),
      span({ service: 'b', parent: 0, kind: Server, status: StatusCode.Error, flags: SpanFlag.Error }),
    ]);
    expect(summary(pairCalls(trace).calls)).toEqual(['a→b failed']);
  });

  it('leaves a client without a server child and without a peer name unpaired', () => {
    const trace = traceFromSpecs([
      span({ service: 'a', parent: -1, kind: Internal }),
      span({ service: 'a', parent: 0, kind: Client }),
    ]);
    const pairing = pairCalls(trace, { attribute: () => undefined });
    expect(pairing.calls).toEqual([]);
    expect(pairing.unpairedClients).toEqual([1]);
  });

  it('makes a virtual node of an uninstrumented peer, named by peer.service before server.address', () => {
    const trace = traceFromSpecs([
      span({ service: 'a', parent: -1, kind: Internal }),
      span({ service: 'a', parent: 0, kind: Client, duration: 40 }),
      span({ service: 'a', parent: 0, kind: Client }),
    ]);
    const { calls } = pairCalls(trace, {
      attribute: attributes({
        1: { 'peer.service': 'payments-api', 'server.address': 'pay.example.com' },
        2: { 'server.address': 'cdn.example.com' },
      }),
    });
    expect(summary(calls)).toEqual(['a→payments-api (virtual_node)', 'a→cdn.example.com (virtual_node)']);
    expect(calls[0]).toMatchObject({ serverRow: -1, clientDuration: 40, serverDuration: 40 });
  });

  it('calls a database by db.name on the client span alone', () => {
    const trace = traceFromSpecs([
      span({ service: 'a', parent: -1, kind: Server }),
      span({ service: 'a', parent: 0, kind: Client }),
    ]);
    const { calls } = pairCalls(trace, {
      attribute: attributes({ 1: { 'db.name': 'orders', 'db.system': 'pg' } }),
    });
    expect(summary(calls)).toEqual(['user→a (virtual_node)', 'a→orders (database)']);
  });

  it('drops a server span whose parent is in another trace (an orphan), as Tempo does', () => {
    const trace = traceFromSpecs([span({ service: 'b', parent: -1, kind: Server, flags: SpanFlag.Orphan })]);
    const pairing = pairCalls(trace);
    expect(pairing.calls).toEqual([]);
    expect(pairing.unpairedServers).toEqual([0]);
  });

  it('joins a parent and child of different services only when asked', () => {
    const trace = traceFromSpecs([
      span({ service: 'a', parent: -1, kind: Internal }),
      span({ service: 'b', parent: 0, kind: Internal }),
      span({ service: 'c', parent: 1, kind: Server }),
    ]);
    expect(summary(pairCalls(trace).calls)).toEqual([]);
    expect(summary(pairCalls(trace, { parentChild: true }).calls)).toEqual([
      'a→b (parent_child)',
      'b→c (parent_child)',
    ]);
  });

  it('pairs 200,000 spans in one chain without recursion', () => {
    const specs: SpanSpec[] = [];
    for (let i = 0; i < 200_000; i++)
      specs.push(span({ service: `s${i % 2}`, parent: i - 1, kind: i % 2 === 0 ? Client : Server }));
    const { calls } = pairCalls(traceFromSpecs(specs));
    expect(calls).toHaveLength(100_000);
  });
});

const fixture = (path: string): Trace =>
  decodeTrace(readFileSync(new URL(`../../../shared/fixtures/${path}`, import.meta.url))).traces[0];

const edges = (graph: Graph) =>
  graph.edges
    .map(
      (e) =>
        `${graph.nodes[e.from].id}→${graph.nodes[e.to].id} ×${e.calls}${e.errors ? ` !${e.errors}` : ''}`,
    )
    .sort();

describe('pairCalls on recordings', () => {
  it('Kafka in one trace (Tempo): HTTP, messaging, a database and virtual peers', () => {
    const trace = fixture('tempo/tempo-trace-v2-kafka-sametrace-json.body');
    const { calls, unpairedClients } = pairCalls(trace, { attribute: traceAttribute(trace) });
    expect(summary(calls).sort()).toEqual(
      [
        'user→checkout (virtual_node)',
        'checkout→order-worker (messaging_system)',
        'order-worker→notification',
        // The SMTP call names its peer; the INSERT names no db.name (only db.namespace), so its
        // server is named from db.system.
        'notification→smtp (virtual_node)',
        'order-worker→postgres (virtual_node)',
      ].sort(),
    );
    expect(unpairedClients).toEqual([]);
  });

  it('Kafka through Zipkin: fan-out to two consumers counts each, unconsumed sends go to the broker', () => {
    const trace = fixture('zipkin/messaging-kafka.json');
    const graph = serviceGraph(trace, { attribute: traceAttribute(trace) });
    expect(edges(graph)).toEqual([
      'servicea→kafka ×6',
      'servicea→servicea ×3',
      'servicea→serviceb ×3',
      'user→servicea ×1',
    ]);
  });

  it('Envoy: a lone shared server span is called by "user"', () => {
    const trace = fixture('zipkin/envoy.json');
    expect(summary(pairCalls(trace, { attribute: traceAttribute(trace) }).calls)).toEqual([
      'user→unknown_service (virtual_node)',
    ]);
  });
});

describe('serviceGraph', () => {
  const trace = () =>
    traceFromSpecs([
      span({ service: 'front', parent: -1, kind: Server, start: 0, duration: 100 }),
      span({ service: 'front', name: 'GET /cart', parent: 0, kind: Client, start: 10, duration: 30 }),
      span({ service: 'cart', name: 'cart', parent: 1, kind: Server, start: 12, duration: 26 }),
      span({
        service: 'front',
        name: 'GET /pay',
        parent: 0,
        kind: Client,
        start: 45,
        duration: 50,
        flags: SpanFlag.Error,
      }),
      span({
        service: 'pay',
        name: 'pay',
        parent: 3,
        kind: Server,
        start: 46,
        duration: 48,
        flags: SpanFlag.Error,
      }),
      span({
        service: 'pay',
        name: 'pay',
        parent: -1,
        kind: Server,
        start: 20,
        duration: 1,
        flags: SpanFlag.Orphan,
      }),
    ]);

  it('sums calls, errors and durations per edge and the critical path per node', () => {
    const t = trace();
    const path = criticalPath(t);
    const graph = serviceGraph(t, {
      timeOnPath: path.timeOnPath,
      criticalPathNs: path.length,
      errorOriginRow: errorOrigin(t).row,
    });
    expect(edges(graph)).toEqual(['front→cart ×1', 'front→pay ×1 !1', 'user→front ×1']);
    const byId = Object.fromEntries(graph.nodes.map((n) => [n.id, n]));
    expect(byId.pay).toMatchObject({ spans: 2, errors: 1, errorOrigin: true, criticalPathNs: 48 });
    expect(byId.front).toMatchObject({ errorOrigin: false, criticalPathNs: 100 - 26 - 48 });
    expect(byId.user.virtual).toBe(true);
    const payEdge = graph.edges.find((e) => graph.nodes[e.to].id === 'pay');
    expect(payEdge?.durationNs).toBe(50);
    expect(payEdge?.callIndices.map((i) => graph.calls[i].serverRow)).toEqual([4]);
  });

  it('splits nodes by operation when asked', () => {
    const graph = serviceGraph(trace(), { byOperation: true });
    expect(edges(graph)).toEqual([
      'front GET /cart→cart cart ×1',
      'front GET /pay→pay pay ×1 !1',
      'user→front op ×1',
    ]);
  });
});

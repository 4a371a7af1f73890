import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseQueryResult } from './prometheus';
import {
  edgesFromPrometheus,
  fetchTraceqlServiceGraph,
  parseEmbeddedServiceGraph,
  parseJaegerDependencies,
  serviceGraphPromQL,
} from './service-graph';
import type { TempoClient } from './tempo';

const recorded = (name: string) =>
  parseQueryResult(
    JSON.parse(
      readFileSync(
        new URL(`../../../shared/fixtures/prometheus/servicegraph/${name}.body`, import.meta.url),
        'utf8',
      ),
    ),
  );

describe('service graph from Prometheus', () => {
  it('reads the recorded Tempo series: every pair once, connection types as Tempo wrote them ("" absent)', () => {
    const answer = edgesFromPrometheus({
      requests: recorded('instant-request-total-by-client-server-connection-type'),
      failed: recorded('instant-request-failed-total-by-client-server'),
      p95: undefined,
      serverP95: undefined,
    });
    expect(answer.edges).toHaveLength(24);
    const edge = (c: string, s: string) => answer.edges.find((e) => e.client === c && e.server === s);
    expect(edge('user', 'api-gateway')).toEqual({
      client: 'user',
      server: 'api-gateway',
      connectionType: 'virtual_node',
      rate: 700,
      failedRate: 47,
      p95Seconds: undefined,
    });
    expect(edge('api-gateway', 'auth')).toMatchObject({ connectionType: '', rate: 665, failedRate: 0 });
    expect(edge('checkout', 'order-worker')?.connectionType).toBe('messaging_system');
    expect(edge('batch-jobs', 'postgres')).toMatchObject({ connectionType: 'database', failedRate: 10 });
  });

  it('leaves failures unknown when the failed query failed, and drops pairs with no calls in the window', () => {
    const answer = edgesFromPrometheus({
      requests: recorded('instant-request-total-by-client-server-connection-type'),
      failed: undefined,
      p95: undefined,
      serverP95: undefined,
    });
    expect(answer.edges).toHaveLength(24);
    for (const e of answer.edges) expect(e.failedRate).toBeUndefined();
    // The recorded 5m rates at the window's end: traffic had stopped, so every pair reads 0 and none is drawn.
    const idle = recorded('request-total-rate5m-by-client-server');
    expect(idle.resultType).toBe('matrix');
    expect(
      edgesFromPrometheus({ requests: idle, failed: undefined, p95: undefined, serverP95: undefined }).edges,
    ).toEqual([]);
  });

  it('asks for rates and quantiles over the whole window', () => {
    const q = serviceGraphPromQL(3600);
    expect(q.requests).toBe(
      'sum by (client, server, connection_type) (rate(traces_service_graph_request_total[3600s]))',
    );
    expect(q.p95).toBe(
      'histogram_quantile(0.95, sum by (client, server, le) (rate(traces_service_graph_request_server_seconds_bucket[3600s])))',
    );
  });
});

describe('service graph from the embedded backend and from Jaeger', () => {
  it('reads the embedded answer, skipping malformed edges', () => {
    const answer = parseEmbeddedServiceGraph({
      edges: [
        { client: 'a', server: 'b', connectionType: '', rate: 0.5, failedRate: 0.1, p95Seconds: 0.2 },
        { client: 'a', rate: 1 },
      ],
      nodes: [{ id: 'b', p95Seconds: 0.2 }, { id: 'a' }],
    });
    expect(answer.edges).toEqual([
      { client: 'a', server: 'b', connectionType: '', rate: 0.5, failedRate: 0.1, p95Seconds: 0.2 },
    ]);
    expect([...answer.serverP95]).toEqual([['b', 0.2]]);
    expect(() => parseEmbeddedServiceGraph({ nodes: [] })).toThrow(/no edges/);
  });

  it("turns Jaeger's call counts into rates over the window, failures unknown", () => {
    const answer = parseJaegerDependencies(
      {
        data: [
          { parent: 'frontend', child: 'driver', callCount: 120 },
          { parent: 'frontend', child: 'driver', callCount: 60, source: 'jaeger' },
          { parent: 'x', child: 'y', callCount: 0 },
        ],
        total: 0,
        limit: 0,
        offset: 0,
        errors: null,
      },
      60,
    );
    expect(answer.edges).toEqual([
      {
        client: 'frontend',
        server: 'driver',
        connectionType: '',
        rate: 3,
        failedRate: undefined,
        p95Seconds: undefined,
      },
    ]);
  });
});

describe('service graph from Zipkin', () => {
  it("reads Zipkin's bare array of links with their error counts", () => {
    const answer = parseJaegerDependencies(
      [
        { parent: 'frontend', child: 'backend', callCount: 30, errorCount: 3 },
        { parent: 'backend', child: 'mysql', callCount: 60 },
      ],
      60,
    );
    expect(answer.edges).toEqual([
      {
        client: 'frontend',
        server: 'backend',
        connectionType: '',
        rate: 0.5,
        failedRate: 0.05,
        p95Seconds: undefined,
      },
      {
        client: 'backend',
        server: 'mysql',
        connectionType: '',
        rate: 1,
        failedRate: 0,
        p95Seconds: undefined,
      },
    ]);
  });
});

describe('service graph from TraceQL metrics', () => {
  const series = (values: Record<string, number>) => ({
    series: Object.entries(values).map(([service, v]) => ({
      labels: [{ key: 'resource.service.name', value: { type: 'string' as const, value: service } }],
      samples: [[1_800_000_000_000, v] as [number, number]],
      exemplars: [],
    })),
  });
  const queries = {
    clients: 'clients',
    serverP95: 'serverP95',
    forClient: (c: string) => ({ requests: `req ${c}`, failed: `fail ${c}`, p95: `p95 ${c}` }),
  };

  it('asks per calling service, busiest first, and reads its callees; a failing p95 leaves it unknown', async () => {
    const answers: Record<string, ReturnType<typeof series>> = {
      clients: series({ gateway: 2, checkout: 1 }),
      'req gateway': series({ checkout: 1, auth: 0.5 }),
      'fail gateway': series({ checkout: 0.1 }),
      'p95 gateway': series({ checkout: 0.2, auth: 0.01 }),
      'req checkout': series({ payment: 0.4 }),
      'fail checkout': series({}),
      serverP95: series({ checkout: 0.25 }),
    };
    const asked: string[] = [];
    const tempo = {
      queryInstant: async (q: string) => {
        asked.push(q);
        const answer = answers[q];
        if (!answer) throw new Error(`no ${q}`);
        return answer;
      },
    } as unknown as TempoClient;
    const map = await fetchTraceqlServiceGraph(tempo, { start: 0, end: 3600 }, queries);
    expect(asked[0]).toBe('clients');
    expect(map.edges).toEqual([
      {
        client: 'gateway',
        server: 'checkout',
        connectionType: '',
        rate: 1,
        failedRate: 0.1,
        p95Seconds: 0.2,
      },
      { client: 'gateway', server: 'auth', connectionType: '', rate: 0.5, failedRate: 0, p95Seconds: 0.01 },
      {
        client: 'checkout',
        server: 'payment',
        connectionType: '',
        rate: 0.4,
        failedRate: 0,
        p95Seconds: undefined,
      },
    ]);
    expect([...map.serverP95]).toEqual([['checkout', 0.25]]);
    expect(map).toMatchObject({ clientsAsked: 2, clientsFound: 2 });
  });
});

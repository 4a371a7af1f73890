// The embedded service-graph metrics (decision 0272) on hand-built spans sent through the receiver:
// what /metrics says, when it says it, and what the map's interface answers.
import { afterEach, describe, expect, it } from 'vitest';
import { createEmbedded, type EmbeddedInstance } from '../index.ts';
import { encodeTracesData } from '../otlp/otlp-protobuf.ts';
import { emptySpan, type OtlpKeyValue, type OtlpResourceSpans, type OtlpSpan } from '../otlp/types.ts';
import { SERVICE_GRAPH_PATH } from '../service-graph-api.ts';

const str = (key: string, value: string): OtlpKeyValue => ({ key, value: { stringValue: value } });
const NOW = 1_800_000_000_000; // ms
const MS = 1_000_000n;
const at = (ms: number) => BigInt(NOW + ms) * MS;
const SERVER = 2;
const CLIENT = 3;
const PRODUCER = 4;
const CONSUMER = 5;

interface Hand {
  trace: number;
  id: number;
  parent?: number;
  kind: number;
  /** ms after NOW, and duration ms. */
  start?: number;
  ms: number;
  error?: boolean;
  attributes?: OtlpKeyValue[];
}

function spans(service: string, list: Hand[]): OtlpResourceSpans[] {
  return [
    {
      resource: { attributes: [str('service.name', service)], droppedAttributesCount: 0 },
      scopeSpans: [
        {
          scope: { name: 't', version: '', attributes: [], droppedAttributesCount: 0 },
          spans: list.map(
            (h): OtlpSpan => ({
              ...emptySpan(),
              traceId: h.trace.toString(16).padStart(32, '0'),
              spanId: h.id.toString(16).padStart(16, '0'),
              parentSpanId: h.parent === undefined ? '' : h.parent.toString(16).padStart(16, '0'),
              name: `op-${h.id}`,
              kind: h.kind,
              startTimeUnixNano: at(h.start ?? -60_000),
              endTimeUnixNano: at((h.start ?? -60_000) + h.ms),
              status: { code: h.error ? 2 : 0, message: '' },
              attributes: h.attributes ?? [],
            }),
          ),
          schemaUrl: '',
        },
      ],
      schemaUrl: '',
    },
  ];
}

let backend: EmbeddedInstance | undefined;
let clock = NOW;

async function start(): Promise<EmbeddedInstance> {
  clock = NOW;
  backend = await createEmbedded({
    otlpPort: 'ephemeral',
    demo: false,
    queryWorkers: 0,
    now: () => clock,
  });
  return backend;
}

afterEach(async () => {
  await backend?.close();
  backend = undefined;
});

async function send(b: EmbeddedInstance, batches: OtlpResourceSpans[]): Promise<void> {
  const r = await fetch(`http://127.0.0.1:${b.otlpPort}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-protobuf' },
    body: Buffer.from(encodeTracesData(batches)),
  });
  expect(r.status).toBe(200);
}

/** The samples of /metrics as `name{labels}` → value. */
async function scrape(b: EmbeddedInstance): Promise<Map<string, number>> {
  const r = await fetch(`http://127.0.0.1:${b.otlpPort}/metrics`);
  expect(r.headers.get('content-type')).toContain('application/openmetrics-text');
  const text = await r.text();
  expect(text.endsWith('# EOF\n')).toBe(true);
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^(\S+?(?:\{.*\})?) (\S+)$/.exec(line);
    if (m) out.set(m[1], Number(m[2]));
  }
  return out;
}

const edge = (client: string, server: string, type = '') =>
  `client="${client}",server="${server}",connection_type="${type}"`;
const total = (labels: string) => `traces_service_graph_request_total{${labels}}`;

describe('embedded service-graph metrics on /metrics', () => {
  it('counts a client/server pair sent in two requests at once, with both sides’ durations and failure', async () => {
    const b = await start();
    await send(b, spans('shop', [{ trace: 1, id: 1, kind: CLIENT, ms: 300 }]));
    let m = await scrape(b);
    expect(m.get(total(edge('shop', 'pay')))).toBeUndefined();
    clock += 1000;
    await send(b, spans('pay', [{ trace: 1, id: 2, parent: 1, kind: SERVER, ms: 150, error: true }]));
    m = await scrape(b);
    const l = edge('shop', 'pay');
    expect(m.get(total(l))).toBe(1);
    expect(m.get(`traces_service_graph_request_failed_total{${l}}`)).toBe(1);
    // Server 0.15 s: above 0.1, within 0.2; client 0.3 s: within 0.4.
    expect(m.get(`traces_service_graph_request_server_seconds_bucket{${l},le="0.1"}`)).toBe(0);
    expect(m.get(`traces_service_graph_request_server_seconds_bucket{${l},le="0.2"}`)).toBe(1);
    expect(m.get(`traces_service_graph_request_server_seconds_bucket{${l},le="+Inf"}`)).toBe(1);
    expect(m.get(`traces_service_graph_request_client_seconds_bucket{${l},le="0.2"}`)).toBe(0);
    expect(m.get(`traces_service_graph_request_client_seconds_bucket{${l},le="0.4"}`)).toBe(1);
    expect(m.get(`traces_service_graph_request_server_seconds_sum{${l}}`)).toBeCloseTo(0.15, 9);
    expect(m.get(`traces_service_graph_request_client_seconds_sum{${l}}`)).toBeCloseTo(0.3, 9);
    expect(m.get(`traces_service_graph_request_server_seconds_count{${l}}`)).toBe(1);
    // The span metrics are still there, beside them.
    expect([...m.keys()].some((k) => k.startsWith('traces_spanmetrics_calls_total{service="pay"'))).toBe(
      true,
    );
    // Later scrapes do not count it again.
    clock += 60_000;
    m = await scrape(b);
    expect(m.get(total(l))).toBe(1);
  });

  it('waits for a missing server, then counts a virtual peer; a root server is called by "user" after the wait', async () => {
    const b = await start();
    await send(b, [
      ...spans('shop', [
        { trace: 2, id: 1, kind: SERVER, ms: 500 },
        { trace: 2, id: 2, parent: 1, kind: CLIENT, ms: 200, attributes: [str('peer.service', 'stripe')] },
        { trace: 2, id: 3, parent: 1, kind: CLIENT, ms: 10 },
      ]),
    ]);
    clock += 9_000;
    let m = await scrape(b);
    expect(m.get(total(edge('shop', 'stripe', 'virtual_node')))).toBeUndefined();
    expect(m.get(total(edge('user', 'shop', 'virtual_node')))).toBeUndefined();
    clock += 1_000;
    m = await scrape(b);
    expect(m.get(total(edge('shop', 'stripe', 'virtual_node')))).toBe(1);
    expect(m.get(total(edge('user', 'shop', 'virtual_node')))).toBe(1);
    // The client naming no peer is not an edge; it is counted as unpaired.
    expect(m.get('tracelight_service_graph_unpaired_spans_total{side="client"}')).toBe(1);
    expect(m.get('tracelight_service_graph_expired_calls_total')).toBe(2);
    // A server reporting after its client was counted as a virtual peer does not count the call again.
    await send(b, spans('stripe', [{ trace: 2, id: 4, parent: 2, kind: SERVER, ms: 100 }]));
    clock += 20_000;
    m = await scrape(b);
    expect(m.get(total(edge('shop', 'stripe')))).toBeUndefined();
    expect(m.get(total(edge('shop', 'stripe', 'virtual_node')))).toBe(1);
  });

  it('counts producer/consumer pairs as messaging_system and db.name calls as database, without waiting', async () => {
    const b = await start();
    await send(b, [
      ...spans('orders', [
        { trace: 3, id: 1, kind: PRODUCER, ms: 2 },
        {
          trace: 3,
          id: 3,
          kind: CLIENT,
          ms: 40,
          attributes: [str('db.name', 'orders-db'), str('db.system', 'postgresql')],
        },
      ]),
      ...spans('mailer', [
        { trace: 3, id: 2, parent: 1, kind: CONSUMER, ms: 30 },
        { trace: 3, id: 4, parent: 1, kind: CONSUMER, ms: 35 },
      ]),
    ]);
    const m = await scrape(b);
    // Two consumers of one message: two calls (decision 0270, fan-out).
    expect(m.get(total(edge('orders', 'mailer', 'messaging_system')))).toBe(2);
    expect(m.get(total(edge('orders', 'orders-db', 'database')))).toBe(1);
  });

  it('escapes service names in labels', async () => {
    const b = await start();
    await send(b, [
      ...spans('a"b\\c', [{ trace: 4, id: 1, kind: CLIENT, ms: 1 }]),
      ...spans('x\ny', [{ trace: 4, id: 2, parent: 1, kind: SERVER, ms: 1 }]),
    ]);
    const m = await scrape(b);
    expect(m.get(total(String.raw`client="a\"b\\c",server="x\ny",connection_type=""`))).toBe(1);
  });
});

describe(`GET ${SERVICE_GRAPH_PATH}`, () => {
  it('answers nodes and edges over the window by span time, with rate, failed rate and p95', async () => {
    const b = await start();
    // Ten calls shop → pay in the last minute, two failing; server durations 10..100 ms.
    for (let i = 0; i < 10; i++) {
      await send(b, [
        ...spans('shop', [{ trace: 100 + i, id: 1, kind: CLIENT, start: -50_000, ms: 120 }]),
        ...spans('pay', [
          { trace: 100 + i, id: 2, parent: 1, kind: SERVER, start: -50_000, ms: 10 * (i + 1), error: i < 2 },
        ]),
      ]);
    }
    // One call two hours ago, outside the window.
    await send(b, [
      ...spans('shop', [{ trace: 200, id: 1, kind: CLIENT, start: -7_200_000, ms: 5 }]),
      ...spans('cart', [{ trace: 200, id: 2, parent: 1, kind: SERVER, start: -7_200_000, ms: 5 }]),
    ]);
    const local = b.datasources.find((d) => d.name === 'local');
    const jaeger = b.datasources.find((d) => d.name === 'local-jaeger');
    const end = NOW / 1000;
    const query = new URLSearchParams({ start: String(end - 600), end: String(end) });
    const request = {
      method: 'GET' as const,
      path: SERVICE_GRAPH_PATH,
      query,
      headers: {},
      signal: new AbortController().signal,
    };
    const r = await local?.handle(request);
    expect(r?.status).toBe(200);
    const answer = JSON.parse(String(r?.body)) as {
      edges: { client: string; server: string; rate: number; failedRate: number; p95Seconds: number }[];
      nodes: { id: string; rate: number; p95Seconds?: number }[];
    };
    expect(answer.edges.map((e) => `${e.client}>${e.server}`)).toEqual(['shop>pay']);
    expect(answer.edges[0].rate).toBeCloseTo(10 / 600, 12);
    expect(answer.edges[0].failedRate).toBeCloseTo(2 / 600, 12);
    // p95 of 10..100 ms over the 2 ms-doubling buckets: inside (0.064, 0.128].
    expect(answer.edges[0].p95Seconds).toBeGreaterThan(0.064);
    expect(answer.edges[0].p95Seconds).toBeLessThanOrEqual(0.128);
    expect(answer.nodes.map((n) => n.id)).toEqual(['pay', 'shop']);
    expect(answer.nodes[0].rate).toBeCloseTo(10 / 600, 12);
    // The Jaeger-typed datasource answers the same.
    const rj = await jaeger?.handle(request);
    expect(JSON.parse(String(rj?.body))).toEqual(answer);
    // A window holding the old call only.
    const old = await local?.handle({
      ...request,
      query: new URLSearchParams({ start: String(end - 7_300), end: String(end - 7_000) }),
    });
    expect(
      (JSON.parse(String(old?.body)) as { edges: { server: string }[] }).edges.map((e) => e.server),
    ).toEqual(['cart']);
    const bad = await local?.handle({ ...request, query: new URLSearchParams({ start: 'yesterday' }) });
    expect(bad?.status).toBe(400);
    // Jaeger's legacy dependencies on local-jaeger: call counts over the window.
    const deps = await jaeger?.handle({
      ...request,
      path: '/api/dependencies',
      query: new URLSearchParams({ endTs: String(NOW), lookback: '600000' }),
    });
    expect(JSON.parse(String(deps?.body))).toMatchObject({
      data: [{ parent: 'shop', child: 'pay', callCount: 10 }],
      errors: null,
    });
  });
});

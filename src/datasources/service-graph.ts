// The system map's three wire sources (decision 0273), each answering edges between services:
// - Prometheus holding Tempo's service-graph metrics: four instant PromQL queries over the window;
// - the embedded backend's GET /api/tracelight/service-graph (decision 0272);
// - Jaeger's legacy GET /api/dependencies (call counts only).
// Typed results only; the figures of nodes are the analysis layer's (src/analysis/service-map.ts).
import type { MapEdge } from '../model/map-edge';
import { InvalidResponseError } from './errors';
import { type HttpClient, requestOptionsOf } from './http';
import type { PrometheusClient, PromQueryResult } from './prometheus';
import type { MetricsSeriesSet, TempoClient } from './tempo';
import type { CallOptions } from './types';
import { asArray, asNumber, asObject, asString, expectObject } from './validate';

export interface ServiceGraphAnswer {
  edges: MapEdge[];
  /** Per server: p95 over every edge into it, seconds. */
  serverP95: Map<string, number>;
}

export interface ServiceGraphWindow {
  /** Unix seconds. */
  start: number;
  end: number;
}

export const EMBEDDED_SERVICE_GRAPH_PATH = 'api/tracelight/service-graph';

/** The PromQL the map sends for a window of `seconds` (rates over the whole window, at its end). */
export function serviceGraphPromQL(seconds: number) {
  const range = `${Math.max(1, Math.round(seconds))}s`;
  const buckets = `rate(traces_service_graph_request_server_seconds_bucket[${range}])`;
  return {
    requests: `sum by (client, server, connection_type) (rate(traces_service_graph_request_total[${range}]))`,
    failed: `sum by (client, server) (rate(traces_service_graph_request_failed_total[${range}]))`,
    p95: `histogram_quantile(0.95, sum by (client, server, le) (${buckets}))`,
    serverP95: `histogram_quantile(0.95, sum by (server, le) (${buckets}))`,
  };
}

const pairKey = (client: string, server: string) => JSON.stringify([client, server]);

/** The first finite sample of each series of an instant answer, by a key of its labels. */
function samples(result: PromQueryResult, key: (labels: Record<string, string>) => string | undefined) {
  const out = new Map<string, number>();
  if (result.resultType !== 'vector' && result.resultType !== 'matrix') return out;
  for (const s of result.series) {
    const k = key(s.labels);
    const v = s.points.at(-1)?.v;
    if (k === undefined || v === undefined || !Number.isFinite(v)) continue;
    out.set(k, (out.get(k) ?? 0) + v);
  }
  return out;
}

/**
 * Edges from the four PromQL answers. The same client and server under two connection types are one
 * edge (the first type seen); an edge whose rate is 0 over the window is left out.
 */
export function edgesFromPrometheus(answers: {
  requests: PromQueryResult;
  failed: PromQueryResult | undefined;
  p95: PromQueryResult | undefined;
  serverP95: PromQueryResult | undefined;
}): ServiceGraphAnswer {
  const edges = new Map<string, MapEdge>();
  if (answers.requests.resultType === 'vector' || answers.requests.resultType === 'matrix') {
    for (const s of answers.requests.series) {
      const { client, server } = s.labels;
      const rate = s.points.at(-1)?.v;
      if (client === undefined || server === undefined || rate === undefined || !(rate > 0)) continue;
      const key = pairKey(client, server);
      const edge = edges.get(key);
      if (edge) edge.rate += rate;
      else
        edges.set(key, {
          client,
          server,
          connectionType: s.labels.connection_type ?? '',
          rate,
          failedRate: undefined,
          p95Seconds: undefined,
        });
    }
  }
  const byPair = (l: Record<string, string>) =>
    l.client !== undefined && l.server !== undefined ? pairKey(l.client, l.server) : undefined;
  const failed = answers.failed ? samples(answers.failed, byPair) : undefined;
  const p95 = answers.p95 ? samples(answers.p95, byPair) : new Map<string, number>();
  for (const [key, edge] of edges) {
    // A pair with no failed series never failed (the counter appears with the first failure).
    if (failed) edge.failedRate = failed.get(key) ?? 0;
    edge.p95Seconds = p95.get(key);
  }
  const serverP95 = answers.serverP95 ? samples(answers.serverP95, (l) => l.server) : new Map();
  return { edges: [...edges.values()], serverP95 };
}

/** The map from a Prometheus; a failing failed-count or quantile query leaves those figures unknown. */
export async function fetchPrometheusServiceGraph(
  client: PrometheusClient,
  window: ServiceGraphWindow,
  options: CallOptions = {},
): Promise<ServiceGraphAnswer> {
  const q = serviceGraphPromQL(window.end - window.start);
  const ask = (query: string) => client.query({ query, time: window.end }, options);
  const optional = (query: string) => ask(query).catch(() => undefined);
  const [requests, failed, p95, serverP95] = await Promise.all([
    ask(q.requests),
    optional(q.failed),
    optional(q.p95),
    optional(q.serverP95),
  ]);
  return edgesFromPrometheus({ requests, failed, p95, serverP95 });
}

const optionalNumber = (value: unknown) => {
  const n = asNumber(value);
  return n !== undefined && Number.isFinite(n) ? n : undefined;
};

/** The embedded backend's answer (server/embedded/service-graph-api.ts). */
export function parseEmbeddedServiceGraph(body: unknown): ServiceGraphAnswer {
  const record = expectObject(body, 'service graph');
  if (!Array.isArray(record.edges)) throw new InvalidResponseError('service graph: no edges');
  const edges: MapEdge[] = [];
  for (const item of record.edges) {
    const e = asObject(item);
    const client = asString(e?.client);
    const server = asString(e?.server);
    const rate = optionalNumber(e?.rate);
    if (client === undefined || server === undefined || rate === undefined) continue;
    edges.push({
      client,
      server,
      connectionType: asString(e?.connectionType) ?? '',
      rate,
      failedRate: optionalNumber(e?.failedRate),
      p95Seconds: optionalNumber(e?.p95Seconds),
    });
  }
  const serverP95 = new Map<string, number>();
  for (const item of asArray(record.nodes)) {
    const n = asObject(item);
    const id = asString(n?.id);
    const p95 = optionalNumber(n?.p95Seconds);
    if (id !== undefined && p95 !== undefined) serverP95.set(id, p95);
  }
  return { edges, serverP95 };
}

export async function fetchEmbeddedServiceGraph(
  http: HttpClient,
  window: ServiceGraphWindow,
  options: CallOptions = {},
): Promise<ServiceGraphAnswer> {
  const body = await http.getJson(EMBEDDED_SERVICE_GRAPH_PATH, {
    query: { start: Math.floor(window.start), end: Math.ceil(window.end) },
    ...requestOptionsOf(options),
  });
  return parseEmbeddedServiceGraph(body);
}

/**
 * Jaeger's `{data: [{parent, child, callCount}]}` (or Zipkin's bare array, which adds `errorCount`):
 * call counts over the window, turned into rates.
 */
export function parseJaegerDependencies(body: unknown, seconds: number): ServiceGraphAnswer {
  const links = Array.isArray(body) ? body : asArray(expectObject(body, 'dependencies').data);
  const zipkin = Array.isArray(body);
  const edges = new Map<string, MapEdge>();
  for (const item of links) {
    const d = asObject(item);
    const client = asString(d?.parent);
    const server = asString(d?.child);
    const calls = optionalNumber(d?.callCount);
    if (client === undefined || server === undefined || calls === undefined || !(calls > 0)) continue;
    const key = pairKey(client, server);
    const edge = edges.get(key);
    const rate = calls / Math.max(1, seconds);
    // Only Zipkin counts errors; Jaeger's failures stay unknown.
    const failedRate = zipkin ? (optionalNumber(d?.errorCount) ?? 0) / Math.max(1, seconds) : undefined;
    if (edge) {
      edge.rate += rate;
      if (edge.failedRate !== undefined && failedRate !== undefined) edge.failedRate += failedRate;
    } else edges.set(key, { client, server, connectionType: '', rate, failedRate, p95Seconds: undefined });
  }
  return { edges: [...edges.values()], serverP95: new Map() };
}

export async function fetchJaegerDependencies(
  http: HttpClient,
  window: ServiceGraphWindow,
  options: CallOptions = {},
): Promise<ServiceGraphAnswer> {
  const seconds = Math.max(1, window.end - window.start);
  const body = await http.getJson('api/dependencies', {
    query: { endTs: Math.round(window.end * 1000), lookback: Math.round(seconds * 1000) },
    ...requestOptionsOf(options),
  });
  return parseJaegerDependencies(body, seconds);
}

/** Client services asked about, at most, by the TraceQL source (three queries each). */
export const TRACEQL_MAP_MAX_CLIENTS = 25;

const SERVICE = 'resource.service.name';

/**
 * The TraceQL the TraceQL source sends: `clients` lists the calling services; per client, the
 * rate, failed rate and p95 of its callees by service. Built by the caller with the app's one
 * TraceQL string helper (src/features/map/map-links.ts), which this layer cannot import.
 */
export interface TraceqlMapQueries {
  clients: string;
  /** All servers' p95 by service, for the nodes. */
  serverP95: string;
  forClient(client: string): { requests: string; failed: string; p95: string };
}

/** Per service: the value of each series of an instant TraceQL metrics answer. */
function byService(set: MetricsSeriesSet | undefined): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of set?.series ?? []) {
    const label = s.labels.find((l) => l.key === SERVICE)?.value;
    const v = s.samples.at(-1)?.[1];
    if (label?.type !== 'string' || v === undefined || !Number.isFinite(v)) continue;
    out.set(label.value, v);
  }
  return out;
}

/**
 * The map from TraceQL metrics alone, for a Tempo without service-graph metrics (decision 0273): the
 * client services (`{ client or producer } | rate() by (service)`), then per client (the busiest
 * TRACEQL_MAP_MAX_CLIENTS) the rate, failed rate and p95 of its direct server or consumer children by
 * their service. No virtual nodes (an uninstrumented peer has no child span), a call fails when its
 * server side does, and the connection type is not known. Nodes' p95: one more query over all servers.
 * The first query's failure is the map's; a client's failed or p95 query failing leaves those unknown.
 */
export async function fetchTraceqlServiceGraph(
  tempo: TempoClient,
  window: ServiceGraphWindow,
  queries: TraceqlMapQueries,
  options: CallOptions = {},
): Promise<ServiceGraphAnswer & { clientsAsked: number; clientsFound: number }> {
  const range = { start: window.start * 1000, end: window.end * 1000 };
  const ask = (q: string) => tempo.queryInstant(q, range, options);
  const optional = (q: string) => ask(q).catch(() => undefined);
  const clients = [...byService(await ask(queries.clients))]
    .sort((a, b) => b[1] - a[1])
    .map(([name]) => name);
  const asked = clients.slice(0, TRACEQL_MAP_MAX_CLIENTS);
  const [perClient, serverP95] = await Promise.all([
    Promise.all(
      asked.map(async (client) => {
        const q = queries.forClient(client);
        const [requests, failed, p95] = await Promise.all([
          ask(q.requests),
          optional(q.failed),
          optional(q.p95),
        ]);
        return {
          client,
          requests: byService(requests),
          failed: failed && byService(failed),
          p95: byService(p95),
        };
      }),
    ),
    optional(queries.serverP95).then(byService),
  ]);
  const edges: MapEdge[] = [];
  for (const c of perClient) {
    for (const [server, rate] of c.requests) {
      if (!(rate > 0)) continue;
      edges.push({
        client: c.client,
        server,
        connectionType: '',
        rate,
        failedRate: c.failed ? (c.failed.get(server) ?? 0) : undefined,
        p95Seconds: c.p95.get(server),
      });
    }
  }
  return { edges, serverP95, clientsAsked: asked.length, clientsFound: clients.length };
}

/** Zipkin's `GET /api/v2/dependencies?endTs=&lookback=` (ms): call and error counts per link. */
export async function fetchZipkinDependencies(
  http: HttpClient,
  window: ServiceGraphWindow,
  options: CallOptions = {},
): Promise<ServiceGraphAnswer> {
  const seconds = Math.max(1, window.end - window.start);
  const body = await http.getJson('api/v2/dependencies', {
    query: { endTs: Math.round(window.end * 1000), lookback: Math.round(seconds * 1000) },
    ...requestOptionsOf(options),
  });
  if (!Array.isArray(body)) throw new InvalidResponseError('Zipkin dependencies: expected a JSON array');
  return parseJaegerDependencies(body, seconds);
}

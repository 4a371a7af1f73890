// The system map's figures (decision 0273): edges between services with request rate, failed rate
// and p95, and nodes with their RED figures read from the edges that call them. Every source of the
// map (the embedded backend, Prometheus with Tempo's service-graph metrics, Jaeger's dependencies)
// ends in these shapes, so the page draws one thing. Data only, no sentences.
import type { MapEdge } from '../model/map-edge.ts';

export type { MapEdge };

export interface MapNode {
  id: string;
  /** Named by an edge's connection type rather than by spans of its own (`user`, a peer, a database). */
  virtual: boolean;
  /** Requests per second into the node (its server side); 0 for a node only ever calling. */
  rate: number;
  failedRate: number | undefined;
  p95Seconds: number | undefined;
}

export interface ServiceMap {
  nodes: MapNode[];
  edges: MapEdge[];
}

/** Error share of an edge or node: failed over all, undefined when either is unknown or nothing was called. */
export function errorShare(item: { rate: number; failedRate: number | undefined }): number | undefined {
  if (item.failedRate === undefined || !(item.rate > 0)) return undefined;
  return Math.min(1, item.failedRate / item.rate);
}

/**
 * A quantile of a cumulative histogram as Prometheus' `histogram_quantile` reads it: linear
 * interpolation inside the bucket holding the rank, the first bucket starting at 0, and the highest
 * finite bound when the rank falls in +Inf. `buckets` are `[upperBound, cumulativeCount]`, any order.
 */
export function histogramQuantile(
  q: number,
  buckets: readonly (readonly [number, number])[],
): number | undefined {
  if (buckets.length === 0 || !(q >= 0 && q <= 1)) return undefined;
  const sorted = [...buckets].sort((a, b) => a[0] - b[0]);
  if (sorted[sorted.length - 1][0] !== Number.POSITIVE_INFINITY) return undefined;
  const total = sorted[sorted.length - 1][1];
  if (!(total > 0)) return undefined;
  const rank = q * total;
  let i = 0;
  while (i < sorted.length - 1 && sorted[i][1] < rank) i++;
  if (i === sorted.length - 1) return sorted.length > 1 ? sorted[sorted.length - 2][0] : undefined;
  const upper = sorted[i][0];
  const lower = i === 0 ? 0 : sorted[i - 1][0];
  const below = i === 0 ? 0 : sorted[i - 1][1];
  const inBucket = sorted[i][1] - below;
  if (i === 0 && upper <= 0) return upper;
  return inBucket > 0 ? lower + (upper - lower) * ((rank - below) / inBucket) : upper;
}

/**
 * Nodes from the edges: every client and server is a node; a node's rate and failures are those of
 * the edges into it, its p95 the one given per server (a p95 cannot be summed from the edges').
 * A node is virtual when it only appears as the client side of a `virtual_node` edge (`user`) or
 * only as the server side of `virtual_node`/`database` edges.
 */
export function serviceMapOf(
  edges: readonly MapEdge[],
  serverP95: ReadonlyMap<string, number> = new Map(),
): ServiceMap {
  const nodes = new Map<string, MapNode & { real: boolean }>();
  const node = (id: string) => {
    let n = nodes.get(id);
    if (!n) {
      n = { id, virtual: false, real: false, rate: 0, failedRate: 0, p95Seconds: serverP95.get(id) };
      nodes.set(id, n);
    }
    return n;
  };
  for (const edge of edges) {
    const client = node(edge.client);
    const server = node(edge.server);
    const virtualEdge = edge.connectionType === 'virtual_node' || edge.connectionType === 'database';
    // A virtual_node edge from a real client names an uninstrumented server; from "user" (no client
    // span at all) the server is the real one.
    const clientIsVirtual = edge.connectionType === 'virtual_node' && edge.client === 'user';
    if (!clientIsVirtual) client.real = true;
    if (!virtualEdge || clientIsVirtual) server.real = true;
    server.rate += edge.rate;
    server.failedRate =
      server.failedRate === undefined || edge.failedRate === undefined
        ? undefined
        : server.failedRate + edge.failedRate;
  }
  const out: MapNode[] = [];
  for (const { real, ...n } of nodes.values()) {
    out.push({ ...n, virtual: !real });
  }
  out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { nodes: out, edges: [...edges] };
}

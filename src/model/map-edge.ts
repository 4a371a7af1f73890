// One edge of the system map (decision 0273): what every source of the map answers — the embedded
// backend, Prometheus with Tempo's service-graph metrics, Jaeger's dependencies — and what the
// analysis layer's figures are computed from. Kept here so the wire layer and the analysis share it.

/** Calls from `client` to `server` over the time range. */
export interface MapEdge {
  client: string;
  server: string;
  /** Tempo's `connection_type`: "", `messaging_system`, `database`, `virtual_node`. */
  connectionType: string;
  /** Requests per second over the time range. */
  rate: number;
  /** Failed requests per second; undefined when the source does not know (Jaeger's dependencies). */
  failedRate: number | undefined;
  /** The server side's 95th percentile, seconds; undefined when unknown or no calls. */
  p95Seconds: number | undefined;
}

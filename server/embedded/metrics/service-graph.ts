// Tempo's service-graph metrics computed from what the embedded backend stores (decision 0272):
// `traces_service_graph_request_total`, `_request_failed_total`, `_request_server_seconds` and
// `_request_client_seconds` histograms, labels client, server, connection_type. Calls are paired by
// src/analysis/service-graph.ts (decision 0270) over the client, server, producer and consumer spans
// of a trace received within one wait (Tempo's `wait`, 10 s), so the two sides of a call may arrive in
// different requests. A complete pair (and a database call) counts at the next settle, within a second
// of its spans; a call with a virtual side (a client whose server never reported, a root server called
// by "user") counts when the wait is over, as Tempo expires an edge. The same calls also go into per-minute bins by span start time, which answer the
// embedded map's range queries (GET /api/tracelight/service-graph, decision 0273).

import {
  type PairingTable,
  PEER_ATTRIBUTES,
  pairCalls,
  type ServiceCall,
} from '../../../src/analysis/service-graph.ts';
import {
  histogramQuantile,
  type MapEdge,
  type ServiceMap,
  serviceMapOf,
} from '../../../src/analysis/service-map.ts';
import { SpanFlag, SpanKind } from '../../../src/model/types.ts';
import type { OtlpAnyValue, OtlpKeyValue, OtlpResourceSpans } from '../otlp/types.ts';
import { serviceName } from '../otlp/types.ts';
import { TEMPO_DEFAULT_BUCKETS } from './span-metrics.ts';

/** Tempo's servicegraphs default `histogram_buckets`: prometheus.ExponentialBuckets(0.1, 2, 8). */
export const TEMPO_SERVICE_GRAPH_BUCKETS: readonly number[] = Array.from({ length: 8 }, (_, i) =>
  Number((0.1 * 2 ** i).toFixed(1)),
);

export interface ServiceGraphOptions {
  /** Seconds a call with a missing side waits for it (Tempo's `wait`, default 10 s). */
  waitSeconds: number;
  /** Distinct (client, server, connection_type) edges kept; calls beyond it are counted as dropped. */
  maxEdges: number;
  /** Bounds of the exposed histograms, seconds. */
  buckets: readonly number[];
  /** Bounds of the bins' histograms (the map's p95), seconds: finer than Tempo's exposed default. */
  binBuckets: readonly number[];
  /** Minutes of bins kept, counted back from now. */
  binMinutes: number;
  /** Spans waiting for their other side, at most; past it the oldest waits end early. */
  maxPendingSpans: number;
}

export const DEFAULT_SERVICE_GRAPH_OPTIONS: ServiceGraphOptions = {
  waitSeconds: 10,
  maxEdges: 5000,
  buckets: TEMPO_SERVICE_GRAPH_BUCKETS,
  binBuckets: TEMPO_DEFAULT_BUCKETS,
  binMinutes: 24 * 60,
  maxPendingSpans: 500_000,
};

// Read per span: module constants (an imported binding is a getter call per read under tsx).
const SERVER = SpanKind.Server;
const CLIENT = SpanKind.Client;
const PRODUCER = SpanKind.Producer;
const CONSUMER = SpanKind.Consumer;

/** Settles at most this often from the ingest path (reads always settle first). */
const SETTLE_EVERY_MS = 1000;
const MINUTE_MS = 60_000;

interface Histogram {
  /** Per bucket, not cumulative; the last slot is +Inf. */
  counts: number[];
  sum: number;
}

interface EdgeTotals {
  client: string;
  server: string;
  connectionType: string;
  labels: string;
  requests: number;
  failed: number;
  serverSeconds: Histogram;
  clientSeconds: Histogram;
}

interface Bin {
  requests: number;
  failed: number;
  /** Server seconds over `binBuckets`. */
  server: number[];
}

/** What the pairing needs of one client, server, producer or consumer span. */
interface SpanFact {
  spanId: string;
  parentSpanId: string;
  kind: number;
  service: string;
  failed: boolean;
  durationNs: number;
  startMs: number;
  /** Client and producer spans: the values of PEER_ATTRIBUTES, span first, then resource. */
  peers: (string | undefined)[] | undefined;
}

/**
 * The spans of one trace received within one wait (Tempo's edges wait the same way): pairs are made
 * among them only, and the calls already counted are remembered so that no settle counts one twice.
 */
interface Session {
  firstMs: number;
  spans: SpanFact[];
  counted: Set<string>;
  /** Received since the last settle. */
  dirty: boolean;
}

/** A scalar attribute as text (as the trace graph reads peers), or undefined. */
function otlpText(value: OtlpAnyValue | undefined): string | undefined {
  if (!value) return undefined;
  if (value.stringValue !== undefined) return value.stringValue === '' ? undefined : value.stringValue;
  if (value.intValue !== undefined) return value.intValue;
  if (value.doubleValue !== undefined) return String(value.doubleValue);
  if (value.boolValue !== undefined) return String(value.boolValue);
  return undefined;
}

function findText(attributes: readonly OtlpKeyValue[], key: string): string | undefined {
  for (const kv of attributes) if (kv.key === key) return otlpText(kv.value);
  return undefined;
}

// Runs for every client and producer span: no closures (under tsx each named one costs a
// defineProperty per call, which was most of this function's time).
function peerValues(
  span: readonly OtlpKeyValue[],
  resource: readonly OtlpKeyValue[],
): (string | undefined)[] {
  const out: (string | undefined)[] = new Array(PEER_ATTRIBUTES.length);
  for (let i = 0; i < PEER_ATTRIBUTES.length; i++)
    out[i] = findText(span, PEER_ATTRIBUTES[i]) ?? findText(resource, PEER_ATTRIBUTES[i]);
  return out;
}

/** The pairing's columns over one wait's spans; a parent outside them makes the span an orphan. */
function tableOf(facts: readonly SpanFact[]): PairingTable {
  const n = facts.length;
  const strings = [''];
  const index = new Map<string, number>();
  const intern = (text: string) => {
    let i = index.get(text);
    if (i === undefined) {
      i = strings.length;
      strings.push(text);
      index.set(text, i);
    }
    return i;
  };
  const rows = new Map<string, number>();
  for (let row = 0; row < n; row++) rows.set(facts[row].spanId, row);
  const table: PairingTable = {
    count: n,
    kind: new Uint8Array(n),
    parent: new Int32Array(n),
    flags: new Uint16Array(n),
    service: new Uint32Array(n),
    strings,
    duration: new Float64Array(n),
  };
  facts.forEach((f, row) => {
    const parent = f.parentSpanId === '' ? -1 : (rows.get(f.parentSpanId) ?? -1);
    table.kind[row] = f.kind;
    table.parent[row] = parent;
    table.flags[row] =
      (f.failed ? SpanFlag.Error : 0) | (f.parentSpanId !== '' && parent < 0 ? SpanFlag.Orphan : 0);
    table.service[row] = intern(f.service);
    table.duration[row] = f.durationNs;
  });
  return table;
}

export interface ServiceGraphAnswer extends ServiceMap {
  /** Unix seconds of the window. */
  start: number;
  end: number;
  /** Traces whose calls with a virtual side are still waiting. */
  pendingTraces: number;
}

function escapeLabelValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

const newHistogram = (n: number): Histogram => ({ counts: new Array(n + 1).fill(0), sum: 0 });

function bucketOf(bounds: readonly number[], seconds: number): number {
  let b = 0;
  while (b < bounds.length && seconds > bounds[b]) b++;
  return b;
}

export class ServiceGraphMetrics {
  private readonly edges = new Map<string, EdgeTotals>();
  private readonly bins = new Map<string, Map<number, Bin>>();
  private readonly sessions = new Map<string, Session>();
  private pendingSpanCount = 0;
  private lastSettleMs = Number.NEGATIVE_INFINITY;
  private droppedCalls = 0;
  private expiredCalls = 0;
  private unpaired = { client: 0, server: 0 };

  constructor(
    readonly options: ServiceGraphOptions = DEFAULT_SERVICE_GRAPH_OPTIONS,
    private readonly nowMs: () => number = Date.now,
  ) {}

  /** Notes the client, server, producer and consumer spans a request brought (the store's ingest listener). */
  observe(batches: readonly OtlpResourceSpans[]): void {
    const now = this.nowMs();
    for (const rs of batches) {
      const service = serviceName(rs);
      for (const ss of rs.scopeSpans) {
        for (const span of ss.spans) {
          if (span.kind < SERVER || span.kind > CONSUMER) continue;
          let session = this.sessions.get(span.traceId);
          if (!session) {
            session = { firstMs: now, spans: [], counted: new Set(), dirty: true };
            this.sessions.set(span.traceId, session);
          }
          const ns = span.endTimeUnixNano - span.startTimeUnixNano;
          session.spans.push({
            spanId: span.spanId,
            parentSpanId: span.parentSpanId,
            kind: span.kind,
            service,
            failed: span.status.code === 2,
            durationNs: ns > 0n ? Number(ns) : 0,
            startMs: Number(span.startTimeUnixNano / 1_000_000n),
            peers:
              span.kind === CLIENT || span.kind === PRODUCER
                ? peerValues(span.attributes, rs.resource.attributes)
                : undefined,
          });
          session.dirty = true;
          this.pendingSpanCount++;
        }
      }
    }
    if (now - this.lastSettleMs >= SETTLE_EVERY_MS) this.settle();
    // A bound on what waits: past it, the oldest waits end early.
    if (this.pendingSpanCount > this.options.maxPendingSpans) {
      for (const [traceId, session] of this.sessions) {
        if (this.pendingSpanCount <= this.options.maxPendingSpans / 2) break;
        this.settleTrace(traceId, session, true);
      }
    }
  }

  /** Counts what is complete, and what has waited long enough. */
  settle(): void {
    const now = this.nowMs();
    this.lastSettleMs = now;
    const waitMs = this.options.waitSeconds * 1000;
    for (const [traceId, session] of this.sessions) {
      const expired = now - session.firstMs >= waitMs;
      if (session.dirty || expired) this.settleTrace(traceId, session, expired);
    }
    this.pruneBins(now);
  }

  /** Counts every waiting call now, as if the wait were over (the demo and replayed traces). */
  flush(): void {
    for (const [traceId, session] of this.sessions) this.settleTrace(traceId, session, true);
    this.pruneBins(this.nowMs());
  }

  get pendingTraces(): number {
    return this.sessions.size;
  }

  private settleTrace(traceId: string, session: Session, expired: boolean): void {
    session.dirty = false;
    const facts = session.spans;
    const table = tableOf(facts);
    const pairing = pairCalls(
      { table },
      {
        attribute: (row, key) => {
          const i = PEER_ATTRIBUTES.indexOf(key);
          return i < 0 ? undefined : facts[row].peers?.[i];
        },
      },
    );
    for (const call of pairing.calls) {
      const clientId = call.clientRow >= 0 ? facts[call.clientRow].spanId : '';
      const serverId = call.serverRow >= 0 ? facts[call.serverRow].spanId : '';
      const complete = (call.clientRow >= 0 && call.serverRow >= 0) || call.connectionType === 'database';
      if (!complete && !expired) continue;
      const key = `${clientId}>${serverId}`;
      if (session.counted.has(key)) continue;
      session.counted.add(key);
      if (!complete) this.expiredCalls++;
      this.count(call, facts[call.clientRow >= 0 ? call.clientRow : call.serverRow].startMs);
    }
    if (!expired) return;
    this.unpaired.client += pairing.unpairedClients.length;
    this.unpaired.server += pairing.unpairedServers.length;
    this.pendingSpanCount -= facts.length;
    this.sessions.delete(traceId);
  }

  private count(call: ServiceCall, startMs: number): void {
    const { buckets, binBuckets, maxEdges } = this.options;
    const key = `${call.client}\u0000${call.server}\u0000${call.connectionType}`;
    let edge = this.edges.get(key);
    if (!edge) {
      if (this.edges.size >= maxEdges) {
        this.droppedCalls++;
        return;
      }
      edge = {
        client: call.client,
        server: call.server,
        connectionType: call.connectionType,
        labels: `client="${escapeLabelValue(call.client)}",server="${escapeLabelValue(call.server)}",connection_type="${escapeLabelValue(call.connectionType)}"`,
        requests: 0,
        failed: 0,
        serverSeconds: newHistogram(buckets.length),
        clientSeconds: newHistogram(buckets.length),
      };
      this.edges.set(key, edge);
      this.bins.set(key, new Map());
    }
    const serverSeconds = Math.max(0, call.serverDuration) / 1e9;
    const clientSeconds = Math.max(0, call.clientDuration) / 1e9;
    edge.requests++;
    if (call.failed) edge.failed++;
    edge.serverSeconds.counts[bucketOf(buckets, serverSeconds)]++;
    edge.serverSeconds.sum += serverSeconds;
    edge.clientSeconds.counts[bucketOf(buckets, clientSeconds)]++;
    edge.clientSeconds.sum += clientSeconds;

    const minute = Math.floor(startMs / MINUTE_MS);
    const now = this.nowMs();
    // Span times are the sender's: bins outside the kept window (or an hour ahead) are not made.
    if (
      !(
        minute * MINUTE_MS >= now - this.options.binMinutes * MINUTE_MS &&
        minute * MINUTE_MS <= now + 3_600_000
      )
    )
      return;
    const bins = this.bins.get(key);
    if (!bins) return;
    let bin = bins.get(minute);
    if (!bin) {
      bin = { requests: 0, failed: 0, server: new Array(binBuckets.length + 1).fill(0) };
      bins.set(minute, bin);
    }
    bin.requests++;
    if (call.failed) bin.failed++;
    bin.server[bucketOf(binBuckets, serverSeconds)]++;
  }

  private pruneBins(now: number): void {
    const oldest = Math.floor((now - this.options.binMinutes * MINUTE_MS) / MINUTE_MS);
    for (const bins of this.bins.values())
      for (const minute of bins.keys()) if (minute < oldest) bins.delete(minute);
  }

  /**
   * The map over [startMs, endMs) by span start time, read from whole minutes overlapping the window:
   * rates are calls over the window's seconds, p95 from the bins' server-seconds histograms.
   */
  query(startMs: number, endMs: number): ServiceGraphAnswer {
    this.settle();
    const { binBuckets } = this.options;
    const first = Math.floor(startMs / MINUTE_MS);
    const last = Math.ceil(endMs / MINUTE_MS) - 1;
    const seconds = Math.max(1, (endMs - startMs) / 1000);
    const bounds = [...binBuckets, Number.POSITIVE_INFINITY];
    const edges: MapEdge[] = [];
    const perServer = new Map<string, number[]>();
    for (const [key, edge] of this.edges) {
      const bins = this.bins.get(key);
      if (!bins) continue;
      let requests = 0;
      let failed = 0;
      const counts = new Array(bounds.length).fill(0);
      for (const [minute, bin] of bins) {
        if (minute < first || minute > last) continue;
        requests += bin.requests;
        failed += bin.failed;
        for (let b = 0; b < counts.length; b++) counts[b] += bin.server[b];
      }
      if (requests === 0) continue;
      const server = perServer.get(edge.server) ?? new Array(bounds.length).fill(0);
      for (let b = 0; b < counts.length; b++) server[b] += counts[b];
      perServer.set(edge.server, server);
      edges.push({
        client: edge.client,
        server: edge.server,
        connectionType: edge.connectionType,
        rate: requests / seconds,
        failedRate: failed / seconds,
        p95Seconds: quantileOf(bounds, counts),
      });
    }
    const serverP95 = new Map<string, number>();
    for (const [server, counts] of perServer) {
      const p95 = quantileOf(bounds, counts);
      if (p95 !== undefined) serverP95.set(server, p95);
    }
    return {
      ...serviceMapOf(edges, serverP95),
      start: Math.floor(startMs / 1000),
      end: Math.floor(endMs / 1000),
      pendingTraces: this.sessions.size,
    };
  }

  /** The OpenMetrics families (no `# EOF`: the span metrics' exposition ends the text). */
  render(): string[] {
    this.settle();
    const les = [...this.options.buckets.map(String), '+Inf'];
    const out: string[] = [];
    out.push('# TYPE traces_service_graph_request counter');
    out.push('# HELP traces_service_graph_request Requests between two services, paired from their spans.');
    for (const e of this.edges.values())
      out.push(`traces_service_graph_request_total{${e.labels}} ${e.requests}`);
    out.push('# TYPE traces_service_graph_request_failed counter');
    out.push(
      '# HELP traces_service_graph_request_failed Requests between two services where either side failed.',
    );
    for (const e of this.edges.values())
      out.push(`traces_service_graph_request_failed_total{${e.labels}} ${e.failed}`);
    for (const side of ['server', 'client'] as const) {
      const name = `traces_service_graph_request_${side}_seconds`;
      out.push(`# TYPE ${name} histogram`);
      out.push(`# HELP ${name} Duration of the requests as the ${side} side saw it, seconds.`);
      for (const e of this.edges.values()) {
        const h = side === 'server' ? e.serverSeconds : e.clientSeconds;
        let cumulative = 0;
        for (let b = 0; b < les.length; b++) {
          cumulative += h.counts[b];
          out.push(`${name}_bucket{${e.labels},le="${les[b]}"} ${cumulative}`);
        }
        out.push(`${name}_count{${e.labels}} ${e.requests}`);
        out.push(`${name}_sum{${e.labels}} ${h.sum}`);
      }
    }
    // Tracelight's own accounting, under its own prefix: Tempo reports these as its internal metrics.
    out.push('# TYPE tracelight_service_graph_unpaired_spans counter');
    out.push(
      '# HELP tracelight_service_graph_unpaired_spans Client or server spans that found no other side and name no peer.',
    );
    out.push(`tracelight_service_graph_unpaired_spans_total{side="client"} ${this.unpaired.client}`);
    out.push(`tracelight_service_graph_unpaired_spans_total{side="server"} ${this.unpaired.server}`);
    out.push('# TYPE tracelight_service_graph_expired_calls counter');
    out.push(
      '# HELP tracelight_service_graph_expired_calls Calls counted with a virtual side once their wait was over.',
    );
    out.push(`tracelight_service_graph_expired_calls_total ${this.expiredCalls}`);
    out.push('# TYPE tracelight_service_graph_dropped_calls counter');
    out.push(
      '# HELP tracelight_service_graph_dropped_calls Calls not counted because the edge bound was reached.',
    );
    out.push(`tracelight_service_graph_dropped_calls_total ${this.droppedCalls}`);
    return out;
  }

  clear(): void {
    this.edges.clear();
    this.bins.clear();
    this.sessions.clear();
    this.droppedCalls = 0;
    this.expiredCalls = 0;
    this.unpaired = { client: 0, server: 0 };
  }
}

function quantileOf(bounds: readonly number[], counts: readonly number[]): number | undefined {
  let cumulative = 0;
  return histogramQuantile(
    0.95,
    bounds.map((le, b) => {
      cumulative += counts[b];
      return [le, cumulative] as const;
    }),
  );
}

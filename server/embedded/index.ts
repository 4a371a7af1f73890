// The embedded backend: one store behind an OTLP/HTTP receiver and two in-process datasources,
// `local` (Tempo's API) and `local-jaeger` (Jaeger's API). See docs/decisions/0050-embedded-backend.md.
// Logs (`POST /v1/logs` → `local-logs`, Loki's API) and span metrics (`GET /metrics` on the receiver):
// docs/decisions/0090-embedded-logs.md and 0091-span-metrics.md.

import { availableParallelism } from 'node:os';
import path from 'node:path';
import {
  createRedactor,
  DEFAULT_REDACTION_SETTINGS,
  type RedactionSettings,
} from '../../src/redact/rules.ts';
import type { BodyBudget } from '../body-budget.ts';
import type { EmbeddedBackend, EmbeddedStartOptions } from '../embedded-seam.ts';
import type { InProcessDatasource, InProcessRequest, InProcessResponse } from '../gateway/in-process.ts';
import { demoLogsFor } from './demo-logs.ts';
import { seedDemoTraces } from './demo-traces.ts';
import { startGrpcReceiver } from './grpc-receiver.ts';
import { JaegerApi } from './jaeger-api.ts';
import { LOG_CODEC } from './logs/log-codec.ts';
import { DEFAULT_LOG_LIMITS, LogStore, type LogStoreLimits } from './logs/log-store.ts';
import { LokiApi } from './logs/loki-api.ts';
import type { LokiStreamPush } from './logs/otlp-to-loki.ts';
import { materializeTrace } from './materialize.ts';
import {
  DEFAULT_SERVICE_GRAPH_OPTIONS,
  ServiceGraphMetrics,
  type ServiceGraphOptions,
} from './metrics/service-graph.ts';
import {
  DEFAULT_SPAN_METRICS_OPTIONS,
  SpanMetrics,
  type SpanMetricsOptions,
} from './metrics/span-metrics.ts';
import type { WireParts } from './otlp/otlp-protobuf.ts';
import { warmTempoJsonWriter } from './otlp/tempo-json-writer.ts';
import type { OtlpResourceSpans } from './otlp/types.ts';
import { validateTraces } from './otlp/validate-spans.ts';
import { openPersistence, openSegmentLog, type Persistence } from './persistence.ts';
import { FragmentArena } from './query/fragment-arena.ts';
import { outcomeResponse, runsOnWorker, workerRequest } from './query/offload.ts';
import type { QueryApi } from './query/protocol.ts';
import { DEFAULT_QUERY_CAPS, type QueryCaps } from './query/query-caps.ts';
import { QueryPool } from './query/query-pool.ts';
import { type ReceiverOptions, type RunningReceiver, startReceiver } from './receiver.ts';
import { RedactionTally, redactLogsAtIngest, redactSpansAtIngest } from './redact-ingest.ts';
import { replayReport } from './replay-report.ts';
import {
  JAEGER_DEPENDENCIES_PATH,
  jaegerDependenciesResponse,
  SERVICE_GRAPH_PATH,
  serviceGraphResponse,
} from './service-graph-api.ts';
import { DEFAULT_LIMITS, type StoreLimits, TraceStore } from './store.ts';
import { TempoApi } from './tempo-api.ts';
import { EmbeddedSearcher } from './tempo-search.ts';
import { createTraceQLEngine } from './traceql-engine.ts';

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;

/** Trace → logs link of the local trace datasources: the trace's lines in `local-logs`. */
const TRACE_TO_LOGS = {
  datasource: 'local-logs',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: config template placeholders the app fills in
  query: '{service_name="${service}"} | trace_id="${traceId}"',
  before: '5m',
  after: '5m',
};

export interface EmbeddedOptions {
  /** 0 turns the receiver off; 'ephemeral' picks a free port (tests). */
  otlpPort: number | 'ephemeral';
  otlpHost?: string;
  /** The OTLP/gRPC receiver's port (./grpc-receiver.ts) on `otlpHost`; absent or 0: off, 'ephemeral': a free port. */
  grpcPort?: number | 'ephemeral';
  demo: boolean;
  limits?: StoreLimits;
  logLimits?: LogStoreLimits;
  spanMetrics?: Partial<SpanMetricsOptions>;
  /** Service-graph metrics (decision 0272): Tempo's `wait`, the edge bound, buckets. */
  serviceGraph?: Partial<ServiceGraphOptions>;
  maxBodyBytes?: number;
  /** Request-body bytes in flight, shared with the app port (server/body-budget.ts). */
  bodyBudget?: BodyBudget;
  /** Directory for append-only segments; absent keeps everything in memory only. */
  dataDir?: string;
  log?: (line: string) => void;
  /** Clock for demo timestamps and the service graph's wait (tests pin it). */
  now?: () => number;
  /** Deadline and caps of embedded queries (server.limits). */
  queryCaps?: Partial<QueryCaps>;
  /** Query worker threads; 0 runs queries on the main thread (as before issue 14). */
  queryWorkers?: number;
  /** Rules applied at ingest (decision 0312); absent: the built-in defaults. */
  redaction?: RedactionSettings;
}

/** Two workers even on two cores, so one heavy search does not queue every other one. */
export function defaultQueryWorkers(): number {
  return Math.min(4, Math.max(2, availableParallelism() - 1));
}

export interface EmbeddedInstance extends EmbeddedBackend {
  store: TraceStore;
  tempo: TempoApi;
  jaeger: JaegerApi;
  logs: LogStore;
  loki: LokiApi;
  spanMetrics: SpanMetrics;
  serviceGraph: ServiceGraphMetrics;
  /** The query workers; undefined when queries run on the main thread. */
  queryPool: QueryPool | undefined;
  /** The receiver's port, or undefined when it is off. */
  otlpPort: number | undefined;
  /** The OTLP/gRPC receiver's port, or undefined when it is off. */
  grpcPort: number | undefined;
  /**
   * Stores spans as the receiver does (persisted when persistence is on); `wire`, the request's own
   * protobuf holding exactly `batches`, is persisted as it is instead of the store's encoding; `parts`
   * (from the same decode) lets the store copy each unredacted span's received bytes (decision 0350).
   */
  accept(batches: OtlpResourceSpans[], wire?: Uint8Array, parts?: WireParts): void;
  /** Stores log streams as the receiver does. */
  acceptLogs(streams: LokiStreamPush[]): void;
  /** What redaction at ingest has changed since start. */
  redaction: RedactionTally;
}

export async function createEmbedded(options: EmbeddedOptions): Promise<EmbeddedInstance> {
  const log = options.log ?? (() => {});
  const caps: QueryCaps = { ...DEFAULT_QUERY_CAPS, ...options.queryCaps };
  const workers = options.queryWorkers ?? defaultQueryWorkers();
  const arena = workers > 0 ? new FragmentArena() : undefined;
  const store = new TraceStore(options.limits ?? DEFAULT_LIMITS, arena);
  const spanMetrics = new SpanMetrics({ ...DEFAULT_SPAN_METRICS_OPTIONS, ...options.spanMetrics });
  store.onIngest((batches) => spanMetrics.observe(batches));
  const serviceGraph = new ServiceGraphMetrics(
    { ...DEFAULT_SERVICE_GRAPH_OPTIONS, ...options.serviceGraph },
    options.now,
  );
  store.onIngest((batches) => serviceGraph.observe(batches));
  const logs = new LogStore(options.logLimits ?? DEFAULT_LOG_LIMITS);
  let logPersistence: Persistence<LokiStreamPush[]> | undefined;
  let persistence: Persistence | undefined;
  if (options.dataDir) {
    persistence = openPersistence(options.dataDir, store.limits.maxBytes, log);
    let refusedSpans = 0;
    // Records are checked as requests are: a span the writer could not store again is left out.
    const traces = persistence.replay((batches) => {
      const checked = validateTraces(batches);
      refusedSpans += checked.rejectedSpans;
      store.ingest(checked.batches);
    });
    logPersistence = openSegmentLog(path.join(options.dataDir, 'logs'), logs.limits.maxBytes, log, LOG_CODEC);
    const logLines = logPersistence.replay((streams) => logs.push(streams));
    log(
      replayReport(options.dataDir, traces, logLines, {
        traces: store.size,
        spans: store.spans,
        refusedSpans,
        logEntries: logs.size,
      }),
    );
    // Replayed traces are as complete as they will get.
    serviceGraph.flush();
  }
  // Started after replay: a worker is sent what the stores hold, in steps, then every change.
  const queryPool =
    arena && workers > 0
      ? new QueryPool({ store, arena, logs, logLimits: logs.limits, caps, workers, log })
      : undefined;
  const redactor = createRedactor(options.redaction ?? DEFAULT_REDACTION_SETTINGS);
  const redaction = new RedactionTally();
  const acceptLogs = (received: LokiStreamPush[]) => {
    const streams = redactLogsAtIngest(redactor, received, redaction);
    logPersistence?.append(streams);
    logs.push(streams);
    queryPool?.pushLogs(streams);
  };
  // Each span is encoded once, by the store; persistence writes those bytes (or the request's own).
  // Redacted first, in place: the request's own bytes are kept only when no rule changed anything.
  const accept = (batches: OtlpResourceSpans[], received?: Uint8Array, parts?: WireParts) => {
    const wire = redactSpansAtIngest(redactor, batches, redaction, parts) ? undefined : received;
    const prepared = store.prepare(batches, parts);
    if (persistence && prepared.acceptedSpans > 0) persistence.appendPayload(wire ?? prepared.payload());
    store.commit(prepared);
  };
  if (options.demo && store.size === 0) {
    const seeded = seedDemoTraces((batches) => {
      accept(batches);
      acceptLogs(demoLogsFor(batches));
    }, options.now?.() ?? Date.now());
    serviceGraph.flush();
    log(
      `Embedded backend: seeded ${seeded.traces} demo traces (${seeded.spans} spans); --no-demo starts empty`,
    );
  }
  const searcher = new EmbeddedSearcher(store, createTraceQLEngine(caps), materializeTrace);
  const tempo = new TempoApi(store, searcher, caps);
  // The first trace asked for as JSON is then written at warm speed (decision 0324).
  setTimeout(() => warmTempoJsonWriter(), 0).unref();
  const jaeger = new JaegerApi(store, caps);
  const loki = new LokiApi(logs, undefined, caps);
  /** Searches go to a query worker; lookups by ID (and everything without workers) stay here. */
  const answer = (api: QueryApi, r: InProcessRequest, here: () => Promise<InProcessResponse>) =>
    queryPool && runsOnWorker(api, r.path)
      ? queryPool.run(workerRequest(api, r), r.signal).then((o) => outcomeResponse(api, r.path, o, caps))
      : here();
  let receiver: RunningReceiver | undefined;
  let grpcReceiver: RunningReceiver | undefined;
  const receiverOptions: ReceiverOptions = {
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    accept,
    acceptLogs,
    metricsText: () => spanMetrics.render(serviceGraph.render()),
    ...(options.bodyBudget !== undefined ? { bodyBudget: options.bodyBudget } : {}),
  };
  const host = options.otlpHost ?? '127.0.0.1';
  if (options.otlpPort !== 0) {
    receiver = await startReceiver(
      host,
      options.otlpPort === 'ephemeral' ? 0 : options.otlpPort,
      receiverOptions,
      log,
    );
    log(
      `Embedded OTLP/HTTP receiver on http://${host}:${receiver.port} (/v1/traces, /v1/logs; Zipkin /api/v2/spans; Datadog /v0.4/traces, /v0.5/traces; span and service-graph metrics at /metrics)`,
    );
  }
  if (options.grpcPort !== undefined && options.grpcPort !== 0) {
    try {
      grpcReceiver = await startGrpcReceiver(
        host,
        options.grpcPort === 'ephemeral' ? 0 : options.grpcPort,
        receiverOptions,
        log,
      );
    } catch (error) {
      await receiver?.close();
      throw error;
    }
    log(`Embedded OTLP/gRPC receiver on ${host}:${grpcReceiver.port} (TraceService, LogsService, Health)`);
  }
  const datasources: InProcessDatasource[] = [
    {
      name: 'local',
      type: 'tempo',
      displayName: 'Local (embedded)',
      default: true,
      logs: TRACE_TO_LOGS,
      handle: (r) =>
        r.path === SERVICE_GRAPH_PATH
          ? Promise.resolve(serviceGraphResponse(serviceGraph, r))
          : answer('tempo', r, () => tempo.handle(r)),
    },
    {
      name: 'local-jaeger',
      type: 'jaeger',
      displayName: 'Local (embedded, Jaeger API)',
      logs: TRACE_TO_LOGS,
      handle: (r) =>
        r.path === SERVICE_GRAPH_PATH
          ? Promise.resolve(serviceGraphResponse(serviceGraph, r))
          : r.path === JAEGER_DEPENDENCIES_PATH
            ? Promise.resolve(jaegerDependenciesResponse(serviceGraph, r))
            : answer('jaeger', r, () => jaeger.handle(r)),
    },
    {
      name: 'local-logs',
      type: 'loki',
      displayName: 'Local logs (embedded)',
      handle: (r) => answer('loki', r, () => loki.handle(r)),
    },
  ];
  return {
    store,
    tempo,
    jaeger,
    logs,
    loki,
    spanMetrics,
    serviceGraph,
    queryPool,
    datasources,
    otlpPort: receiver?.port,
    grpcPort: grpcReceiver?.port,
    accept,
    acceptLogs,
    redaction,
    close: async () => {
      await receiver?.close();
      await grpcReceiver?.close();
      await queryPool?.close();
      persistence?.close();
      logPersistence?.close();
      store.clear();
      logs.clear();
      spanMetrics.clear();
      serviceGraph.clear();
    },
  };
}

/** The factory the server calls (server/embedded-seam.ts). */
export function startEmbeddedBackend(options: EmbeddedStartOptions): Promise<EmbeddedBackend> {
  const { limits, otlpPort, grpcPort, dataDir } = options.config.server;
  return createEmbedded({
    otlpPort,
    grpcPort,
    demo: options.demo,
    dataDir,
    log: options.log,
    limits: {
      maxTraces: limits.maxTraces ?? DEFAULT_LIMITS.maxTraces,
      maxBytes: limits.maxBytes ?? DEFAULT_LIMITS.maxBytes,
    },
    logLimits: {
      maxEntries: limits.maxLogEntries ?? DEFAULT_LOG_LIMITS.maxEntries,
      maxBytes: limits.maxLogBytes ?? DEFAULT_LOG_LIMITS.maxBytes,
    },
    ...(limits.maxMetricSeries !== undefined ? { spanMetrics: { maxSeries: limits.maxMetricSeries } } : {}),
    ...(limits.maxBodyBytes !== undefined ? { maxBodyBytes: limits.maxBodyBytes } : {}),
    ...(options.bodyBudget !== undefined ? { bodyBudget: options.bodyBudget } : {}),
    redaction: options.config.redaction,
    queryCaps: {
      ...(limits.queryTimeoutSeconds !== undefined ? { timeoutSeconds: limits.queryTimeoutSeconds } : {}),
      ...(limits.maxQueryBytes !== undefined ? { maxQueryBytes: limits.maxQueryBytes } : {}),
      ...(limits.maxQueryDepth !== undefined ? { maxQueryDepth: limits.maxQueryDepth } : {}),
      ...(limits.maxSearchLimit !== undefined ? { maxSearchLimit: limits.maxSearchLimit } : {}),
      ...(limits.maxSpss !== undefined ? { maxSpss: limits.maxSpss } : {}),
      ...(limits.maxPipelineStages !== undefined ? { maxPipelineStages: limits.maxPipelineStages } : {}),
    },
  });
}

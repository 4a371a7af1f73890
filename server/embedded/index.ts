// The embedded backend: one store behind an OTLP/HTTP receiver and two in-process datasources,
// `local` (Tempo's API) and `local-jaeger` (Jaeger's API). See docs/decisions/0050-embedded-backend.md.

import type { EmbeddedBackend, EmbeddedStartOptions } from '../embedded-seam.ts';
import type { InProcessDatasource } from '../gateway/in-process.ts';
import { seedDemoTraces } from './demo-traces.ts';
import { JaegerApi } from './jaeger-api.ts';
import { materializeTrace } from './materialize.ts';
import type { OtlpResourceSpans } from './otlp/types.ts';
import { openPersistence, type Persistence } from './persistence.ts';
import { type RunningReceiver, startReceiver } from './receiver.ts';
import { DEFAULT_LIMITS, type StoreLimits, TraceStore } from './store.ts';
import { TempoApi } from './tempo-api.ts';
import { EmbeddedSearcher } from './tempo-search.ts';
import { createTraceQLEngine } from './traceql-engine.ts';

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;

export interface EmbeddedOptions {
  /** 0 turns the receiver off; 'ephemeral' picks a free port (tests). */
  otlpPort: number | 'ephemeral';
  otlpHost?: string;
  demo: boolean;
  limits?: StoreLimits;
  maxBodyBytes?: number;
  /** Directory for append-only segments; absent keeps everything in memory only. */
  dataDir?: string;
  log?: (line: string) => void;
  /** Clock for demo timestamps (tests pin it). */
  now?: () => number;
}

export interface EmbeddedInstance extends EmbeddedBackend {
  store: TraceStore;
  tempo: TempoApi;
  jaeger: JaegerApi;
  /** The receiver's port, or undefined when it is off. */
  otlpPort: number | undefined;
  /** Stores spans as the receiver does (persisted when persistence is on). */
  accept(batches: OtlpResourceSpans[]): void;
}

export async function createEmbedded(options: EmbeddedOptions): Promise<EmbeddedInstance> {
  const log = options.log ?? (() => {});
  const store = new TraceStore(options.limits ?? DEFAULT_LIMITS);
  let persistence: Persistence | undefined;
  if (options.dataDir) {
    persistence = openPersistence(options.dataDir, store.limits.maxBytes, log);
    const replayed = persistence.replay((batches) => store.ingest(batches));
    if (replayed.records)
      log(
        `Embedded backend: replayed ${replayed.records} batches (${store.size} traces) from ${options.dataDir}`,
      );
  }
  const accept = (batches: OtlpResourceSpans[]) => {
    persistence?.append(batches);
    store.ingest(batches);
  };
  if (options.demo && store.size === 0) {
    const seeded = seedDemoTraces(accept, options.now?.() ?? Date.now());
    log(
      `Embedded backend: seeded ${seeded.traces} demo traces (${seeded.spans} spans); --no-demo starts empty`,
    );
  }
  const searcher = new EmbeddedSearcher(store, createTraceQLEngine(), materializeTrace);
  const tempo = new TempoApi(store, searcher);
  const jaeger = new JaegerApi(store);
  let receiver: RunningReceiver | undefined;
  if (options.otlpPort !== 0) {
    const host = options.otlpHost ?? '127.0.0.1';
    receiver = await startReceiver(
      host,
      options.otlpPort === 'ephemeral' ? 0 : options.otlpPort,
      { maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES, accept },
      log,
    );
    log(`Embedded OTLP/HTTP receiver on http://${host}:${receiver.port}/v1/traces`);
  }
  const datasources: InProcessDatasource[] = [
    {
      name: 'local',
      type: 'tempo',
      displayName: 'Local (embedded)',
      default: true,
      handle: (r) => tempo.handle(r),
    },
    {
      name: 'local-jaeger',
      type: 'jaeger',
      displayName: 'Local (embedded, Jaeger API)',
      handle: (r) => jaeger.handle(r),
    },
  ];
  return {
    store,
    tempo,
    jaeger,
    datasources,
    otlpPort: receiver?.port,
    accept,
    close: async () => {
      await receiver?.close();
      persistence?.close();
      store.clear();
    },
  };
}

/** The factory the server calls (server/embedded-seam.ts). */
export function startEmbeddedBackend(options: EmbeddedStartOptions): Promise<EmbeddedBackend> {
  return createEmbedded({
    otlpPort: options.config.server.otlpPort,
    demo: options.demo,
    dataDir: process.env.TRACELIGHT_DATA_DIR || undefined,
    log: options.log,
  });
}

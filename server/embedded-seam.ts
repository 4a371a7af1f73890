import type { BodyBudget } from './body-budget.ts';
import { TRACE_DATASOURCE_TYPES, type TracelightConfig } from './config/types.ts';
import type { InProcessDatasource } from './gateway/in-process.ts';

/** What the embedded backend (issue 8) hands the server when it starts. */
export interface EmbeddedBackend {
  /** Registered with the gateway: `local`, `local-jaeger`, `local-logs`. */
  datasources: InProcessDatasource[];
  /** The port the OTLP receiver actually bound; undefined when it is off (`--otlp-port 0`). */
  otlpPort: number | undefined;
  /** The port the OTLP/gRPC receiver actually bound; undefined when it is off (`--grpc-port 0`). */
  grpcPort: number | undefined;
  /** Stops its OTLP receiver and releases the store. */
  close(): Promise<void>;
}

export interface EmbeddedStartOptions {
  config: TracelightConfig;
  /** Seed demo traces (off with --no-demo). */
  demo: boolean;
  log: (line: string) => void;
  /** Request-body bytes in flight, shared by the app port and the OTLP receiver. */
  bodyBudget?: BodyBudget;
}

export type EmbeddedBackendFactory = (options: EmbeddedStartOptions) => Promise<EmbeddedBackend>;

/** `server.embedded`: `auto` turns the embedded backend on when no trace datasource is configured. */
export function isEmbeddedWanted(config: TracelightConfig): boolean {
  if (config.server.embedded === 'true') return true;
  if (config.server.embedded === 'false') return false;
  return !config.datasources.some((ds) => TRACE_DATASOURCE_TYPES.includes(ds.type));
}

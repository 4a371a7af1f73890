// The server's view of the configuration: the contract's shapes (src/contracts/config.ts), plus
// where the configuration came from.
import type { ConfigFile } from '../../src/contracts/config.ts';

export {
  DATASOURCE_TYPES,
  type DatasourceAuth,
  type DatasourceConfig,
  type DatasourcePublicSettings,
  type DatasourceType,
  DEFAULT_TIMEOUT_SECONDS,
  type EmbeddedLimits,
  type EmbeddedMode,
  type ExternalLink,
  type LogsLink,
  type MetricsLink,
  type MetricsQuery,
  type ServerConfig,
  TRACE_DATASOURCE_TYPES,
} from '../../src/contracts/config.ts';

/** Where a start-up field's value came from, as messages name it: `--port`, `environment: PORT`, `c.yaml: server.port`. */
export interface FieldOrigins {
  host: string;
  port: string;
  otlpPort: string;
  grpcPort: string;
  dataDir: string;
}

export interface TracelightConfig extends ConfigFile {
  /** Where the configuration came from (file path or "environment"), for messages. */
  source: string;
  /** Set by loadConfig; absent, the file's field names are used. */
  origins?: FieldOrigins;
}

/** How messages name a start-up field of `config`. */
export function originOf(config: TracelightConfig, field: keyof FieldOrigins): string {
  return config.origins?.[field] ?? `${config.source}: server.${field}`;
}

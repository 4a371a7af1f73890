export const DATASOURCE_TYPES = ['tempo', 'jaeger', 'zipkin', 'loki', 'prometheus'] as const;
export type DatasourceType = (typeof DATASOURCE_TYPES)[number];

export const TRACE_DATASOURCE_TYPES: readonly DatasourceType[] = ['tempo', 'jaeger', 'zipkin'];

export type EmbeddedMode = 'auto' | 'true' | 'false';

export interface DatasourceAuth {
  bearerToken?: string;
  basic?: { user: string; password: string };
  tenant?: string;
  headers?: Record<string, string>;
}

export interface LogsLink {
  datasource: string;
  query: string;
  before?: string;
  after?: string;
}

export interface MetricsQuery {
  name: string;
  query: string;
}

export interface MetricsLink {
  datasource: string;
  exemplarTraceIdLabels?: string[];
  exemplarSpanIdLabels?: string[];
  queries?: MetricsQuery[];
}

export interface ExternalLink {
  name: string;
  url: string;
}

/** The templates and display settings of a datasource the browser may see. */
export interface DatasourcePublicSettings {
  name: string;
  type: DatasourceType;
  displayName?: string;
  default?: boolean;
  logs?: LogsLink;
  metrics?: MetricsLink;
  links?: ExternalLink[];
}

export interface DatasourceConfig extends DatasourcePublicSettings {
  /** Upstream base URL; may carry a path prefix. Server side only. */
  url: string;
  timeoutSeconds: number;
  auth?: DatasourceAuth;
}

export interface ServerConfig {
  host: string;
  port: number;
  /** Always starts and ends with '/'. */
  basePath: string;
  otlpPort: number;
  embedded: EmbeddedMode;
  /** CSP frame-ancestors sources; empty means 'none'. */
  frameAncestors: string[];
  /** Where the embedded backend persists what it receives; absent keeps it in memory only. */
  dataDir?: string;
  /** Bounds of the embedded backend; each absent one keeps its default. */
  limits: EmbeddedLimits;
}

/** Sizes in bytes, counts as plain numbers. */
export interface EmbeddedLimits {
  maxTraces?: number;
  maxBytes?: number;
  maxBodyBytes?: number;
  maxLogEntries?: number;
  maxLogBytes?: number;
  maxMetricSeries?: number;
}

export interface TracelightConfig {
  server: ServerConfig;
  datasources: DatasourceConfig[];
  /** Where the configuration came from (file path or "environment"), for messages. */
  source: string;
}

export const DEFAULT_SERVER_CONFIG: ServerConfig = {
  host: '127.0.0.1',
  port: 8080,
  basePath: '/',
  otlpPort: 4318,
  embedded: 'auto',
  frameAncestors: [],
  limits: {},
};

export const DEFAULT_TIMEOUT_SECONDS = 30;

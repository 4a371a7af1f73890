import type {
  DatasourcePublicSettings,
  DatasourceType,
  ExternalLink,
  LogsLink,
  MetricsLink,
} from './types.ts';

/** One datasource as the browser sees it: no upstream URL, no credentials. */
export interface PublicDatasource {
  name: string;
  type: DatasourceType;
  displayName: string;
  default: boolean;
  /** Answered inside the server (the embedded backend) rather than proxied. */
  embedded: boolean;
  logs?: LogsLink;
  metrics?: MetricsLink;
  links?: ExternalLink[];
}

/** What the embedded backend is running with: facts for the home page, never a URL. */
export interface PublicEmbedded {
  /** Started with demo traces (false with --no-demo). */
  demo: boolean;
  /** The OTLP receiver's bound port; null when the receiver is off. */
  otlpPort: number | null;
}

/** The body of `/config.json`. */
export interface PublicConfig {
  basePath: string;
  datasources: PublicDatasource[];
  /** Present only when the embedded backend runs. */
  embedded?: PublicEmbedded;
  /** Set when nothing is configured: how to configure datasources. */
  hint?: string;
}

export const NO_DATASOURCES_HINT =
  'No datasources are configured. Point Tracelight at a backend with an environment variable ' +
  '(for example TEMPO_URL=http://tempo:3200 npm start; also JAEGER_URL, ZIPKIN_URL, LOKI_URL, PROMETHEUS_URL) ' +
  'or a configuration file (npm start -- --config tracelight.yaml). See the README, section Configuration.';

/** Copies only the public fields, field by field, so nothing server-side can slip through. */
export function toPublicDatasource(ds: DatasourcePublicSettings, embedded: boolean): PublicDatasource {
  const out: PublicDatasource = {
    name: ds.name,
    type: ds.type,
    displayName: ds.displayName ?? ds.name,
    default: ds.default === true,
    embedded,
  };
  if (ds.logs) {
    out.logs = { datasource: ds.logs.datasource, query: ds.logs.query };
    if (ds.logs.before !== undefined) out.logs.before = ds.logs.before;
    if (ds.logs.after !== undefined) out.logs.after = ds.logs.after;
  }
  if (ds.metrics) {
    out.metrics = { datasource: ds.metrics.datasource };
    if (ds.metrics.exemplarTraceIdLabels)
      out.metrics.exemplarTraceIdLabels = [...ds.metrics.exemplarTraceIdLabels];
    if (ds.metrics.exemplarSpanIdLabels)
      out.metrics.exemplarSpanIdLabels = [...ds.metrics.exemplarSpanIdLabels];
    if (ds.metrics.queries)
      out.metrics.queries = ds.metrics.queries.map((q) => ({ name: q.name, query: q.query }));
  }
  if (ds.links) out.links = ds.links.map((link) => ({ name: link.name, url: link.url }));
  return out;
}

export function buildPublicConfig(
  basePath: string,
  proxied: readonly DatasourcePublicSettings[],
  inProcess: readonly DatasourcePublicSettings[],
  embedded?: PublicEmbedded,
): PublicConfig {
  const datasources = [
    ...proxied.map((ds) => toPublicDatasource(ds, false)),
    ...inProcess.map((ds) => toPublicDatasource(ds, true)),
  ];
  const config: PublicConfig = { basePath, datasources };
  if (embedded) config.embedded = { demo: embedded.demo === true, otlpPort: embedded.otlpPort ?? null };
  if (datasources.length === 0) config.hint = NO_DATASOURCES_HINT;
  return config;
}

// The runtime configuration the server publishes at `config.json` (DESIGN.md, "Runtime
// configuration"): datasource names, types and templates, never upstream URLs or credentials.
// It is read relative to the document's base URI, so the same build works under any path prefix.
// The body is validated field by field: a malformed entry is dropped, not trusted.

export const DATASOURCE_TYPES = ['tempo', 'jaeger', 'zipkin', 'loki', 'prometheus'] as const;
export type DatasourceType = (typeof DATASOURCE_TYPES)[number];

export const TRACE_DATASOURCE_TYPES: readonly DatasourceType[] = ['tempo', 'jaeger', 'zipkin'];

export interface LogsLinkConfig {
  datasource: string;
  query: string;
  before?: string;
  after?: string;
}

export interface MetricsQueryConfig {
  name: string;
  query: string;
}

export interface MetricsLinkConfig {
  datasource: string;
  exemplarTraceIdLabels?: string[];
  exemplarSpanIdLabels?: string[];
  queries?: MetricsQueryConfig[];
}

export interface ExternalLinkConfig {
  name: string;
  url: string;
}

export interface DatasourceInfo {
  /** The `ds` in URLs and the `<name>` in `api/ds/<name>/`. */
  name: string;
  type: DatasourceType;
  displayName: string;
  default: boolean;
  /** Answered by the server's embedded backend rather than proxied. */
  embedded: boolean;
  logs?: LogsLinkConfig;
  metrics?: MetricsLinkConfig;
  links?: ExternalLinkConfig[];
}

/** What the server's embedded backend runs with; only present when it runs. */
export interface EmbeddedBackendInfo {
  /** Started with demo traces (false with --no-demo). */
  demo: boolean;
  /** The port its OTLP/HTTP receiver bound; null when the receiver is off. */
  otlpPort: number | null;
}

export interface RuntimeConfig {
  basePath: string;
  datasources: DatasourceInfo[];
  embedded?: EmbeddedBackendInfo;
  /** Present when nothing is configured: how to configure datasources, in the server's words. */
  hint?: string;
}

export class ConfigLoadError extends Error {
  readonly status: number | undefined;
  constructor(message: string, status?: number) {
    super(message);
    this.name = 'ConfigLoadError';
    this.status = status;
  }
}

/** The URL of a path relative to the app's base (`config.json`, `api/ds/x/...`), never root-relative. */
export function appUrl(relativePath: string, baseUri: string = document.baseURI): URL {
  return new URL(relativePath.replace(/^\/+/, ''), baseUri);
}

export async function fetchRuntimeConfig(
  options: { baseUri?: string; signal?: AbortSignal; fetch?: typeof fetch } = {},
): Promise<RuntimeConfig> {
  const doFetch = options.fetch ?? fetch;
  const url = appUrl('config.json', options.baseUri);
  let response: Response;
  try {
    response = await doFetch(url, { headers: { Accept: 'application/json' }, signal: options.signal });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new ConfigLoadError(`Could not reach the Tracelight server for config.json: ${errorText(error)}`);
  }
  const text = await response.text();
  if (!response.ok) {
    throw new ConfigLoadError(
      `config.json answered ${response.status}${text.trim() ? `: ${text.trim().slice(0, 500)}` : ''}`,
      response.status,
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ConfigLoadError('config.json is not valid JSON', response.status);
  }
  return parseRuntimeConfig(body);
}

/** Validates the body of config.json; entries that are not datasources are skipped. */
export function parseRuntimeConfig(body: unknown): RuntimeConfig {
  if (!isRecord(body)) throw new ConfigLoadError('config.json is not a JSON object');
  const seen = new Set<string>();
  const datasources: DatasourceInfo[] = [];
  for (const entry of Array.isArray(body.datasources) ? body.datasources : []) {
    const datasource = parseDatasource(entry);
    if (datasource && !seen.has(datasource.name)) {
      seen.add(datasource.name);
      datasources.push(datasource);
    }
  }
  const config: RuntimeConfig = { basePath: stringOr(body.basePath, '/'), datasources };
  const hint = nonEmptyString(body.hint);
  if (hint) config.hint = hint;
  const embedded = parseEmbedded(body.embedded);
  if (embedded) config.embedded = embedded;
  return config;
}

/** A missing or malformed `demo` is taken as false and a port outside 1–65535 as "off": never claim more than was said. */
function parseEmbedded(value: unknown): EmbeddedBackendInfo | undefined {
  if (!isRecord(value)) return undefined;
  const port = value.otlpPort;
  const otlpPort =
    typeof port === 'number' && Number.isInteger(port) && port >= 1 && port <= 65535 ? port : null;
  return { demo: value.demo === true, otlpPort };
}

export function isTraceDatasource(datasource: DatasourceInfo): boolean {
  return TRACE_DATASOURCE_TYPES.includes(datasource.type);
}

/** The trace datasource to use when none was chosen: the one marked default, if any. */
export function defaultTraceDatasource(config: RuntimeConfig): DatasourceInfo | undefined {
  return config.datasources.find((ds) => ds.default && isTraceDatasource(ds));
}

function parseDatasource(entry: unknown): DatasourceInfo | undefined {
  if (!isRecord(entry)) return undefined;
  const name = nonEmptyString(entry.name);
  const type = entry.type;
  if (!name || !isDatasourceType(type)) return undefined;
  const datasource: DatasourceInfo = {
    name,
    type,
    displayName: nonEmptyString(entry.displayName) ?? name,
    default: entry.default === true,
    embedded: entry.embedded === true,
  };
  const logs = parseLogs(entry.logs);
  if (logs) datasource.logs = logs;
  const metrics = parseMetrics(entry.metrics);
  if (metrics) datasource.metrics = metrics;
  if (Array.isArray(entry.links)) {
    datasource.links = entry.links.flatMap((link) => {
      if (!isRecord(link)) return [];
      const linkName = nonEmptyString(link.name);
      const url = nonEmptyString(link.url);
      return linkName && url ? [{ name: linkName, url }] : [];
    });
  }
  return datasource;
}

function parseLogs(value: unknown): LogsLinkConfig | undefined {
  if (!isRecord(value)) return undefined;
  const datasource = nonEmptyString(value.datasource);
  const query = nonEmptyString(value.query);
  if (!datasource || !query) return undefined;
  const logs: LogsLinkConfig = { datasource, query };
  const before = nonEmptyString(value.before);
  const after = nonEmptyString(value.after);
  if (before) logs.before = before;
  if (after) logs.after = after;
  return logs;
}

function parseMetrics(value: unknown): MetricsLinkConfig | undefined {
  if (!isRecord(value)) return undefined;
  const datasource = nonEmptyString(value.datasource);
  if (!datasource) return undefined;
  const metrics: MetricsLinkConfig = { datasource };
  for (const key of ['exemplarTraceIdLabels', 'exemplarSpanIdLabels'] as const) {
    const labels = value[key];
    if (Array.isArray(labels)) {
      metrics[key] = labels.filter((label): label is string => typeof label === 'string' && label !== '');
    }
  }
  if (Array.isArray(value.queries)) {
    metrics.queries = value.queries.flatMap((query) => {
      if (!isRecord(query)) return [];
      const name = nonEmptyString(query.name);
      const text = nonEmptyString(query.query);
      return name && text ? [{ name, query: text }] : [];
    });
  }
  return metrics;
}

function isDatasourceType(value: unknown): value is DatasourceType {
  return typeof value === 'string' && (DATASOURCE_TYPES as readonly string[]).includes(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

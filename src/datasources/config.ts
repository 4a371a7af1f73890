// The runtime configuration the server publishes at `config.json` (DESIGN.md, "Runtime
// configuration"): datasource names, types and templates, never upstream URLs or credentials.
// It is read relative to the document's base URI, so the same build works under any path prefix.
// Its shape is the contract's (src/contracts/public-config.ts); a malformed part is dropped, not trusted.

import {
  type ExternalLink,
  type LogsLink,
  type MetricsLink,
  type MetricsQuery,
  TRACE_DATASOURCE_TYPES,
} from '../contracts/datasource-settings';
import {
  INLINE_CONFIG_ELEMENT_ID,
  type PublicConfig,
  type PublicDatasource,
  type PublicEmbedded,
  publicConfigSchema,
} from '../contracts/public-config';
import { parseSalvaging } from './salvage';

export {
  DATASOURCE_TYPES,
  type DatasourceType,
  TRACE_DATASOURCE_TYPES,
} from '../contracts/datasource-settings';
export type LogsLinkConfig = LogsLink;
export type MetricsQueryConfig = MetricsQuery;
export type MetricsLinkConfig = MetricsLink;
export type ExternalLinkConfig = ExternalLink;
export type DatasourceInfo = PublicDatasource;
/** What the server's embedded backend runs with; only present when it runs. */
export type EmbeddedBackendInfo = PublicEmbedded;
export type RuntimeConfig = PublicConfig;

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

/**
 * Reads the body of config.json with the public schema. What does not fit is dropped where it
 * stands (a datasource, a link, a label, an optional field, which then takes its default): never
 * trusted, never fatal unless the body is not an object at all.
 */
/**
 * The config the server wrote into index.html (decision 0320), or undefined when the page has none
 * (Vite's dev server) or it does not read: then the app fetches config.json as before.
 */
export function readInlineRuntimeConfig(doc: Document): RuntimeConfig | undefined {
  const text = doc.getElementById(INLINE_CONFIG_ELEMENT_ID)?.textContent;
  if (!text) return undefined;
  try {
    return parseRuntimeConfig(JSON.parse(text));
  } catch {
    return undefined;
  }
}

export function parseRuntimeConfig(body: unknown): RuntimeConfig {
  const config = parseSalvaging(publicConfigSchema, body);
  if (config === undefined) throw new ConfigLoadError('config.json is not a JSON object');
  // A name is an address (`ds=` in links, `api/ds/<name>/`): the first datasource of a name wins.
  const seen = new Set<string>();
  config.datasources = config.datasources.filter((ds) => {
    if (seen.has(ds.name)) return false;
    seen.add(ds.name);
    return true;
  });
  return config;
}

export function isTraceDatasource(datasource: DatasourceInfo): boolean {
  return TRACE_DATASOURCE_TYPES.includes(datasource.type);
}

/** The trace datasource to use when none was chosen: the one marked default, if any. */
export function defaultTraceDatasource(config: RuntimeConfig): DatasourceInfo | undefined {
  return config.datasources.find((ds) => ds.default && isTraceDatasource(ds));
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// Health checks through the server's gateway (`api/ds/<name>/<path>`), one endpoint per backend type
// (DESIGN.md, "Gateway"). A failure carries the answer's own words: the backend's body as text, or
// the gateway's JSON message when the gateway itself refused or could not reach the upstream.

import { appUrl, type DatasourceInfo, type DatasourceType } from './config';

/** Endpoints tried in order; Jaeger before 1.x-with-v3 only has the legacy `/api/services`. */
export const HEALTH_PATHS: Record<DatasourceType, readonly string[]> = {
  tempo: ['api/echo'],
  jaeger: ['api/v3/services', 'api/services'],
  zipkin: ['api/v2/services'],
  loki: ['ready'],
  prometheus: ['api/v1/status/buildinfo'],
};

export const HEALTH_TIMEOUT_MS = 15_000;
const MAX_MESSAGE_CHARS = 2_000;

export type HealthFailureSource = 'backend' | 'gateway' | 'network' | 'timeout';

export type HealthResult =
  | { healthy: true; status: number; path: string }
  | { healthy: false; status?: number; message: string; source: HealthFailureSource; path: string };

export interface HealthCheckOptions {
  baseUri?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export async function checkDatasourceHealth(
  datasource: Pick<DatasourceInfo, 'name' | 'type'>,
  options: HealthCheckOptions = {},
): Promise<HealthResult> {
  const [first, ...fallbacks] = HEALTH_PATHS[datasource.type];
  const firstResult = await probe(datasource.name, first, options);
  if (firstResult.healthy || firstResult.source !== 'backend') return firstResult;
  for (const path of fallbacks) {
    const result = await probe(datasource.name, path, options);
    if (result.healthy) return result;
    // A 404 on the first endpoint only says "older version"; the fallback's answer says more.
    if (firstResult.status === 404) return result;
  }
  return firstResult;
}

/** The gateway URL for a path of a datasource, relative to the app's base. */
export function gatewayUrl(datasourceName: string, path: string, baseUri?: string): URL {
  return appUrl(`api/ds/${encodeURIComponent(datasourceName)}/${path}`, baseUri);
}

async function probe(name: string, path: string, options: HealthCheckOptions): Promise<HealthResult> {
  const doFetch = options.fetch ?? fetch;
  const timeout = AbortSignal.timeout(options.timeoutMs ?? HEALTH_TIMEOUT_MS);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let response: Response;
  let text: string;
  try {
    response = await doFetch(gatewayUrl(name, path, options.baseUri), { signal, cache: 'no-store' });
    text = await response.text();
  } catch (error) {
    if (options.signal?.aborted) throw error;
    if (timeout.aborted) {
      return {
        healthy: false,
        source: 'timeout',
        path,
        message: `No answer within ${timeoutSeconds(options)} s`,
      };
    }
    return {
      healthy: false,
      source: 'network',
      path,
      message: `Could not reach the Tracelight server: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  if (response.ok) return { healthy: true, status: response.status, path };
  if (response.headers.get('X-Tracelight-Gateway') === 'error') {
    return {
      healthy: false,
      source: 'gateway',
      status: response.status,
      path,
      message: gatewayMessage(text) ?? bodyMessage(text, response),
    };
  }
  return {
    healthy: false,
    source: 'backend',
    status: response.status,
    path,
    message: bodyMessage(text, response),
  };
}

function gatewayMessage(text: string): string | undefined {
  try {
    const body: unknown = JSON.parse(text);
    if (typeof body !== 'object' || body === null || !('error' in body)) return undefined;
    const error = body.error;
    if (typeof error !== 'object' || error === null || !('message' in error)) return undefined;
    return typeof error.message === 'string' && error.message.trim() ? error.message.trim() : undefined;
  } catch {
    return undefined;
  }
}

function bodyMessage(text: string, response: Response): string {
  const trimmed = text.trim();
  if (!trimmed)
    return `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''} (empty body)`;
  return trimmed.length > MAX_MESSAGE_CHARS ? `${trimmed.slice(0, MAX_MESSAGE_CHARS)}…` : trimmed;
}

function timeoutSeconds(options: HealthCheckOptions): number {
  return Math.round((options.timeoutMs ?? HEALTH_TIMEOUT_MS) / 1000);
}

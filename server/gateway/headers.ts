import type { IncomingHttpHeaders } from 'node:http';
import type { DatasourceAuth } from '../config/types.ts';

/** The only request headers the gateway passes on (the Gateway contract in DESIGN.md). */
export const FORWARDED_REQUEST_HEADERS = [
  'accept',
  'accept-encoding',
  'content-type',
  'traceparent',
  'x-loki-response-encoding-flags',
] as const;

export function pickForwardedHeaders(incoming: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = incoming[name];
    if (typeof value === 'string') out[name] = value;
  }
  return out;
}

/** The server-side credentials of a datasource as request headers. */
export function authHeaders(auth: DatasourceAuth | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (auth === undefined) return out;
  if (auth.bearerToken !== undefined) out.authorization = `Bearer ${auth.bearerToken}`;
  if (auth.basic !== undefined) {
    const encoded = Buffer.from(`${auth.basic.user}:${auth.basic.password}`, 'utf8').toString('base64');
    out.authorization = `Basic ${encoded}`;
  }
  if (auth.tenant !== undefined) out['x-scope-orgid'] = auth.tenant;
  // Custom headers come last: an explicitly configured header is what the operator wants sent.
  for (const [name, value] of Object.entries(auth.headers ?? {})) out[name.toLowerCase()] = value;
  return out;
}

/**
 * The only upstream response headers the browser receives (decision 0211): what the clients read and
 * what caching needs. Everything else (CSP, CORS, Location, Refresh, Link, Set-Cookie, an upstream's
 * own X-Tracelight-Gateway…) stays behind; Tracelight's security headers are set on top.
 */
export const PASSED_RESPONSE_HEADERS = [
  'content-type',
  'content-length',
  'content-encoding',
  'cache-control',
  'etag',
  'last-modified',
  'expires',
  'vary',
  'retry-after',
] as const;

export function pickPassedResponseHeaders(received: IncomingHttpHeaders): IncomingHttpHeaders {
  const kept: IncomingHttpHeaders = {};
  for (const name of PASSED_RESPONSE_HEADERS) {
    const value = received[name];
    if (value !== undefined) kept[name] = value;
  }
  return kept;
}

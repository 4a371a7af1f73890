// The one place datasource clients talk HTTP: builds URLs under the datasource's base (in the app
// `api/ds/<name>/` under the document's base URI, so a path prefix works), applies a timeout on top
// of the caller's AbortSignal, reads the whole body, and turns every failure into a typed error.
import { GATEWAY_ERROR_HEADER, GATEWAY_MAX_POST_BODY_BYTES } from '../contracts/gateway-error';
import {
  AbortedError,
  BadRequestError,
  type DatasourceError,
  type DatasourceErrorInit,
  InvalidResponseError,
  NetworkError,
  NotFoundError,
  parseQueryPosition,
  parseRetryAfter,
  RateLimitedError,
  TimeoutError,
  TooLargeError,
  traceNotFound,
  UnauthorizedError,
  UnavailableError,
} from './errors';
import type { BytesProgress, CallOptions } from './types';
import { asArray, asObject, asString, decodeText, parseJsonBytes } from './validate';

export const DEFAULT_TIMEOUT_MS = 30_000;

export type QueryValue = string | number | boolean | null | undefined | readonly (string | number)[];

export interface HttpClientOptions {
  /** Base URL of the datasource; a trailing slash is added when missing. */
  baseUrl: string | URL;
  /** Default time limit per request, body included. */
  timeoutMs?: number;
  /** Headers sent with every request (tests use this for `X-Scope-OrgID`; in the app the gateway adds it). */
  headers?: Record<string, string>;
  /** Shown in error messages, e.g. the datasource name. */
  label?: string;
  fetch?: typeof fetch;
}

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  timeoutMs?: number;
  /** See `CallOptions.onBytes`: only a 2xx body is reported. */
  onBytes?: BytesProgress;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  contentType: string;
  bytes: Uint8Array;
  url: string;
}

export interface HttpClient {
  readonly baseUrl: string;
  readonly label: string;
  /** Any 2xx answer; anything else throws a DatasourceError. */
  get(path: string, options?: RequestOptions): Promise<HttpResponse>;
  /** A 2xx JSON answer, parsed but not validated (callers validate). */
  getJson(path: string, options?: RequestOptions): Promise<unknown>;
  getText(path: string, options?: RequestOptions): Promise<string>;
  /**
   * `getJson` for the query endpoints that also take their parameters as an url-encoded form (Loki's
   * and Prometheus's queries): a GET while the URL stays under MAX_GET_URL_CHARS, else a form POST; a
   * form past the gateway's POST limit is refused (TooLargeError) before anything is sent.
   */
  queryJson(
    path: string,
    parameters: Record<string, QueryValue>,
    options?: Omit<RequestOptions, 'query'>,
  ): Promise<unknown>;
}

/**
 * Past this many characters a GET URL risks a 414 or 431 from the upstream or a proxy before it
 * (8 KiB is nginx's and many balancers' line limit); such a query goes as a form body instead.
 */
export const MAX_GET_URL_CHARS = 8 * 1024;

/** The per-call part of a request: the caller's abort signal and time limit. */
export function requestOptionsOf(
  options: CallOptions,
): Pick<RequestOptions, 'signal' | 'timeoutMs' | 'onBytes'> {
  return { signal: options.signal, timeoutMs: options.timeoutMs, onBytes: options.onBytes };
}

/** Between two byte reports: a 100 MB body posts about 400 of them. */
export const PROGRESS_EVERY_BYTES = 256 * 1024;

/**
 * The body's size when the server said it: a compressed body's Content-Length counts the compressed
 * bytes while the reader hands out decompressed ones, so it gives no total.
 */
export function bodyTotalOf(headers: Headers): number | undefined {
  const encoding = headers.get('content-encoding');
  if (encoding && encoding.trim().toLowerCase() !== 'identity') return undefined;
  const length = Number(headers.get('content-length'));
  return Number.isFinite(length) && length > 0 ? length : undefined;
}

/**
 * Reads a whole body chunk by chunk, telling `onBytes` the count so far: once before the first byte
 * (so a bar shows its total at once), every PROGRESS_EVERY_BYTES, and at the end.
 */
export async function readBody(response: Response, onBytes: BytesProgress | undefined): Promise<Uint8Array> {
  const body = response.body;
  if (!onBytes || !body) return new Uint8Array(await response.arrayBuffer());
  const total = bodyTotalOf(response.headers);
  onBytes(0, total);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let done = 0;
  let reported = 0;
  for (;;) {
    const next = await reader.read();
    if (next.done) break;
    chunks.push(next.value);
    done += next.value.byteLength;
    if (done - reported >= PROGRESS_EVERY_BYTES) {
      reported = done;
      onBytes(done, total);
    }
  }
  if (done !== reported) onBytes(done, total);
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(done);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** GETs a trace by ID; the backend's 404 becomes "Trace … was not found". */
export async function getTraceResponse(
  http: HttpClient,
  path: string,
  traceId: string,
  options: RequestOptions,
): Promise<HttpResponse> {
  try {
    return await http.get(path, options);
  } catch (error) {
    if (error instanceof NotFoundError)
      throw traceNotFound(traceId, { status: error.status, url: error.url });
    throw error;
  }
}

/** The gateway URL of a configured datasource, e.g. `new URL('api/ds/tempo/', document.baseURI)`. */
export function datasourceBaseUrl(name: string, documentBaseUri: string): string {
  return new URL(`api/ds/${encodeURIComponent(name)}/`, documentBaseUri).href;
}

/** Encodes one path segment (trace IDs, service names, tag names) so it cannot change the path. */
export function segment(value: string): string {
  return encodeURIComponent(value);
}

/** Appends the parameters that have a value (lists repeat their key), as the URL's query or a form. */
function appendParameters(target: URLSearchParams, query: Record<string, QueryValue>): void {
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      for (const item of value) target.append(key, String(item));
    } else {
      target.append(key, String(value));
    }
  }
}

export function buildUrl(baseUrl: string, path: string, query: Record<string, QueryValue> = {}): URL {
  const url = new URL(path.replace(/^\/+/, ''), baseUrl);
  appendParameters(url.searchParams, query);
  return url;
}

/** The url-encoded form of `query`, as a POST body. */
export function formBody(query: Record<string, QueryValue>): string {
  const form = new URLSearchParams();
  appendParameters(form, query);
  return form.toString();
}

const MAX_MESSAGE_CHARS = 2_000;

/** The backend's own words from an error body: Jaeger/gateway `{error:{message}}`, Prometheus `{error}`, legacy Jaeger `{errors:[{msg}]}`, or plain text. */
export function backendMessageFrom(bytes: Uint8Array): string {
  const text = decodeText(bytes).trim();
  if (text.startsWith('{')) {
    try {
      const body = asObject(JSON.parse(text));
      const error = body?.error;
      const nested = asString(asObject(error)?.message);
      const firstLegacy = asString(asObject(asArray(body?.errors)[0])?.msg);
      const message = nested ?? asString(body?.message) ?? firstLegacy ?? asString(error);
      if (message) return message.slice(0, MAX_MESSAGE_CHARS);
    } catch {
      // Not JSON after all: fall through to the raw text.
    }
  }
  return text.slice(0, MAX_MESSAGE_CHARS);
}

export function errorForResponse(
  status: number,
  headers: Headers,
  bytes: Uint8Array,
  url: string,
  label: string,
): DatasourceError {
  const backendMessage = backendMessageFrom(bytes);
  const fromGateway = headers.get(GATEWAY_ERROR_HEADER)?.toLowerCase() === 'error';
  const init: DatasourceErrorInit = { status, backendMessage, url, fromGateway };
  const said = backendMessage || `HTTP ${status}`;
  if (fromGateway) {
    if (status === 504) return new TimeoutError(`${label} did not answer in time: ${said}`, init);
    return new UnavailableError(`${label} is not reachable: ${said}`, init);
  }
  if (status === 400) {
    return new BadRequestError(said, { ...init, position: parseQueryPosition(backendMessage) });
  }
  if (status === 401 || status === 403) return new UnauthorizedError(said, init);
  if (status === 404) return new NotFoundError(said, init);
  if (status === 413) return new TooLargeError(said, init);
  if (status === 429) {
    const retryAfterSeconds = parseRetryAfter(headers.get('Retry-After'));
    return new RateLimitedError(said, { ...init, retryAfterSeconds });
  }
  if (status >= 500) return new UnavailableError(said, init);
  return new BadRequestError(said, init);
}

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const baseText = String(options.baseUrl);
  const baseUrl = baseText.endsWith('/') ? baseText : `${baseText}/`;
  const label = options.label ?? 'The datasource';
  const defaultTimeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));

  const exchange = async (
    url: string,
    request: RequestOptions,
    form: string | undefined,
  ): Promise<HttpResponse> => {
    const timeoutMs = request.timeoutMs ?? defaultTimeout;
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const callerSignal = request.signal;
    const onCallerAbort = () => controller.abort();
    callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
    const failure = (error: unknown, during: 'request' | 'body'): DatasourceError => {
      if (callerSignal?.aborted) return new AbortedError(undefined, { url, cause: error });
      if (timedOut) {
        return new TimeoutError(`${label} did not answer within ${Math.round(timeoutMs / 1000)} s`, {
          url,
          timeoutMs,
          cause: error,
        });
      }
      if (during === 'body') {
        return new InvalidResponseError(`The response from ${label} was cut off`, { url, cause: error });
      }
      return new NetworkError(`Could not reach ${label}: ${String(error)}`, { url, cause: error });
    };

    try {
      if (callerSignal?.aborted) throw new AbortedError(undefined, { url });
      let response: Response;
      try {
        response = await doFetch(url, {
          method: form === undefined ? 'GET' : 'POST',
          headers: {
            ...options.headers,
            ...request.headers,
            ...(form === undefined ? {} : { 'Content-Type': 'application/x-www-form-urlencoded' }),
          },
          ...(form === undefined ? {} : { body: form }),
          signal: controller.signal,
        });
      } catch (error) {
        throw failure(error, 'request');
      }
      let bytes: Uint8Array;
      try {
        bytes = await readBody(response, response.ok ? request.onBytes : undefined);
      } catch (error) {
        throw failure(error, 'body');
      }
      if (!response.ok) throw errorForResponse(response.status, response.headers, bytes, url, label);
      return {
        status: response.status,
        headers: response.headers,
        contentType: response.headers.get('Content-Type') ?? '',
        bytes,
        url,
      };
    } finally {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', onCallerAbort);
    }
  };

  const get = (path: string, request: RequestOptions = {}) =>
    exchange(buildUrl(baseUrl, path, request.query).href, request, undefined);

  return {
    baseUrl,
    label,
    get,
    async getJson(path, request) {
      const response = await get(path, {
        ...request,
        headers: { Accept: 'application/json', ...request?.headers },
      });
      return parseJsonBytes(response.bytes, `${label} ${path}`);
    },
    async getText(path, request) {
      return decodeText((await get(path, request)).bytes);
    },
    async queryJson(path, parameters, request) {
      const headers = { Accept: 'application/json', ...request?.headers };
      const url = buildUrl(baseUrl, path, parameters).href;
      if (url.length <= MAX_GET_URL_CHARS) {
        return parseJsonBytes(
          (await exchange(url, { ...request, headers }, undefined)).bytes,
          `${label} ${path}`,
        );
      }
      const body = formBody(parameters);
      const target = buildUrl(baseUrl, path).href;
      // The form is url-encoded ASCII: its length is its size in bytes.
      if (body.length > GATEWAY_MAX_POST_BODY_BYTES) {
        throw new TooLargeError(
          `The query is too long to send to ${label} (${body.length.toLocaleString('en')} bytes encoded; the gateway takes at most ${GATEWAY_MAX_POST_BODY_BYTES.toLocaleString('en')})`,
          { url: target },
        );
      }
      const response = await exchange(target, { ...request, headers }, body);
      return parseJsonBytes(response.bytes, `${label} ${path}`);
    },
  };
}

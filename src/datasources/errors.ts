// Typed failures of datasource calls. Every client throws only `DatasourceError`s, so a screen can say
// what went wrong in the backend's own words (`backendMessage`) and decide what to offer (retry, wait).

export type DatasourceErrorKind =
  | 'not-found'
  | 'bad-request'
  | 'too-large'
  | 'unauthorized'
  | 'rate-limited'
  | 'unavailable'
  | 'timeout'
  | 'network'
  | 'invalid-response'
  | 'aborted';

export interface DatasourceErrorInit {
  /** HTTP status, when there was a response. */
  status?: number;
  /** What the backend (or our gateway) said, as text. */
  backendMessage?: string;
  /** The request URL (no credentials ever live in it: the gateway adds them). */
  url?: string;
  /** True when our own gateway answered (`X-Tracelight-Gateway: error`), not the backend. */
  fromGateway?: boolean;
  cause?: unknown;
}

export class DatasourceError extends Error {
  readonly kind: DatasourceErrorKind;
  readonly status: number | undefined;
  readonly backendMessage: string | undefined;
  readonly url: string | undefined;
  readonly fromGateway: boolean;

  constructor(kind: DatasourceErrorKind, message: string, init: DatasourceErrorInit = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'DatasourceError';
    this.kind = kind;
    this.status = init.status;
    this.backendMessage = init.backendMessage;
    this.url = init.url;
    this.fromGateway = init.fromGateway ?? false;
  }
}

export class NotFoundError extends DatasourceError {
  constructor(message: string, init?: DatasourceErrorInit) {
    super('not-found', message, init);
    this.name = 'NotFoundError';
  }
}

/** The one wording for a trace the backend does not have. */
export function traceNotFound(traceId: string, init?: DatasourceErrorInit): NotFoundError {
  return new NotFoundError(`Trace ${traceId} was not found`, init);
}

/** Where in a query the backend found the problem (1-based, as Tempo reports it). */
export interface QueryPosition {
  line: number;
  column: number;
}

export class BadRequestError extends DatasourceError {
  /** Set when the backend named a place in the query (Tempo's TraceQL parse errors). */
  readonly position: QueryPosition | undefined;
  constructor(message: string, init?: DatasourceErrorInit & { position?: QueryPosition }) {
    super('bad-request', message, init);
    this.name = 'BadRequestError';
    this.position = init?.position;
  }
}

export class TooLargeError extends DatasourceError {
  constructor(message: string, init?: DatasourceErrorInit) {
    super('too-large', message, init);
    this.name = 'TooLargeError';
  }
}

export class UnauthorizedError extends DatasourceError {
  constructor(message: string, init?: DatasourceErrorInit) {
    super('unauthorized', message, init);
    this.name = 'UnauthorizedError';
  }
}

export class RateLimitedError extends DatasourceError {
  /** Seconds the backend asked us to wait (`Retry-After`), when it said. */
  readonly retryAfterSeconds: number | undefined;
  constructor(message: string, init?: DatasourceErrorInit & { retryAfterSeconds?: number }) {
    super('rate-limited', message, init);
    this.name = 'RateLimitedError';
    this.retryAfterSeconds = init?.retryAfterSeconds;
  }
}

export class UnavailableError extends DatasourceError {
  constructor(message: string, init?: DatasourceErrorInit) {
    super('unavailable', message, init);
    this.name = 'UnavailableError';
  }
}

export class TimeoutError extends DatasourceError {
  readonly timeoutMs: number | undefined;
  constructor(message: string, init?: DatasourceErrorInit & { timeoutMs?: number }) {
    super('timeout', message, init);
    this.name = 'TimeoutError';
    this.timeoutMs = init?.timeoutMs;
  }
}

export class NetworkError extends DatasourceError {
  constructor(message: string, init?: DatasourceErrorInit) {
    super('network', message, init);
    this.name = 'NetworkError';
  }
}

/** The body was cut off, or is not what the API promises (not JSON, wrong shape). */
export class InvalidResponseError extends DatasourceError {
  constructor(message: string, init?: DatasourceErrorInit) {
    super('invalid-response', message, init);
    this.name = 'InvalidResponseError';
  }
}

/** The caller cancelled (its AbortSignal fired); nothing to show. */
export class AbortedError extends DatasourceError {
  constructor(message = 'The request was cancelled', init?: DatasourceErrorInit) {
    super('aborted', message, init);
    this.name = 'AbortedError';
  }
}

export function isDatasourceError(value: unknown): value is DatasourceError {
  return value instanceof DatasourceError;
}

const TRACEQL_POSITION = /\bline (\d+), col(?:umn)? (\d+)/i;

/** Line and column from a message such as `parse error at line 1, col 12: syntax error: unexpected }`. */
export function parseQueryPosition(message: string): QueryPosition | undefined {
  const match = TRACEQL_POSITION.exec(message);
  if (!match) return undefined;
  return { line: Number(match[1]), column: Number(match[2]) };
}

/** `Retry-After` as seconds: either delta-seconds or an HTTP date (relative to `now`). */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

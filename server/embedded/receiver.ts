// The OTLP/HTTP receiver on its own port (default 4318, loopback only): `POST /v1/traces`,
// `POST /v1/logs` (./logs/logs-receiver.ts) and `GET /metrics` (span metrics, ./metrics/); also
// Zipkin's `POST /api/v2/spans` and Datadog's `/v0.4/traces`, `/v0.5/traces` (./foreign-intake.ts).

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  BODY_BUDGET_RETRY_AFTER_SECONDS,
  type BodyBudget,
  BodyReservation,
  budgetExceededMessage,
} from '../body-budget.ts';
import {
  DATADOG_TRACES_PATHS,
  handleDatadogTraces,
  handleZipkinSpans,
  ZIPKIN_SPANS_PATH,
} from './foreign-intake.ts';
import { handleLogsExport } from './logs/logs-receiver.ts';
import type { LokiStreamPush } from './logs/otlp-to-loki.ts';
import {
  contentTypeOf,
  decodeExportRequest,
  ExportError,
  encodingOf,
  errorStatusBody,
  exportResponseBody,
} from './otlp/export-request.ts';
import type { WireParts } from './otlp/otlp-protobuf.ts';
import type { OtlpResourceSpans } from './otlp/types.ts';

export interface ReceiverRequest {
  method: string;
  path: string;
  headers: Readonly<Record<string, string | undefined>>;
  body: Uint8Array;
}

export interface ReceiverResponse {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
}

export interface ReceiverOptions {
  maxBodyBytes: number;
  /**
   * Stores accepted spans; returns nothing, throws only on internal failure. `wire` is the request's own
   * protobuf when every span in it was accepted (persistence keeps those bytes instead of encoding);
   * `parts`, its resources, scopes and spans as received (the store copies them, decision 0350).
   */
  accept(batches: OtlpResourceSpans[], wire?: Uint8Array, parts?: WireParts): void;
  /** Stores accepted log records; without it `/v1/logs` is unknown. */
  acceptLogs?(streams: LokiStreamPush[]): void;
  /** The OpenMetrics exposition for `GET /metrics`; without it `/metrics` is unknown. */
  metricsText?(): string;
  /** Bounds the body bytes held at once over all requests (shared with the app port); absent: unbounded. */
  bodyBudget?: BodyBudget;
}

const OPENMETRICS_TYPE = 'application/openmetrics-text; version=1.0.0; charset=utf-8';

/** Answers one request; pure apart from `accept`. */
export function handleOtlpRequest(req: ReceiverRequest, options: ReceiverOptions): ReceiverResponse {
  const encoding = encodingOf(req.headers['content-type']) ?? 'json';
  const error = (status: number, message: string): ReceiverResponse => ({
    status,
    headers: { 'content-type': contentTypeOf(encoding) },
    body: errorStatusBody(encoding, status, message),
  });
  if (req.path === '/metrics' && options.metricsText) {
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return {
        status: 405,
        headers: { 'content-type': 'text/plain', allow: 'GET' },
        body: Buffer.from('use GET'),
      };
    return {
      status: 200,
      headers: { 'content-type': OPENMETRICS_TYPE },
      body: Buffer.from(options.metricsText()),
    };
  }
  if (req.path === '/v1/logs' && options.acceptLogs && req.method === 'POST') {
    const r = handleLogsExport(
      req.body,
      req.headers['content-type'],
      req.headers['content-encoding'],
      options.maxBodyBytes,
      options.acceptLogs,
    );
    return { status: r.status, headers: { 'content-type': r.contentType }, body: r.body };
  }
  if (req.path === ZIPKIN_SPANS_PATH) return handleZipkinSpans(req, options);
  if (DATADOG_TRACES_PATHS.includes(req.path)) return handleDatadogTraces(req, options);
  if (req.path !== '/v1/traces' && req.path !== '/v1/logs')
    return error(404, `unknown path ${req.path}; traces go to POST /v1/traces`);
  if (req.method !== 'POST')
    return { ...error(405, 'use POST'), headers: { ...error(405, '').headers, allow: 'POST' } };
  try {
    const decoded = decodeExportRequest(
      req.body,
      req.headers['content-type'],
      req.headers['content-encoding'],
      options.maxBodyBytes,
    );
    options.accept(decoded.batches, decoded.wire, decoded.parts);
    return {
      status: 200,
      headers: { 'content-type': contentTypeOf(decoded.encoding) },
      body: exportResponseBody(decoded.encoding, decoded.rejectedSpans, decoded.rejectionMessage),
    };
  } catch (e) {
    if (e instanceof ExportError) return error(e.status, e.message);
    throw e;
  }
}

class OverBudget extends Error {}

/**
 * Reads a body up to `limit` bytes; resolves undefined when it is larger (the rest is drained).
 * Rejects with OverBudget when the shared in-flight budget cannot hold what has arrived.
 */
function readBody(
  req: IncomingMessage,
  limit: number,
  reservation: BodyReservation | undefined,
): Promise<Uint8Array | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      if (!tooLarge && reservation !== undefined && !reservation.growTo(size)) {
        req.pause();
        reject(new OverBudget());
        return;
      }
      if (!tooLarge) chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export interface RunningReceiver {
  port: number;
  close(): Promise<void>;
}

export async function startReceiver(
  host: string,
  port: number,
  options: ReceiverOptions,
  log: (message: string) => void = () => {},
): Promise<RunningReceiver> {
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const send = (r: ReceiverResponse) => {
      res.writeHead(r.status, { ...r.headers, 'content-length': String(r.body.length) });
      res.end(r.body);
    };
    const path = (req.url ?? '/').split('?')[0];
    const headers = {
      'content-type': req.headers['content-type'],
      'content-encoding': req.headers['content-encoding'],
    };
    const declared = Number(req.headers['content-length'] ?? '0');
    const budget = options.bodyBudget;
    const reservation = budget === undefined ? undefined : new BodyReservation(budget);
    res.once('close', () => reservation?.release());
    const overBudget = () => {
      const encoding = encodingOf(headers['content-type']) ?? 'json';
      send({
        status: 503,
        headers: {
          'content-type': contentTypeOf(encoding),
          'retry-after': String(BODY_BUDGET_RETRY_AFTER_SECONDS),
          connection: 'close',
        },
        body: errorStatusBody(encoding, 503, budgetExceededMessage(budget as BodyBudget)),
      });
      req.destroy();
    };
    if (
      reservation !== undefined &&
      declared > 0 &&
      declared <= options.maxBodyBytes &&
      !reservation.growTo(declared)
    ) {
      overBudget();
      return;
    }
    if (declared > options.maxBodyBytes) {
      const encoding = encodingOf(headers['content-type']) ?? 'json';
      send({
        status: 413,
        headers: { 'content-type': contentTypeOf(encoding), connection: 'close' },
        body: errorStatusBody(encoding, 413, `request body exceeds ${options.maxBodyBytes} bytes`),
      });
      req.resume();
      return;
    }
    readBody(req, options.maxBodyBytes, reservation).then(
      (body) => {
        if (!body) {
          const encoding = encodingOf(headers['content-type']) ?? 'json';
          send({
            status: 413,
            headers: { 'content-type': contentTypeOf(encoding) },
            body: errorStatusBody(encoding, 413, `request body exceeds ${options.maxBodyBytes} bytes`),
          });
          return;
        }
        try {
          send(handleOtlpRequest({ method: req.method ?? 'GET', path, headers, body }, options));
        } catch (e) {
          log(`OTLP receiver: ${(e as Error).message}`);
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end('internal error');
        }
      },
      (error: unknown) => (error instanceof OverBudget ? overBudget() : res.destroy()),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

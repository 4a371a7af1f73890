import type { IncomingHttpHeaders } from 'node:http';
import { Transform } from 'node:stream';
import replyFrom from '@fastify/reply-from';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { GATEWAY_MAX_POST_BODY_BYTES } from '../../src/contracts/gateway-error.ts';
import {
  BODY_BUDGET_RETRY_AFTER_SECONDS,
  type BodyBudget,
  BodyReservation,
  budgetExceededMessage,
} from '../body-budget.ts';
import type { DatasourceConfig } from '../config/types.ts';
import type { HostAllowList } from '../host-check.ts';
import { sendGatewayError } from './errors.ts';
import {
  authHeaders,
  PASSED_RESPONSE_HEADERS,
  pickForwardedHeaders,
  pickPassedResponseHeaders,
} from './headers.ts';
import type { InProcessDatasource } from './in-process.ts';
import { isSameOrigin } from './origin.ts';
import {
  buildUpstreamUrl,
  type CheckedPath,
  checkAllowedPath,
  checkRawPath,
  type GatewayMethod,
} from './paths.ts';
import type { DatasourceRegistry } from './registry.ts';

export interface GatewayOptions {
  registry: DatasourceRegistry;
  /** The prefix the gateway routes are mounted under, ending in '/' (the runtime base path). */
  basePath: string;
  /** The host names the server answers: a POST's Origin must be one of them. */
  allowList: HostAllowList;
  /** Request-body bytes in flight, shared with the OTLP receiver. */
  bodyBudget: BodyBudget;
  /** Tracelight's CSP; gateway answers get it with `sandbox` added (they are data, never our pages). */
  contentSecurityPolicy: string;
}

const NAME_PATTERN = /^[a-z0-9-]+$/;
/** Long queries sent as forms; the browser's clients stay below it. */
const MAX_POST_BODY_BYTES = GATEWAY_MAX_POST_BODY_BYTES;
const ALL_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'] as const;

interface ParsedTarget {
  name: string;
  path: string;
  query: string;
}

/** Splits the raw request URL into datasource name, still-encoded path and query string. */
function parseTarget(rawUrl: string, marker: string): ParsedTarget | undefined {
  if (!rawUrl.startsWith(marker)) return undefined;
  const rest = rawUrl.slice(marker.length);
  const queryAt = rest.indexOf('?');
  const pathPart = queryAt === -1 ? rest : rest.slice(0, queryAt);
  const query = queryAt === -1 ? '' : rest.slice(queryAt + 1);
  const slash = pathPart.indexOf('/');
  const name = slash === -1 ? pathPart : pathPart.slice(0, slash);
  const path = slash === -1 ? '/' : pathPart.slice(slash);
  return { name, path, query };
}

class BodyBudgetError extends Error {}

/**
 * Counts the request body against the shared budget as it arrives (the declared length up front),
 * and frees it when the answer is done.
 */
function budgetedBody(
  request: FastifyRequest,
  reply: FastifyReply,
  payload: NodeJS.ReadableStream,
  budget: BodyBudget,
): NodeJS.ReadableStream | undefined {
  const reservation = new BodyReservation(budget);
  reply.raw.once('close', () => reservation.release());
  // Never more than one byte past the body limit: the content parser answers 413 beyond it.
  const declared = Number(request.headers['content-length'] ?? '0');
  if (
    Number.isFinite(declared) &&
    declared > 0 &&
    !reservation.growTo(Math.min(declared, MAX_POST_BODY_BYTES + 1))
  )
    return undefined;
  let seen = 0;
  return payload.pipe(
    new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        seen += chunk.length;
        if (!reservation.growTo(Math.min(seen, MAX_POST_BODY_BYTES + 1)))
          callback(new BodyBudgetError(budgetExceededMessage(budget)));
        else callback(null, chunk);
      },
    }),
  );
}

function sendBudgetExceeded(
  reply: FastifyReply,
  budget: BodyBudget,
  datasource: string | null,
): FastifyReply {
  reply.header('retry-after', String(BODY_BUDGET_RETRY_AFTER_SECONDS)).header('connection', 'close');
  return sendGatewayError(reply, 503, budgetExceededMessage(budget), datasource);
}

/** An upstream's 3xx never reaches the browser: its Location may name what /config.json withholds. */
function isRedirect(status: number): boolean {
  return status >= 300 && status < 400;
}

function describeUpstreamError(error: unknown, timeoutSeconds: number): { status: number; message: string } {
  const status = (error as { statusCode?: number }).statusCode;
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (status === 504) return { status: 504, message: `upstream did not answer within ${timeoutSeconds} s` };
  const detail = cause?.code ?? cause?.message ?? (error as Error).message ?? 'unknown error';
  return { status: 502, message: `cannot reach the upstream (${detail})` };
}

/**
 * `timeoutSeconds` bounds the whole exchange, not only the wait between chunks: past it, an answer
 * not yet begun becomes a 504, and one already streaming is cut off (the client sees it incomplete).
 */
function enforceDeadline(
  reply: FastifyReply,
  config: DatasourceConfig,
): { watchUpstream(stream: NodeJS.ReadableStream & { destroy(): void }): void } {
  let upstream: { destroy(): void } | undefined;
  const timer = setTimeout(() => {
    if (!reply.raw.headersSent) {
      clearUpstreamHeaders(reply);
      sendGatewayError(reply, 504, `upstream did not answer within ${config.timeoutSeconds} s`, config.name);
    } else {
      upstream?.destroy();
      reply.raw.destroy();
    }
  }, config.timeoutSeconds * 1000);
  reply.raw.once('close', () => {
    clearTimeout(timer);
    upstream?.destroy();
  });
  return {
    watchUpstream(stream) {
      upstream = stream;
    },
  };
}

/** Drops the upstream headers already copied onto a reply that becomes a gateway error instead. */
function clearUpstreamHeaders(reply: FastifyReply): void {
  for (const name of PASSED_RESPONSE_HEADERS) reply.removeHeader(name);
}

function proxy(
  request: FastifyRequest,
  reply: FastifyReply,
  config: DatasourceConfig,
  method: GatewayMethod,
  target: ParsedTarget,
): FastifyReply {
  let upstream: URL;
  try {
    upstream = buildUpstreamUrl(config.url, target.path, target.query);
  } catch {
    return sendGatewayError(reply, 400, 'malformed path', config.name);
  }
  const headers: Record<string, string> = {
    ...pickForwardedHeaders(request.headers),
    ...authHeaders(config.auth),
    host: upstream.host,
  };
  const body = method === 'POST' && Buffer.isBuffer(request.body) ? request.body : undefined;
  const deadline = enforceDeadline(reply, config);
  return reply.from(upstream.href, {
    method,
    timeout: config.timeoutSeconds * 1000,
    retryDelay: () => null,
    ...(body !== undefined
      ? { body, contentType: headers['content-type'] ?? 'application/octet-stream' }
      : {}),
    rewriteRequestHeaders: (_request, proposed) => {
      const sent: IncomingHttpHeaders = { ...headers };
      if (proposed['content-length'] !== undefined) sent['content-length'] = proposed['content-length'];
      return sent;
    },
    rewriteHeaders: (received) => pickPassedResponseHeaders(received),
    onResponse: (_request, upstreamReply, res) => {
      const answer = upstreamReply as FastifyReply;
      if (answer.sent) {
        res.stream.destroy();
        return;
      }
      if (isRedirect(res.statusCode)) {
        res.stream.destroy();
        clearUpstreamHeaders(answer);
        sendGatewayError(
          answer,
          502,
          `datasource ${config.name} answered with a redirect (${res.statusCode}), which the gateway does not follow; check its url in the configuration`,
          config.name,
        );
        return;
      }
      deadline.watchUpstream(res.stream);
      answer.send(res.stream);
    },
    onError: (errorReply, { error }) => {
      if ((errorReply as FastifyReply).sent) return;
      const { status, message } = describeUpstreamError(error, config.timeoutSeconds);
      sendGatewayError(errorReply as FastifyReply, status, message, config.name);
    },
  });
}

async function answerInProcess(
  request: FastifyRequest,
  reply: FastifyReply,
  datasource: InProcessDatasource,
  method: GatewayMethod,
  target: ParsedTarget,
): Promise<FastifyReply> {
  const abort = new AbortController();
  // The response closing before it finished means the client went away.
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) abort.abort();
  });
  try {
    const answer = await datasource.handle({
      method,
      path: target.path,
      query: new URLSearchParams(target.query),
      headers: pickForwardedHeaders(request.headers),
      ...(Buffer.isBuffer(request.body) ? { body: request.body } : {}),
      signal: abort.signal,
    });
    reply.code(answer.status);
    for (const [name, value] of Object.entries(answer.headers ?? {})) reply.header(name, value);
    return reply.send(answer.body ?? '');
  } catch (error) {
    return sendGatewayError(
      reply,
      502,
      `embedded datasource failed: ${(error as Error).message}`,
      datasource.name,
    );
  }
}

/** `/api/ds/<name>/<path>`: the gateway of DESIGN.md's Gateway contract. Not an open proxy. */
export async function gatewayPlugin(app: FastifyInstance, options: GatewayOptions): Promise<void> {
  await app.register(replyFrom, { disableRequestLogging: true });
  // Bodies are passed on as bytes, never parsed or re-encoded.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_POST_BODY_BYTES }, (_req, body, done) =>
    done(null, body),
  );
  const marker = `${options.basePath}api/ds/`;
  const { bodyBudget, allowList } = options;
  // After the app's own onSend (parent hooks run first): an upstream HTML page opened directly gets
  // an opaque origin, so nothing it carries can script Tracelight's.
  const gatewayCsp = `${options.contentSecurityPolicy}; sandbox`;
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('content-security-policy', gatewayCsp);
    return payload;
  });

  app.route({
    method: [...ALL_METHODS],
    url: '/api/ds/*',
    exposeHeadRoute: false,
    compress: false,
    decompress: false,
    preParsing: async (request, reply, payload) => {
      const counted = budgetedBody(request, reply, payload, bodyBudget);
      if (counted === undefined) return sendBudgetExceeded(reply, bodyBudget, null);
      return counted;
    },
    errorHandler: (error, _request, reply) => {
      if (error instanceof BodyBudgetError) return sendBudgetExceeded(reply, bodyBudget, null);
      const status = (error as { statusCode?: number }).statusCode ?? 500;
      const message =
        status === 413
          ? `request body exceeds ${MAX_POST_BODY_BYTES} bytes`
          : status >= 500
            ? 'internal error in the gateway'
            : error.message;
      return sendGatewayError(reply, status, message, null);
    },
    handler: async (request, reply) => {
      const target = parseTarget(request.raw.url ?? '', marker);
      if (target === undefined || !NAME_PATTERN.test(target.name)) {
        return sendGatewayError(reply, 404, 'unknown datasource', null);
      }
      const entry = options.registry.get(target.name);
      if (entry === undefined) {
        return sendGatewayError(reply, 404, `unknown datasource ${JSON.stringify(target.name)}`, target.name);
      }
      const method = request.method;
      if (method !== 'GET' && method !== 'HEAD' && method !== 'POST') {
        return sendGatewayError(reply, 405, `method ${method} is not allowed`, target.name);
      }
      if (method === 'POST' && !isSameOrigin(request.headers, allowList, request.host)) {
        return sendGatewayError(reply, 403, 'POST is accepted only from the app itself', target.name);
      }
      const raw = checkRawPath(target.path);
      if (!raw.ok) return sendGatewayError(reply, 400, raw.message, target.name);
      const checked: CheckedPath = raw;
      const type = entry.kind === 'proxied' ? entry.config.type : entry.datasource.type;
      const allowed = checkAllowedPath(type, method, checked);
      if (!allowed.ok) return sendGatewayError(reply, allowed.status, allowed.message, target.name);
      const forwarded = { ...target, path: checked.path };
      return entry.kind === 'proxied'
        ? proxy(request, reply, entry.config, method, forwarded)
        : answerInProcess(request, reply, entry.datasource, method, forwarded);
    },
  });
}

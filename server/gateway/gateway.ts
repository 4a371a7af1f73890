import type { IncomingHttpHeaders } from 'node:http';
import replyFrom from '@fastify/reply-from';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DatasourceConfig } from '../config/types.ts';
import { sendGatewayError } from './errors.ts';
import { authHeaders, DROPPED_RESPONSE_HEADERS, pickForwardedHeaders } from './headers.ts';
import type { InProcessDatasource } from './in-process.ts';
import { isSameOrigin } from './origin.ts';
import { buildUpstreamUrl, checkAllowedPath, checkRawPath, type GatewayMethod } from './paths.ts';
import type { DatasourceRegistry } from './registry.ts';

export interface GatewayOptions {
  registry: DatasourceRegistry;
  /** The prefix the gateway routes are mounted under, ending in '/' (the runtime base path). */
  basePath: string;
}

const NAME_PATTERN = /^[a-z0-9-]+$/;
const MAX_POST_BODY_BYTES = 1024 * 1024;
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

function describeUpstreamError(error: unknown, timeoutSeconds: number): { status: number; message: string } {
  const status = (error as { statusCode?: number }).statusCode;
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (status === 504) return { status: 504, message: `upstream did not answer within ${timeoutSeconds} s` };
  const detail = cause?.code ?? cause?.message ?? (error as Error).message ?? 'unknown error';
  return { status: 502, message: `cannot reach the upstream (${detail})` };
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
    rewriteHeaders: (received) => {
      const kept = { ...received };
      for (const name of DROPPED_RESPONSE_HEADERS) delete kept[name];
      return kept;
    },
    onError: (errorReply, { error }) => {
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

  app.route({
    method: [...ALL_METHODS],
    url: '/api/ds/*',
    exposeHeadRoute: false,
    compress: false,
    decompress: false,
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
      if (method === 'POST' && !isSameOrigin(request.headers)) {
        return sendGatewayError(reply, 403, 'POST is accepted only from the app itself', target.name);
      }
      const raw = checkRawPath(target.path);
      if (!raw.ok) return sendGatewayError(reply, 400, raw.message, target.name);
      const type = entry.kind === 'proxied' ? entry.config.type : entry.datasource.type;
      const allowed = checkAllowedPath(type, method, target.path);
      if (!allowed.ok) return sendGatewayError(reply, allowed.status, allowed.message, target.name);
      return entry.kind === 'proxied'
        ? proxy(request, reply, entry.config, method, target)
        : answerInProcess(request, reply, entry.datasource, method, target);
    },
  });
}

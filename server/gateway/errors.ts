import type { FastifyReply } from 'fastify';
import { GATEWAY_ERROR_HEADER, type GatewayErrorBody } from '../../src/contracts/gateway-error.ts';

/** Sends one of the gateway's own errors, marked so the UI can tell it from an upstream answer. */
export function sendGatewayError(
  reply: FastifyReply,
  status: number,
  message: string,
  datasource: string | null,
): FastifyReply {
  const body: GatewayErrorBody = { error: { status, message, datasource } };
  return reply
    .code(status)
    .header(GATEWAY_ERROR_HEADER, 'error')
    .header('cache-control', 'no-store')
    .type('application/json; charset=utf-8')
    .send(JSON.stringify(body));
}

// Concurrent large bodies: the bytes held at once are bounded over both ports; past the bound a
// request is answered 503 with Retry-After before its body is read, and the budget comes back.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { GATEWAY_ERROR_HEADER } from '../src/contracts/gateway-error.ts';
import { createApp } from './app.ts';
import { BodyBudget } from './body-budget.ts';
import { validateConfig } from './config/validate.ts';
import { type RunningReceiver, startReceiver } from './embedded/receiver.ts';
import { startLoopback } from './testing/loopback.ts';

const MB = 1024 * 1024;

interface Sent {
  status: number;
  retryAfter: string | undefined;
  gatewayError: boolean;
}

/**
 * Starts a POST and sends the first `firstBytes` of its body; `finish()` sends the rest. Without
 * `declare` the body goes chunked, its size unknown to the server until it arrives.
 */
function startUpload(
  port: number,
  path: string,
  body: Buffer,
  headers: Record<string, string>,
  declare: boolean,
): { answer: Promise<Sent>; finish(): void } {
  const req = http.request({
    host: '127.0.0.1',
    port,
    path,
    method: 'POST',
    headers: { ...headers, ...(declare ? { 'content-length': String(body.length) } : {}) },
  });
  const answer = new Promise<Sent>((resolve, reject) => {
    req.on('response', (res) => {
      res.resume();
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          retryAfter: res.headers['retry-after'] as string | undefined,
          gatewayError: res.headers[GATEWAY_ERROR_HEADER] === 'error',
        }),
      );
    });
    // A server that refuses a body early may close before the rest is written.
    req.on('error', (error) => (req.writableEnded ? undefined : reject(error)));
  });
  req.write(body.subarray(0, 64 * 1024));
  return {
    answer,
    finish: () => {
      if (!req.destroyed) req.end(body.subarray(64 * 1024));
    },
  };
}

function otlpJsonOfSize(bytes: number): Buffer {
  const head = '{"resourceSpans":[{"resource":{"attributes":[{"key":"pad","value":{"stringValue":"';
  const tail = '"}}]},"scopeSpans":[]}]}';
  return Buffer.from(head + 'x'.repeat(bytes - head.length - tail.length) + tail);
}

describe('request-body bytes in flight', () => {
  let receiver: RunningReceiver | undefined;
  let app: FastifyInstance | undefined;
  afterEach(async () => {
    await receiver?.close();
    await app?.close();
    receiver = undefined;
    app = undefined;
  });

  it('refuses OTLP bodies past the budget with 503 and Retry-After, and takes them again once it is free', async () => {
    const budget = new BodyBudget(10 * MB);
    receiver = await startReceiver('127.0.0.1', 0, {
      maxBodyBytes: 8 * MB,
      accept: () => {},
      bodyBudget: budget,
    });
    const body = otlpJsonOfSize(4 * MB);
    const json = { 'content-type': 'application/json' };
    const uploads = Array.from({ length: 4 }, () =>
      startUpload(receiver!.port, '/v1/traces', body, json, true),
    );
    // Two 4 MB bodies fit in 10 MB; the other two are refused on their headers, before their bodies.
    const refused = await Promise.all([uploads[2].answer, uploads[3].answer]);
    expect(refused.map((r) => r.status)).toEqual([503, 503]);
    expect(refused.map((r) => r.retryAfter)).toEqual(['1', '1']);
    expect(budget.inFlight).toBe(8 * MB);
    uploads[0].finish();
    uploads[1].finish();
    const accepted = await Promise.all([uploads[0].answer, uploads[1].answer]);
    expect(accepted.map((r) => r.status)).toEqual([200, 200]);
    expect(budget.inFlight).toBe(0);
    const again = startUpload(receiver.port, '/v1/traces', body, json, true);
    again.finish();
    expect((await again.answer).status).toBe(200);
  });

  it('counts a chunked OTLP body as it arrives and stops it when the budget runs out', async () => {
    const budget = new BodyBudget(6 * MB);
    receiver = await startReceiver('127.0.0.1', 0, {
      maxBodyBytes: 16 * MB,
      accept: () => {},
      bodyBudget: budget,
    });
    const json = { 'content-type': 'application/json' };
    const holding = startUpload(receiver.port, '/v1/traces', otlpJsonOfSize(4 * MB), json, true);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const chunked = startUpload(receiver.port, '/v1/traces', otlpJsonOfSize(3 * MB), json, false);
    chunked.finish();
    const refused = await chunked.answer;
    expect(refused).toMatchObject({ status: 503, retryAfter: '1' });
    holding.finish();
    expect((await holding.answer).status).toBe(200);
    expect(budget.inFlight).toBe(0);
  });

  it('shares the budget with the gateway: a POST past it is a marked 503 with Retry-After', async () => {
    const upstream = await startLoopback((req, res) => {
      req.resume();
      req.on('end', () => res.end('{"status":"success","data":{"resultType":"streams","result":[]}}'));
    });
    const budget = new BodyBudget(1.5 * MB);
    const config = validateConfig(
      { datasources: [{ name: 'loki', type: 'loki', url: upstream.origin }] },
      'budget.yaml',
    );
    app = await createApp({ config, distDir: null, log: () => {}, bodyBudget: budget });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const port = (app.server.address() as AddressInfo).port;
    const form = Buffer.from(`query=${'x'.repeat(900 * 1024)}`);
    const headers = {
      'content-type': 'application/x-www-form-urlencoded',
      origin: `http://127.0.0.1:${port}`,
      'sec-fetch-site': 'same-origin',
    };
    const first = startUpload(port, '/api/ds/loki/loki/api/v1/query_range', form, headers, true);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = startUpload(port, '/api/ds/loki/loki/api/v1/query_range', form, headers, true);
    expect(await second.answer).toEqual({ status: 503, retryAfter: '1', gatewayError: true });
    first.finish();
    expect((await first.answer).status).toBe(200);
    expect(budget.inFlight).toBe(0);
    await upstream.close();
  });
});

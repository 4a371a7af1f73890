// Runs adversarial/gateway/cases.json: forged requests and hostile upstreams (raw HTTP answers from
// files, trickled or cut off by a real TCP server on 127.0.0.1) against the real app. Prints
// tried / refused cleanly / served safely / crashed.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GATEWAY_ERROR_HEADER } from '../../src/contracts/gateway-error.ts';
import { createApp } from '../app.ts';
import { validateConfig } from '../config/validate.ts';
import { contentSecurityPolicy } from '../security.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dir = path.join(root, 'adversarial/gateway');

interface Case {
  name: string;
  app?: 'default' | 'proxied';
  /** A file in responses/, "silent" (never answers) or "none" (no upstream involved). */
  upstream: string;
  trickle?: { chunk: string; everyMs: number; count: number };
  request: { method?: string; path: string; headers?: Record<string, string>; body?: string };
  expect: {
    status?: number;
    statusIn?: number[];
    gatewayError?: boolean;
    datasource?: string;
    absentHeaders?: string[];
    ourSecurityHeaders?: boolean;
    cspIncludes?: string[];
    bodyExcludes?: string[];
    incomplete?: boolean;
    maxMs?: number;
    upstreamHit?: boolean;
    upstreamPath?: string;
    outcome: 'refused' | 'served';
  };
}

const manifest = JSON.parse(readFileSync(path.join(dir, 'cases.json'), 'utf8')) as { cases: Case[] };

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  complete: boolean;
  ms: number;
}

/** Sends exactly the given path and headers; an answer cut off mid-body resolves with complete: false. */
function send(port: number, request: Case['request']): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: request.path,
        method: request.method ?? 'GET',
        headers: request.headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let ended = false;
        const finish = () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
            complete: ended,
            ms: performance.now() - started,
          });
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          ended = true;
        });
        res.on('error', () => {});
        res.on('close', finish);
      },
    );
    req.setTimeout(10_000, () => req.destroy(new Error('no answer within 10 s')));
    req.on('error', reject);
    req.end(request.body);
  });
}

describe('adversarial gateway cases (adversarial/gateway/cases.json)', () => {
  const hits: string[] = [];
  const sockets = new Set<net.Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const byUpstreamPath = new Map<string, Case>();
  const tally = { tried: 0, refused: 0, served: 0, crashed: 0, wrong: 0 };
  let upstream: net.Server;
  const apps: Record<'default' | 'proxied', FastifyInstance | undefined> = {
    default: undefined,
    proxied: undefined,
  };
  const ports: Record<'default' | 'proxied', number> = { default: 0, proxied: 0 };

  function answerAsUpstream(socket: net.Socket, requestPath: string): void {
    const found = byUpstreamPath.get(requestPath);
    const which = found?.upstream && found.upstream !== 'none' ? found.upstream : 'responses/ok.http';
    if (which === 'silent') return;
    socket.write(readFileSync(path.join(dir, which)));
    if (found?.trickle) {
      let sent = 0;
      const { chunk, everyMs, count } = found.trickle;
      const timer = setInterval(() => {
        if (sent++ >= count || socket.destroyed) {
          clearInterval(timer);
          socket.end('0\r\n\r\n');
          return;
        }
        socket.write(`${Buffer.byteLength(chunk).toString(16)}\r\n${chunk}\r\n`);
      }, everyMs);
      timers.add(timer);
      return;
    }
    const raw = readFileSync(path.join(dir, which), 'latin1');
    const declared = /content-length:\s*(\d+)/i.exec(raw);
    const bodyAt = raw.indexOf('\r\n\r\n');
    const cut = bodyAt === -1 || (declared && raw.length - bodyAt - 4 < Number(declared[1]));
    if (cut) socket.destroy();
  }

  beforeAll(async () => {
    upstream = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {});
      let head = '';
      socket.on('data', (data) => {
        head += data.toString('latin1');
        const end = head.indexOf('\r\n\r\n');
        if (end === -1) return;
        const requestPath = head.split(' ')[1] ?? '/';
        hits.push(requestPath);
        head = '';
        answerAsUpstream(socket, requestPath);
      });
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const upstreamOrigin = `http://127.0.0.1:${(upstream.address() as net.AddressInfo).port}`;
    for (const c of manifest.cases) {
      const match = /^\/api\/ds\/[a-z0-9-]+(\/.*)$/.exec(c.request.path);
      if (match) byUpstreamPath.set(match[1], c);
    }
    const datasources = [
      { name: 'hostile', type: 'tempo', url: upstreamOrigin, timeoutSeconds: 1 },
      { name: 'loki', type: 'loki', url: upstreamOrigin, timeoutSeconds: 1 },
      { name: 'prom', type: 'prometheus', url: upstreamOrigin, timeoutSeconds: 1 },
    ];
    const servers = {
      default: {},
      proxied: { trustProxy: true, allowedHosts: ['tracelight.example.com'] },
    };
    for (const key of ['default', 'proxied'] as const) {
      const config = validateConfig({ server: servers[key], datasources }, 'adversarial.yaml');
      const app = await createApp({ config, distDir: null, log: () => {} });
      await app.listen({ host: '127.0.0.1', port: 0 });
      apps[key] = app;
      ports[key] = (app.server.address() as net.AddressInfo).port;
    }
  });

  afterAll(async () => {
    for (const timer of timers) clearInterval(timer);
    for (const socket of sockets) socket.destroy();
    await Promise.all([apps.default?.close(), apps.proxied?.close()]);
    await new Promise<void>((resolve) => upstream.close(() => resolve()));
    process.stdout.write(
      `gateway adversarial: ${tally.tried} tried, ${tally.refused} refused cleanly, ${tally.served} served safely, ${tally.crashed} crashed, ${tally.wrong} not as expected\n`,
    );
  });

  it.each(manifest.cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    tally.tried += 1;
    const port = ports[c.app ?? 'default'];
    hits.length = 0;
    let answer: Answer;
    try {
      answer = await send(port, c.request);
    } catch (error) {
      tally.crashed += 1;
      throw error;
    }
    const health = await send(port, { path: '/healthz' }).catch(() => undefined);
    if (
      health?.status !== 200 ||
      (answer.status >= 500 && answer.status !== 502 && answer.status !== 503 && answer.status !== 504)
    ) {
      tally.crashed += 1;
    }
    const e = c.expect;
    try {
      if (e.status !== undefined) expect(answer.status).toBe(e.status);
      if (e.statusIn !== undefined) expect(e.statusIn).toContain(answer.status);
      if (e.gatewayError) {
        expect(answer.headers[GATEWAY_ERROR_HEADER]).toBe('error');
        const body = JSON.parse(answer.body) as { error: { datasource: string | null; message: string } };
        if (e.datasource !== undefined) {
          expect(body.error.datasource).toBe(e.datasource);
          expect(body.error.message).toContain(e.datasource);
        }
      }
      for (const name of e.absentHeaders ?? []) expect(answer.headers[name], name).toBeUndefined();
      if (e.ourSecurityHeaders) {
        expect(answer.headers['content-security-policy']).toContain(contentSecurityPolicy([]));
        expect(answer.headers['x-content-type-options']).toBe('nosniff');
      }
      for (const part of e.cspIncludes ?? [])
        expect(answer.headers['content-security-policy']).toContain(part);
      for (const text of e.bodyExcludes ?? []) expect(answer.body).not.toContain(text);
      if (e.incomplete) expect(answer.complete).toBe(false);
      if (e.maxMs !== undefined) expect(answer.ms).toBeLessThan(e.maxMs);
      if (e.upstreamHit === false) expect(hits).toEqual([]);
      if (e.upstreamHit === true) expect(hits.length).toBeGreaterThan(0);
      if (e.upstreamPath !== undefined) expect(hits).toContain(e.upstreamPath);
    } catch (error) {
      tally.wrong += 1;
      throw error;
    }
    if (e.outcome === 'refused') tally.refused += 1;
    else tally.served += 1;
  });
});

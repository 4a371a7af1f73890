// Datadog intake: the receiver answers a Datadog tracer as its agent would (`PUT /v0.4/traces` and
// `/v0.5/traces`, msgpack or JSON) and stores the spans like OTLP spans. A real tracer (dd-trace, in
// its own process, DD_TRACE_AGENT_URL pointed at the receiver) sends a trace that is then read back
// through the Tempo API; the recorded dd-trace-py payloads read back as the files show them.

import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeTrace } from '../../src/formats/index.ts';
import type { Trace } from '../../src/model/types.ts';
import type { InProcessRequest } from '../gateway/in-process.ts';
import { createEmbedded, type EmbeddedInstance } from './index.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const FIXTURES = path.resolve(HERE, '../../../shared/fixtures/datadog');
const APP = path.join(HERE, 'testing', 'dd-trace-app.cjs');

let backend: EmbeddedInstance | undefined;
afterEach(async () => {
  await backend?.close();
  backend = undefined;
});

async function start(): Promise<EmbeddedInstance> {
  backend = await createEmbedded({ otlpPort: 'ephemeral', demo: false });
  return backend;
}

function get(p: string): InProcessRequest {
  return {
    method: 'GET',
    path: p,
    query: new URLSearchParams(),
    headers: {},
    signal: new AbortController().signal,
  };
}

async function readBack(traceId: string): Promise<Trace> {
  const r = await backend?.tempo.handle(get(`/api/v2/traces/${traceId}`));
  expect(r?.status).toBe(200);
  const decoded = decodeTrace(String(r?.body));
  expect(decoded.traces).toHaveLength(1);
  return decoded.traces[0];
}

async function put(p: string, body: string | Uint8Array, contentType = 'application/json') {
  const res = await fetch(`http://127.0.0.1:${backend?.otlpPort}${p}`, {
    method: 'PUT',
    body: typeof body === 'string' ? body : new Uint8Array(body),
    headers: { 'content-type': contentType },
  });
  return { status: res.status, text: await res.text() };
}

interface AppIds {
  traceId: string;
  rootSpanId: string;
  dbSpanId: string;
}

/** Runs the dd-trace app against the receiver; resolves with its IDs once it has flushed and exited. */
function runTracedApp(protocolVersion: '0.4' | '0.5'): Promise<AppIds> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [APP], {
      env: {
        PATH: process.env.PATH ?? '',
        DD_TRACE_AGENT_URL: `http://127.0.0.1:${backend?.otlpPort}`,
        DD_TRACE_AGENT_PROTOCOL_VERSION: protocolVersion,
        DD_INSTRUMENTATION_TELEMETRY_ENABLED: 'false',
        DD_REMOTE_CONFIGURATION_ENABLED: 'false',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`dd-trace app exited ${code}: ${err}`));
      else resolve(JSON.parse(out.split('\n')[0]) as AppIds);
    });
  });
}

function rowOf(trace: Trace, spanId: string): number {
  for (let row = 0; row < trace.table.count; row++) if (trace.details.get(row).spanId === spanId) return row;
  return -1;
}

describe('a Datadog tracer (dd-trace) pointed at the receiver', () => {
  it.each(['0.4', '0.5'] as const)(
    'v%s: stores its trace, read back through the Tempo API with the resource, error and parent',
    { timeout: 30_000 },
    async (version) => {
      await start();
      const ids = await runTracedApp(version);
      const trace = await readBack(ids.traceId);
      expect(trace.traceId).toBe(ids.traceId);
      expect(trace.table.count).toBe(2);
      const t = trace.table;
      const root = rowOf(trace, ids.rootSpanId);
      const db = rowOf(trace, ids.dbSpanId);
      expect(t.parent[root]).toBe(-1);
      expect(t.parent[db]).toBe(root);
      // The resource is the operation shown; the Datadog service is the span's service.
      expect(t.strings[t.name[root]]).toBe('GET /cart');
      expect(t.strings[t.service[root]]).toBe('checkout');
      expect(t.strings[t.name[db]]).toBe('SELECT * FROM carts');
      expect(t.strings[t.service[db]]).toBe('checkout-db');
      expect(t.kind[root]).toBe(2);
      expect(t.kind[db]).toBe(3);
      expect(t.status[db]).toBe(2);
      expect(t.strings[t.statusMessage[db]]).toBe('relation "carts" does not exist');
      expect(t.status[root]).not.toBe(2);
      const details = trace.details.get(db);
      expect(details.events.map((e) => e.name)).toContain('exception');
    },
  );
});

describe('PUT /v0.4/traces with recorded dd-trace-py payloads', () => {
  const files = readdirSync(FIXTURES).filter((f) => f.startsWith('ddtracepy_') || f.startsWith('veneur_'));
  it.each(files)('%s: read back as the file shows it', async (file) => {
    await start();
    const text = readFileSync(path.join(FIXTURES, file), 'utf8');
    const fromFile = decodeTrace(text);
    expect(fromFile.traces.length).toBeGreaterThan(0);
    const res = await put('/v0.4/traces', text);
    // The test agent renumbered trace IDs from 0: a trace whose ID is all zero (no _dd.p.tid) cannot
    // be stored (OTLP has no such trace), the others are.
    const storable = fromFile.traces.filter((t) => !/^0+$/.test(t.traceId));
    if (storable.length === 0) {
      expect(res.status).toBe(400);
      expect(res.text).toMatch(/^nothing stored; first problem: .*traceId: missing, invalid or all zero/);
      expect(backend?.store.size).toBe(0);
      return;
    }
    expect(res).toEqual({ status: 200, text: '{"rate_by_service":{}}' });
    for (const trace of storable) {
      const stored = await readBack(trace.traceId);
      expect(stored.table.count).toBe(trace.table.count);
      for (let row = 0; row < trace.table.count; row++) {
        const want = trace.details.get(row);
        const got = stored.details.get(rowOf(stored, want.spanId));
        expect({ ...got, row: 0, start: 0 }).toEqual({ ...want, row: 0, start: 0 });
      }
    }
  });
});

describe('Datadog intake answers', () => {
  it('answers 400 for a payload it cannot read, 405 for GET, and stores nothing', async () => {
    await start();
    expect((await put('/v0.4/traces', new Uint8Array([0xc1]), 'application/msgpack')).status).toBe(400);
    expect((await put('/v0.4/traces', '{"not":"traces"}')).status).toBe(400);
    const got = await fetch(`http://127.0.0.1:${backend?.otlpPort}/v0.4/traces`);
    expect(got.status).toBe(405);
    expect(backend?.store.size).toBe(0);
    expect(await put('/v0.4/traces', '[]')).toEqual({ status: 200, text: '{"rate_by_service":{}}' });
  });
});

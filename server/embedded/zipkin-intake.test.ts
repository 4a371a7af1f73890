// Zipkin senders: spans posted to the receiver's `POST /api/v2/spans` are stored like OTLP spans. A
// real Zipkin tracer (`zipkin` + `zipkin-transport-http`) reports a call across two services whose
// server half shares the client's span ID; the trace read back through the Tempo API draws the same
// tree as the posted payload opened as a file (the SERVER half under the CLIENT half, the server's
// own children under the server half). The recorded Zipkin fixtures go the same way.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import protobuf from 'protobufjs';
import { afterEach, describe, expect, it } from 'vitest';
import { BatchRecorder, ExplicitContext, Instrumentation, jsonEncoder, option, Tracer } from 'zipkin';
import { HttpLogger } from 'zipkin-transport-http';
import { decodeTrace } from '../../src/formats/index.ts';
import type { Trace } from '../../src/model/types.ts';
import type { InProcessRequest } from '../gateway/in-process.ts';
import { createEmbedded, type EmbeddedInstance } from './index.ts';

const FIXTURES = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../shared/fixtures/zipkin',
);

/** What the transport does that its types leave out: send the queue now, and say how it went. */
interface ReporterRuntime {
  fetchImplementation: unknown;
  processQueue(fetchImplementation: unknown): void;
  on(event: 'success' | 'error', listener: (value: unknown) => void): void;
}

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

async function postSpans(body: string | Uint8Array, headers: Record<string, string> = {}) {
  const res = await fetch(`http://127.0.0.1:${backend?.otlpPort}/api/v2/spans`, {
    method: 'POST',
    body: typeof body === 'string' ? body : new Uint8Array(body),
    headers: { 'content-type': 'application/json', ...headers },
  });
  return { status: res.status, text: await res.text() };
}

/** The trace as the app would get it from the embedded Tempo API, decoded by the one wire layer. */
async function readBack(traceId: string): Promise<Trace> {
  const r = await backend?.tempo.handle(get(`/api/v2/traces/${traceId}`));
  expect(r?.status).toBe(200);
  const decoded = decodeTrace(String(r?.body));
  expect(decoded.error).toBeUndefined();
  expect(decoded.traces).toHaveLength(1);
  return decoded.traces[0];
}

/** Each span as `service name kind ← parent's service name kind`, plus its status and flags, sorted. */
function shape(trace: Trace): string[] {
  const t = trace.table;
  const label = (row: number) =>
    `${t.strings[t.service[row]]} ${t.strings[t.name[row]]} ${t.kind[row]} ${trace.details.get(row).spanId}`;
  const rows: string[] = [];
  for (let row = 0; row < t.count; row++) {
    const parent = t.parent[row];
    rows.push(
      `${label(row)} ← ${parent < 0 ? 'root' : label(parent)} | status ${t.status[row]} ${t.strings[t.statusMessage[row]]} | flags ${t.flags[row]} | ${t.start[row]}+${t.duration[row]}`,
    );
  }
  return rows.sort();
}

/** Each span's attributes, resource attributes and events, as the details panel reads them. */
function details(trace: Trace): string[] {
  const out: string[] = [];
  for (let row = 0; row < trace.table.count; row++) {
    const d = trace.details.get(row);
    const attrs = (list: { key: string; value: unknown }[]) =>
      list.map((a) => `${a.key}=${JSON.stringify(a.value)}`).sort();
    out.push(
      JSON.stringify({
        span: d.spanId,
        kind: d.kind,
        attributes: attrs(d.attributes),
        resource: attrs(d.resource.attributes),
        events: d.events.map((e) => `${e.time} ${e.name}`),
        start: d.startUnixNano,
      }),
    );
  }
  return out.sort();
}

describe('POST /api/v2/spans from a real Zipkin tracer', () => {
  it('stores a call across two services with a shared span ID and reads back the tree the file shows', async () => {
    await start();
    const posted: string[] = [];
    const statuses: number[] = [];
    const logger = new HttpLogger({
      endpoint: `http://127.0.0.1:${backend?.otlpPort}/api/v2/spans`,
      jsonEncoder: jsonEncoder.JSON_V2,
      httpInterval: 3_600_000,
      // Not in the package's types: the transport posts through this, so the test sees each body.
      ...({
        fetchImplementation: async (url: string, init: RequestInit) => {
          posted.push(String(init.body));
          const res = await fetch(url, init);
          statuses.push(res.status);
          return res;
        },
      } as object),
    }) as HttpLogger & ReporterRuntime;
    // Two processes, two recorders, one transport.
    const tracer = (localServiceName: string) =>
      new Tracer({
        ctxImpl: new ExplicitContext(),
        recorder: new BatchRecorder({ logger }),
        localServiceName,
      });
    const frontend = tracer('frontend');
    const inventory = tracer('inventory');

    // frontend: GET /checkout (SERVER, root) → GET /stock (CLIENT) → inventory joins (SERVER, shared ID)
    // → its own SELECT (CLIENT) to the database, which fails.
    const entry = new Instrumentation.HttpServer({ tracer: frontend, port: 8080 });
    const rootId = entry.recordRequest('GET', 'http://shop/checkout', () => option.None);
    const client = new Instrumentation.HttpClient({ tracer: frontend, remoteServiceName: 'inventory' });
    const sent = client.recordRequest(
      { headers: {} as Record<string, string> },
      'http://inventory/stock',
      'GET',
    );
    const callId = frontend.id;
    const server = new Instrumentation.HttpServer({ tracer: inventory, port: 9000 });
    const header = <T>(name: string): option.IOption<T> =>
      name in sent.headers ? new option.Some(sent.headers[name] as T) : option.None;
    const joined = server.recordRequest('GET', 'http://inventory/stock', header);
    expect(joined.spanId).toBe(callId.spanId);
    const db = new Instrumentation.HttpClient({ tracer: inventory, remoteServiceName: 'postgres' });
    inventory.setId(joined);
    db.recordRequest({}, 'http://postgres/select', 'SELECT');
    const dbId = inventory.id;
    db.recordResponse(dbId, '500');
    server.recordResponse(joined, '200');
    client.recordResponse(callId, '200');
    entry.recordResponse(rootId, '200');

    const answered = new Promise<void>((resolve, reject) => {
      logger.on('success', () => resolve());
      logger.on('error', reject);
    });
    logger.processQueue(logger.fetchImplementation);
    await answered;
    expect(statuses).toEqual([202]);

    const traceId = rootId.traceId;
    const fromFile = decodeTrace(posted[0]);
    expect(fromFile.traces[0].format).toBe('zipkin-v2-json');
    const file = fromFile.traces[0];
    const stored = await readBack(traceId);
    expect(stored.table.count).toBe(4);
    expect(shape(stored)).toEqual(shape(file));
    expect(details(stored)).toEqual(details(file));

    // The tree itself, as a user sees it: the inventory SERVER half under the frontend CLIENT half,
    // the failing SELECT under the inventory half.
    const t = stored.table;
    const row = (service: string, kind: number) =>
      [...Array(t.count).keys()].find((r) => t.strings[t.service[r]] === service && t.kind[r] === kind) ?? -1;
    const inventoryServer = row('inventory', 2);
    const frontendClient = row('frontend', 3);
    const select = row('inventory', 3);
    expect(t.parent[inventoryServer]).toBe(frontendClient);
    expect(t.parent[select]).toBe(inventoryServer);
    expect(t.status[select]).toBe(2);
    expect(t.strings[t.statusMessage[select]]).toBe('500');
  });
});

describe('POST /api/v2/spans with recorded payloads', () => {
  const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.json'));
  it.each(files)('%s: every span is stored, and each trace reads back as the file shows it', async (file) => {
    await start();
    const text = readFileSync(path.join(FIXTURES, file), 'utf8');
    const res = await postSpans(text);
    expect(res).toEqual({ status: 202, text: '' });
    const fromFile = decodeTrace(text);
    expect(fromFile.traces.length).toBeGreaterThan(0);
    for (const trace of fromFile.traces) {
      const stored = await readBack(trace.traceId);
      expect(stored.table.count).toBe(trace.table.count);
      expect(shape(stored)).toEqual(shape(trace));
      expect(details(stored)).toEqual(details(trace));
    }
  });
});

// zipkin.proto3's messages (openzipkin/zipkin-api zipkin.proto), for protobufjs to encode with.
const ZIPKIN_PROTO = `syntax = "proto3";
package zipkin.proto3;
message Span {
  bytes trace_id = 1; bytes parent_id = 2; bytes id = 3;
  enum Kind { SPAN_KIND_UNSPECIFIED = 0; CLIENT = 1; SERVER = 2; PRODUCER = 3; CONSUMER = 4; }
  Kind kind = 4; string name = 5; fixed64 timestamp = 6; uint64 duration = 7;
  Endpoint local_endpoint = 8; Endpoint remote_endpoint = 9;
  repeated Annotation annotations = 10; map<string, string> tags = 11; bool debug = 12; bool shared = 13;
}
message Endpoint { string service_name = 1; bytes ipv4 = 2; bytes ipv6 = 3; int32 port = 4; }
message Annotation { fixed64 timestamp = 1; string value = 2; }
message ListOfSpans { repeated Span spans = 1; }`;

type Json = Record<string, unknown>;

/** `::1`, `2001:db8::c001` as 16 bytes. */
function ipv6Bytes(text: string): Uint8Array {
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const groups = (part: string | undefined) =>
    part ? part.split(':').map((g) => Number.parseInt(g, 16)) : [];
  const h = groups(head);
  const t = groups(tail);
  const all = [...h, ...Array(8 - h.length - t.length).fill(0), ...t];
  return Uint8Array.from(all.flatMap((g) => [g >> 8, g & 255]));
}

/** A Zipkin JSON v2 span as protobufjs's object for zipkin.proto3.Span. */
function protoSpan(s: Json): Json {
  const bytes = (hex: unknown) => (typeof hex === 'string' ? Buffer.from(hex, 'hex') : undefined);
  const endpoint = (e: unknown) => {
    if (typeof e !== 'object' || e === null) return undefined;
    const x = e as Json;
    return {
      serviceName: x.serviceName,
      ipv4: typeof x.ipv4 === 'string' ? Uint8Array.from(x.ipv4.split('.').map(Number)) : undefined,
      ipv6: typeof x.ipv6 === 'string' ? ipv6Bytes(x.ipv6) : undefined,
      port: x.port,
    };
  };
  return {
    traceId: bytes(s.traceId),
    parentId: bytes(s.parentId),
    id: bytes(s.id),
    kind: s.kind,
    name: s.name,
    timestamp: s.timestamp,
    duration: s.duration,
    localEndpoint: endpoint(s.localEndpoint),
    remoteEndpoint: endpoint(s.remoteEndpoint),
    annotations: s.annotations,
    tags: s.tags,
    shared: s.shared,
  };
}

describe('POST /api/v2/spans as proto3 (application/x-protobuf)', () => {
  const ListOfSpans = protobuf.parse(ZIPKIN_PROTO).root.lookupType('zipkin.proto3.ListOfSpans');
  const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.json'));
  it.each(files)('%s encoded as proto3 is stored as the same spans as its JSON', async (file) => {
    const text = readFileSync(path.join(FIXTURES, file), 'utf8');
    const spans = (JSON.parse(text) as unknown[]).flat() as Json[];
    const message = ListOfSpans.encode(ListOfSpans.fromObject({ spans: spans.map(protoSpan) })).finish();
    await start();
    const res = await postSpans(message, { 'content-type': 'application/x-protobuf' });
    expect(res).toEqual({ status: 202, text: '' });
    for (const trace of decodeTrace(text).traces) {
      const stored = await readBack(trace.traceId);
      expect(shape(stored)).toEqual(shape(trace));
      expect(details(stored)).toEqual(details(trace));
    }
  });

  it('answers 400 for bytes that are not a ListOfSpans, storing nothing', async () => {
    await start();
    const res = await postSpans(new Uint8Array([0x0a, 0x05, 0x01]), {
      'content-type': 'application/x-protobuf',
    });
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/^invalid Zipkin proto3 ListOfSpans: /);
    expect(backend?.store.size).toBe(0);
  });
});

describe('POST /api/v2/spans answers', () => {
  const span = (id: string, extra: object = {}) => ({
    traceId: '5af7183fb1d4cf5f',
    id,
    name: 'get',
    timestamp: 1_700_000_000_000_000,
    duration: 1500,
    localEndpoint: { serviceName: 'svc' },
    ...extra,
  });

  it('takes gzip and answers 202 with the refused spans named when some are refused', async () => {
    await start();
    const body = JSON.stringify([span('0000000000000001'), span('not-an-id'), 7]);
    const res = await postSpans(gzipSync(body), { 'content-encoding': 'gzip' });
    expect(res.status).toBe(202);
    expect(res.text).toMatch(/^2 spans refused; first: \[1\]\.spanId: "not-an-id" is neither hex nor base64/);
    const stored = await readBack('5af7183fb1d4cf5f');
    expect(stored.table.count).toBe(1);
  });

  it('answers 400 when nothing can be stored, and 415 for Thrift, storing nothing', async () => {
    await start();
    expect((await postSpans('{"traceId":"1"}')).status).toBe(400);
    expect((await postSpans('[{')).text).toMatch(/^invalid JSON/);
    const none = await postSpans(JSON.stringify([span('', { traceId: '' })]));
    expect(none.status).toBe(400);
    expect(none.text).toMatch(/^1 span refused, none accepted; first: \[0\]\.traceId/);
    expect((await postSpans('[]', { 'content-type': 'application/x-thrift' })).status).toBe(415);
    // Lists nested deeper than a list of traces are not Zipkin: refused, not a stack overflow.
    const deep = await postSpans(`${'['.repeat(20_000)}${']'.repeat(20_000)}`);
    expect(deep.status).toBe(400);
    expect(deep.text).toMatch(
      /^1 span refused, none accepted; first: zipkin: \[0\]\[0\]: expected a span object, got an array/,
    );
    expect(backend?.store.size).toBe(0);
    expect(await postSpans('[]')).toEqual({ status: 202, text: '' });
  });
});

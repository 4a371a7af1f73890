// Deterministic trace generator for benchmarks and tests: realistic mixed shapes (random tree, ~8
// attributes per span, events on 10%, children overflowing their parent on 3%, 24 services) and the
// degenerate shapes (a chain, one parent with many children, sequential siblings). Encoders produce OTLP
// JSON (hex IDs, numeric enums), Tempo JSON (base64 IDs, enum names) and OTLP protobuf.

import { SPAN_KIND_NAMES, STATUS_CODE_NAMES } from '../server/embedded/otlp/types.ts';
import { WireType } from '../src/formats/protobuf-wire.ts';
import { WireWriter } from '../src/formats/protobuf-writer.ts';
import { bytesToBase64, hexToBytes } from '../src/model/ids.ts';
import { seededRandom } from '../src/model/seeded-random.ts';

export type TraceShape = 'mixed' | 'chain' | 'wide' | 'sequential';

export type OtlpAnyValue =
  | { stringValue: string }
  | { intValue: string }
  | { doubleValue: number }
  | { boolValue: boolean }
  | { arrayValue: { values: OtlpAnyValue[] } };

export interface OtlpKeyValue {
  key: string;
  value: OtlpAnyValue;
}

export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: OtlpKeyValue[];
  events?: { timeUnixNano: string; name: string; attributes: OtlpKeyValue[] }[];
  links?: { traceId: string; spanId: string; attributes: OtlpKeyValue[] }[];
  status?: { code: number; message?: string };
}

export interface OtlpResourceSpans {
  resource: { attributes: OtlpKeyValue[] };
  scopeSpans: { scope: { name: string; version: string }; spans: OtlpSpan[] }[];
}

export interface OtlpTracesData {
  resourceSpans: OtlpResourceSpans[];
}

const TRACE_START = 1_795_300_496_000_000_000n;
const SERVICES = [
  'frontend',
  'checkout',
  'cart',
  'payment',
  'fraud-check',
  'inventory',
  'shipping',
  'email',
  'recommendation',
  'ad',
  'currency',
  'quote',
  'accounting',
  'auth',
  'search',
  'catalog',
  'pricing',
  'loyalty',
  'notification',
  'gateway',
  'session',
  'media',
  'reviews',
  'analytics',
];
const OPERATIONS = [
  'GET /api/items',
  'POST /api/orders',
  'SELECT items',
  'publish order',
  'consume order',
  'Render',
  'grpc.Charge',
  'cache.get',
];

function randomHex(random: () => number, bytes: number): string {
  let s = '';
  for (let i = 0; i < bytes; i++)
    s += Math.floor(random() * 256)
      .toString(16)
      .padStart(2, '0');
  return s;
}

/** The tree and timing of a generated trace, in typed arrays (cheap even at 1M spans). */
export interface Skeleton {
  traceId: string;
  count: number;
  parent: Int32Array;
  /** ns from TRACE_START. */
  start: Float64Array;
  duration: Float64Array;
  service: Uint8Array;
  spanIds: string[];
}

export function generateSkeleton(shape: TraceShape, count: number, seed: number): Skeleton {
  const random = seededRandom(seed);
  const traceId = randomHex(random, 16);
  const parent = new Int32Array(count).fill(-1);
  const start = new Float64Array(count);
  const duration = new Float64Array(count);
  const service = new Uint8Array(count);
  const spanIds: string[] = new Array(count);
  const depth = new Uint16Array(count);
  const seen = new Set<string>();
  for (let i = 0; i < count; i++) {
    let id = randomHex(random, 8);
    while (seen.has(id) || id === '0000000000000000') id = randomHex(random, 8);
    seen.add(id);
    spanIds[i] = id;
  }
  duration[0] = shape === 'chain' ? count * 2_000 + 1e6 : 5e9;
  for (let i = 1; i < count; i++) {
    let p: number;
    if (shape === 'chain') p = i - 1;
    else if (shape === 'wide' || shape === 'sequential') p = 0;
    else if (random() < 0.35 && depth[i - 1] < 14) p = i - 1;
    else p = Math.max(0, i - 1 - Math.floor(random() * Math.min(i, 200)));
    parent[i] = p;
    depth[i] = depth[p] + 1;
    service[i] =
      shape === 'mixed'
        ? random() < 0.6
          ? service[p]
          : Math.floor(random() * SERVICES.length)
        : i % SERVICES.length;
    if (shape === 'chain') {
      start[i] = start[p] + 1_000;
      duration[i] = duration[p] - 2_000;
    } else if (shape === 'sequential') {
      const slot = duration[0] / (count - 1);
      start[i] = start[0] + (i - 1) * slot + slot * 0.05;
      duration[i] = slot * 0.9;
    } else {
      const offset = random() * duration[p] * 0.8;
      start[i] = start[p] + Math.floor(offset);
      duration[i] = Math.max(1, Math.floor((duration[p] - offset) * (0.2 + random() * 0.7)));
      if (shape === 'mixed' && random() < 0.03)
        duration[i] = Math.floor(duration[i] * 1.5 + duration[p] * 0.2);
    }
  }
  return { traceId, count, parent, start, duration, service, spanIds };
}

function spanOf(s: Skeleton, i: number, random: () => number): OtlpSpan {
  const svc = SERVICES[s.service[i]];
  const startNs = TRACE_START + BigInt(Math.floor(s.start[i]));
  const endNs = startNs + BigInt(Math.floor(s.duration[i]));
  const kind = i === 0 ? 2 : 1 + Math.floor(random() * 5);
  const status = random() < 0.02 ? 2 : 0;
  const span: OtlpSpan = {
    traceId: s.traceId,
    spanId: s.spanIds[i],
    name: OPERATIONS[Math.floor(random() * OPERATIONS.length)],
    kind,
    startTimeUnixNano: startNs.toString(),
    endTimeUnixNano: endNs.toString(),
    attributes: [
      { key: 'http.request.method', value: { stringValue: random() < 0.7 ? 'GET' : 'POST' } },
      { key: 'http.route', value: { stringValue: `/api/${svc}/${Math.floor(random() * 20)}` } },
      { key: 'http.response.status_code', value: { intValue: String(status === 2 ? 500 : 200) } },
      { key: 'server.address', value: { stringValue: `${svc}.shop.svc` } },
      { key: 'user.id', value: { stringValue: `user-${Math.floor(random() * 100000)}` } },
      { key: 'cache.hit', value: { boolValue: random() < 0.5 } },
      { key: 'queue.load', value: { doubleValue: Math.round(random() * 1000) / 1000 } },
      { key: 'big.counter', value: { intValue: (9007199254740993n + BigInt(i)).toString() } },
    ],
  };
  if (s.parent[i] >= 0) span.parentSpanId = s.spanIds[s.parent[i]];
  if (status === 2) span.status = { code: 2, message: 'upstream returned 500' };
  else if (random() < 0.3) span.status = { code: 1 };
  if (random() < 0.1) {
    span.events = [
      {
        timeUnixNano: (startNs + BigInt(Math.floor(s.duration[i] / 2))).toString(),
        name: status === 2 ? 'exception' : 'cache.miss',
        attributes: [{ key: 'exception.message', value: { stringValue: 'connection reset by peer' } }],
      },
    ];
  }
  if (random() < 0.01 && i > 0) span.links = [{ traceId: s.traceId, spanId: s.spanIds[0], attributes: [] }];
  return span;
}

/** Resource spans one service at a time, so 1M spans can be encoded without holding every span object. */
export function* generateResourceSpans(s: Skeleton, seed: number): Generator<OtlpResourceSpans> {
  const byService: number[][] = SERVICES.map(() => []);
  for (let i = 0; i < s.count; i++) byService[s.service[i]].push(i);
  for (let svc = 0; svc < SERVICES.length; svc++) {
    const rows = byService[svc];
    if (rows.length === 0) continue;
    const random = seededRandom(seed * 31 + svc);
    yield {
      resource: {
        attributes: [
          { key: 'service.name', value: { stringValue: SERVICES[svc] } },
          { key: 'service.version', value: { stringValue: '1.4.2' } },
          { key: 'host.name', value: { stringValue: `node-${svc % 5}.cluster.local` } },
        ],
      },
      scopeSpans: [
        {
          scope: { name: `shop.${SERVICES[svc]}`, version: '1.4.2' },
          spans: rows.map((i) => spanOf(s, i, random)),
        },
      ],
    };
  }
}

/** A whole generated trace as an OTLP JSON object (hex IDs, numeric enums). */
export function generateTrace(shape: TraceShape, spanCount: number, seed: number): OtlpTracesData {
  const skeleton = generateSkeleton(shape, spanCount, seed);
  return { resourceSpans: [...generateResourceSpans(skeleton, seed)] };
}

function concat(chunks: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const c of chunks) n += c.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

/** OTLP JSON as bytes; works past V8's string limit because it encodes one resource at a time. */
export function encodeOtlpJsonBytes(resourceSpans: Iterable<OtlpResourceSpans>): Uint8Array {
  return encodeJsonEnvelope('{"resourceSpans":[', resourceSpans, (rs) => JSON.stringify(rs), ']}');
}

export function encodeOtlpJson(data: OtlpTracesData): string {
  return JSON.stringify(data);
}

const b64 = (hex: string) => bytesToBase64(hexToBytes(hex));

/** One resource in Tempo's JSON dialect: base64 IDs, enum names. */
function tempoResource(rs: OtlpResourceSpans): string {
  return JSON.stringify({
    resource: rs.resource,
    scopeSpans: rs.scopeSpans.map((ss) => ({
      scope: ss.scope,
      spans: ss.spans.map((sp) => ({
        ...sp,
        traceId: b64(sp.traceId),
        spanId: b64(sp.spanId),
        parentSpanId: sp.parentSpanId === undefined ? undefined : b64(sp.parentSpanId),
        kind: SPAN_KIND_NAMES[sp.kind],
        status: sp.status ? { ...sp.status, code: STATUS_CODE_NAMES[sp.status.code] } : {},
        links: sp.links?.map((l) => ({ ...l, traceId: b64(l.traceId), spanId: b64(l.spanId) })),
      })),
    })),
  });
}

/** Tempo's `/api/v2/traces/<id>` JSON body. */
export function encodeTempoJsonBytes(resourceSpans: Iterable<OtlpResourceSpans>): Uint8Array {
  return encodeJsonEnvelope('{"trace":{"resourceSpans":[', resourceSpans, tempoResource, ']},"metrics":{}}');
}

export function encodeTempoJson(data: OtlpTracesData): string {
  return `{"trace":{"resourceSpans":[${data.resourceSpans.map(tempoResource).join(',')}]},"metrics":{}}`;
}

function encodeJsonEnvelope<T>(
  head: string,
  items: Iterable<T>,
  encode: (item: T) => string,
  tail: string,
): Uint8Array {
  const encoder = new TextEncoder();
  const chunks: Uint8Array[] = [encoder.encode(head)];
  let first = true;
  for (const item of items) {
    if (!first) chunks.push(encoder.encode(','));
    first = false;
    chunks.push(encoder.encode(encode(item)));
  }
  chunks.push(encoder.encode(tail));
  return concat(chunks);
}

function writeAnyValue(w: WireWriter, field: number, v: OtlpAnyValue): void {
  const slot = w.beginMessage(field);
  if ('stringValue' in v) w.stringField(1, v.stringValue, true);
  else if ('boolValue' in v) w.boolField(2, v.boolValue);
  else if ('intValue' in v) {
    w.tag(3, WireType.Varint);
    w.int64(v.intValue);
  } else if ('doubleValue' in v) w.doubleField(4, v.doubleValue);
  else if ('arrayValue' in v) {
    const a = w.beginMessage(5);
    for (const x of v.arrayValue.values) writeAnyValue(w, 1, x);
    w.endMessage(a);
  }
  w.endMessage(slot);
}

function writeAttributes(w: WireWriter, field: number, attributes: OtlpKeyValue[]): void {
  for (const kv of attributes) {
    const k = w.beginMessage(field);
    w.stringField(1, kv.key, true);
    writeAnyValue(w, 2, kv.value);
    w.endMessage(k);
  }
}

function writeSpan(w: WireWriter, sp: OtlpSpan): void {
  const slot = w.beginMessage(2);
  w.bytesField(1, hexToBytes(sp.traceId), true);
  w.bytesField(2, hexToBytes(sp.spanId), true);
  if (sp.parentSpanId) w.bytesField(4, hexToBytes(sp.parentSpanId), true);
  w.stringField(5, sp.name, true);
  w.uintField(6, sp.kind);
  w.fixed64Field(7, BigInt(sp.startTimeUnixNano), true);
  w.fixed64Field(8, BigInt(sp.endTimeUnixNano), true);
  writeAttributes(w, 9, sp.attributes);
  for (const e of sp.events ?? []) {
    const ew = w.beginMessage(11);
    w.fixed64Field(1, BigInt(e.timeUnixNano), true);
    w.stringField(2, e.name, true);
    writeAttributes(w, 3, e.attributes);
    w.endMessage(ew);
  }
  for (const l of sp.links ?? []) {
    const lw = w.beginMessage(13);
    w.bytesField(1, hexToBytes(l.traceId), true);
    w.bytesField(2, hexToBytes(l.spanId), true);
    writeAttributes(w, 4, l.attributes);
    w.endMessage(lw);
  }
  if (sp.status) {
    const st = w.beginMessage(15);
    if (sp.status.message) w.stringField(2, sp.status.message, true);
    w.uintField(3, sp.status.code);
    w.endMessage(st);
  }
  w.endMessage(slot);
}

/** OTLP `TracesData` protobuf (also Tempo's v1 protobuf body). */
export function encodeOtlpProtobuf(resourceSpans: Iterable<OtlpResourceSpans>): Uint8Array {
  const w = new WireWriter(1 << 16);
  for (const rs of resourceSpans) {
    const r = w.beginMessage(1);
    const res = w.beginMessage(1);
    writeAttributes(w, 1, rs.resource.attributes);
    w.endMessage(res);
    for (const ss of rs.scopeSpans) {
      const s = w.beginMessage(2);
      const scope = w.beginMessage(1);
      w.stringField(1, ss.scope.name, true);
      w.stringField(2, ss.scope.version, true);
      w.endMessage(scope);
      for (const sp of ss.spans) writeSpan(w, sp);
      w.endMessage(s);
    }
    w.endMessage(r);
  }
  return w.finish();
}

// Deterministic demo traces for the first start: a small web shop of 14 services over the last
// hour, with the shapes an on-call engineer meets — errors with exceptions, slow queries, parallel
// fan-out, uninstrumented gaps (dark time), clock skew, a Kafka hop joined by a span link, an
// orphaned subtree, and two big batch traces (5,000 and 50,000 spans). Every resource carries
// `tracelight.demo=true` so the UI can label it as demo data.

import { seededRandom } from '../../src/model/seeded-random.ts';
import type { OtlpKeyValue, OtlpResourceSpans, OtlpSpan } from './otlp/types.ts';
import { emptySpan } from './otlp/types.ts';

const MS = 1_000_000;

const SERVICE_VERSIONS: Record<string, string> = {
  gateway: '2.14.0',
  auth: '1.9.2',
  checkout: '3.2.1',
  payment: '5.0.3',
  'fraud-check': '0.8.4',
  'ml-inference': '1.3.0',
  inventory: '4.1.0',
  postgres: '16.4',
  redis: '7.2.5',
  'order-worker': '2.0.7',
  notification: '1.1.2',
  recommendation: '0.12.0',
  'search-api': '1.0.9',
  'batch-jobs': '0.4.1',
};

function hex(rand: () => number, chars: number): string {
  let s = '';
  while (s.length < chars)
    s += Math.floor(rand() * 0x100000000)
      .toString(16)
      .padStart(8, '0');
  return s.slice(0, chars);
}

type AttrInput = Record<string, string | number | boolean>;

function attrs(input: AttrInput): OtlpKeyValue[] {
  return Object.entries(input).map(([key, v]) => ({
    key,
    value:
      typeof v === 'string'
        ? { stringValue: v }
        : typeof v === 'boolean'
          ? { boolValue: v }
          : Number.isInteger(v)
            ? { intValue: String(v) }
            : { doubleValue: v },
  }));
}

interface SpanOptions {
  kind?: number;
  attributes?: AttrInput;
  error?: { message: string; exceptionType: string };
  /** Parent span ID that was never sent (orphan). */
  missingParent?: string;
  linkTo?: OtlpSpan;
}

/** Collects one trace's spans per service; offsets in ms from the trace start. */
class DemoTrace {
  readonly traceId: string;
  private readonly byService = new Map<string, OtlpSpan[]>();

  constructor(
    private readonly rand: () => number,
    private readonly startNs: bigint,
  ) {
    this.traceId = hex(rand, 32);
  }

  span(
    service: string,
    name: string,
    parent: OtlpSpan | undefined,
    startMs: number,
    durationMs: number,
    opts: SpanOptions = {},
  ): OtlpSpan {
    const s = emptySpan();
    s.traceId = this.traceId;
    s.spanId = hex(this.rand, 16);
    s.parentSpanId = opts.missingParent ?? parent?.spanId ?? '';
    s.name = name;
    s.kind = opts.kind ?? 1;
    s.flags = 0x101;
    s.startTimeUnixNano = this.startNs + BigInt(Math.round(startMs * MS));
    s.endTimeUnixNano = s.startTimeUnixNano + BigInt(Math.max(1000, Math.round(durationMs * MS)));
    s.attributes = attrs(opts.attributes ?? {});
    if (opts.error) {
      s.status = { code: 2, message: opts.error.message };
      s.events.push({
        timeUnixNano: s.endTimeUnixNano - 1000n,
        name: 'exception',
        attributes: attrs({
          'exception.type': opts.error.exceptionType,
          'exception.message': opts.error.message,
          'exception.stacktrace': `${opts.error.exceptionType}: ${opts.error.message}\n    at handle (/srv/demo/${service}/handler.ts:42:11)\n    at process (/srv/demo/${service}/server.ts:118:5)`,
        }),
        droppedAttributesCount: 0,
      });
    }
    if (opts.linkTo) {
      s.links.push({
        traceId: opts.linkTo.traceId,
        spanId: opts.linkTo.spanId,
        traceState: '',
        attributes: attrs({ 'messaging.operation.type': 'process' }),
        droppedAttributesCount: 0,
        flags: 0x101,
      });
    }
    let list = this.byService.get(service);
    if (!list) this.byService.set(service, (list = []));
    list.push(s);
    return s;
  }

  /** A CLIENT span in `from` and the matching SERVER span in `to`; returns the server span. */
  rpc(
    from: string,
    to: string,
    name: string,
    parent: OtlpSpan,
    startMs: number,
    durationMs: number,
    opts: { skewMs?: number; error?: SpanOptions['error']; serverAttributes?: AttrInput } = {},
  ): OtlpSpan {
    const client = this.span(from, name, parent, startMs, durationMs, {
      kind: 3,
      attributes: { 'rpc.system': 'grpc', 'server.address': `${to}.shop.svc`, 'peer.service': to },
      error: opts.error ? { message: opts.error.message, exceptionType: 'RpcError' } : undefined,
    });
    return this.span(to, name, client, startMs + 0.3 - (opts.skewMs ?? 0), durationMs - 0.6, {
      kind: 2,
      attributes: { 'rpc.system': 'grpc', ...opts.serverAttributes },
      error: opts.error,
    });
  }

  batches(): OtlpResourceSpans[] {
    return [...this.byService].map(([service, spans]) => ({
      resource: {
        attributes: attrs({
          'service.name': service,
          'service.version': SERVICE_VERSIONS[service] ?? '1.0.0',
          'service.namespace': 'shop',
          'deployment.environment.name': 'demo',
          'host.name': `${service}-${hex(seededRandom(service.length), 5)}.demo.local`,
          'tracelight.demo': true,
        }),
        droppedAttributesCount: 0,
      },
      scopeSpans: [
        {
          scope: {
            name: `demo.${service}`,
            version: SERVICE_VERSIONS[service] ?? '1.0.0',
            attributes: [],
            droppedAttributesCount: 0,
          },
          spans,
          schemaUrl: '',
        },
      ],
      schemaUrl: '',
    }));
  }
}

function db(
  t: DemoTrace,
  from: string,
  parent: OtlpSpan,
  startMs: number,
  durationMs: number,
  query: string,
  table: string,
) {
  const client = t.span(from, `SELECT ${table}`, parent, startMs, durationMs, {
    kind: 3,
    attributes: {
      'db.system.name': 'postgresql',
      'db.query.text': query,
      'db.namespace': 'shop',
      'server.address': 'postgres.shop.svc',
    },
  });
  t.span('postgres', `SELECT ${table}`, client, startMs + 0.2, durationMs - 0.4, {
    kind: 2,
    attributes: { 'db.system.name': 'postgresql', 'db.collection.name': table },
  });
}

function cache(t: DemoTrace, from: string, parent: OtlpSpan, startMs: number, key: string, hit: boolean) {
  const client = t.span(from, 'GET', parent, startMs, 0.8, {
    kind: 3,
    attributes: {
      'db.system.name': 'redis',
      'db.operation.name': 'GET',
      'cache.hit': hit,
      'server.address': 'redis.shop.svc',
    },
  });
  t.span('redis', 'GET', client, startMs + 0.1, 0.5, {
    kind: 2,
    attributes: { 'db.system.name': 'redis', 'db.query.text': `GET ${key}` },
  });
}

function checkout(rand: () => number, startNs: bigint, i: number): DemoTrace {
  const t = new DemoTrace(rand, startNs);
  const declined = i % 13 === 5;
  const slowStock = i % 17 === 3;
  const skewed = i % 11 === 7;
  const orphan = i % 29 === 11;
  const stockMs = slowStock ? 600 + rand() * 400 : 8 + rand() * 12;
  const fraudMs = 25 + rand() * 30;
  const payMs = fraudMs + 40 + rand() * 30;
  const gapMs = 40 + rand() * 120; // uninstrumented work inside checkout: dark time
  const checkoutMs = 5 + Math.max(stockMs, payMs) + gapMs + 30;
  const total = checkoutMs + 20;
  const error = declined
    ? { message: 'card declined by issuer', exceptionType: 'PaymentDeclinedException' }
    : undefined;
  const root = t.span('gateway', 'POST /api/checkout', undefined, 0, total, {
    kind: 2,
    attributes: {
      'http.request.method': 'POST',
      'http.route': '/api/checkout',
      'url.path': '/api/checkout',
      'http.response.status_code': declined ? 402 : 200,
      'user_agent.original': 'Mozilla/5.0 (demo)',
    },
    error: declined ? { message: 'HTTP 402', exceptionType: 'GatewayError' } : undefined,
  });
  const auth = t.rpc('gateway', 'auth', 'auth.Verify', root, 1, 6 + rand() * 4);
  cache(t, 'auth', auth, 1.5, `session:${hex(rand, 8)}`, rand() < 0.9);
  const co = t.rpc('gateway', 'checkout', 'checkout.PlaceOrder', root, 10, checkoutMs, {
    error: declined ? { message: 'payment failed', exceptionType: 'CheckoutFailedException' } : undefined,
    serverAttributes: { 'order.id': `ord-${100000 + i}`, 'cart.items': 1 + (i % 7) },
  });
  // Parallel fan-out: stock and payment at the same time.
  const inv = t.rpc('checkout', 'inventory', 'inventory.Reserve', co, 12, stockMs + 4);
  db(t, 'inventory', inv, 13, stockMs, 'SELECT qty FROM stock WHERE sku = $1 FOR UPDATE', 'stock');
  const pay = t.rpc('checkout', 'payment', 'payment.Charge', co, 12.5, payMs, { error });
  const fraud = t.rpc('payment', 'fraud-check', 'risk.FraudService/Score', pay, 14, fraudMs, {
    skewMs: skewed ? 40 : 0,
  });
  t.rpc('fraud-check', 'ml-inference', 'ml.Predict', fraud, 16, fraudMs - 5, {
    serverAttributes: { 'ml.model': 'fraud-xgb-v42', 'ml.device': i % 3 ? 'gpu' : 'cpu' },
  });
  if (declined) {
    t.span('payment', 'record_decline', pay, 14 + fraudMs + 2, 3, {
      attributes: { 'payment.reason': 'do_not_honor' },
    });
  }
  const afterGap = 12 + Math.max(stockMs, payMs) + gapMs;
  if (!declined) {
    const producer = t.span('checkout', 'orders publish', co, afterGap, 4, {
      kind: 4,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.destination.name': 'orders',
        'messaging.operation.type': 'publish',
      },
    });
    // The consumer runs after the request answered: a child of the producer, linked to it too.
    const consumer = t.span(
      'order-worker',
      'orders process',
      producer,
      total + 15 + rand() * 30,
      20 + rand() * 10,
      {
        kind: 5,
        attributes: {
          'messaging.system': 'kafka',
          'messaging.destination.name': 'orders',
          'messaging.consumer.group.name': 'order-worker',
          'messaging.operation.type': 'process',
        },
        linkTo: producer,
      },
    );
    db(
      t,
      'order-worker',
      consumer,
      Number(consumer.startTimeUnixNano - startNs) / MS + 2,
      5,
      'INSERT INTO orders VALUES ($1, $2)',
      'orders',
    );
    t.rpc(
      'order-worker',
      'notification',
      'notification.SendEmail',
      consumer,
      Number(consumer.startTimeUnixNano - startNs) / MS + 9,
      8,
      {
        serverAttributes: { template: 'order-confirmation' },
      },
    );
  }
  if (orphan) {
    // A batch from a service whose parent span was lost in transit.
    const lost = hex(rand, 16);
    const o = t.span('recommendation', 'recommend.ForCart', undefined, 30, 25, {
      kind: 2,
      missingParent: lost,
    });
    t.span('recommendation', 'rank candidates', o, 32, 18, { attributes: { 'rank.candidates': 240 } });
  }
  return t;
}

function productPage(rand: () => number, startNs: bigint, i: number): DemoTrace {
  const t = new DemoTrace(rand, startNs);
  const miss = i % 5 === 0;
  const recMs = 15 + rand() * 25;
  const total = (miss ? 30 : 8) + recMs + 5;
  const root = t.span('gateway', 'GET /api/products/{id}', undefined, 0, total, {
    kind: 2,
    attributes: {
      'http.request.method': 'GET',
      'http.route': '/api/products/{id}',
      'http.response.status_code': 200,
    },
  });
  const search = t.rpc('gateway', 'search-api', 'search.GetProduct', root, 1, miss ? 30 : 6);
  cache(t, 'search-api', search, 1.5, `product:${i % 50}`, !miss);
  if (miss) db(t, 'search-api', search, 3, 24, 'SELECT * FROM products WHERE id = $1', 'products');
  const rec = t.rpc('gateway', 'recommendation', 'recommend.Similar', root, (miss ? 31 : 7) + 1, recMs);
  t.rpc('recommendation', 'ml-inference', 'ml.Embed', rec, (miss ? 31 : 7) + 3, recMs - 4, {
    serverAttributes: { 'ml.model': 'embed-mini-v3', 'ml.device': 'gpu' },
  });
  return t;
}

function login(rand: () => number, startNs: bigint, i: number): DemoTrace {
  const t = new DemoTrace(rand, startNs);
  const bad = i % 9 === 4;
  const root = t.span('gateway', 'POST /api/login', undefined, 0, 40, {
    kind: 2,
    attributes: {
      'http.request.method': 'POST',
      'http.route': '/api/login',
      'http.response.status_code': bad ? 401 : 200,
    },
  });
  const auth = t.rpc('gateway', 'auth', 'auth.Login', root, 1, 36, {
    error: bad ? { message: 'invalid credentials', exceptionType: 'AuthenticationException' } : undefined,
  });
  db(t, 'auth', auth, 2, 6 + rand() * 5, 'SELECT hash FROM users WHERE email = $1', 'users');
  t.span('auth', 'bcrypt.compare', auth, 12, 22, { attributes: { 'auth.alg': 'bcrypt' } });
  return t;
}

/** A batch job fanning out to `spans` spans over a few levels. */
function batchJob(rand: () => number, startNs: bigint, spans: number, name: string): DemoTrace {
  const t = new DemoTrace(rand, startNs);
  const durationMs = 60_000;
  const root = t.span('batch-jobs', name, undefined, 0, durationMs, {
    kind: 1,
    attributes: { 'job.name': name, 'job.target_spans': spans },
  });
  let made = 1;
  const lanes = 8;
  const perLane = Math.ceil((spans - 1) / lanes);
  for (let lane = 0; lane < lanes && made < spans; lane++) {
    const laneStart = lane * 50;
    const laneSpan = t.span('batch-jobs', `lane ${lane}`, root, laneStart, durationMs - laneStart - 10, {
      attributes: { 'batch.lane': lane },
    });
    made++;
    const items = Math.min(perLane - 1, spans - made);
    const step = (durationMs - laneStart - 20) / Math.max(1, items);
    for (let k = 0; k < items; k++) {
      const svc = k % 10 === 0 ? 'inventory' : 'batch-jobs';
      const itemErr = k % 997 === 13;
      t.span(
        svc,
        k % 10 === 0 ? 'inventory.Reindex' : 'index item',
        laneSpan,
        laneStart + 5 + k * step,
        step * 0.8,
        {
          attributes: { 'item.index': k },
          error: itemErr ? { message: 'document too large', exceptionType: 'IndexingException' } : undefined,
        },
      );
      made++;
    }
  }
  return t;
}

export interface SeedResult {
  traces: number;
  spans: number;
}

/** Generates the demo data relative to `nowMs` and hands it to `accept` trace by trace. */
export function seedDemoTraces(
  accept: (batches: OtlpResourceSpans[]) => void,
  nowMs: number,
  count = 400,
): SeedResult {
  const rand = seededRandom(0x7ace11);
  const hourAgoNs = BigInt(Math.round(nowMs - 3_600_000)) * BigInt(MS);
  let spans = 0;
  const emit = (t: DemoTrace) => {
    const batches = t.batches();
    for (const rs of batches) for (const ss of rs.scopeSpans) spans += ss.spans.length;
    accept(batches);
  };
  const stepNs = (3_540_000 * MS) / count;
  for (let i = 0; i < count; i++) {
    const start = hourAgoNs + BigInt(Math.round(i * stepNs + rand() * stepNs * 0.5));
    const kind = i % 5;
    emit(
      kind < 2 ? checkout(rand, start, i) : kind < 4 ? productPage(rand, start, i) : login(rand, start, i),
    );
  }
  emit(batchJob(rand, hourAgoNs + BigInt(20 * 60_000) * BigInt(MS), 5_000, 'reindex catalog'));
  emit(batchJob(rand, hourAgoNs + BigInt(40 * 60_000) * BigInt(MS), 50_000, 'rebuild search index'));
  return { traces: count + 2, spans };
}

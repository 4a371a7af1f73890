// Slim traces (./metrics-spans.ts) against the general path: every metrics query that reads only
// span-own fields gets the same answer (series, samples, exemplars) over slim traces as over fully
// decoded ones, on hand-built traces with the awkward cases and on the recorded Tempo dataset.

import { describe, expect, it } from 'vitest';
import { SpanFlag, type Trace } from '../../src/model/types.ts';
import { TraceContext } from '../../src/traceql/fields.ts';
import { parseTraceQL } from '../../src/traceql/parser.ts';
import { materializeTrace } from './materialize.ts';
import { SlimCache, SlimTraceReader } from './metrics-spans.ts';
import { emptySpan, type OtlpKeyValue, type OtlpResourceSpans, type OtlpSpan } from './otlp/types.ts';
import { QueryStopped } from './query/query-caps.ts';
import { type TraceRecord, TraceStore } from './store.ts';
import { EmbeddedSearcher, type MetricsRequest } from './tempo-search.ts';
import { ingestRecordedTraces } from './testing/recorded-dataset.ts';
import { createTraceQLEngine } from './traceql-engine.ts';

const str = (key: string, v: string): OtlpKeyValue => ({ key, value: { stringValue: v } });
const int = (key: string, v: number): OtlpKeyValue => ({ key, value: { intValue: String(v) } });

const BASE = 1_800_000_000_000_000_000n;
const S = 1_000_000_000n;

function span(traceId: number, id: number, fields: Partial<OtlpSpan>): OtlpSpan {
  const s = emptySpan();
  s.traceId = traceId.toString(16).padStart(32, '0');
  s.spanId = id.toString(16).padStart(16, '0');
  Object.assign(s, fields);
  return s;
}

type Scope = OtlpResourceSpans['scopeSpans'][number]['scope'];

const scope = (name: string, version: string, attributes: OtlpKeyValue[] = []): Scope => ({
  name,
  version,
  attributes,
  droppedAttributesCount: 0,
});

function batch(
  resource: OtlpKeyValue[],
  spans: OtlpSpan[],
  ...scopes: { scope: Scope; spans: OtlpSpan[] }[]
): OtlpResourceSpans {
  return {
    resource: { attributes: resource, droppedAttributesCount: 0 },
    scopeSpans: [
      { scope: scope('s', '1'), spans, schemaUrl: '' },
      ...scopes.map((x) => ({ ...x, schemaUrl: '' })),
    ],
    schemaUrl: '',
  };
}

/**
 * Hand-built traces, ASCII-style (one line a span: service, name, start s, duration s, status, kind):
 *   trace 1  shop:GET / 0..2 ok server;  shop:db 1..1.5 error client;  pay:charge 3..4 error
 *   trace 2  (no service.name) a 10..12;  an int service.name b 11..11.5;  shop: end before start
 *   trace 3  shop: a span without a start (0) beside one at 20 s; status code 7 and kind 9 (read as 0)
 *   trace 4  two ingests (two chunks): shop:x at 30 s, then pay:x at 31 s with http.status 500
 * Every span's scope is s@1 but for trace 3's third span (lib@2, attributes lib.mode = "fast" and
 * lib.level = 3), the spans of a second ScopeSpans beside an empty one, and trace 4's pay:x (a
 * scope without a name, lib.mode = "slow").
 */
function handBuilt(): OtlpResourceSpans[][] {
  const at = (s: number) => BASE + BigInt(Math.round(s * 1000)) * 1_000_000n;
  return [
    [
      batch(
        [str('service.name', 'shop'), str('deployment', 'prod')],
        [
          span(1, 1, {
            name: 'GET /',
            startTimeUnixNano: at(0),
            endTimeUnixNano: at(2),
            status: { code: 1, message: '' },
            kind: 2,
            attributes: [int('http.status', 200), str('route', '/')],
            events: [
              {
                timeUnixNano: at(0.5),
                name: 'retry',
                attributes: [int('attempt', 2)],
                droppedAttributesCount: 1,
              },
            ],
            links: [
              {
                traceId: `${'0'.repeat(31)}4`,
                spanId: '0000000000000001',
                traceState: '',
                attributes: [str('link.reason', 'batch')],
                droppedAttributesCount: 0,
                flags: 0,
              },
            ],
          }),
          span(1, 2, {
            parentSpanId: '0000000000000001',
            name: 'db',
            startTimeUnixNano: at(1),
            endTimeUnixNano: at(1.5),
            status: { code: 2, message: 'x' },
            kind: 3,
            attributes: [str('db.system', 'pg')],
          }),
        ],
      ),
      batch(
        [str('service.name', 'pay')],
        [
          span(1, 3, {
            parentSpanId: '0000000000000001',
            name: 'charge',
            startTimeUnixNano: at(3),
            endTimeUnixNano: at(4),
            status: { code: 2, message: '' },
            attributes: [int('http.status', 502), int('http.status', 503)],
          }),
        ],
      ),
      batch([], [span(2, 1, { name: 'a', startTimeUnixNano: at(10), endTimeUnixNano: at(12) })]),
      batch(
        [int('service.name', 7)],
        [span(2, 2, { name: 'b', startTimeUnixNano: at(11), endTimeUnixNano: at(11.5) })],
      ),
      batch(
        [str('service.name', 'shop')],
        [span(2, 3, { name: 'backwards', startTimeUnixNano: at(13), endTimeUnixNano: at(12.5) })],
      ),
      batch(
        [str('service.name', 'shop')],
        [
          span(3, 1, { name: 'nostart', startTimeUnixNano: 0n, endTimeUnixNano: at(21) }),
          span(3, 2, {
            name: 'odd',
            startTimeUnixNano: at(20),
            endTimeUnixNano: at(20.25),
            status: { code: 7, message: '' },
            kind: 9,
          }),
        ],
        { scope: scope('empty', '0'), spans: [] },
        {
          scope: scope('lib', '2', [str('lib.mode', 'fast'), int('lib.level', 3)]),
          spans: [span(3, 3, { name: 'scoped', startTimeUnixNano: at(20.5), endTimeUnixNano: at(21) })],
        },
      ),
      batch(
        [str('service.name', 'shop')],
        [span(4, 1, { name: 'x', startTimeUnixNano: at(30), endTimeUnixNano: at(30.1) })],
      ),
    ],
    [
      batch([str('service.name', 'pay')], [], {
        scope: scope('', '', [str('lib.mode', 'slow')]),
        spans: [
          span(4, 2, {
            name: 'x',
            startTimeUnixNano: at(31),
            endTimeUnixNano: at(33),
            attributes: [int('http.status', 500)],
          }),
        ],
      }),
    ],
  ];
}

const QUERIES = [
  '{ } | rate()',
  '{ } | rate() by (resource.service.name)',
  '{ } | count_over_time() by (resource.service.name, name)',
  '{ status = error } | count_over_time() by (resource.service.name, name)',
  '{ status != error } | rate() by (status, kind)',
  '{ } | quantile_over_time(duration, .5, .95, .99) by (resource.service.name)',
  '{ } | histogram_over_time(duration) by (name)',
  '{ span.http.status >= 500 } | count_over_time() by (span.http.status)',
  '{ .deployment = "prod" || .db.system = "pg" } | rate() by (.route)',
  '{ resource.service.name =~ "sh.*" && duration > 100ms } | max_over_time(duration) by (name)',
  '{ } | sum_over_time(span.http.status) by (resource.service.name)',
  '{ } | avg_over_time(duration) by (resource.deployment)',
  '{ kind = server } | min_over_time(duration)',
  '{ name = "x" } | rate() by (resource.service.name) | topk(1)',
  '{ resource.service.name = "shop" } | count_over_time() by (name) with (exemplars=true)',
  '{ } | count_over_time() by (instrumentation:name, instrumentation:version)',
  '{ instrumentation.lib.mode =~ "f.*" } | rate() by (name)',
  '{ instrumentation.lib.mode != "fast" } | count_over_time() by (instrumentation.lib.mode)',
  '{ } | sum_over_time(instrumentation.lib.level) by (resource.service.name)',
];

/** Searches on events and links, which slim traces answer from each span's bytes (decision 0345). */
const SEARCHES = [
  '{ event:name = "retry" }',
  '{ event.attempt = 2 && event:timeSinceStart > 100ms }',
  '{ event.attempt = 2 && event:timeSinceStart > 1s }',
  '{ link.link.reason = "batch" }',
  '{ link:traceID = "00000000000000000000000000000004" }',
  '{ link:spanID =~ "0+1" && kind = server }',
];

function searchers(store: TraceStore) {
  const engine = createTraceQLEngine();
  const slim = new EmbeddedSearcher(store, engine, materializeTrace);
  const full = new EmbeddedSearcher(store, { ...engine, metricsReadsSpansOnly: undefined }, materializeTrace);
  return { engine, slim, full };
}

describe('metrics over slim traces', () => {
  it('answers every span-own query as the fully decoded traces do (hand-built awkward cases)', () => {
    const store = new TraceStore();
    for (const batches of handBuilt()) store.ingest(batches);
    const { engine, slim, full } = searchers(store);
    const requests: MetricsRequest[] = [
      { startNs: BASE - 60n * S, endNs: BASE + 60n * S, stepNs: 5n * S, exemplars: 10 },
      { startNs: BASE, endNs: BASE + 40n * S, stepNs: 1n * S },
      { startNs: BASE - S, endNs: BASE + 40n * S },
    ];
    for (const q of QUERIES) {
      expect(engine.metricsReadsSpansOnly?.(q), q).toBe(true);
      for (const request of requests) {
        const want = full.metrics(q, request);
        expect('response' in want, q).toBe(true);
        expect(slim.metrics(q, request), q).toEqual(want);
      }
    }
  });

  it('searches events and links on slim traces as on decoded ones', () => {
    const store = new TraceStore();
    for (const batches of handBuilt()) store.ingest(batches);
    const engine = createTraceQLEngine();
    const slim = new EmbeddedSearcher(store, engine, materializeTrace);
    const full = new EmbeddedSearcher(store, { ...engine, slimPrefilter: undefined }, materializeTrace);
    for (const q of SEARCHES) {
      const params = { q, limit: 20, spss: 3 };
      const want = full.search(params);
      expect(slim.search(params), q).toEqual(want);
      // Twice: from the protobuf, then from the kept columns.
      expect(slim.search(params), q).toEqual(want);
      if ('response' in want) expect(want.response.traces.length, q).toBe(q.includes('> 1s') ? 0 : 1);
    }
  });

  it('reads a record again once it changes, not its kept columns', () => {
    const store = new TraceStore();
    for (const batches of handBuilt()) store.ingest(batches);
    const { slim, full } = searchers(store);
    const q = '{ } | count_over_time() by (resource.service.name, name)';
    const request = { startNs: BASE - 60n * S, endNs: BASE + 60n * S, stepNs: 5n * S };
    const before = slim.metrics(q, request);
    expect(before).toEqual(full.metrics(q, request));
    const late = span(4, 3, {
      name: 'late',
      startTimeUnixNano: BASE + 32n * S,
      endTimeUnixNano: BASE + 33n * S,
    });
    store.ingest([batch([str('service.name', 'pay')], [late])]);
    const after = slim.metrics(q, request);
    expect(after).not.toEqual(before);
    expect(after).toEqual(full.metrics(q, request));
  });

  it('reads the same columns the decoder builds', () => {
    const store = new TraceStore();
    for (const batches of handBuilt()) store.ingest(batches);
    const reader = new SlimTraceReader(new SlimCache(1000));
    // Twice: read from the protobuf, then from the kept columns.
    for (const rec of [...store.records(), ...store.records()]) {
      const whole = materializeTrace(store.protobuf(rec), rec.traceId);
      const t = reader.read(store.protobuf(rec), rec.traceId, rec.version);
      expect(t).toBeDefined();
      if (!t) continue;
      expect([t.startNs, t.durationNs, t.table.count]).toEqual([
        whole.startNs,
        whole.durationNs,
        whole.table.count,
      ]);
      const n = t.table.count;
      const cols = (x: typeof t) => ({
        start: [...x.table.start.subarray(0, n)],
        duration: [...x.table.duration.subarray(0, n)],
        kind: [...x.table.kind.subarray(0, n)],
        status: [...x.table.status.subarray(0, n)],
        error: [...x.table.flags.subarray(0, n)].map((f) => f & 1),
        name: [...x.table.name.subarray(0, n)].map((i) => x.table.strings[i]),
        service: Array.from({ length: n }, (_, r) => x.details.attribute(r, 'resource', 'service.name')),
        status_attr: Array.from({ length: n }, (_, r) => x.details.attribute(r, 'span', 'http.status')),
        scope: Array.from({ length: n }, (_, r) => x.details.scope(r)),
        events: Array.from({ length: n }, (_, r) => x.details.events(r)),
        links: Array.from({ length: n }, (_, r) => x.details.links(r)),
      });
      expect(cols(t)).toEqual(cols(whole));
    }
  });

  it('links every span to the parent the decoder links it to, or declines a trace that is not regular', () => {
    const store = new TraceStore();
    ingestRecordedTraces(store);
    const at = (n: number) => BASE + BigInt(n) * S;
    const id = (n: number) => n.toString(16).padStart(16, '0');
    const odd: [string, OtlpSpan[]][] = [
      ['a repeated span ID', [span(9002, 1, {}), span(9002, 1, { parentSpanId: id(1) })]],
      ['a zero span ID', [span(9003, 0, {})]],
      ['a short span ID', [{ ...span(9004, 1, {}), spanId: '0102' }]],
      ['a short parent ID', [span(9005, 1, {}), span(9005, 2, { parentSpanId: '0102' })]],
      [
        'a cycle',
        [
          span(9006, 1, { parentSpanId: id(2), startTimeUnixNano: at(1) }),
          span(9006, 2, { parentSpanId: id(1) }),
        ],
      ],
    ];
    const regular: [string, OtlpSpan[]][] = [
      ['a self-parent', [span(9001, 1, { parentSpanId: id(1) })]],
      ['a zero parent ID', [span(9101, 1, { parentSpanId: '0'.repeat(16) })]],
      ['an absent parent', [span(9102, 1, {}), span(9102, 2, { parentSpanId: id(7) })]],
      // 500 IDs alike in their first half, every third naming an absent parent alike in it too: the
      // table must compare both halves.
      [
        'IDs alike in one half',
        Array.from({ length: 500 }, (_, k) => {
          const alike = (n: number) => `00000001${n.toString(16).padStart(8, '0')}`;
          const parent = k === 0 ? '' : k % 3 === 0 ? alike(1_000_000 + k) : alike(k - 1);
          return { ...span(9103, k + 1, {}), spanId: alike(k), parentSpanId: parent };
        }),
      ],
      // The root TraceQL's trace:root* read: the first by start among roots that are not orphans.
      [
        'an orphan starting first',
        [
          span(9104, 1, { parentSpanId: id(77), startTimeUnixNano: at(1) }),
          span(9104, 2, { startTimeUnixNano: at(2) }),
          span(9104, 3, { parentSpanId: id(2), startTimeUnixNano: at(3) }),
        ],
      ],
      [
        'two roots, the later first on the wire',
        [span(9105, 1, { startTimeUnixNano: at(5) }), span(9105, 2, { startTimeUnixNano: at(3) })],
      ],
      ['only orphans', [span(9106, 1, { parentSpanId: id(50) }), span(9106, 2, { parentSpanId: id(51) })]],
      [
        'a self-parent starting first',
        [
          span(9107, 1, { parentSpanId: id(1), startTimeUnixNano: at(1) }),
          span(9107, 2, { startTimeUnixNano: at(2) }),
        ],
      ],
    ];
    for (const [, spans] of [...odd, ...regular]) store.ingest([batch([str('service.name', 'edge')], spans)]);
    // A root in a later resource without a string service.name (the decoder's unknown_service).
    store.ingest([
      batch(
        [str('service.name', 'late')],
        [span(9108, 1, { parentSpanId: id(2), startTimeUnixNano: at(2) })],
      ),
      batch([int('service.name', 1)], [span(9108, 2, { startTimeUnixNano: at(1) })]),
    ]);
    const declined = new Set(odd.map(([, spans]) => spans[0].traceId));
    const reader = new SlimTraceReader(new SlimCache(100_000));
    let linked = 0;
    for (const rec of store.records()) {
      const t = reader.read(store.protobuf(rec), rec.traceId, rec.version);
      expect(t, rec.traceId).toBeDefined();
      if (!t) continue;
      const filled = reader.fillTree();
      expect(filled, rec.traceId).toBe(!declined.has(rec.traceId));
      if (!filled) continue;
      const whole = materializeTrace(store.protobuf(rec), rec.traceId);
      const n = t.table.count;
      expect([...t.table.parent.subarray(0, n)], rec.traceId).toEqual([...whole.table.parent.subarray(0, n)]);
      const root = (x: Trace) => {
        const r = new TraceContext(x).root();
        const orphans = [...x.table.flags.subarray(0, n)].map((f) => f & SpanFlag.Orphan);
        const ids = Array.from({ length: n }, (_, row) => new TraceContext(x).spanId(row));
        const childCounts = Array.from(
          { length: n },
          (_, row) => x.table.childStart[row + 1] - x.table.childStart[row],
        );
        const events = Array.from({ length: n }, (_, row) => x.details.events(row));
        const links = Array.from({ length: n }, (_, row) => x.details.links(row));
        return {
          events,
          links,
          traceId: x.traceId,
          roots: [...x.roots],
          orphans,
          root: r < 0 ? null : x.table.strings[x.table.service[r]],
          ids,
          childCounts,
        };
      };
      expect(root(t), rec.traceId).toEqual(root(whole));
      linked += n;
    }
    // The recorded dataset's 36,889 spans and the regular cases' 515.
    expect(linked).toBe(37_404);
  });

  it('looks every span attribute up as the decoder does (keys compared by their bytes)', () => {
    const store = new TraceStore();
    ingestRecordedTraces(store);
    for (const batches of handBuilt()) store.ingest(batches);
    // Duplicate keys, a non-ASCII key, a key that is a prefix of another, a lone surrogate.
    store.ingest([
      batch(
        [str('service.name', 'odd')],
        [
          span(99, 1, {
            name: 'keys',
            startTimeUnixNano: BASE,
            endTimeUnixNano: BASE + S,
            attributes: [
              str('k', 'first'),
              str('k', 'second'),
              str('clé', 'é'),
              str('ke', 'x'),
              str('\uD800', 'y'),
            ],
          }),
        ],
      ),
    ]);
    const reader = new SlimTraceReader();
    let compared = 0;
    for (const rec of store.records()) {
      const whole = materializeTrace(store.protobuf(rec), rec.traceId);
      // Read at an offset into a larger buffer, as records in the query workers' arena are.
      const bytes = store.protobuf(rec);
      const block = new Uint8Array(bytes.length + 13);
      block.set(bytes, 13);
      const t = reader.read(block.subarray(13), rec.traceId);
      if (!t) continue;
      const keys = new Set(['k', 'clé', 'ke', 'kx', '\uFFFD', '\uD800', 'missing', 'http.status']);
      for (let r = 0; r < whole.table.count; r++)
        for (const key of whole.details.attributeKeys(r, 'span')) keys.add(key);
      const slimValues: unknown[] = [];
      const wholeValues: unknown[] = [];
      for (let r = 0; r < t.table.count; r++) {
        for (const key of keys) {
          slimValues.push(t.details.attribute(r, 'span', key));
          wholeValues.push(whole.details.attribute(r, 'span', key));
        }
      }
      expect(slimValues).toEqual(wholeValues);
      compared += slimValues.length;
    }
    expect(compared).toBeGreaterThan(10_000);
  });

  it('leaves queries that read beyond the span to the general path', () => {
    const engine = createTraceQLEngine();
    for (const q of [
      '{ } >> { } | rate()',
      '{ parent.name = "a" } | rate()',
      '{ trace:rootService = "shop" } | rate()',
      '{ } | rate() by (trace:rootName)',
      '{ } | compare({ status = error })',
      '{ event:name = "e" } | rate()',
      '{ } | count() > 1 | rate()',
      '{ span:id = "01" } | rate()',
      '{ not a query',
      '{ }',
    ])
      expect(engine.metricsReadsSpansOnly?.(q), q).toBe(false);
  });

  it("still stops at the query workers' checkpoint (the deadline)", () => {
    // The query workers' store throws QueryStopped from its scan once the deadline passes
    // (query-worker.ts); a slim metrics query must let it through, not answer or swallow it.
    class StoppingStore extends TraceStore {
      override *newestFirst(): IterableIterator<TraceRecord> {
        let n = 0;
        for (const rec of super.newestFirst()) {
          if (++n > 2) throw new QueryStopped();
          yield rec;
        }
      }
    }
    const stopping = new StoppingStore();
    for (const batches of handBuilt()) stopping.ingest(batches);
    const { slim } = searchers(stopping);
    const request = { startNs: BASE - 60n * S, endNs: BASE + 60n * S, stepNs: 5n * S };
    expect(() => slim.metrics('{ } | rate() by (resource.service.name)', request)).toThrow(QueryStopped);
  });

  it('answers the recorded Tempo dataset the same way', () => {
    const store = new TraceStore();
    ingestRecordedTraces(store);
    const { slim, full } = searchers(store);
    let first = Number.POSITIVE_INFINITY;
    let last = 0;
    for (const rec of store.records()) {
      first = Math.min(first, Number(rec.startNs / S));
      last = Math.max(last, Number(rec.endNs / S) + 1);
    }
    const request = { startNs: BigInt(first) * S, endNs: BigInt(last) * S, stepNs: 60n * S, exemplars: 50 };
    for (const q of QUERIES) {
      const ast = parseTraceQL(q);
      expect(ast.ok).toBe(true);
      expect(slim.metrics(q, request), q).toEqual(full.metrics(q, request));
    }
  });
});

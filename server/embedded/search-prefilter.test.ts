// The search pre-filter must never drop a match: every trace the full TraceQL evaluation matches is
// let through, on the recorded Tempo dataset and on traces built to hit the decoder's edge cases;
// and /api/search answers the same with and without it.

import { beforeAll, describe, expect, it } from 'vitest';
import { materializeTrace } from './materialize.ts';
import { SlimTraceReader } from './metrics-spans.ts';
import { decodeOtlpJson, parseOtlpJson } from './otlp/otlp-json.ts';
import { TraceStore } from './store.ts';
import { EmbeddedSearcher, type TraceQLEngine } from './tempo-search.ts';
import { datasetText, ingestRecordedTraces } from './testing/recorded-dataset.ts';
import { createTraceQLEngine } from './traceql-engine.ts';

/** The same engine without its pre-filter: every candidate is decoded and evaluated. */
function withoutPrefilter(engine: TraceQLEngine): TraceQLEngine {
  return { check: (q) => engine.check(q), search: (q, traces, o) => engine.search(q, traces, o) };
}

/**
 * Per trace: does the full evaluation match, and do the pre-filters let it through? `pruned` counts
 * the traces the digests rule out, `slimPruned` those the slim stage rules out of the rest
 * (decision 0323); `missed` the matches either one dropped.
 */
function audit(
  store: TraceStore,
  q: string,
  engine = createTraceQLEngine(),
  searcher = new EmbeddedSearcher(store, engine, materializeTrace),
): { matched: Set<string>; pruned: number; slimPruned: number; missed: string[] } {
  expect(engine.check(q), q).toBeUndefined();
  const mayMatch = engine.prefilter?.(q);
  const slimMatch = engine.slimPrefilter?.(q);
  const reader = new SlimTraceReader();
  const matched = new Set<string>();
  const missed: string[] = [];
  let pruned = 0;
  let slimPruned = 0;
  for (const rec of store.records()) {
    const hit = engine.search(q, [searcher.trace(rec)], { limit: 1, spss: 1 }).length > 0;
    const kept = mayMatch ? mayMatch(rec) : true;
    const slim = slimMatch ? reader.read(store.protobuf(rec), rec.traceId) : undefined;
    const slimKept = slim && slimMatch ? slimMatch.test(slim, () => reader.fillTree()) : true;
    if (hit) matched.add(rec.traceId);
    if (hit && !(kept && slimKept)) missed.push(rec.traceId);
    if (!kept) pruned++;
    else if (!slimKept) slimPruned++;
  }
  return { matched, pruned, slimPruned, missed };
}

function searchBody(searcher: EmbeddedSearcher, q: string, limit: number): string {
  const outcome = searcher.search({ q, limit, spss: 3 });
  if ('error' in outcome) throw new Error(outcome.error);
  const traces = [...outcome.response.traces].sort((a, b) => a.traceID.localeCompare(b.traceID));
  return JSON.stringify(traces);
}

describe('search pre-filter on the recorded Tempo dataset', () => {
  const store = new TraceStore();
  let conformance: string[] = [];
  beforeAll(() => {
    ingestRecordedTraces(store);
    const cases = JSON.parse(datasetText('conformance.json.gz')) as { query: string; status: number }[];
    conformance = cases.filter((c) => c.status === 200).map((c) => c.query);
  }, 120_000);

  const extra = [
    '{ resource.service.name = "payment" && duration > 100h }',
    '{ name = "record_decline" }',
    '{ name = "record_decline" || name = "reindex-catalog" }',
    '{ span.http.response.status_code = 503 }',
    '{ span.http.response.status_code = 500 }',
    '{ .http.response.status_code = 500.0 }',
    '{ 500 = span.http.response.status_code }',
    '{ span.http.response.status_code > 503 }',
    '{ span.http.response.status_code >= 503 }',
    '{ span.http.response.status_code < 200 }',
    '{ 503 < span.http.response.status_code }',
    '{ .http.response.status_code <= 200 }',
    '{ resource.service.name = "checkout" && span.http.response.status_code > 499 }',
    '{ span.cart.total > 51.07 }',
    '{ name =~ "record_.*" }',
    '{ name =~ "nomatch.*" }',
    '{ name !~ "GET.*" }',
    '{ name =~ "(?i)GET.*" && status = error }',
    '{ resource.service.name = "payment" && name =~ "char.*" }',
    '{ span.cart.total > 1000000 }',
    '{ span.cart.total = 51.08 }',
    '{ span.cache.hit = false }',
    '{ span.cache.hit = true }',
    '{ span.job.target_spans = 1 }',
    '{ resource.cloud.region = "eu-west-1" && span.db.system = "redis" }',
    '{ .cloud.region = "eu-west-1" && .db.system = "postgresql" }',
    '{ resource.service.name = "payment" && span.db.system = "redis" }',
    '{ span.user.id != nil }',
    '{ span.user.id = nil }',
    '{ resource.nope != nil }',
    '{ span.db.statement =~ "UPDATE.*" }',
    '{ span.nope =~ ".*" }',
    '{ span.db.statement !~ "x" }',
    '{ parent.span.http.route = "/api/checkout" }',
    '{ !(span.http.response.status_code = 200) }',
    '{ status != ok }',
    '{ status = unset }',
    '{ kind = server && status = error }',
    '{ kind != internal }',
    '{ kind = producer && resource.service.name = "gateway" }',
    '{ duration < 1ms }',
    '{ duration <= 0ms }',
    '{ duration = 0 }',
    '{ 500ms < duration }',
    '{ duration >= 2s }',
    '{ traceDuration > 10s }',
    '{ traceDuration >= 1s && name = "reindex-catalog" }',
    '{ resource.service.name = "gateway" } >> { resource.service.name = "nonexistent" }',
    '{ resource.service.name = "checkout" } !> { status = error }',
    '{ resource.service.name = "nonexistent" } !>> { name = "record_decline" }',
    '{ resource.service.name = "checkout" } &>> { status = error }',
    '{ name = "GET" } ~ { name = "POST" }',
    '{ name = "record_decline" } < { resource.service.name = "gateway" }',
    '{ resource.service.name = "payment" } && { name = "nope" }',
    '{ name = "nope" } || { name = "record_decline" }',
    '{ resource.service.name = "inventory" } | count() > 3 | by(resource.service.name)',
    '({ status = error } | count() > 1) && { kind = server }',
    '{ status = error } | select(span.http.route)',
    // String values against each chunk's list of them (decision 0322), then slim traces (0323).
    '{ span.db.statement =~ "nomatch.*" }',
    '{ span.db.statement =~ ".*orders.*" }',
    '{ span.http.route =~ "/api/.*" }',
    '{ resource.service.name =~ "pay.*" }',
    '{ resource.service.name =~ "(?i)PAY.*" && status = error }',
    '{ .service.name =~ "check.*" }',
    '{ .db.system !~ "redis" }',
    '{ resource.service.name !~ ".*" }',
    '{ span.http.request.method != "GET" }',
    '{ span.http.method != "GET" }',
    '{ resource.service.name != "gateway" }',
    '{ "gateway" != resource.service.name }',
    '{ span.http.response.status_code != "500" }',
    '{ span.http.response.status_code =~ "5.*" }',
    '{ span.db.statement != "x" && kind = client }',
    '{ resource.service.name = "payment" && duration > 100ms }',
    '{ span.db.system = "redis" && duration > 10ms }',
    '{ status = error && kind = internal }',
    '{ span.http.route =~ "/api/.*" && kind = client }',
    '{ kind = server } > { kind = server }',
    '{ resource.service.name = "payment" } >> { resource.service.name = "gateway" }',
    '{ status = error } << { kind = client }',
    '{ kind = server } &> { kind = client }',
    '{ kind = server } !< { kind = client }',
    '{ resource.service.name =~ ".*" } ~ { status = error }',
    '({ kind = server } >> { kind = client }) && { status = error }',
    '{ kind = server } >> { kind = client } | count() > 2',
    '{ resource.service.name = "payment" && kind = server && duration > 1ms }',
    '{ resource.service.name =~ "gate.*" } >> { span.db.statement =~ "UPDATE.*" }',
    '{ span.http.route =~ ".*checkout.*" } !> { status = error }',
    '{ resource.service.name =~ "pay.*" } || { name = "nope" }',
    '{ resource.service.name =~ "pay.*" } | count() > 1',
    '{ span.http.route =~ "/api/.*" } | select(span.http.route)',
    '{ !(resource.service.name =~ "pay.*") && status = error }',
    '{ parent.span.http.route =~ "/api/.*" }',
    '{ parent.span.db.statement =~ "nomatch.*" }',
    '{ parent.resource.service.name = "gateway" && kind = client }',
    '{ parent.resource.service.name =~ "pay.*" && resource.service.name != "payment" }',
    '{ parent.span.http.response.status_code > 499 }',
    '{ parent.span.nope != nil }',
    '{ parent.span.http.route != "/api/checkout" }',
    // Status messages against each chunk's list of them, and `name !=` on the names (decision 0355).
    '{ statusMessage =~ ".*timed out.*" }',
    '{ statusMessage =~ "HTTP 5.*" && kind = client }',
    '{ statusMessage = "HTTP 502" && kind = server }',
    '{ statusMessage != "" && status = unset }',
    '{ statusMessage != "" && kind = internal }',
    '{ statusMessage = "HTTP 502" }',
    '{ statusMessage = "" }',
    '{ statusMessage != "" }',
    '{ statusMessage != "HTTP 502" && status = error }',
    '{ statusMessage !~ ".*" }',
    '{ statusMessage !~ "HTTP.*" }',
    '{ statusMessage =~ "nomatch.*" }',
    '{ span:statusMessage =~ "(?i)payment.*" }',
    '{ "deadlock detected" = statusMessage }',
    '{ statusMessage =~ "HTTP.*" } >> { statusMessage = "deadlock detected" }',
    '{ name != "GET /api/checkout" }',
    '{ name != "x" && status = error }',
    // Structural sides that must have a parent, on each chunk's spans that name one (decision 0356).
    '{ resource.service.name = "checkout" } >> { resource.service.name = "api-gateway" && kind = server }',
    '{ } > { resource.service.name = "api-gateway" }',
    '{ resource.service.name = "api-gateway" } ~ { }',
    '{ kind = server } &> { kind = server }',
    '{ resource.service.name = "api-gateway" } < { }',
    '{ name = "POST /api/checkout" } << { }',
    '{ } &<< { name = "POST /api/checkout" }',
    '{ } !< { resource.service.name = "api-gateway" }',
    // Event names and scope fields listed per chunk, root name and service per trace (decision 0357).
    '{ event:name = "exception" }',
    '{ event:name =~ ".*zzz.*" }',
    '{ event:name != "exception" }',
    '{ event:name !~ ".*" }',
    '{ event:name =~ "exc.*" && status = error }',
    '{ instrumentation:name = "nope" }',
    '{ instrumentation:name =~ ".*" }',
    '{ instrumentation:name != "x" && kind = server }',
    '{ instrumentation:version != "" }',
    '{ instrumentation:version =~ "1.*" }',
    '{ trace:rootService = "api-gateway" }',
    '{ trace:rootService = "nope" }',
    '{ rootServiceName =~ "api.*" }',
    '{ trace:rootService != "api-gateway" && kind = client }',
    '{ trace:rootName = "POST /api/checkout" && kind = client }',
    '{ trace:rootName =~ "nomatch.*" }',
    '{ trace:rootName != "POST /api/checkout" }',
    '{ rootName !~ "GET.*" }',
    '{ trace:rootService = "order-worker" } >> { event:name =~ ".*" }',
    // Event and link attributes listed per chunk (decision 0344); root services on more shapes.
    '{ event.exception.message =~ ".*timed out.*" }',
    '{ event.exception.message =~ ".*zzz.*" }',
    '{ event.exception.type = "GatewayTimeoutError" }',
    '{ event.exception.type != "GatewayTimeoutError" }',
    '{ event.exception.stacktrace =~ ".*Error.*" }',
    '{ event.exception.message != nil }',
    '{ event.exception.message = nil }',
    '{ event:name = "exception" && event.exception.type =~ ".*Timeout.*" }',
    '{ event.db.lock.wait_ms > 300 }',
    '{ event.db.lock.wait_ms < 0 }',
    '{ event.db.lock.wait_ms = 347 }',
    '{ event.db.lock.wait_ms = "347" }',
    '{ span.exception.message =~ ".*" }',
    '{ link.link.reason = "kafka message" }',
    '{ link.messaging.destination.name =~ "ord.*" }',
    '{ link.messaging.destination.name != "orders" }',
    '{ link.nope =~ ".*" }',
    '{ link:traceID != "" && link.link.reason != nil }',
    '{ trace:rootService = "payment" }',
    '{ trace:rootService =~ ".*" }',
    '{ trace:rootService !~ "api.*" }',
    '{ trace:rootService != "api-gateway" }',
    '{ trace:rootService = "checkout" && resource.service.name = "payment" }',
    // Scope fields and attributes read from slim traces.
    '{ instrumentation.zzz =~ ".*zzz.*" }',
    '{ instrumentation.zzz = nil && kind = server }',
    '{ instrumentation:name = "shop.payment.instrumentation" && kind = server }',
    '{ instrumentation:name =~ "shop.*" } > { instrumentation:version = "5.0.3" }',
    // Span IDs, child counts and the parent's attributes on slim traces with the tree; trace fields.
    '{ span:id =~ "0.*" }',
    '{ span:id =~ ".*zzz.*" }',
    '{ span:childCount > 3 }',
    '{ span:childCount = 0 && kind = client }',
    '{ parent.resource.service.name = "api-gateway" && kind = server }',
    '{ parent.span.http.route != nil } > { }',
    '{ trace:id =~ "0.*" }',
    '{ trace:duration > 2s && kind = client }',
    // Events and links read from the span's bytes on slim traces.
    '{ event:timeSinceStart > 10ms }',
    '{ event:timeSinceStart > 10ms && event:name = "exception" }',
    '{ link:spanID != "" && kind = consumer }',
    '{ link:traceID =~ "0.*" }',
  ];

  it('lets through every trace the evaluation matches, for every conformance and extra query', () => {
    let prunedSomewhere = 0;
    const engine = createTraceQLEngine();
    const searcher = new EmbeddedSearcher(store, engine, materializeTrace);
    for (const q of [...conformance, ...extra]) {
      const { missed, pruned } = audit(store, q, engine, searcher);
      expect(missed, q).toEqual([]);
      prunedSomewhere += pruned;
    }
    expect(conformance.length).toBeGreaterThanOrEqual(10);
    expect(prunedSomewhere).toBeGreaterThan(0);
  }, 120_000);

  it('rules out most traces for selective queries without decoding them', () => {
    const none = audit(store, '{ resource.service.name = "payment" && duration > 100h }');
    expect(none.matched.size).toBe(0);
    expect(none.pruned).toBe(store.size);
    const rare = audit(store, '{ name = "record_decline" }');
    expect(rare.matched.size).toBeGreaterThan(0);
    // Bloom false positives may let a few through; the point is that almost nothing is decoded.
    expect(store.size - rare.pruned).toBeLessThan(rare.matched.size + store.size / 20);
    const structural = audit(
      store,
      '{ resource.service.name = "gateway" } >> { resource.service.name = "nonexistent" }',
    );
    expect(structural.pruned).toBeGreaterThan(store.size * 0.95);
    // Numeric ranges per chunk (min/max, as Tempo's block statistics): a bound above every value.
    const above = audit(store, '{ span.http.response.status_code > 599 }');
    expect(above.matched.size).toBe(0);
    expect(above.pruned).toBe(store.size);
    const errors = audit(store, '{ span.http.response.status_code >= 500 }');
    expect(errors.matched.size).toBeGreaterThan(0);
    expect(errors.missed).toEqual([]);
    expect(store.size - errors.pruned).toBe(errors.matched.size);
    // Regular expressions on the name, against each trace's dictionary of names.
    const noName = audit(store, '{ name =~ "nomatch.*" }');
    expect(noName.pruned).toBe(store.size);
    const someName = audit(store, '{ name =~ "record_.*" }');
    expect(someName.matched.size).toBeGreaterThan(0);
    expect(store.size - someName.pruned).toBe(someName.matched.size);
    // Regular expressions and `!=` on string attributes, against each chunk's listed values.
    const noValue = audit(store, '{ span.db.statement =~ "nomatch.*" }');
    expect(noValue.pruned).toBe(store.size);
    const service = audit(store, '{ resource.service.name =~ "pay.*" }');
    expect(service.matched.size).toBeGreaterThan(0);
    expect(store.size - service.pruned).toBe(service.matched.size);
    const noParent = audit(store, '{ parent.span.db.statement =~ "nomatch.*" }');
    expect(noParent.pruned).toBe(store.size);
    const notEvery = audit(store, '{ resource.service.name !~ ".*" }');
    expect(notEvery.pruned).toBe(store.size);
    // Status messages, against each chunk's listed messages (decision 0355).
    const noMessage = audit(store, '{ statusMessage =~ ".*nomatch.*" }');
    expect(noMessage.pruned).toBe(store.size);
    const timedOut = audit(store, '{ statusMessage =~ ".*timed out.*" }');
    expect(timedOut.matched.size).toBeGreaterThan(0);
    expect(store.size - timedOut.pruned).toBe(timedOut.matched.size);
    const anyMessage = audit(store, '{ statusMessage !~ ".*" }');
    expect(anyMessage.pruned).toBe(store.size);
    // A message and another condition on one span: slim traces read messages too.
    const messageApart = audit(store, '{ statusMessage != "" && status = unset }');
    expect(messageApart.matched.size).toBe(0);
    expect(messageApart.slimPruned).toBeGreaterThan(0);
    expect(messageApart.pruned + messageApart.slimPruned).toBe(store.size);
    const internal = audit(store, '{ statusMessage != "" && kind = internal }');
    expect(internal.matched.size).toBeGreaterThan(0);
    expect(internal.slimPruned).toBeGreaterThan(0);
    expect(store.size - internal.pruned - internal.slimPruned).toBe(internal.matched.size);
    // Event names, scope fields, root names and services (decision 0357).
    for (const q of [
      '{ event:name =~ ".*zzz.*" }',
      '{ event:name !~ ".*" }',
      '{ instrumentation:name = "nope" }',
      '{ instrumentation:version =~ "nomatch.*" }',
      '{ trace:rootService = "nope" }',
      '{ trace:rootName =~ "nomatch.*" }',
      '{ event.exception.message =~ ".*zzz.*" }',
      '{ event.db.lock.wait_ms > 100000 }',
      '{ link.messaging.destination.name =~ "nope.*" }',
    ]) {
      const nothing = audit(store, q);
      expect(nothing.matched.size, q).toBe(0);
      // Bloom false positives on the "unlisted" tokens may let one or two through.
      expect(nothing.pruned, q).toBeGreaterThanOrEqual(store.size - 2);
    }
    // Event times and link IDs are not listed per chunk, but slim traces read them from the span's bytes.
    for (const q of ['{ event:timeSinceStart > 1000h }', '{ link:spanID = "ffffffffffffffff" }']) {
      const detail = audit(store, q);
      expect(detail.matched.size, q).toBe(0);
      expect(detail.pruned + detail.slimPruned, q).toBe(store.size);
    }
    // Span IDs are not listed per chunk, but slim traces with their tree read them.
    const spanId = audit(store, '{ span:id =~ ".*zzz.*" }');
    expect(spanId.slimPruned).toBeGreaterThan(store.size / 2);
    expect(spanId.pruned + spanId.slimPruned).toBe(store.size);
    // Scope attributes are not listed per chunk, but slim traces read them.
    const scopeAttribute = audit(store, '{ instrumentation.zzz =~ ".*zzz.*" }');
    expect(scopeAttribute.matched.size).toBe(0);
    expect(scopeAttribute.slimPruned).toBeGreaterThan(store.size / 2);
    expect(scopeAttribute.pruned + scopeAttribute.slimPruned).toBe(store.size);
    // Root names and services on slim traces with their tree filled: only the matches are decoded.
    for (const q of ['{ trace:rootService = "payment" }', '{ trace:rootName =~ "GET.*" && kind = client }']) {
      const roots = audit(store, q);
      expect(roots.slimPruned, q).toBeGreaterThan(0);
      expect(store.size - roots.pruned - roots.slimPruned, q).toBe(roots.matched.size);
    }
    const rootService = audit(store, '{ trace:rootService = "order-worker" }');
    expect(rootService.matched.size).toBeGreaterThan(0);
    expect(store.size - rootService.pruned).toBeLessThan(store.size / 2);
    // Conditions that hold in the same chunk but never on one span: the slim stage rules them out.
    const apart = audit(store, '{ span.db.system = "redis" && duration > 10ms }');
    expect(apart.matched.size).toBe(0);
    expect(apart.slimPruned).toBeGreaterThan(store.size / 2);
    expect(apart.pruned + apart.slimPruned).toBe(store.size);
    const spanLevel = audit(store, '{ status = error && kind = internal }');
    expect(spanLevel.matched.size).toBeGreaterThan(0);
    expect(spanLevel.slimPruned).toBeGreaterThan(0);
    // A structural side that must be a child, tested on the spans that name a parent (decision 0356):
    // the gateway's checkout and product spans are the roots.
    const rootSide = audit(
      store,
      '{ } >> { name = "POST /api/checkout" || name = "GET /api/products/{id}" }',
    );
    expect(rootSide.matched.size).toBeLessThan(3);
    expect(rootSide.pruned).toBeGreaterThan(store.size * 0.95);
    const childSide = audit(store, '{ name = "POST /api/checkout" && kind = server } ~ { }');
    expect(childSide.matched.size).toBe(0);
    expect(childSide.pruned).toBeGreaterThan(store.size * 0.95);
    // Structural queries over span-own filters, evaluated on slim traces with their parent links.
    const overSlim = audit(store, '{ kind = server } > { kind = server }');
    expect(overSlim.matched.size).toBe(0);
    expect(overSlim.slimPruned).toBeGreaterThan(store.size / 2);
    expect(overSlim.pruned + overSlim.slimPruned).toBe(store.size);
  }, 60_000);

  it('/api/search answers exactly the same with and without pruning', () => {
    const engine = createTraceQLEngine();
    const pruning = new EmbeddedSearcher(store, engine, materializeTrace);
    const exhaustive = new EmbeddedSearcher(store, withoutPrefilter(engine), materializeTrace);
    for (const q of [...conformance, ...extra]) {
      expect(searchBody(pruning, q, 10_000), q).toBe(searchBody(exhaustive, q, 10_000));
    }
  }, 120_000);
});

describe('search pre-filter on decoder edge cases', () => {
  const hex = (n: number, len: number) => n.toString(16).padStart(len, '0');
  const base = 1_700_000_000_000_000_000n;
  let next = 1;

  /** One batch holding one trace with the given spans (span 1 is the root; others its children). */
  function batch(
    spans: Record<string, unknown>[],
    resource: Record<string, unknown>[] = [{ key: 'service.name', value: { stringValue: 'edge' } }],
    traceNo = next++,
  ): unknown {
    return {
      resourceSpans: [
        {
          resource: { attributes: resource },
          scopeSpans: [
            {
              scope: { name: 'edge' },
              spans: spans.map((s, i) => ({
                traceId: hex(traceNo, 32),
                spanId: hex(i + 1 + ((s.idOffset as number | undefined) ?? 0), 16),
                parentSpanId: i === 0 && !s.parent ? '' : hex((s.parent as number | undefined) ?? 1, 16),
                name: 'span',
                startTimeUnixNano: String(base),
                endTimeUnixNano: String(base + 1_000_000n),
                ...s,
              })),
            },
          ],
        },
      ],
    };
  }

  /** The batch with another instrumentation scope. */
  function scoped(doc: unknown, scope: Record<string, unknown>): unknown {
    const d = doc as { resourceSpans: { scopeSpans: { scope: unknown }[] }[] };
    d.resourceSpans[0].scopeSpans[0].scope = scope;
    return d;
  }

  const store = new TraceStore();
  beforeAll(() => {
    const docs = [
      batch([{ name: 'lone \uD800 surrogate' }]),
      batch([{ name: 'backwards', startTimeUnixNano: String(base + 5n), endTimeUnixNano: String(base) }]),
      batch([{ name: 'no start', startTimeUnixNano: '0', endTimeUnixNano: '5000000000' }]),
      batch([{ name: 'odd codes', kind: 9, status: { code: 7 } }]),
      batch([
        {
          attributes: [
            { key: 'x', value: { doubleValue: 200 } },
            { key: 'big', value: { intValue: '9007199254740993' } },
            { key: 'sql', value: { stringValue: `SELECT ${'x'.repeat(400)}` } },
            { key: 'flag', value: { boolValue: false } },
          ],
        },
      ]),
      batch([
        {
          name: 'strings',
          attributes: [
            { key: 's', value: { stringValue: 'lone \uDC00 value' } },
            { key: 'n', value: { intValue: '5' } },
          ],
        },
      ]),
      // More distinct values in one chunk than it lists (MAX_LISTED_STRINGS): the rest are unlisted.
      batch(
        Array.from({ length: 1100 }, (_, i) => ({
          name: 'many',
          attributes: [{ key: 'u', value: { stringValue: `value-${i}` } }],
        })),
      ),
      // Trees the slim stage must not link differently from the decoder (decision 0323).
      batch([
        { name: 'tree-root' },
        { name: 'tree-child', parent: 1 },
        { name: 'tree-grandchild', parent: 2 },
        { name: 'tree-orphan', parent: 99 },
        { name: 'tree-self', parent: 5 },
      ]),
      batch([
        { name: 'cycle-a', parent: 2 },
        { name: 'cycle-b', parent: 1 },
        { name: 'cycle-c', parent: 2 },
      ]),
      batch([
        { name: 'dup-root' },
        { name: 'dup-client', kind: 3, parent: 1 },
        { name: 'dup-server', kind: 2, idOffset: -1, parent: 1 },
        { name: 'dup-leaf', parent: 2 },
      ]),
      // A SERVER span naming no parent, sharing its ID with a CLIENT span: the decoder links it under
      // the client (Zipkin's shared spans), so it is not a root (decision 0356).
      batch([
        { name: 'shared-root' },
        { name: 'shared-client', kind: 3, parent: 1 },
        { name: 'shared-server', kind: 2, idOffset: -1, parentSpanId: '' },
      ]),
      batch([{ name: 'lonely-root', kind: 2 }]),
      // Events and scopes (decision 0357): a lone surrogate, a long name, a span without events, a
      // scope without name or version, a resource without a service name.
      batch([
        {
          name: 'eventful',
          events: [
            {
              timeUnixNano: String(base),
              name: 'lone \uD800 event',
              attributes: [
                { key: 'exception.message', value: { stringValue: 'lone \uD800 value' } },
                { key: 'retries', value: { intValue: '3' } },
              ],
            },
            {
              timeUnixNano: String(base),
              name: `event ${'e'.repeat(400)}`,
              attributes: [{ key: 'exception.stacktrace', value: { stringValue: `at ${'z'.repeat(400)}` } }],
            },
          ],
          links: [
            {
              traceId: hex(999, 32),
              spanId: hex(9, 16),
              attributes: [{ key: 'link.reason', value: { stringValue: 'lone \uDC00 link' } }],
            },
          ],
        },
        { name: 'eventless', parent: 1 },
      ]),
      scoped(batch([{ name: 'unscoped' }]), {}),
      scoped(batch([{ name: 'versioned' }]), { name: 'lib \uDC00', version: '2.0' }),
      batch([{ name: 'no service' }], [{ key: 'service.name', value: { intValue: '7' } }]),
      // A root service after a service.name that is not a string (the decoder takes the first string).
      batch(
        [{ name: 'second service' }],
        [
          { key: 'service.name', value: { intValue: '7' } },
          { key: 'service.name', value: { stringValue: 'later' } },
        ],
      ),
      // More distinct event attribute values than a chunk lists (decision 0344).
      batch([
        {
          name: 'many event values',
          events: Array.from({ length: 1100 }, (_, i) => ({
            timeUnixNano: String(base),
            name: 'e',
            attributes: [{ key: 'exception.message', value: { stringValue: `failure-${i}` } }],
          })),
        },
      ]),
      batch([
        { name: 'short-root', spanId: '0102' },
        { name: 'short-child', parentSpanId: '0102' },
      ]),
      // Status messages: a lone surrogate, one past MAX_INDEXED_STRING, more distinct ones than a
      // chunk lists, and a span without one beside a span with one.
      batch([{ name: 'messages', status: { code: 2, message: 'lone \uD800 message' } }]),
      batch([{ name: 'long message', status: { code: 2, message: `stack ${'y'.repeat(400)}` } }]),
      batch(
        Array.from({ length: 1100 }, (_, i) => ({
          name: 'many messages',
          status: { code: 2, message: `failure-${i}` },
        })),
      ),
      batch([{ name: 'quiet' }, { name: 'loud', status: { code: 2, message: 'loud' } }]),
      batch(
        [{ name: 'resource only' }],
        [
          { key: 'service.name', value: { stringValue: 'edge' } },
          { key: 'region', value: { stringValue: 'mars' } },
        ],
      ),
    ];
    // Decoded without the validator: the pre-filter must also cope with values ingest refuses (kind 9).
    for (const doc of docs) store.ingest(decodeOtlpJson(doc).batches);
    // One trace whose parent and child arrive in two batches (two chunks, two digests).
    const split = next++;
    store.ingest(
      parseOtlpJson(
        batch(
          [{ name: 'parent', attributes: [{ key: 'a', value: { stringValue: '1' } }] }],
          undefined,
          split,
        ),
      ).batches,
    );
    // The shared SERVER half and its CLIENT half in two batches (the server's chunk lists no client).
    const sharedApart = next++;
    store.ingest(
      parseOtlpJson(batch([{ name: 'apart-server', kind: 2, spanId: hex(7, 16) }], undefined, sharedApart))
        .batches,
    );
    store.ingest(
      parseOtlpJson(
        batch(
          [
            { name: 'apart-root', spanId: hex(1, 16) },
            { name: 'apart-client', kind: 3, spanId: hex(7, 16), parent: 1 },
          ],
          undefined,
          sharedApart,
        ),
      ).batches,
    );
    store.ingest(
      parseOtlpJson(
        batch(
          [
            {
              name: 'child',
              idOffset: 1,
              parent: 1,
              attributes: [{ key: 'b', value: { stringValue: '2' } }],
            },
          ],
          undefined,
          split,
        ),
      ).batches,
    );
  });

  it.each([
    ['{ name = "lone \uFFFD surrogate" }', 1],
    ['{ name = "backwards" && duration = 0 }', 1],
    ['{ duration < 1ns }', 1],
    ['{ name = "no start" && duration > 1s }', 1],
    ['{ duration > 4s }', 1],
    ['{ status = unset && kind = unspecified && name = "odd codes" }', 1],
    ['{ span.x = 200 }', 1],
    ['{ .x = 200.0 }', 1],
    ['{ span.big = 9007199254740993 }', 1],
    [`{ span.sql = "SELECT ${'x'.repeat(400)}" }`, 1],
    [`{ span.sql = "SELECT ${'x'.repeat(399)}" }`, 0],
    ['{ span.flag = false }', 1],
    ['{ .region = "mars" }', 1],
    ['{ resource.region = "mars" && name = "resource only" }', 1],
    ['{ span.region = "mars" }', 0],
    ['{ name = "parent" } > { name = "child" }', 1],
    ['{ span.a = "1" } >> { span.b = "2" }', 1],
    ['{ span.a = "1" && span.b = "2" }', 0],
    ['{ parent.span.a = "1" }', 1],
    ['{ parent.span.a =~ "1" && span.b = "2" }', 1],
    ['{ parent.span.b = "2" }', 0],
    ['{ span.s =~ "lone \uFFFD value" }', 1],
    ['{ span.s != "lone \uFFFD value" }', 0],
    ['{ span.s !~ "lone.*" }', 0],
    ['{ span.s =~ "lone .*" && name = "strings" }', 1],
    ['{ span.n =~ "5" }', 0],
    ['{ span.n != "5" }', 0],
    ['{ span.x != "200" }', 0],
    ['{ span.sql =~ "SELECT x+" }', 1],
    ['{ span.sql != "SELECT" }', 1],
    ['{ span.u =~ "value-1099" }', 1],
    ['{ span.u =~ "value-5" }', 1],
    ['{ span.u != "value-0" }', 1],
    ['{ span.u =~ "nomatch" }', 0],
    ['{ .region =~ "m.*" }', 1],
    ['{ resource.region !~ "m.*" }', 0],
    ['{ span.region =~ "m.*" }', 0],
    ['{ span.a =~ "1" } >> { span.b =~ "2" }', 1],
    ['{ span.a =~ "1" && span.b =~ "2" }', 0],
    ['{ name = "tree-root" } >> { name = "tree-grandchild" }', 1],
    ['{ name = "tree-root" } > { name = "tree-grandchild" }', 0],
    ['{ name = "tree-root" } >> { name = "tree-orphan" }', 0],
    ['{ name = "tree-root" } !>> { name = "tree-orphan" }', 1],
    ['{ name = "tree-self" } > { name = "tree-self" }', 0],
    ['{ name = "tree-grandchild" } << { name = "tree-root" }', 1],
    ['{ name = "tree-child" } ~ { name = "tree-orphan" }', 0],
    ['{ name = "tree-root" } &>> { name =~ "tree-.*child" }', 1],
    ['{ name =~ "cycle-.*" } >> { name = "cycle-c" }', 1],
    ['{ name = "cycle-a" } > { name = "cycle-b" }', 1],
    ['{ name = "cycle-b" } > { name = "cycle-a" }', 0],
    ['{ name = "dup-client" } > { name = "dup-server" }', 1],
    ['{ name = "dup-root" } >> { name = "dup-leaf" }', 1],
    ['{ statusMessage =~ "lone \uFFFD message" }', 1],
    ['{ statusMessage = "lone \uFFFD message" }', 1],
    ['{ statusMessage != "lone \uFFFD message" && name = "messages" }', 0],
    ['{ statusMessage =~ "stack y+" }', 1],
    ['{ statusMessage != "stack" && name = "long message" }', 1],
    ['{ statusMessage =~ "failure-1099" }', 1],
    ['{ statusMessage = "failure-7" }', 1],
    ['{ statusMessage =~ "failure-.*" && name != "many messages" }', 0],
    ['{ statusMessage = "" && name = "quiet" }', 1],
    ['{ statusMessage = "" && name = "loud" }', 0],
    ['{ statusMessage != "loud" && name = "loud" }', 0],
    ['{ statusMessage =~ "lo.*" } < { statusMessage = "" }', 1],
    ['{ name != "tree-root" && name =~ "tree-.*" }', 1],
    // Structural sides on spans with a parent (decision 0356), roots and shared IDs included.
    ['{ } >> { name = "tree-root" }', 0],
    ['{ } > { name = "tree-child" }', 1],
    ['{ name = "tree-root" } < { }', 0],
    ['{ name = "tree-child" } < { name = "tree-root" }', 1],
    ['{ name = "tree-grandchild" } << { name = "tree-root" }', 1],
    ['{ name = "tree-root" } ~ { }', 0],
    ['{ name = "tree-child" } &~ { }', 0],
    ['{ name = "tree-child" } &> { name = "tree-grandchild" }', 1],
    ['{ name = "tree-root" } &<< { }', 0],
    ['{ } !> { name = "tree-root" }', 1],
    ['{ } > { kind = server }', 3],
    ['{ } >> { name = "lonely-root" }', 0],
    ['{ name = "shared-client" } > { name = "shared-server" }', 1],
    ['{ name = "shared-root" } >> { name = "shared-server" && kind = server }', 1],
    ['{ name = "shared-server" } < { name = "shared-client" }', 1],
    ['{ name = "apart-client" } > { name = "apart-server" }', 1],
    ['{ name = "apart-root" } >> { kind = server }', 1],
    ['{ name = "dup-client" } > { kind = server }', 1],
    ['{ name = "parent" } > { name = "child" } && { span.a = "1" }', 1],
    ['({ name = "parent" } > { name = "child" }) >> { }', 0],
    ['{ event:name = "lone \uFFFD event" }', 1],
    ['{ event:name =~ "lone .*" && name = "eventful" }', 1],
    ['{ event:name =~ "event e+" }', 1],
    ['{ event:name != "x" && name = "eventless" }', 0],
    ['{ event:name !~ "lone.*" && name = "eventful" }', 1],
    ['{ event:name = "" }', 0],
    ['{ instrumentation:name = "" && name = "unscoped" }', 1],
    ['{ instrumentation:version = "" && name = "unscoped" }', 1],
    ['{ instrumentation:name = "lib \uFFFD" }', 1],
    ['{ instrumentation:version = "2.0" && name = "versioned" }', 1],
    ['{ instrumentation:name != "edge" && name = "versioned" }', 1],
    ['{ trace:rootService = "unknown_service" }', 1],
    ['{ trace:rootService = "7" }', 0],
    ['{ trace:rootService =~ "ed.*" && name = "eventless" }', 1],
    ['{ trace:rootName = "eventful" && name = "eventless" }', 1],
    ['{ trace:rootName != "x" && name =~ "cycle-.*" }', 1],
    ['{ trace:rootName = "cycle-a" }', 1],
    ['{ trace:rootName != "x" && name = "tree-orphan" }', 1],
    ['{ trace:rootService = "edge" && name = "child" }', 1],
    ['{ trace:rootService = "later" }', 1],
    ['{ trace:rootService = "edge" && name = "eventless" }', 1],
    ['{ event.exception.message = "lone \uFFFD value" }', 1],
    ['{ event.exception.message =~ "lone .*" }', 1],
    ['{ event.exception.message =~ "failure-1099" }', 1],
    ['{ event.exception.message = "failure-1099" }', 1],
    ['{ event.exception.stacktrace =~ "at z+" }', 1],
    ['{ event.retries > 2 }', 1],
    ['{ event.retries = 3 && event.exception.message != nil }', 1],
    ['{ event.retries < 3 }', 0],
    ['{ link.link.reason =~ "lone \uFFFD link" }', 1],
    ['{ link.link.reason != "x" && name = "eventful" }', 1],
  ])('%s: matches %i trace(s), none pruned away', (q, count) => {
    const { matched, missed } = audit(store, q);
    expect(missed).toEqual([]);
    expect(matched.size).toBe(count);
  });

  it.each([
    '{ span.x > 199 }',
    '{ span.x > 200 }',
    '{ .x >= 200 }',
    '{ span.x < 200.5 }',
    '{ span.big > 9007199254740991 }',
    '{ span.big >= 9007199254740993 }',
    '{ span.flag > 0 }',
    '{ span.region > 1 }',
    '{ resource.region < 1 }',
    '{ name =~ "lone .*" }',
    '{ name =~ "lone \uFFFD surrogate" }',
    '{ name !~ "lone.*" }',
    '{ name = "short-root" } > { name = "short-child" }',
    '{ name = "short-root" } !> { name = "short-child" }',
  ])('%s: a numeric range test never prunes a match away', (q) => {
    expect(audit(store, q).missed).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { evaluate, MetricsQueryError } from './evaluate.ts';
import { parseTraceQL } from './parser.ts';
import { buildTrace, type TestSpan } from './testing/build-trace.ts';

const ms = 1_000_000;

// a GET /checkout (api, server)
// ├─ b auth (api, client)
// │  └─ c verify (auth, server, ok)
// └─ d POST /pay (api, client, error "card declined")
//    ├─ e SELECT cards (db, internal; event "exception")
//    │  └─ f fetch (db, consumer; link; string http.status_code)
//    └─ g publish (pay, producer)
const SPANS: TestSpan[] = [
  {
    id: '00000000000000a1',
    name: 'GET /checkout',
    kind: 2,
    start: 0,
    duration: 100 * ms,
    attrs: { 'http.method': 'GET', 'http.status_code': 200 },
    resource: { 'service.name': 'api', env: 'prod' },
    scope: { name: 'io.otel.http', version: '1.2.0' },
  },
  {
    id: '00000000000000b2',
    parent: '00000000000000a1',
    name: 'auth',
    kind: 3,
    start: 5 * ms,
    duration: 10 * ms,
    attrs: { peer: 'auth', env: 'span-level' },
    resource: { 'service.name': 'api', env: 'prod' },
  },
  {
    id: '00000000000000c3',
    parent: '00000000000000b2',
    name: 'verify',
    kind: 2,
    status: 1,
    start: 6 * ms,
    duration: 8 * ms,
    resource: { 'service.name': 'auth' },
  },
  {
    id: '00000000000000d4',
    parent: '00000000000000a1',
    name: 'POST /pay',
    kind: 3,
    status: 2,
    statusMessage: 'card declined',
    start: 20 * ms,
    duration: 70 * ms,
    attrs: { 'http.status_code': 502, retry: true, ratio: 0.5 },
    resource: { 'service.name': 'api', env: 'prod' },
  },
  {
    id: '00000000000000e5',
    parent: '00000000000000d4',
    name: 'SELECT cards',
    kind: 1,
    start: 25 * ms,
    duration: 60 * ms,
    attrs: { 'db.system': 'postgresql' },
    resource: { 'service.name': 'db' },
    events: [
      { name: 'exception', time: 30 * ms, attrs: { 'exception.type': 'CardError' } },
      { name: 'retry', time: 40 * ms, attrs: { attempt: 2 } },
    ],
  },
  {
    id: '00000000000000f6',
    parent: '00000000000000e5',
    name: 'fetch',
    kind: 5,
    start: 30 * ms,
    duration: 1 * ms,
    attrs: { 'http.status_code': '200' },
    resource: { 'service.name': 'db' },
    links: [
      {
        traceId: '11111111111111111111111111111111',
        spanId: '2222222222222222',
        attrs: { 'link.kind': 'batch' },
      },
    ],
    scope: { name: 'kafkajs', version: '2.0.1' },
  },
  {
    id: '0000000000000017',
    parent: '00000000000000d4',
    name: 'publish',
    kind: 4,
    start: 86 * ms,
    duration: 2 * ms,
    resource: { 'service.name': 'pay' },
  },
];

const trace = buildTrace(SPANS);
const LETTER = SPANS.map((s) => s.id.slice(-2, -1).replace('1', 'g'));

function matchedLetters(query: string): string {
  const parsed = parseTraceQL(query);
  if (!parsed.ok) throw new Error(`${query}: ${parsed.errors[0].message}`);
  const result = evaluate(parsed.ast, trace);
  const rows = new Set<number>();
  for (const ss of result.spansets) for (const r of ss.rows) rows.add(r);
  return [...rows]
    .sort((x, y) => x - y)
    .map((r) => LETTER[r])
    .join('');
}

// (query, expected matching spans by letter a–g)
const CONFORMANCE: Array<[string, string]> = [
  ['{}', 'abcdefg'],
  ['{ true }', 'abcdefg'],
  ['{ false }', ''],
  // span intrinsics, scoped and old spellings
  ['{ span:name = "auth" }', 'b'],
  ['{ name = "auth" }', 'b'],
  ['{ span:status = error }', 'd'],
  ['{ status = ok }', 'c'],
  ['{ status = unset }', 'abefg'],
  ['{ status != error }', 'abcefg'],
  ['{ span:statusMessage = "card declined" }', 'd'],
  ['{ statusMessage =~ "card.*" }', 'd'],
  ['{ span:duration > 50ms }', 'ade'],
  ['{ duration <= 2ms }', 'fg'],
  ['{ duration >= 0.06s }', 'ade'],
  ['{ duration < 1h && duration > 1000us }', 'abcdeg'],
  ['{ span:kind = server }', 'ac'],
  ['{ kind = client }', 'bd'],
  ['{ kind = internal }', 'e'],
  ['{ kind = producer || kind = consumer }', 'fg'],
  ['{ kind = unspecified }', ''],
  ['{ span:id = "00000000000000d4" }', 'd'],
  ['{ span:parentID = "00000000000000d4" }', 'eg'],
  ['{ span:parentID = nil }', 'a'],
  ['{ span:childCount = 2 }', 'ad'],
  ['{ childCount = 0 }', 'cfg'],
  ['{ span:childCount > 1 }', 'ad'],
  // trace intrinsics hold for every span of the trace
  ['{ trace:rootName = "GET /checkout" && kind = producer }', 'g'],
  ['{ rootName = "nope" }', ''],
  ['{ trace:rootService = "api" && name = "verify" }', 'c'],
  ['{ rootServiceName = "api" && name = "verify" }', 'c'],
  ['{ trace:duration = 100ms && duration < 2ms }', 'f'],
  ['{ traceDuration > 1s }', ''],
  ['{ trace:id = "0af7651916cd43dd8448eb211c80319c" && kind = producer }', 'g'],
  // events, links, instrumentation
  ['{ event:name = "exception" }', 'e'],
  ['{ event.exception.type = "CardError" }', 'e'],
  ['{ event:name = "exception" && event.attempt = 2 }', ''],
  ['{ event:name = "retry" && event.attempt = 2 }', 'e'],
  ['{ event:timeSinceStart > 10ms }', 'e'],
  ['{ event:timeSinceStart > 20ms }', ''],
  ['{ link:traceID = "11111111111111111111111111111111" }', 'f'],
  ['{ link:spanID = "2222222222222222" && link.link.kind = "batch" }', 'f'],
  ['{ instrumentation:name = "kafkajs" }', 'f'],
  ['{ instrumentation:version =~ "1\\\\..*" }', 'a'],
  // attributes: scoped, unscoped (span first, then resource), parent
  ['{ span.http.status_code = 502 }', 'd'],
  ['{ span.http.status_code >= 200 }', 'ad'],
  ['{ span.http.status_code = "200" }', 'f'],
  ['{ .http.status_code = 200 }', 'a'],
  ['{ resource.service.name = "api" }', 'abd'],
  ['{ .service.name = "db" }', 'ef'],
  ['{ resource.env = "prod" }', 'abd'],
  ['{ .env = "prod" }', 'ad'],
  ['{ span.env = "span-level" }', 'b'],
  ['{ parent.resource.service.name = "api" }', 'bcdeg'],
  ['{ parent.span.http.status_code = 502 }', 'eg'],
  ['{ parent.service.name = "db" }', 'f'],
  ['{ span.retry = true }', 'd'],
  ['{ span.retry }', 'd'],
  ['{ !span.retry }', ''],
  ['{ span.ratio = 0.5 }', 'd'],
  ['{ span.ratio < .6 && span.ratio > 0.4 }', 'd'],
  ['{ span."db.system" = "postgresql" }', 'e'],
  // nil (documented meaning: absent)
  ['{ span.http.status_code = nil }', 'bceg'],
  ['{ span.http.status_code != nil }', 'adf'],
  ['{ .missing != "x" }', ''],
  // comparison operators on strings
  ['{ name != "auth" && resource.service.name = "api" }', 'ad'],
  ['{ name > "auth" && name < "publish" }', 'f'],
  ['{ name <= "auth" && kind = client }', 'bd'],
  // regexes are fully anchored, RE2
  ['{ name =~ "SELECT.*" }', 'e'],
  ['{ name =~ "SELECT" }', ''],
  ['{ name =~ "(?i)select cards" }', 'e'],
  ['{ name !~ ".*/.*" }', 'bcefg'],
  ['{ name =~ `POST /p\\w+` }', 'd'],
  ['{ span.http.status_code =~ "2.*" }', 'f'],
  // arithmetic with Tempo precedence
  ['{ span.http.status_code = 500 + 2 }', 'd'],
  ['{ span.http.status_code = 2 + 5 * 100 }', 'd'],
  ['{ span.http.status_code - 2 = 500 }', 'd'],
  ['{ span.http.status_code / 2 = 251 }', 'd'],
  ['{ span.http.status_code % 100 = 2 }', 'd'],
  ['{ 2 ^ 3 ^ 2 = 512 && kind = server }', 'ac'],
  ['{ -span.http.status_code < -500 }', 'd'],
  ['{ duration * 2 > 100ms }', 'ade'],
  // logic: && and || share one level and associate left, like Tempo
  ['{ name = "auth" || name = "verify" && kind = server }', 'c'],
  ['{ name = "auth" || (name = "verify" && kind = server) }', 'bc'],
  ['{ !(name = "auth") && kind = client }', 'd'],
  ['{ !(.missing = 1) && kind = producer }', 'g'],
  // spanset operators
  ['{ name = "auth" } && { name = "verify" }', 'bc'],
  ['{ name = "auth" } && { name = "nope" }', ''],
  ['{ name = "auth" } || { name = "nope" }', 'b'],
  ['{ kind = client } > { }', 'ceg'],
  ['{ name = "POST /pay" } >> { }', 'efg'],
  ['{ } < { name = "SELECT cards" }', 'e'],
  ['{ name = "publish" } < { name = "SELECT cards" }', ''],
  ['{ name = "fetch" } < { }', 'e'],
  ['{ name = "fetch" } << { }', 'ade'],
  ['{ name = "auth" } ~ { }', 'd'],
  ['{ name = "SELECT cards" } ~ { }', 'g'],
  ['{ kind = client } ~ { kind = client }', 'bd'],
  ['{ name = "auth" } &> { }', 'bc'],
  ['{ kind = client } &>> { name = "fetch" }', 'df'],
  ['{ name = "fetch" } &< { }', 'ef'],
  ['{ name = "fetch" } &<< { kind = client }', 'df'],
  ['{ name = "auth" } &~ { }', 'bd'],
  ['{ kind = client } !> { }', 'abdf'],
  ['{ name = "POST /pay" } !>> { }', 'abcd'],
  ['{ } !< { }', 'cfg'],
  ['{ name = "fetch" } !<< { }', 'bcfg'],
  ['{ name = "auth" } !~ { }', 'abcefg'],
  ['({ kind = client } > { }) >> { kind = consumer }', 'f'],
  ['{ kind = server } > { kind = client } > { kind = server }', 'c'],
  // pipelines
  ['{ resource.service.name = "api" } | count() > 2', 'abd'],
  ['{ resource.service.name = "api" } | count() > 3', ''],
  ['{ } | avg(duration) > 30ms', 'abcdefg'],
  ['{ } | avg(duration) > 40ms', ''],
  ['{ kind = client } | max(duration) >= 70ms', 'bd'],
  ['{ kind = client } | min(duration) = 10ms', 'bd'],
  ['{ kind = client } | sum(duration) = 80ms', 'bd'],
  ['{ } | count() = 2 * 3 + 1', 'abcdefg'],
  ['{ } | { kind = server }', 'ac'],
  ['{ } | by(resource.service.name) | count() > 2', 'abd'],
  ['{ } | by(resource.service.name) | count() = 1', 'cg'],
  ['{ } | by(resource.service.name) | count() = 1 | coalesce()', 'cg'],
  ['{ kind = server } | select(span.http.method, name)', 'ac'],
  ['({ } | count() > 6) && { name = "auth" }', 'abcdefg'],
  // hints are accepted and ignored
  ['{ kind = server } with(most_recent=true)', 'ac'],
  ['{ kind = server } with(sample=true)', 'ac'],
];

describe('TraceQL conformance table', () => {
  it.each(CONFORMANCE)('%s → %s', (query, expected) => {
    expect(matchedLetters(query)).toBe(expected);
  });
});

describe('pipelines keep the spanset structure', () => {
  it('by() splits spans into one spanset per value and labels it', () => {
    const parsed = parseTraceQL('{ } | by(resource.service.name)');
    if (!parsed.ok) throw new Error('parse');
    const result = evaluate(parsed.ast, trace);
    const labels = result.spansets.map((ss) => `${ss.attributes[0].value}:${ss.rows.length}`).sort();
    expect(labels).toEqual(['api:3', 'auth:1', 'db:2', 'pay:1']);
    expect(result.spansets[0].attributes[0].key).toBe('by(resource.service.name)');
  });

  it('scalar filters attach the aggregate they computed', () => {
    const parsed = parseTraceQL('{ kind = client } | count() > 1');
    if (!parsed.ok) throw new Error('parse');
    const result = evaluate(parsed.ast, trace);
    expect(result.spansets[0].attributes).toEqual([{ key: 'count()', value: 2 }]);
  });
});

describe('metrics queries', () => {
  it('are parsed but say they run on the backend only', () => {
    const parsed = parseTraceQL('{ } | rate() by (resource.service.name)');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(() => evaluate(parsed.ast, trace)).toThrow(MetricsQueryError);
    expect(() => evaluate(parsed.ast, trace)).toThrow(/metrics queries run on the backend only/);
  });
});

describe('deep traces', () => {
  it('evaluates descendant queries over a 100,000-deep chain without recursion', () => {
    const chain: TestSpan[] = [];
    for (let i = 0; i < 100_000; i++) {
      chain.push({
        id: i.toString(16).padStart(16, '0'),
        parent: i === 0 ? undefined : (i - 1).toString(16).padStart(16, '0'),
        name: i === 99_999 ? 'leaf' : 'link',
        start: i,
        duration: 100_000 - i,
      });
    }
    const deep = buildTrace(chain);
    const parsed = parseTraceQL('{ span:parentID = nil } >> { name = "leaf" }');
    if (!parsed.ok) throw new Error('parse');
    const result = evaluate(parsed.ast, deep);
    expect(result.spansets[0].rows).toEqual([99_999]);
    const ancestors = parseTraceQL('{ name = "leaf" } << { }');
    if (!ancestors.ok) throw new Error('parse');
    expect(evaluate(ancestors.ast, deep).spansets[0].rows.length).toBe(99_999);
  });
});

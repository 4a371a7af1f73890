import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { SpanFlag, type Trace } from '../model/types.ts';
import { decodeTrace } from './index.ts';
import { fixture, otlpPayloadSpans, rowsById, tableSnapshot } from './testing/fixtures.ts';

/** Every payload span is in the trace with exact ns times, hex IDs and its parent resolved. */
function expectMatchesPayload(trace: Trace, payload: ReturnType<typeof otlpPayloadSpans>): void {
  expect(trace.counts.spans).toBe(payload.length);
  expect(trace.traceId).toMatch(/^[0-9a-f]{32}$/);
  const rows = rowsById(trace);
  const ids = new Set(payload.map((s) => s.spanId));
  const t = trace.table;
  for (const s of payload) {
    expect(s.spanId).toMatch(/^[0-9a-f]{16}$/);
    const row = rows.get(s.spanId)?.[0];
    expect(row, s.spanId).toBeDefined();
    const r = row as number;
    expect(trace.startNs + BigInt(t.start[r])).toBe(s.start);
    expect(trace.startNs + BigInt(t.start[r]) + BigInt(t.duration[r])).toBe(s.end);
    expect(t.strings[t.name[r]]).toBe(s.name);
    if (s.parentSpanId && ids.has(s.parentSpanId)) {
      const p = t.parent[r];
      expect(p).toBeGreaterThanOrEqual(0);
      expect(rows.get(s.parentSpanId)).toContain(p);
    } else {
      expect(t.parent[r]).toBe(-1);
      expect(Boolean(t.flags[r] & SpanFlag.Orphan)).toBe(Boolean(s.parentSpanId));
    }
  }
}

const TEMPO_JSON = [
  'tempo-trace-v1-error-json',
  'tempo-trace-v2-error-json',
  'tempo-trace-v2-big2k-json',
  'tempo-trace-v2-clockskew-json',
  'tempo-trace-v2-kafka-sametrace-json',
  'tempo-trace-v2-orphan-json',
  'tempo-trace-v2-partial-json',
  'tempo-trace-v2-stripped-31char-id',
];

describe('Tempo recordings', () => {
  it.each(TEMPO_JSON)('%s decodes every span exactly', (name) => {
    const body = fixture(`tempo/${name}.body`);
    const json = JSON.parse(body.toString('utf8'));
    const result = decodeTrace(body);
    expect(result.error).toBeUndefined();
    expect(result.traces).toHaveLength(1);
    expectMatchesPayload(result.traces[0], otlpPayloadSpans(json.batches ?? json.trace.resourceSpans));
  });

  it.each([
    ['tempo-trace-v1-error-json', 'tempo-trace-v1-error-protobuf'],
    ['tempo-trace-v2-error-json', 'tempo-trace-v2-error-protobuf'],
    ['tempo-trace-v2-partial-json', 'tempo-trace-v2-partial-protobuf'],
  ])('%s and %s give identical tables', (jsonName, protoName) => {
    const a = decodeTrace(fixture(`tempo/${jsonName}.body`));
    const b = decodeTrace(new Uint8Array(fixture(`tempo/${protoName}.body`)), {
      contentType: 'application/protobuf',
    });
    expect(b.format).toMatch(/protobuf/);
    expect(b.traces).toHaveLength(1);
    expect(b.traces[0].startNs).toBe(a.traces[0].startNs);
    expect(b.traces[0].durationNs).toBe(a.traces[0].durationNs);
    expect(tableSnapshot(b.traces[0])).toEqual(tableSnapshot(a.traces[0]));
    const row = a.traces[0].table.count - 1;
    const da = a.traces[0].details.get(row);
    const db = b.traces[0].details.get(row);
    expect(db).toEqual({ ...da });
  });

  it('carries the PARTIAL message from JSON and protobuf', () => {
    for (const name of ['tempo-trace-v2-partial-json', 'tempo-trace-v2-partial-protobuf']) {
      const trace = decodeTrace(fixture(`tempo/${name}.body`)).traces[0];
      expect(trace.partial).toBe('Trace exceeds maximum size of 200000 bytes, a partial trace is returned');
      expect(trace.warnings.some((w) => w.kind === 'partial')).toBe(true);
    }
    expect(decodeTrace(fixture('tempo/tempo-trace-v2-error-json.body')).traces[0].partial).toBeUndefined();
  });

  it.each(['tempo-trace-v1-notfound', 'tempo-trace-v2-notfound', 'tempo-trace-v2-range-excludes'])(
    '%s gives zero traces without an error',
    (name) => {
      const result = decodeTrace(fixture(`tempo/${name}.body`));
      expect(result.traces).toHaveLength(0);
      expect(result.error).toBeUndefined();
    },
  );

  it('reports the orphan and keeps it as a root', () => {
    const trace = decodeTrace(fixture('tempo/tempo-trace-v2-orphan-json.body')).traces[0];
    expect(trace.counts.orphans).toBe(1);
    expect(trace.roots.length).toBe(2);
    expect(trace.warnings.map((w) => w.kind)).toContain('orphan');
  });

  it('materializes details with typed attributes, resource and scope', () => {
    const trace = decodeTrace(fixture('tempo/tempo-trace-v2-error-json.body')).traces[0];
    const rows = rowsById(trace);
    const row = (rows.get('b1731a60a2c7183c') ?? [])[0];
    const d = trace.details.get(row);
    expect(d.service).toBe('payment');
    expect(d.parentSpanId).toBe('8ca4220d0dbd4d49');
    expect(d.statusMessage).toBe('DEADLINE_EXCEEDED');
    expect(d.startUnixNano).toBe('1795300496036570181');
    expect(d.attributes).toContainEqual({ key: 'server.port', value: { type: 'int', value: '9090' } });
    expect(d.scope.name).toBe('shop.payment.instrumentation');
    expect(trace.details.attribute(row, 'resource', 'cloud.region')).toEqual({
      type: 'string',
      value: 'eu-west-1',
    });
    expect(trace.details.attributeKeys(row, 'span')).toContain('rpc.method');
  });
});

describe('Tempo dataset (881 traces)', () => {
  it('decodes every trace with exact times and resolved parents', () => {
    const lines = gunzipSync(fixture('tempo/dataset/tempo-traces-v2.jsonl.gz'))
      .toString('utf8')
      .split('\n')
      .filter(Boolean);
    expect(lines).toHaveLength(881);
    let spans = 0;
    for (const line of lines) {
      const { traceID, response } = JSON.parse(line);
      const result = decodeTrace(JSON.stringify(response));
      expect(result.traces).toHaveLength(1);
      const trace = result.traces[0];
      expect(trace.traceId).toBe(traceID);
      expectMatchesPayload(trace, otlpPayloadSpans(response.trace.resourceSpans));
      spans += trace.counts.spans;
    }
    expect(spans).toBe(36_889);
  });
});

describe('Jaeger and Zipkin files', () => {
  const jaegerFiles = [
    'legacy/trace-ui_01.json',
    'legacy/otlp-multi-out.json',
    'legacy/otlp2jaeger-out.json',
    'edge-cases/spanAmongEachOtherGroupedAndSpans.json',
    'edge-cases/spanLongerAsParent.json',
    'edge-cases/spansAmongEachOther.json',
    'edge-cases/spansAmongEachOtherGrouped.json',
    'edge-cases/testTrace.json',
    'edge-cases/testTraceNormal.json',
    'edge-cases/traceWithMultipleSpansWithTheSameValueInDifferentTags.json',
    'edge-cases/traceWithOverlappingChildren.json',
    'edge-cases/traceWithOverlappingChildrenLongerThanParent.json',
    'edge-cases/traceWithSingleChildLongerThanParentAndStartsAfterParent.json',
    'edge-cases/traceWithThreeShortChildren.json',
    'edge-cases/traceWithThreeShortOverlappingChildren.json',
    'edge-cases/traceWithTwoChildrenStartedAtTraceStart.json',
    'edge-cases/traceWithTwoNonOverlappingChildren.json',
  ];
  it.each(jaegerFiles)('jaeger/%s keeps every span with µs times exact', (file) => {
    const json = JSON.parse(fixture(`jaeger/${file}`).toString('utf8'));
    const traces = json.data ?? [json];
    const spans = traces.flatMap((t: { spans: unknown[] }) => t.spans) as {
      spanID: string;
      startTime: number;
      duration: number;
      references?: { refType: string; spanID: string }[];
    }[];
    const result = decodeTrace(fixture(`jaeger/${file}`));
    expect(result.format).toBe('jaeger-json');
    const trace = result.traces[0];
    expect(trace.counts.spans).toBe(spans.length);
    const odd = file.endsWith('testTrace.json');
    if (!odd) expect(trace.traceId).toMatch(/^[0-9a-f]{32}$/);
    const rows = rowsById(trace);
    for (const s of spans) {
      const candidates = rows.get(odd ? s.spanID : s.spanID.padStart(16, '0')) ?? [];
      const match = candidates.find(
        (r) => trace.startNs + BigInt(trace.table.start[r]) === BigInt(s.startTime) * 1000n,
      );
      expect(match, s.spanID).toBeDefined();
      expect(trace.table.duration[match as number]).toBe(s.duration * 1000);
      const parentRef = s.references?.find((r) => r.refType === 'CHILD_OF');
      if (parentRef && rows.has(odd ? parentRef.spanID : parentRef.spanID.padStart(16, '0'))) {
        expect(trace.table.parent[match as number]).toBeGreaterThanOrEqual(0);
      }
    }
  });

  it('maps Jaeger tags to kind, status and events', () => {
    const trace = decodeTrace(fixture('jaeger/legacy/trace-ui_01.json')).traces[0];
    expect(trace.counts.errors).toBeGreaterThan(0);
    const d = trace.details.get(0);
    expect(d.events[0].name).toBe('some-event');
    expect(trace.warnings.map((w) => w.kind)).toContain('duplicate-id');
  });

  it('keeps Jaeger UI test IDs that are not hex, with a warning', () => {
    const trace = decodeTrace(fixture('jaeger/edge-cases/testTrace.json')).traces[0];
    expect(trace.traceId).toBe('trace-123');
    expect(trace.roots).toHaveLength(1);
    expect(trace.details.get(trace.roots[0]).spanId).toBe('span-1');
    expect(trace.warnings.map((w) => w.kind)).toContain('odd-id');
  });

  it('decodes Jaeger api_v3 with numeric enums', () => {
    const result = decodeTrace(fixture('jaeger/api-v3/GetTrace.json'));
    expect(result.format).toBe('jaeger-api-v3-json');
    const trace = result.traces[0];
    expect(trace.traceId).toBe('00000000000000000000000000000001');
    expect(trace.table.kind[0]).toBe(2);
    expect(trace.counts.errors).toBe(1);
  });

  it.each(['ascend', 'envoy', 'messaging-kafka', 'simple-db-p6', 'skew', 'yelp'])(
    'zipkin/%s keeps every span',
    (name) => {
      const spans = JSON.parse(fixture(`zipkin/${name}.json`).toString('utf8')) as {
        id: string;
        timestamp?: number;
      }[];
      const result = decodeTrace(fixture(`zipkin/${name}.json`));
      expect(result.format).toBe('zipkin-v2-json');
      const trace = result.traces[0];
      expect(trace.counts.spans).toBe(spans.length);
      expect(trace.roots).toHaveLength(1);
      expect(trace.counts.orphans).toBe(0);
    },
  );

  it('makes the Zipkin server half the child of the client half sharing its ID', () => {
    const trace = decodeTrace(fixture('zipkin/skew.json')).traces[0];
    const rows = rowsById(trace).get('74280ae0c10d8062') ?? [];
    expect(rows).toHaveLength(2);
    const t = trace.table;
    const server = rows.find((r) => t.kind[r] === 2) as number;
    const client = rows.find((r) => t.kind[r] === 3) as number;
    expect(t.parent[server]).toBe(client);
    const async = (rowsById(trace).get('43210ae0c10d1234') ?? [])[0];
    expect(t.parent[async]).toBe(server);
    expect(t.depth[async]).toBe(3);
  });
});

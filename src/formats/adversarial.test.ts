import { describe, expect, it } from 'vitest';
import { encodeOtlpJson, encodeOtlpProtobuf, generateTrace } from '../../bench/generate.ts';
import { SpanFlag } from '../model/types.ts';
import { decodeTrace, MAX_JSON_CHARS } from './index.ts';

const START = 1_795_300_496_000_000_000n;
const hex16 = (n: number) => n.toString(16).padStart(16, '0');

interface SpanSpec {
  id: string;
  parent?: string;
  start?: bigint | string;
  end?: bigint | string;
  name?: string;
}

function otlp(spans: SpanSpec[], traceId = 'a'.repeat(32)): string {
  return JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }] },
        scopeSpans: [
          {
            scope: { name: 's' },
            spans: spans.map((s) => ({
              traceId,
              spanId: s.id,
              parentSpanId: s.parent,
              name: s.name ?? s.id,
              startTimeUnixNano: String(s.start ?? START),
              endTimeUnixNano: String(s.end ?? START + 1000n),
            })),
          },
        ],
      },
    ],
  });
}

describe('decodeTrace on bad input', () => {
  it('answers empty input with zero traces', () => {
    for (const input of ['', '   \n', new Uint8Array(0), new ArrayBuffer(0)]) {
      const r = decodeTrace(input);
      expect(r.traces).toHaveLength(0);
    }
  });

  it('reports truncated JSON with the format and position', () => {
    const r = decodeTrace(otlp([{ id: hex16(1) }]).slice(0, 120));
    expect(r.traces).toHaveLength(0);
    expect(r.error).toMatch(/^json: invalid or truncated JSON/);
  });

  it('keeps every decodable span when fields have the wrong types, naming the path', () => {
    const doc = JSON.parse(
      otlp([{ id: hex16(1) }, { id: hex16(2), parent: hex16(1) }, { id: hex16(3), parent: hex16(1) }]),
    );
    const spans = doc.resourceSpans[0].scopeSpans[0].spans;
    spans[1].spanId = 42;
    spans[1].kind = { nope: true };
    spans[1].startTimeUnixNano = [];
    spans[1].name = 7;
    spans[2].spanId = 'zz-not-an-id';
    spans[2].status = 'bad';
    spans[2].events = 'x';
    doc.resourceSpans[0].scopeSpans.push('not a scope', { spans: 5 });
    doc.resourceSpans.push(null, { scopeSpans: {} });
    const r = decodeTrace(JSON.stringify(doc));
    expect(r.traces).toHaveLength(1);
    const trace = r.traces[0];
    expect(trace.counts.spans).toBe(3);
    const messages = [...trace.warnings, ...r.warnings].map((w) => w.message);
    expect(messages).toContain(
      'otlp-json: resourceSpans[0].scopeSpans[0].spans[1].spanId: expected 16 hex chars or 8 base64 bytes, got number 42',
    );
    expect(messages).toContain(
      'otlp-json: resourceSpans[0].scopeSpans[0].spans[2].spanId: expected 16 hex chars or 8 base64 bytes, got the string "zz-not-an-id"',
    );
    expect(
      messages.some((m) => m.startsWith('otlp-json: resourceSpans[0].scopeSpans[1]: expected an object')),
    ).toBe(true);
    expect(
      messages.some((m) => m.startsWith('otlp-json: resourceSpans[1]: expected an object, got null')),
    ).toBe(true);
    expect(trace.table.oddSpanIds.get(2)).toBe('zz-not-an-id');
  });

  it('keeps a 1 MB attribute value', () => {
    const big = 'x'.repeat(1 << 20);
    const doc = JSON.parse(otlp([{ id: hex16(1) }]));
    doc.resourceSpans[0].scopeSpans[0].spans[0].attributes = [{ key: 'big', value: { stringValue: big } }];
    const trace = decodeTrace(JSON.stringify(doc)).traces[0];
    expect(trace.details.attribute(0, 'span', 'big')).toEqual({ type: 'string', value: big });
  });

  it('breaks a cycle and a self-parent with warnings', () => {
    const trace = decodeTrace(
      otlp([
        { id: hex16(1), parent: hex16(3), start: START + 10n },
        { id: hex16(2), parent: hex16(1), start: START + 20n },
        { id: hex16(3), parent: hex16(2), start: START + 30n },
        { id: hex16(4), parent: hex16(4), start: START + 40n },
      ]),
    ).traces[0];
    expect(trace.counts.spans).toBe(4);
    expect(Array.from(trace.table.parent)).toEqual([-1, 0, 1, -1]);
    expect(trace.warnings.filter((w) => w.kind === 'cycle')).toHaveLength(2);
    expect(trace.counts.maxDepth).toBe(2);
  });

  it('handles a chain 100,000 deep', () => {
    const n = 100_000;
    const spans: SpanSpec[] = [];
    for (let i = 0; i < n; i++)
      spans.push({
        id: hex16(i + 1),
        parent: i ? hex16(i) : undefined,
        start: START + BigInt(i),
        end: START + BigInt(2 * n - i),
      });
    const trace = decodeTrace(otlp(spans)).traces[0];
    expect(trace.counts.maxDepth).toBe(n - 1);
    expect(trace.table.depth[n - 1]).toBe(n - 1);
    expect(trace.roots).toEqual(Uint32Array.of(0));
  });

  it('sorts 50,000 children given out of order by start', () => {
    const n = 50_000;
    const spans: SpanSpec[] = [{ id: hex16(1), end: START + 10_000_000n }];
    for (let i = 0; i < n; i++)
      spans.push({ id: hex16(i + 2), parent: hex16(1), start: START + BigInt((i * 7919) % n) });
    const trace = decodeTrace(otlp(spans)).traces[0];
    const t = trace.table;
    expect(t.childStart[1] - t.childStart[0]).toBe(n);
    for (let c = t.childStart[0] + 1; c < t.childStart[1]; c++)
      expect(t.start[t.children[c]]).toBeGreaterThanOrEqual(t.start[t.children[c - 1]]);
  });

  it('keeps 10,000 sequential siblings', () => {
    const spans: SpanSpec[] = [{ id: hex16(1), end: START + 10_000_000n }];
    for (let i = 0; i < 10_000; i++)
      spans.push({
        id: hex16(i + 2),
        parent: hex16(1),
        start: START + BigInt(i * 1000),
        end: START + BigInt(i * 1000 + 900),
      });
    const trace = decodeTrace(otlp(spans)).traces[0];
    expect(trace.counts.spans).toBe(10_001);
    expect(trace.counts.maxDepth).toBe(1);
  });

  it('keeps duplicate span IDs apart', () => {
    const trace = decodeTrace(
      otlp([{ id: hex16(1) }, { id: hex16(1), name: 'again' }, { id: hex16(2), parent: hex16(1) }]),
    ).traces[0];
    expect(trace.counts.spans).toBe(3);
    expect(trace.warnings.map((w) => w.kind)).toContain('duplicate-id');
    expect(trace.table.parent[2]).toBeGreaterThanOrEqual(0);
  });

  it('shows every orphan as a root', () => {
    const trace = decodeTrace(otlp([1, 2, 3].map((i) => ({ id: hex16(i), parent: hex16(100 + i) }))))
      .traces[0];
    expect(trace.counts.orphans).toBe(3);
    expect(trace.roots).toHaveLength(3);
    for (let i = 0; i < 3; i++) expect(trace.table.flags[i] & SpanFlag.Orphan).toBeTruthy();
    expect(trace.details.get(0).warnings.join()).toMatch(/parent/);
  });

  it('clamps negative durations to zero and keeps zero ones, with a warning', () => {
    const trace = decodeTrace(
      otlp([
        { id: hex16(1), start: START + 100n, end: START + 50n },
        { id: hex16(2), start: START, end: START },
      ]),
    ).traces[0];
    expect(Array.from(trace.table.duration)).toEqual([0, 0]);
    expect(trace.warnings.some((w) => /end before they start/.test(w.message))).toBe(true);
  });

  it('places spans with zero timestamps at the trace start instead of 1970', () => {
    const trace = decodeTrace(
      otlp([{ id: hex16(1) }, { id: hex16(2), parent: hex16(1), start: '0', end: '0' }]),
    ).traces[0];
    expect(trace.startNs).toBe(START);
    expect(trace.table.start[1]).toBe(0);
    expect(trace.warnings.some((w) => /no start time/.test(w.message))).toBe(true);
    const allZero = decodeTrace(otlp([{ id: hex16(1), start: '0', end: '0' }])).traces[0];
    expect(allZero.startNs).toBe(0n);
  });

  it('warns about the all-zero trace ID but keeps the trace', () => {
    const r = decodeTrace(otlp([{ id: hex16(1) }], '0'.repeat(32)));
    expect(r.traces[0].counts.spans).toBe(1);
    expect(r.traces[0].warnings.map((w) => w.kind)).toContain('invalid-trace-id');
  });

  it('splits a payload into traces by trace ID and left-pads short IDs', () => {
    const doc = JSON.parse(otlp([{ id: hex16(1) }]));
    const spans = doc.resourceSpans[0].scopeSpans[0].spans;
    spans.push({ ...spans[0], traceId: 'abc', spanId: hex16(2) });
    const r = decodeTrace(JSON.stringify(doc));
    expect(r.traces.map((t) => t.traceId).sort()).toEqual([`${'0'.repeat(29)}abc`, 'a'.repeat(32)]);
  });

  it('decodes Collector file-exporter JSON Lines with traces spread over lines', () => {
    const lines = [
      otlp([{ id: hex16(1) }], 'b'.repeat(32)),
      otlp([{ id: hex16(2), parent: hex16(1) }], 'b'.repeat(32)),
      otlp([{ id: hex16(3) }], 'c'.repeat(32)),
      '{"broken',
    ].join('\n');
    const r = decodeTrace(lines);
    expect(r.format).toBe('otlp-json-lines');
    expect(r.traces).toHaveLength(2);
    expect(r.traces[0].counts.spans).toBe(2);
    expect(r.traces[0].table.parent[1]).toBe(0);
    expect(r.warnings.some((w) => w.message.startsWith('json-lines: line 4'))).toBe(true);
  });

  it('refuses a JSON document longer than the longest string, recommending protobuf', () => {
    const bytes = new Uint8Array(MAX_JSON_CHARS + 16);
    bytes[0] = 0x7b;
    const r = decodeTrace(bytes);
    expect(r.traces).toHaveLength(0);
    expect(r.error).toMatch(/protobuf/);
  });

  it('keeps the spans before a truncation in protobuf', () => {
    const bytes = encodeOtlpProtobuf(generateTrace('mixed', 300, 3).resourceSpans);
    const r = decodeTrace(bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    expect(r.traces.length === 0 ? 0 : r.traces[0].counts.spans).toBeGreaterThan(0);
    expect([...r.warnings, ...(r.traces[0]?.warnings ?? [])].some((w) => w.kind === 'truncated')).toBe(true);
    expect(decodeTrace(Uint8Array.of(0x0a, 0xff, 0xff)).traces).toHaveLength(0);
    expect(() => decodeTrace(Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251))).not.toThrow();
  });

  it('decodes the same generated trace identically from OTLP JSON and protobuf', () => {
    const data = generateTrace('mixed', 500, 11);
    const a = decodeTrace(encodeOtlpJson(data)).traces[0];
    const b = decodeTrace(encodeOtlpProtobuf(data.resourceSpans)).traces[0];
    expect(Array.from(b.table.start)).toEqual(Array.from(a.table.start));
    expect(Array.from(b.table.parent)).toEqual(Array.from(a.table.parent));
    expect(b.details.get(7)).toEqual(a.details.get(7));
  });
});

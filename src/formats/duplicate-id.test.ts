// Duplicate span IDs (issue 19, defect 19): each span sharing its ID with another is flagged in the
// table and says so in its details; the tree stays a tree around them.
import { describe, expect, it } from 'vitest';
import { SpanFlag, type Trace } from '../model/types.ts';
import { decodeTrace } from './index.ts';
import { fixture } from './testing/fixtures.ts';

const flagged = (trace: Trace) =>
  [...trace.table.flags.keys()].filter((row) => trace.table.flags[row] & SpanFlag.DuplicateId);

/** Walks up from every row; true when some walk comes back to where it started (or never ends). */
function hasCycle(parent: Int32Array): boolean {
  for (let row = 0; row < parent.length; row++) {
    let steps = 0;
    for (let r = parent[row]; r >= 0; r = parent[r]) if (++steps > parent.length) return true;
  }
  return false;
}

const START = 1_700_000_000_000_000_000n;
function otlp(spans: { id: string; parent?: string; name: string; start?: number }[]): string {
  return JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }] },
        scopeSpans: [
          {
            spans: spans.map((s) => ({
              traceId: 'a'.repeat(32),
              spanId: s.id,
              parentSpanId: s.parent ?? '',
              name: s.name,
              startTimeUnixNano: String(START + BigInt(s.start ?? 0)),
              endTimeUnixNano: String(START + BigInt(s.start ?? 0) + 1000n),
            })),
          },
        ],
      },
    ],
  });
}

describe('duplicate span IDs', () => {
  it('flags both copies of the span the otlp2jaeger file holds twice, and their details say so', () => {
    const trace = decodeTrace(fixture('jaeger/legacy/otlp2jaeger-out.json')).traces[0];
    expect(trace.counts.spans).toBe(2);
    expect(flagged(trace)).toEqual([0, 1]);
    for (const row of [0, 1]) {
      const warnings = trace.details.get(row).warnings;
      expect(warnings).toContain(
        'duplicate span ID: another span of this trace also has the ID e127af99e3b3e074; both are shown',
      );
      // The trace-wide sentence is not repeated on the span.
      expect(warnings.filter((w) => w.includes('share their span ID'))).toEqual([]);
    }
    expect(trace.warnings.find((w) => w.kind === 'duplicate-id')?.message).toBe(
      '2 span(s) share their span ID with another span; kept apart',
    );
  });

  it('flags nothing in a trace without duplicates', () => {
    const trace = decodeTrace(fixture('jaeger/legacy/trace-ui_01.json')).traces[0];
    const ids = new Map<string, number>();
    for (let row = 0; row < trace.table.count; row++) {
      const id = `${trace.table.spanIdHi[row]}:${trace.table.spanIdLo[row]}`;
      ids.set(id, (ids.get(id) ?? 0) + 1);
    }
    const expected = [...Array(trace.table.count).keys()].filter(
      (row) => (ids.get(`${trace.table.spanIdHi[row]}:${trace.table.spanIdLo[row]}`) ?? 0) > 1,
    );
    expect(flagged(trace)).toEqual(expected);
  });

  it('keeps the tree a tree: children hang from one copy, a copy naming its own ID as parent is cut', () => {
    const id = '00000000000000a1';
    const trace = decodeTrace(
      otlp([
        { id, name: 'first' },
        { id, parent: id, name: 'copy naming itself', start: 10 },
        { id: '00000000000000b2', parent: id, name: 'child', start: 20 },
      ]),
    ).traces[0];
    expect(trace.counts.spans).toBe(3);
    expect(flagged(trace)).toEqual([0, 1]);
    expect(hasCycle(trace.table.parent)).toBe(false);
    expect(trace.roots.length).toBeGreaterThanOrEqual(1);
    // The child has a parent, one of the two copies.
    expect([0, 1]).toContain(trace.table.parent[2]);
    // Every span is reachable from a root exactly once.
    const { childStart } = trace.table;
    expect(trace.roots.length + childStart[trace.table.count]).toBe(3);
  });

  it('flags duplicates among span IDs that are not hex', () => {
    const trace = decodeTrace(
      otlp([
        { id: 'span-one', name: 'a' },
        { id: 'span-one', name: 'b' },
        { id: 'span-two', name: 'c' },
      ]),
    ).traces[0];
    expect(flagged(trace)).toEqual([0, 1]);
  });
});

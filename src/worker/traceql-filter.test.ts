import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeTrace } from '../formats/index.ts';
import { adjustTraceSkew, analyseTrace } from './analyse.ts';
import { createTraceEngine } from './engine.ts';
import type { WorkerReply } from './protocol.ts';
import { filterTrace } from './traceql-filter.ts';

// The e2e critical-path case: root (frontend) → a (frontend), d (cache); root → b (backend) → c (db).
const caseBytes = readFileSync(new URL('../../e2e/fixtures/trace-critical-path.otlp.json', import.meta.url));
const trace = decodeTrace(new Uint8Array(caseBytes)).traces[0];
const spanIdsOf = (rows: Uint32Array) =>
  [...rows].map((row) => trace.details.get(row)?.attributes.find((a) => a.key === 'case.span')?.value);

describe('TraceQL filter in the worker', () => {
  it('returns the rows of every matching span, ascending', () => {
    const outcome = filterTrace(trace, '{ resource.service.name = "frontend" && duration < 50ms }');
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(spanIdsOf(outcome.rows)).toEqual([{ type: 'string', value: 'a' }]);
    expect([...outcome.rows]).toEqual([...outcome.rows].sort((x, y) => x - y));
  });

  it('evaluates structural queries over the tree', () => {
    const outcome = filterTrace(trace, '{ span.case.span = "b" } > { }');
    expect(outcome.ok && spanIdsOf(outcome.rows)).toEqual([{ type: 'string', value: 'c' }]);
  });

  it('says where a query is broken, and refuses metrics queries', () => {
    const broken = filterTrace(trace, '{ duration > }');
    expect(broken.ok).toBe(false);
    if (!broken.ok) {
      expect(broken.error.message).not.toBe('');
      expect(broken.error.column).toBeGreaterThan(1);
    }
    const metrics = filterTrace(trace, '{ } | rate()');
    expect(metrics.ok).toBe(false);
  });

  it('answers a filter= of 4,000 nested parentheses with a parse error, and still filters a deep but sane one', () => {
    const hostile = `{ ${'('.repeat(4000)}duration > 1ms${')'.repeat(4000)} }`;
    const outcome = filterTrace(trace, hostile);
    expect(outcome).toEqual({
      ok: false,
      error: { message: expect.stringMatching(/nests too deeply/), column: expect.any(Number) },
    });
    const spansetNesting = filterTrace(trace, `${'('.repeat(4000)}{ }${')'.repeat(4000)}`);
    expect(spansetNesting.ok).toBe(false);
    const sane = filterTrace(trace, `{ ${'('.repeat(150)}span.case.span = "c"${')'.repeat(150)} }`);
    expect(sane.ok && spanIdsOf(sane.rows)).toEqual([{ type: 'string', value: 'c' }]);
  });

  it('answers a filter request for the loaded trace through the engine', async () => {
    const replies: WorkerReply[] = [];
    const handle = createTraceEngine({
      decode: decodeTrace,
      analyse: analyseTrace,
      adjustSkew: adjustTraceSkew,
      post: (reply) => replies.push(reply),
    });
    const bytes = caseBytes.buffer.slice(caseBytes.byteOffset, caseBytes.byteOffset + caseBytes.byteLength);
    handle({
      type: 'load',
      id: 1,
      source: { kind: 'bytes', bytes: bytes as ArrayBuffer, label: 'case' },
      options: { adjustSkew: false },
    });
    for (let i = 0; i < 100 && !replies.some((r) => r.type === 'loaded'); i++)
      await new Promise((r) => setTimeout(r, 1));
    handle({ type: 'filter', id: 2, query: '{ status = error || name = "INSERT payment" }' });
    // The first filter imports TraceQL (decision 0247), so its answer comes a little later.
    for (let i = 0; i < 500 && !replies.some((r) => r.id === 2); i++)
      await new Promise((r) => setTimeout(r, 1));
    const reply = replies.find((r) => r.id === 2);
    expect(reply?.type).toBe('filtered');
    if (reply?.type === 'filtered' && reply.outcome.ok) {
      expect(reply.outcome.rows.length).toBe(1);
      expect(trace.table.strings[trace.table.name[reply.outcome.rows[0]]]).toBe('INSERT payment');
    } else throw new Error('no rows');
  });
});

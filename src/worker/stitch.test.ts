import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeTrace } from '../formats/index.ts';
import type { Trace } from '../model/types.ts';
import { analyseStitched } from './analyse.ts';
import { forwardLinkedTraceIds, stitchTraces } from './stitch.ts';
import { traceOf } from './testing/linked-traces.ts';

const T = (c: string) => c.repeat(32);
const S_ = (c: string) => c.repeat(16);
const PRODUCER = 4;
const CONSUMER = 5;
const SERVER = 2;
const MS = 1e6;

const producerTrace = () =>
  traceOf(T('a'), [
    { id: S_('1'), name: 'POST /checkout', service: 'checkout', kind: SERVER, start: 0, end: 12 },
    {
      id: S_('2'),
      parent: S_('1'),
      name: 'orders publish',
      service: 'checkout',
      kind: PRODUCER,
      start: 2,
      end: 10,
    },
  ]);
const consumerTrace = (traceId: string, start: number, end: number, spanId: string) =>
  traceOf(traceId, [
    {
      id: spanId,
      name: 'orders process',
      service: 'worker',
      kind: CONSUMER,
      start,
      end,
      links: [{ traceId: T('a'), spanId: S_('2') }],
    },
    {
      id: S_(spanId[0] === 'c' ? 'd' : 'f'),
      parent: spanId,
      name: 'INSERT',
      service: 'worker',
      start: start + 1,
      end: end - 1,
    },
  ]);

function rowNamed(trace: Trace, name: string, index = 0): number {
  const t = trace.table;
  for (let r = 0; r < t.count; r++)
    if (t.strings[t.name[r]] === name && (t.traceIndex?.[r] ?? 0) === index) return r;
  throw new Error(`no ${name} in trace ${index}`);
}

describe('stitching linked traces into one table', () => {
  it('hangs two consumers under the producer span, on one time axis, with the time in queue', () => {
    const base = producerTrace();
    const c1 = consumerTrace(T('b'), 30, 40, S_('c'));
    const c2 = consumerTrace(T('e'), 50, 45 + 20, S_('e'));
    const s = stitchTraces(base, [c1, c2]);
    const t = s.shown.table;
    expect(t.count).toBe(6);
    expect(s.shown.traceId).toBe(T('a'));
    const producer = rowNamed(s.shown, 'orders publish');
    const first = rowNamed(s.shown, 'orders process', 1);
    const second = rowNamed(s.shown, 'orders process', 2);
    expect(t.parent[first]).toBe(producer);
    expect(t.parent[second]).toBe(producer);
    expect(t.depth[first]).toBe(2);
    expect(t.depth[rowNamed(s.shown, 'INSERT', 1)]).toBe(3);
    // The children of the producer, by start.
    expect([...t.children.subarray(t.childStart[producer], t.childStart[producer + 1])]).toEqual([
      first,
      second,
    ]);
    // Same axis: the consumer starts 30 ms after the producer trace's start.
    expect(t.start[first]).toBe(30 * MS);
    expect(s.traces.map((i) => [i.traceId, i.rootService, i.queueNs / MS, i.downstream])).toEqual([
      [T('a'), 'checkout', 0, false],
      [T('b'), 'worker', 20, true],
      [T('e'), 'worker', 40, true],
    ]);
    expect(s.shown.durationNs).toBe(65 * MS);
    // Span details come from the consumer's own trace, on the set's axis.
    const d = s.shown.details.get(first);
    expect(d.traceId).toBe(T('b'));
    expect(d.row).toBe(first);
    expect(d.start).toBe(30 * MS);
    expect(s.shown.details.attribute(first, 'resource', 'service.name')).toEqual({
      type: 'string',
      value: 'worker',
    });
    // Apart, each consumer is a root of its own and the producer has one child.
    expect(s.apart.table.parent[first]).toBe(-1);
    expect(s.apart.roots.length).toBe(3);
    expect(s.shown.roots.length).toBe(1);
  });

  it('fans in: a batch consumer linking to three producer traces carries each one under it', () => {
    const producers = ['1', '2', '3'].map((c, i) =>
      traceOf(T(c), [
        { id: S_(c), name: `send ${c}`, service: `p${c}`, kind: PRODUCER, start: i * 5, end: i * 5 + 2 },
      ]),
    );
    const batch = traceOf(T('9'), [
      { id: S_('9'), name: 'batch', service: 'batcher', kind: SERVER, start: 20, end: 30 },
      {
        id: S_('8'),
        parent: S_('9'),
        name: 'process batch',
        service: 'batcher',
        kind: CONSUMER,
        start: 21,
        end: 29,
        links: producers.map((p, i) => ({ traceId: p.traceId, spanId: S_(String(i + 1)) })),
      },
    ]);
    expect(forwardLinkedTraceIds(batch)).toEqual([T('1'), T('2'), T('3')]);
    const s = stitchTraces(batch, producers);
    const consumer = rowNamed(s.shown, 'process batch');
    for (const i of [1, 2, 3]) {
      const info = s.traces[i];
      expect(info.anchorRow).toBe(consumer);
      expect(info.consumerRow).toBe(consumer);
      expect(s.shown.table.parent[info.rootRow]).toBe(consumer);
      expect(info.downstream).toBe(false);
    }
    // Queue: the batch consumer's start minus each producer's end (2, 7 and 12 ms on the axis).
    expect(s.traces.slice(1).map((i) => i.queueNs / MS)).toEqual([19, 14, 9]);
    // The earliest producer starts the axis.
    expect(s.shown.table.start[consumer]).toBe(21 * MS);
  });

  it('follows a cycle of links without looping: each trace is placed once', () => {
    const a = traceOf(T('a'), [
      { id: S_('a'), name: 'a', start: 0, end: 10, links: [{ traceId: T('b'), spanId: S_('b') }] },
    ]);
    const b = traceOf(T('b'), [
      { id: S_('b'), name: 'b', start: 20, end: 30, links: [{ traceId: T('a'), spanId: S_('a') }] },
    ]);
    const c = traceOf(T('c'), [
      { id: S_('c'), name: 'c', start: 40, end: 50, links: [{ traceId: T('b'), spanId: S_('b') }] },
    ]);
    const s = stitchTraces(a, [b, c]);
    expect(s.shown.table.count).toBe(3);
    expect(s.shown.roots.length).toBe(1);
    const [, ib, ic] = s.traces;
    expect(ib.anchorRow).toBe(0);
    // c links to b, which is placed under a: c hangs under b.
    expect(ic.anchorRow).toBe(ib.rootRow);
    expect(s.shown.table.depth[ic.rootRow]).toBe(2);
    // Asking for the same trace twice, or for the opened one, changes nothing.
    expect(stitchTraces(a, [b, b, a]).shown.table.count).toBe(2);
  });

  it('says when the consumer started before the producer ended (clocks disagree)', () => {
    const base = producerTrace();
    const early = consumerTrace(T('b'), 7, 20, S_('c'));
    const s = stitchTraces(base, [early]);
    expect(s.traces[1].queueNs / MS).toBe(-3);
  });

  it("hangs a trace whose link names a span the opened trace lacks under that trace's root", () => {
    const base = producerTrace();
    const stray = traceOf(T('b'), [
      {
        id: S_('c'),
        name: 'late',
        kind: CONSUMER,
        start: 20,
        end: 30,
        links: [{ traceId: T('a'), spanId: S_('9') }],
      },
    ]);
    const s = stitchTraces(base, [stray]);
    const root = rowNamed(s.shown, 'POST /checkout');
    expect(s.traces[1].anchorRow).toBe(root);
    expect(s.traces[1].producerRow).toBe(root);
    // The root ends at 12 ms: 8 ms in queue.
    expect(s.traces[1].queueNs / MS).toBe(8);
  });

  it('keeps a trace no link joins as a root of its own', () => {
    const base = producerTrace();
    const stranger = traceOf(T('f'), [{ id: S_('f'), name: 'unrelated', start: 100, end: 110 }]);
    const s = stitchTraces(base, [stranger]);
    expect(s.traces[1].anchorRow).toBe(-1);
    expect(s.shown.roots.length).toBe(2);
    expect(s.shown.table.traceIndex?.[s.traces[1].rootRow]).toBe(1);
  });

  it('runs the critical path across the set only when asked', () => {
    const base = producerTrace();
    const c1 = consumerTrace(T('b'), 30, 40, S_('c'));
    const s = stitchTraces(base, [c1]);
    const t = s.shown.table;
    const own = analyseStitched(s, false);
    expect(own.cpLengthNs).toBe(12 * MS);
    for (const row of own.cpRow) expect(t.traceIndex?.[row]).toBe(0);
    // The producer's numbers are its own: the stitched consumer takes nothing from its self time.
    const producer = rowNamed(s.shown, 'orders publish');
    expect(own.selfTime[producer]).toBe(8 * MS);

    const across = analyseStitched(s, true);
    expect(across.cpLengthNs).toBe(40 * MS);
    const onPath = new Set(Array.from(across.cpRow, (r) => t.traceIndex?.[r]));
    expect(onPath).toEqual(new Set([0, 1]));
    // The 20 ms in queue sit on the producer span, then the consumer's trace carries the path.
    expect(across.cpTime[producer]).toBe(8 * MS + 20 * MS);
    expect(across.cpTime[rowNamed(s.shown, 'orders process', 1)]).toBeGreaterThan(0);
    expect(across.selfTime[producer]).toBe(8 * MS);
  });

  it('stitches the Kafka consumer of the recorded Tempo trace back to its producer', () => {
    // The fixture holds both sides in one trace; the consumer side, moved to a trace of its own with
    // its span link kept, is what a backend that starts a new trace per message would send.
    const body = JSON.parse(
      readFileSync(
        new URL('../../../shared/fixtures/tempo/tempo-trace-v2-kafka-sametrace-json.body', import.meta.url),
        'utf8',
      ),
    );
    const doc = body.trace ?? body;
    const producerSide = { resourceSpans: [] as unknown[] };
    const consumerSide = { resourceSpans: [] as unknown[] };
    const consumerTraceId = Buffer.from('c0'.repeat(16), 'hex').toString('base64');
    for (const rs of doc.resourceSpans) {
      const service = rs.resource.attributes.find((a: { key: string }) => a.key === 'service.name').value
        .stringValue;
      if (service === 'checkout') producerSide.resourceSpans.push(rs);
      else {
        for (const ss of rs.scopeSpans)
          for (const span of ss.spans) {
            span.traceId = consumerTraceId;
            if (span.name === 'orders process') span.parentSpanId = '';
          }
        consumerSide.resourceSpans.push(rs);
      }
    }
    const decode = (d: unknown) =>
      decodeTrace(JSON.stringify(d), { contentType: 'application/json' }).traces[0];
    const producer = decode(producerSide);
    const consumer = decode(consumerSide);
    expect(consumer.traceId).toBe('c0'.repeat(16));
    expect(consumer.counts.orphans).toBe(0);
    const s = stitchTraces(producer, [consumer]);
    const info = s.traces[1];
    const t = s.shown.table;
    expect(t.strings[t.name[info.anchorRow]]).toBe('orders publish');
    expect(t.strings[t.name[info.consumerRow]]).toBe('orders process');
    // 1795301486691890383 (consumer start) - 1795301483748331288 (producer end).
    expect(info.queueNs).toBe(2_943_559_095);
    expect(s.shown.table.count).toBe(8);
    expect(s.shown.counts.services).toBe(3);
  });

  it('stitches a recorded Zipkin messaging trace, which cannot carry span links, as a root of its own', () => {
    const zipkin = decodeTrace(
      readFileSync(new URL('../../../shared/fixtures/zipkin/messaging-kafka.json', import.meta.url), 'utf8'),
      { contentType: 'application/json' },
    ).traces[0];
    expect(forwardLinkedTraceIds(zipkin)).toEqual([]);
    const base = producerTrace();
    const s = stitchTraces(base, [zipkin]);
    const info = s.traces[1];
    expect(info.traceId).toBe(zipkin.traceId);
    expect(info.anchorRow).toBe(-1);
    expect(info.rowCount).toBe(zipkin.table.count);
    // Its own tree is kept whole (Zipkin's producer → consumer parent links), just moved onto the axis.
    const rows = Array.from({ length: info.rowCount }, (_, i) => info.firstRow + i);
    const stitchedRoots = rows.filter((r) => s.shown.table.parent[r] < 0);
    expect(stitchedRoots.length).toBe(zipkin.roots.length);
    expect(Math.max(...rows.map((r) => s.shown.table.depth[r]))).toBe(zipkin.counts.maxDepth);
  });
});

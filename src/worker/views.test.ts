import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { criticalPath } from '../analysis/index.ts';
import { asciiTrace } from '../analysis/testing/ascii-trace.ts';
import { decodeTrace } from '../formats/index.ts';
import { adjustTraceSkew, analyseTrace } from './analyse.ts';
import { createTraceEngine } from './engine.ts';
import type { WorkerReply } from './protocol.ts';
import { criticalPathOrder, insightsOf, renderJsonBlob, renderJsonPreview, statsView } from './views.ts';

const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../../../shared/fixtures/tempo/${name}`, import.meta.url)));

const DRAWING = `
    0123456789012345678901234567890
A   |============================|   svc=web server
 B    |====|                         svc=api client
 C           |==========|            svc=api client
  D           |===|                  svc=db error
 E                         |=|       svc=web
`;

describe('critical-path order', () => {
  const drawn = asciiTrace(DRAWING);
  const path = criticalPath(drawn.trace);
  const named = (order: Uint32Array) =>
    [...order].map((i) => `${drawn.nameOf(path.segmentRow[i])} ${path.segmentEnd[i] - path.segmentStart[i]}`);

  it('keeps time order by default and sorts by segment time, longest first', () => {
    expect(named(criticalPathOrder(drawn.trace, path, 'order', false))).toEqual([
      'A 2',
      'B 5',
      'A 2',
      'C 1',
      'D 4',
      'C 6',
      'A 3',
      'E 2',
      'A 4',
    ]);
    const byTime = named(criticalPathOrder(drawn.trace, path, 'time', true));
    expect(byTime).toEqual(['C 6', 'B 5', 'D 4', 'A 4', 'A 3', 'A 2', 'A 2', 'E 2', 'C 1']);
    // Ties keep time order: D's 4 happens before A's last 4.
    const longest = criticalPathOrder(drawn.trace, path, 'time', true);
    expect(path.segmentStart[longest[2]]).toBeLessThan(path.segmentStart[longest[3]]);
  });

  it('sorts by service name', () => {
    const services = [...criticalPathOrder(drawn.trace, path, 'service', false)].map(
      (i) => drawn.trace.table.strings[drawn.trace.table.service[path.segmentRow[i]]],
    );
    expect(services).toEqual([...services].sort());
  });
});

describe('statistics and insights', () => {
  it('totals equal the sum of durations and the error origin is the failing leaf', () => {
    const drawn = asciiTrace(DRAWING);
    const path = criticalPath(drawn.trace);
    const stats = statsView(drawn.trace, path);
    expect(stats.durationSum).toBe(29 + 5 + 11 + 4 + 2);
    expect(stats.byService.map((s) => [s.service, s.count])).toEqual(
      expect.arrayContaining([
        ['web', 2],
        ['api', 2],
        ['db', 1],
      ]),
    );
    const insights = insightsOf(drawn.trace, path);
    const origin = insights.find((i) => i.kind === 'error-origin');
    expect(origin?.rows).toEqual([drawn.row('D')]);
    const gaps = insights.filter((i) => i.kind === 'dark-gap');
    // A's uncovered stretches (2, 2, 3, 4) and C's (1, 6), largest first.
    expect(gaps.map((g) => `${drawn.nameOf(g.rows[0])} ${g.ns}`)).toEqual([
      'C 6',
      'A 4',
      'A 3',
      'A 2',
      'A 2',
      'C 1',
    ]);
    const sequential = insights.find((i) => i.kind === 'sequential-siblings');
    expect(sequential?.rows).toEqual([drawn.row('B'), drawn.row('C'), drawn.row('E')]);
    // The sequential run's parent is the row its sentence names (insight-text.test.ts words it).
    expect(sequential?.parent).toBe(drawn.row('A'));
    for (const insight of insights) {
      for (const row of insight.rows) expect(row).toBeLessThan(drawn.trace.table.count);
    }
  });
});

describe('insight order: what each finding costs the request (decision 0170)', () => {
  it('puts the error origin first, then the findings by time cost on the critical path', () => {
    const drawn = asciiTrace(DRAWING);
    const insights = insightsOf(drawn.trace, criticalPath(drawn.trace));
    expect(insights[0].kind).toBe('error-origin');
    expect(insights[0].explainsRoot).toBeUndefined();
    // The sequential run (up to 7 saved, on the path) outranks C's 6 ns gap.
    expect(insights.slice(1, 3).map((i) => [i.kind, i.costNs])).toEqual([
      ['sequential-siblings', 7],
      ['dark-gap', 6],
    ]);
    const costs = insights.slice(1).map((i) => i.costNs);
    expect(costs).toEqual([...costs].sort((a, b) => b - a));
  });

  it('ranks a long dark gap off the critical path below short ones on it', () => {
    const drawn = asciiTrace(`
    012345678901234567890
A   |===================|
 B   |=========|
  X   |=|
 C   |=================|
`);
    const gaps = insightsOf(drawn.trace, criticalPath(drawn.trace)).filter((i) => i.kind === 'dark-gap');
    // B's 7 ns gap (4-11) runs beside C, which sets the request's end: it costs the request nothing.
    expect(gaps.map((g) => `${drawn.nameOf(g.rows[0])} ${g.ns} cost ${g.costNs}`)).toEqual([
      'A 1 cost 1',
      'A 1 cost 1',
      'B 7 cost 0',
      'B 1 cost 0',
    ]);
  });

  it('leads with the origin of the root error, marked as such', () => {
    const drawn = asciiTrace(`
A   |=================|  error
 B   |===|               error
 C         |=======|
  D         |===|
   E         |=|         error
`);
    const insights = insightsOf(drawn.trace, criticalPath(drawn.trace));
    expect(insights.slice(0, 2).map((i) => [drawn.nameOf(i.rows[0]), i.explainsRoot === true])).toEqual([
      ['B', true],
      ['E', false],
    ]);
  });
});

describe('JSON rendering', () => {
  it('renders a protobuf-decoded trace as OTLP JSON with hex IDs and exact times', async () => {
    const bytes = fixture('tempo-trace-v2-error-protobuf.body');
    const trace = decodeTrace(bytes, { contentType: 'application/protobuf' }).traces[0];
    const json = renderJsonPreview(trace, { bytes, contentType: 'application/protobuf' }, 10_000_000);
    expect(json.origin).toBe('otlp');
    expect(json.complete).toBe(true);
    const doc = JSON.parse(json.preview) as {
      resourceSpans: Array<{ scopeSpans: Array<{ spans: Array<Record<string, string>> }> }>;
    };
    const spans = doc.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans));
    expect(spans).toHaveLength(trace.counts.spans);
    for (const span of spans) {
      expect(span.traceId).toBe(trace.traceId);
      expect(span.spanId).toMatch(/^[0-9a-f]{16}$/);
      expect(BigInt(span.endTimeUnixNano) >= BigInt(span.startTimeUnixNano)).toBe(true);
    }
    // The download is the same document.
    const whole = renderJsonBlob(trace, { bytes, contentType: 'application/protobuf' });
    expect(whole.totalChars).toBe(json.preview.length);
    expect(await whole.blob.text()).toBe(json.preview);
  });

  it('stops rendering a big trace once the preview is full, and the preview is a prefix of the download', async () => {
    const bytes = fixture('tempo-trace-v2-big2k-json.body');
    const trace = decodeTrace(bytes, { contentType: 'application/json' }).traces[0];
    const preview = renderJsonPreview(trace, null, 20_000);
    expect(preview.origin).toBe('otlp');
    expect(preview.complete).toBe(false);
    expect(preview.preview.length).toBeLessThanOrEqual(20_000);
    expect(preview.preview.length).toBeGreaterThan(15_000);
    const whole = await renderJsonBlob(trace, null).blob.text();
    expect(whole.startsWith(preview.preview)).toBe(true);
    const doc = JSON.parse(whole) as { resourceSpans: Array<{ scopeSpans: Array<{ spans: unknown[] }> }> };
    expect(doc.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans))).toHaveLength(
      trace.counts.spans,
    );
  });

  it('pretty-prints the backend JSON body and cuts the preview at a line end', async () => {
    const bytes = fixture('tempo-trace-v2-big2k-json.body');
    const trace = decodeTrace(bytes, { contentType: 'application/json' }).traces[0];
    const json = renderJsonPreview(trace, { bytes, contentType: 'application/json' }, 10_000);
    expect(json.origin).toBe('backend');
    expect(json.complete).toBe(false);
    expect(json.preview.length).toBeLessThanOrEqual(10_000);
    expect(json.preview.startsWith('{\n  "')).toBe(true);
    const { blob, totalChars } = renderJsonBlob(trace, { bytes, contentType: 'application/json' });
    const whole = await blob.text();
    expect(whole.length).toBe(totalChars);
    expect(whole.startsWith(json.preview)).toBe(true);
    expect(JSON.parse(whole)).toEqual(JSON.parse(new TextDecoder().decode(bytes)));
  });
});

describe('engine answers view requests', () => {
  it('computes statistics for the loaded trace', async () => {
    const replies: WorkerReply[] = [];
    const handle = createTraceEngine({
      decode: decodeTrace,
      analyse: analyseTrace,
      adjustSkew: adjustTraceSkew,
      post: (reply) => replies.push(reply),
      yieldToEvents: () => Promise.resolve(),
    });
    const bytes = fixture('tempo-trace-v2-error-protobuf.body');
    handle({
      type: 'load',
      id: 1,
      source: {
        kind: 'bytes',
        bytes: bytes.slice().buffer,
        contentType: 'application/protobuf',
        label: 'file',
      },
      options: { adjustSkew: false },
    });
    for (let i = 0; i < 100 && !replies.some((r) => r.type === 'loaded'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    handle({ type: 'view-stats', id: 2 });
    const reply = replies.find((r) => r.id === 2);
    expect(reply?.type).toBe('view-stats');
    if (reply?.type !== 'view-stats') return;
    const trace = decodeTrace(bytes, { contentType: 'application/protobuf' }).traces[0];
    let sum = 0;
    for (let row = 0; row < trace.table.count; row++) sum += trace.table.duration[row];
    expect(reply.stats.durationSum).toBe(sum);
    expect(reply.stats.spans).toBe(trace.counts.spans);
  });
});

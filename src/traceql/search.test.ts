import { describe, expect, it } from 'vitest';
import { parseTraceQL, searchTraces } from './index.ts';
import { buildTrace } from './testing/build-trace.ts';

const ms = 1_000_000;

function query(text: string) {
  const parsed = parseTraceQL(text);
  if (!parsed.ok) throw new Error(parsed.errors[0].message);
  return parsed.ast;
}

const older = buildTrace(
  [
    {
      id: '00000000000000a1',
      name: 'GET /',
      kind: 2,
      start: 0,
      duration: 12.7 * ms,
      resource: { 'service.name': 'web' },
      attrs: { 'http.route': '/' },
    },
    {
      id: '00000000000000b2',
      parent: '00000000000000a1',
      name: 'db',
      kind: 3,
      status: 2,
      start: ms,
      duration: 2 * ms,
      resource: { 'service.name': 'web' },
    },
    {
      id: '00000000000000c3',
      parent: '00000000000000a1',
      name: 'db',
      kind: 3,
      status: 2,
      start: 4 * ms,
      duration: 2 * ms,
      resource: { 'service.name': 'pg' },
    },
  ],
  '000000000000000000000000000000aa',
  1_700_000_000_000_000_000n,
);
const newer = buildTrace(
  [
    {
      id: '00000000000000d4',
      parent: '00000000000000ff',
      name: 'orphan',
      status: 2,
      start: 0,
      duration: 500_000,
      resource: { 'service.name': 'pg' },
    },
  ],
  '000000000000000000000000000000bb',
  1_700_000_001_000_000_000n,
);

describe('searchTraces', () => {
  it("answers in Tempo's /api/search shape, most recent first", () => {
    const results = searchTraces(query('{ status = error }'), [older, newer], { limit: 20, spss: 1 });
    expect(results.map((r) => r.traceID)).toEqual([
      '000000000000000000000000000000bb',
      '000000000000000000000000000000aa',
    ]);
    const [orphan, full] = results;
    expect(orphan.rootServiceName).toBe('<root span not yet received>');
    expect(orphan.rootTraceName).toBeUndefined();
    expect(orphan.durationMs).toBeUndefined(); // under 1 ms: Tempo leaves zero out
    expect(full).toMatchObject({
      rootServiceName: 'web',
      rootTraceName: 'GET /',
      startTimeUnixNano: '1700000000000000000',
      durationMs: 12,
      serviceStats: { web: { spanCount: 2, errorCount: 1 }, pg: { spanCount: 1, errorCount: 1 } },
    });
    // spss limits the spans listed, not the matched count
    expect(full.spanSets[0].matched).toBe(2);
    expect(full.spanSets[0].spans).toEqual([
      {
        spanID: '00000000000000b2',
        name: 'db',
        startTimeUnixNano: '1700000000001000000',
        durationNanos: '2000000',
        attributes: [{ key: 'status', value: { stringValue: 'error' } }],
      },
    ]);
    expect(full.spanSet).toEqual(full.spanSets[0]);
  });

  it('honours limit', () => {
    expect(searchTraces(query('{}'), [older, newer], { limit: 1 }).map((r) => r.traceID)).toEqual([
      newer.traceId,
    ]);
  });

  it('returns select() fields and pipeline values', () => {
    const [r] = searchTraces(
      query('{ kind = client } | by(resource.service.name) | select(span.http.route, name)'),
      [older],
    );
    expect(r.spanSets.map((s) => s.attributes)).toEqual([
      [{ key: 'by(resource.service.name)', value: { stringValue: 'web' } }],
      [{ key: 'by(resource.service.name)', value: { stringValue: 'pg' } }],
    ]);
    const rootSearch = searchTraces(query('{ kind = server } | select(span.http.route)'), [older]);
    expect(rootSearch[0].spanSets[0].spans[0].attributes).toEqual([
      { key: 'kind', value: { stringValue: 'server' } },
      { key: 'http.route', value: { stringValue: '/' } },
    ]);
  });
});

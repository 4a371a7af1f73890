import { describe, expect, it } from 'vitest';
import {
  parseTraceUrl,
  serializeTraceSearch,
  TRACE_DEFAULTS,
  type TraceUrlState,
  tracePath,
} from './trace-url';

const ID = '0af7651916cd43dd8448eb211c80319c';

function parsed(rawId: string, search: string): TraceUrlState {
  const result = parseTraceUrl(rawId, search);
  if (!result.ok) throw new Error(result.error);
  return result.state;
}

describe('parseTraceUrl', () => {
  it('gives the defaults for a bare trace link', () => {
    expect(parsed(ID, '')).toEqual({ traceId: ID, ...TRACE_DEFAULTS, extra: [] });
    expect(TRACE_DEFAULTS.view).toBe('waterfall');
  });

  it('left-pads and lowercases short trace IDs (Tempo drops leading zeros, Jaeger uses 64 bits)', () => {
    expect(parsed('ABC', '').traceId).toBe('00000000000000000000000000000abc');
    expect(parsed('8448EB211C80319C', '').traceId).toBe('00000000000000008448eb211c80319c');
  });

  it.each(['', 'xyz', `${ID}0`, '12 34'])('refuses trace ID %j with a reason', (raw) => {
    const result = parseTraceUrl(raw, '');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/hexadecimal/);
  });

  it('reads every contract parameter', () => {
    const state = parsed(
      ID,
      'ds=tempo-prod&span=00F067AA0BA902B7&view=critical-path&find=GET%20%2Fcart&filter=%7Bstatus%3Derror%7D' +
        '&zoom=12.5-80&cp=0&dark=0&skew=1&start=1710000000&end=1710003600&embed=1' +
        '&qf=slow.errors&qfservice=auth&only=1&depth=2&toggled=ab12cd.r7',
    );
    expect(state).toEqual({
      traceId: ID,
      ds: 'tempo-prod',
      span: '00f067aa0ba902b7',
      view: 'critical-path',
      find: 'GET /cart',
      filter: '{status=error}',
      zoom: { startMs: 12.5, endMs: 80 },
      criticalPath: false,
      darkTime: false,
      skewAdjust: true,
      foldRepeats: true,
      unfold: [],
      statsGroup: 'service',
      statsSort: { column: 'critical-path', descending: true },
      cpSort: { column: 'order', descending: false },
      quick: { flags: ['errors', 'slow'], service: 'auth', only: true },
      fold: { depth: 2, flipped: ['ab12cd', 'r7'] },
      start: 1710000000,
      end: 1710003600,
      embed: true,
      extra: [],
    });
  });

  it('ignores malformed values instead of failing the page', () => {
    const state = parsed(ID, 'span=not-hex&view=gantt&zoom=80-12&cp=maybe&start=yesterday');
    expect(state.span).toBeUndefined();
    expect(state.view).toBe('waterfall');
    expect(state.zoom).toBeUndefined();
    expect(state.criticalPath).toBe(TRACE_DEFAULTS.criticalPath);
    expect(state.start).toBeUndefined();
  });

  it("accepts Jaeger UI's uiFind and uiEmbed=v0 from existing alert links", () => {
    const state = parsed(ID, 'uiFind=00f067aa0ba902b7&uiEmbed=v0');
    expect(state.find).toBe('00f067aa0ba902b7');
    expect(state.embed).toBe(true);
    expect(state.extra).toEqual([]);
    expect(serializeTraceSearch(state)).toBe('?find=00f067aa0ba902b7&embed=1');
  });

  it('prefers find over uiFind and keeps a uiEmbed value it does not understand', () => {
    const state = parsed(ID, 'find=a&uiFind=b&uiEmbed=v9');
    expect(state.find).toBe('a');
    expect(state.embed).toBe(false);
    expect(state.extra).toEqual([['uiEmbed', 'v9']]);
  });

  it('keeps unknown parameters in order, repeated ones included', () => {
    const state = parsed(ID, 'orgId=1&ds=tempo&utm_source=alert&orgId=2');
    expect(state.extra).toEqual([
      ['orgId', '1'],
      ['utm_source', 'alert'],
      ['orgId', '2'],
    ]);
    expect(serializeTraceSearch(state)).toBe('?ds=tempo&orgId=1&utm_source=alert&orgId=2');
  });
});

describe('view table state (statistics grouping and sort, critical-path sort)', () => {
  it('reads group, sort and cpsort; a leading minus means descending', () => {
    const state = parsed(ID, 'view=stats&group=operation&sort=-p95&cpsort=service');
    expect(state.statsGroup).toBe('operation');
    expect(state.statsSort).toEqual({ column: 'p95', descending: true });
    expect(state.cpSort).toEqual({ column: 'service', descending: false });
    expect(state.extra).toEqual([]);
  });

  it('falls back to the defaults for columns and groupings it does not know', () => {
    const state = parsed(ID, 'group=host&sort=-latency&cpsort=--time');
    expect(state.statsGroup).toBe(TRACE_DEFAULTS.statsGroup);
    expect(state.statsSort).toEqual(TRACE_DEFAULTS.statsSort);
    expect(state.cpSort).toEqual(TRACE_DEFAULTS.cpSort);
    expect(serializeTraceSearch(state)).toBe('');
  });

  it('leaves the defaults out and writes the rest after the view flags, unknown parameters kept', () => {
    const base = parsed(ID, 'view=stats&orgId=7');
    expect(serializeTraceSearch({ ...base, statsSort: { column: 'critical-path', descending: true } })).toBe(
      '?view=stats&orgId=7',
    );
    expect(
      serializeTraceSearch({
        ...base,
        statsGroup: 'operation',
        statsSort: { column: 'critical-path', descending: false },
        cpSort: { column: 'time', descending: true },
      }),
    ).toBe('?view=stats&group=operation&sort=critical-path&cpsort=-time&orgId=7');
  });
});

describe('serializeTraceSearch', () => {
  it('leaves defaults out', () => {
    expect(serializeTraceSearch(parsed(ID, 'view=waterfall&cp=1&dark=1&skew=0&embed=0'))).toBe('');
  });

  it('round-trips every parameter through parse', () => {
    const original = parsed(
      ID,
      'ds=jaeger&span=00f067aa0ba902b7&view=flame&find=db&filter=%7B%7D&zoom=0.125-3&cp=0&dark=0&skew=1' +
        '&group=operation&sort=errors&cpsort=-operation&start=1&end=2&embed=1&x=y',
    );
    const again = parsed(ID, serializeTraceSearch(original));
    expect(again).toEqual(original);
  });

  it('encodes untrusted text so it cannot break the URL', () => {
    const state = parsed(ID, '');
    const search = serializeTraceSearch({ ...state, find: 'a&b=c #x', filter: '{ .x = "y" }' });
    expect(parsed(ID, search)).toMatchObject({ find: 'a&b=c #x', filter: '{ .x = "y" }', extra: [] });
  });
});

describe('quick filters and the collapsed set', () => {
  it('round-trip through the query string in a fixed, short form', () => {
    const state = parsed(ID, 'toggled=AB12CD.r7&depth=0&only=1&qf=critical.errors&qfservice=check%20out');
    expect(serializeTraceSearch(state)).toBe(
      '?qf=errors.critical&qfservice=check+out&only=1&depth=0&toggled=ab12cd.r7',
    );
    expect(parsed(ID, serializeTraceSearch(state))).toEqual(state);
  });

  it('drops what is not a flag or a span-ID prefix, and a negative depth', () => {
    const state = parsed(ID, 'qf=errors.bogus&toggled=zz99.0f0f.r.r12x&depth=-1&only=yes');
    expect(state.quick).toEqual({ flags: ['errors'], service: undefined, only: false });
    expect(state.fold).toEqual({ depth: undefined, flipped: ['0f0f'] });
  });
});

describe('tracePath', () => {
  it('builds a padded trace path with the chosen datasource and span', () => {
    expect(tracePath({ traceId: 'ABC', ds: 'tempo', span: '00f067aa0ba902b7' })).toBe(
      '/trace/00000000000000000000000000000abc?ds=tempo&span=00f067aa0ba902b7',
    );
    expect(tracePath({ traceId: ID })).toBe(`/trace/${ID}`);
  });

  it("turns the trace's bounds into start/end with 60 s either side", () => {
    // 2024-03-09T16:00:00.250Z to 16:00:01.900Z
    const time = { kind: 'bounds', startUnixMs: 1710000000250, endUnixMs: 1710000001900 } as const;
    expect(tracePath({ traceId: ID, ds: 'tempo' }, time)).toBe(
      `/trace/${ID}?ds=tempo&start=1709999940&end=1710000062`,
    );
  });

  it('turns a single known instant (an exemplar, a log line) into start/end with 30 min either side', () => {
    const path = tracePath(
      { traceId: ID, span: '00f067aa0ba902b7' },
      { kind: 'instant', atUnixMs: 1710000000000 },
    );
    expect(path).toBe(`/trace/${ID}?span=00f067aa0ba902b7&start=1709998200&end=1710001800`);
  });

  it('keeps a window the link already names, and leaves unusable times out', () => {
    const time = { kind: 'bounds', startUnixMs: 1710000000000, endUnixMs: 1710000001000 } as const;
    expect(tracePath({ traceId: ID, start: 1, end: 2 }, time)).toBe(`/trace/${ID}?start=1&end=2`);
    expect(tracePath({ traceId: ID }, { kind: 'instant', atUnixMs: Number.NaN })).toBe(`/trace/${ID}`);
    expect(tracePath({ traceId: ID }, { kind: 'bounds', startUnixMs: 0, endUnixMs: 0 })).toBe(`/trace/${ID}`);
  });

  it('writes the whole screen state it is given (what "copy link" copies)', () => {
    const state = parsed(ID, 'span=00f067aa0ba902b7&find=db&qf=errors&depth=1&toggled=0af765');
    const time = { kind: 'bounds', startUnixMs: 1710000000000, endUnixMs: 1710000001000 } as const;
    const copied = tracePath(state, time);
    expect(parsed(ID, copied.split('?')[1])).toEqual({ ...state, start: 1709999940, end: 1710000061 });
  });
});

describe('a trace from a file (`file=<n>`)', () => {
  it('keeps a non-hex trace ID only with a file, and writes the file back', () => {
    expect(parseTraceUrl('trace-123', '').ok).toBe(false);
    const state = parsed('trace-123', 'file=2&span=1');
    expect(state).toMatchObject({ traceId: 'trace-123', file: 2, span: '0000000000000001' });
    expect(serializeTraceSearch(state)).toBe('?span=0000000000000001&file=2');
    expect(tracePath({ traceId: 'trace 1/2', file: 1 })).toBe('/trace/trace%201%2F2?file=1');
    // So are its span IDs (Jaeger's test data: `span-1`).
    expect(parsed('trace-123', 'file=1&span=span-1').span).toBe('span-1');
    expect(parsed(ID, 'span=span-1').span).toBeUndefined();
  });

  it('still normalizes a hex ID, and ignores a file number that is not one', () => {
    expect(parsed('ABC', 'file=1').traceId).toBe('00000000000000000000000000000abc');
    expect(parsed(ID, 'file=0').file).toBeUndefined();
    expect(parseTraceUrl('trace-123', 'file=x').ok).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { hopsAfter, hopsBefore } from './trace-links-params';
import { parseTraceUrl, serializeTraceSearch, type TraceUrlState, tracePath } from './trace-url';

const ID = '0af7651916cd43dd8448eb211c80319c';
const C1 = 'c'.repeat(32);
const C2 = 'd'.repeat(32);
const SPAN = '00f067aa0ba902b7';

function parsed(search: string): TraceUrlState {
  const r = parseTraceUrl(ID, search);
  if (!r.ok) throw new Error(r.error);
  return r.state;
}

describe('trace URL: with, hops, lmargin', () => {
  it('reads stitched traces, the breadcrumb of hops and the look-up margin, and writes them back', () => {
    const search = `?with=${C1},${C2}&hops=${C1}:${SPAN},${C2}:abc&lmargin=600`;
    const state = parsed(search);
    expect(state.with).toEqual([C1, C2]);
    expect(state.hops).toEqual([
      { traceId: C1, spanId: SPAN },
      { traceId: C2, spanId: '0000000000000abc' },
    ]);
    expect(state.linkMargin).toBe(600);
    expect(serializeTraceSearch(state)).toBe(
      `?with=${C1}%2C${C2}&hops=${C1}%3A${SPAN}%2C${C2}%3A0000000000000abc&lmargin=600`,
    );
    expect(parsed(serializeTraceSearch(state))).toEqual(state);
  });

  it('drops its own trace, repeats and bad IDs from with, bad hops, and a margin out of range', () => {
    const state = parsed(`?with=${ID},${C1},${C1},zz,&hops=nothex:1,${C1}:,${C1}:${SPAN}&lmargin=-5&keep=1`);
    expect(state.with).toEqual([C1]);
    expect(state.hops).toEqual([{ traceId: C1, spanId: SPAN }]);
    expect(state.linkMargin).toBeUndefined();
    expect(parsed('?lmargin=99999999').linkMargin).toBeUndefined();
    // Unknown parameters are kept; with/hops/lmargin are ours, not extras.
    expect(state.extra).toEqual([['keep', '1']]);
  });

  it('leaves the parameters out at their defaults', () => {
    expect(tracePath({ traceId: ID })).toBe(`/trace/${ID}`);
    expect(tracePath({ traceId: ID, with: [], hops: [], linkMargin: 3600 })).toBe(`/trace/${ID}`);
  });

  it('the breadcrumb grows by the span a link was followed from, and going back cuts it there', () => {
    const a = { traceId: ID, spanId: SPAN };
    const b = { traceId: C1, spanId: '1'.repeat(16) };
    const after = hopsAfter(hopsAfter(undefined, a), b);
    expect(after).toEqual([a, b]);
    expect(hopsBefore(after, 1)).toEqual([a]);
    expect(hopsBefore(after, 0)).toEqual([]);
    const link = tracePath({ traceId: C2, span: '2'.repeat(16), hops: after });
    const back = parseTraceUrl(C2, link.slice(link.indexOf('?')));
    expect(back.ok && back.state.hops).toEqual([a, b]);
  });

  it('keeps the critical path across stitched traces (xcp=1), off by default', () => {
    expect(parsed(`?with=${C1}`).crossTracePath).toBeUndefined();
    const state = parsed(`?with=${C1}&xcp=1&other=kept`);
    expect(state.crossTracePath).toBe(true);
    expect(serializeTraceSearch(state)).toBe(`?with=${C1}&xcp=1&other=kept`);
    expect(serializeTraceSearch({ ...state, crossTracePath: false })).toBe(`?with=${C1}&other=kept`);
    expect(parsed('?xcp=yes').crossTracePath).toBeUndefined();
  });
});

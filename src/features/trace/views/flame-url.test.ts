import { describe, expect, it } from 'vitest';
import { parseTraceUrl, serializeTraceSearch, tracePath } from '../../../routes/trace-url.ts';

describe('flame zoom in the trace URL', () => {
  it('reads and writes the zoom root span, normalized, keeping other parameters', () => {
    const parsed = parseTraceUrl('abc', '?view=flame&flame=ABC&custom=1');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.state.flame).toBe('0000000000000abc');
    expect(serializeTraceSearch(parsed.state)).toBe('?view=flame&flame=0000000000000abc&custom=1');
  });

  it('drops a zoom root that is not a span ID, and leaves it out when unset', () => {
    const parsed = parseTraceUrl('abc', '?flame=not-hex');
    expect(parsed.ok && parsed.state.flame).toBeUndefined();
    expect(tracePath({ traceId: 'abc', view: 'flame' })).not.toContain('flame=');
  });
});

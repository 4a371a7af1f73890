// The waterfall's tree parameters (decisions 0191, 0192): `fold`, `unfold`, `focus`.
import { describe, expect, it } from 'vitest';
import { parseTraceUrl, serializeTraceSearch, type TraceUrlState } from './trace-url';

const ID = '0af7651916cd43dd8448eb211c80319c';
const A = '00f067aa0ba902b7';
const B = '1000000000000002';

function parsed(search: string): TraceUrlState {
  const result = parseTraceUrl(ID, search);
  if (!result.ok) throw new Error(result.error);
  return result.state;
}

describe('the waterfall tree parameters', () => {
  it('fold repeated siblings by default, unfold none and focus nowhere; defaults stay out of links', () => {
    const state = parsed('');
    expect(state).toMatchObject({ foldRepeats: true, unfold: [], focus: undefined });
    expect(serializeTraceSearch(state)).toBe('');
    expect(serializeTraceSearch(parsed('fold=1'))).toBe('');
  });

  it('round-trip the unfolded groups, the fold switch and the focus', () => {
    const state = { ...parsed(''), foldRepeats: false, unfold: [A, B], focus: B };
    const search = serializeTraceSearch(state);
    expect(search).toBe(`?fold=0&unfold=${A}.${B}&focus=${B}`);
    expect(parsed(search)).toEqual(state);
  });

  it('drop span IDs that are not ones and repeats, and pad short ones', () => {
    expect(parsed(`unfold=${A}.zz.${A}.2&focus=not-hex`)).toMatchObject({
      unfold: [A, '0000000000000002'],
      focus: undefined,
    });
    expect(parsed(`focus=${A.toUpperCase()}`).focus).toBe(A);
  });
});

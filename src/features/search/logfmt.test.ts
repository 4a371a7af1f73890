import { describe, expect, it } from 'vitest';
import { formatLogfmt, parseLogfmt } from './logfmt';

describe('logfmt tags', () => {
  it('reads key=value pairs, quoted values and escapes', () => {
    expect(parseLogfmt('http.status_code=500 error=true  note="two words" q="say \\"hi\\""')).toEqual({
      ok: true,
      tags: { 'http.status_code': '500', error: 'true', note: 'two words', q: 'say "hi"' },
    });
    expect(parseLogfmt('   ')).toEqual({ ok: true, tags: {} });
    expect(parseLogfmt('empty=""')).toEqual({ ok: true, tags: { empty: '' } });
    expect(parseLogfmt('k=')).toEqual({ ok: true, tags: { k: '' } });
  });

  it.each([
    ['error', 'needs a value'],
    ['note="open', 'no closing quote'],
    ['a="x"b=1', 'space after'],
    ['=value', 'Expected a tag name'],
    ['a=b"c', 'Quote the whole value'],
  ])('says what is wrong with %j', (input, message) => {
    const result = parseLogfmt(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain(message);
  });

  it('writes tags back so that they read the same', () => {
    const tags = { error: 'true', note: 'two words', q: 'a"b\\c', e: '', eq: 'a=b' };
    const text = formatLogfmt(tags);
    expect(text).toBe('error=true note="two words" q="a\\"b\\\\c" e="" eq="a=b"');
    expect(parseLogfmt(text)).toEqual({ ok: true, tags });
  });
});

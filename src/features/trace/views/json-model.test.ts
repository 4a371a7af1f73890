import { describe, expect, it } from 'vitest';
import { lineAt, lineStarts, searchLines } from './json-model.ts';

const text = '{\n  "spanId": "AbC",\n  "name": "abc abc"\n}';

describe('JSON view text model', () => {
  it('splits lines without copying them', () => {
    const starts = lineStarts(text);
    expect(starts.length).toBe(4);
    expect(lineAt(text, starts, 1)).toBe('  "spanId": "AbC",');
    expect(lineAt(text, starts, 3)).toBe('}');
  });

  it('finds each matching line once, ignoring case', () => {
    const starts = lineStarts(text);
    expect([...searchLines(text, starts, 'abc')]).toEqual([1, 2]);
    expect([...searchLines(text, starts, '}')]).toEqual([3]);
    expect(searchLines(text, starts, '  ').length).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { attributeValueText } from './attribute-text.ts';
import type { AttributeValue } from './types.ts';

describe('attribute value text', () => {
  it('writes scalars as they are and lists as JSON of their members', () => {
    expect(attributeValueText({ type: 'string', value: 'GET' })).toBe('GET');
    expect(attributeValueText({ type: 'int', value: '9007199254740993' })).toBe('9007199254740993');
    expect(attributeValueText({ type: 'double', value: 0.5 })).toBe('0.5');
    expect(attributeValueText({ type: 'bool', value: false })).toBe('false');
    expect(attributeValueText({ type: 'bytes', value: 'AQI=' })).toBe('AQI=');
    expect(attributeValueText({ type: 'empty' })).toBe('');
    const list: AttributeValue = {
      type: 'array',
      value: [
        { type: 'string', value: 'a' },
        { type: 'int', value: '2' },
      ],
    };
    expect(attributeValueText(list)).toBe('["a","2"]');
    expect(
      attributeValueText({
        type: 'kvlist',
        value: [
          { key: 'k', value: { type: 'bool', value: true } },
          { key: 'l', value: list },
        ],
      }),
    ).toBe('{"k":"true","l":"[\\"a\\",\\"2\\"]"}');
  });
});

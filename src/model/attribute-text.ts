// The one text of an attribute value (decision 0152): what the span panel shows and copies, what
// find searches and what query templates insert. Scalars as they are (64-bit integers exact, bytes as
// base64); arrays and key-value lists as JSON of their members' texts.
import type { AttributeValue } from './types.ts';

export function attributeValueText(value: AttributeValue): string {
  switch (value.type) {
    case 'string':
    case 'int':
    case 'bytes':
      return value.value;
    case 'bool':
    case 'double':
      return String(value.value);
    case 'array':
      return JSON.stringify(value.value.map(attributeValueText));
    case 'kvlist':
      return JSON.stringify(Object.fromEntries(value.value.map((a) => [a.key, attributeValueText(a.value)])));
    case 'empty':
      return '';
  }
}

// Two spans' attributes side by side for the selected node (issue 16): the keys whose values differ
// (or that one side lacks) first, then the ones both share, each group by key. Values are the one
// attribute text (0152) and stay text.
import { attributeValueText } from '../../model/attribute-text.ts';
import type { Attribute } from '../../model/types.ts';

export interface AttributePair {
  key: string;
  /** Undefined when that side has no such attribute. */
  a?: string;
  b?: string;
  differs: boolean;
}

function byKey(attributes: readonly Attribute[] | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const attribute of attributes ?? []) out.set(attribute.key, attributeValueText(attribute.value));
  return out;
}

export function attributePairs(
  a: readonly Attribute[] | undefined,
  b: readonly Attribute[] | undefined,
): AttributePair[] {
  const left = byKey(a);
  const right = byKey(b);
  const keys = new Set([...left.keys(), ...right.keys()]);
  const pairs = [...keys].map((key): AttributePair => {
    const x = left.get(key);
    const y = right.get(key);
    return { key, a: x, b: y, differs: x !== y };
  });
  return pairs.sort((x, y) => Number(y.differs) - Number(x.differs) || x.key.localeCompare(y.key));
}

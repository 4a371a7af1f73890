// Find over attribute keys and values, in chunks so a cancel or a new query gets in between.
import type { AttributeValue, SpanDetailsStore } from '../model/types.ts';

export const FIND_CHUNK_ROWS = 16_384;

/** Text of a value as find compares it (lowercased by the caller). */
export function valueText(v: AttributeValue): string {
  switch (v.type) {
    case 'string':
    case 'int':
    case 'bytes':
      return v.value;
    case 'bool':
    case 'double':
      return String(v.value);
    case 'array':
      return v.value.map(valueText).join(' ');
    case 'kvlist':
      return v.value.map((a) => `${a.key}=${valueText(a.value)}`).join(' ');
    case 'empty':
      return '';
  }
}

/**
 * Whether a span's own or resource attributes match `needle` (lowercase): a key or value
 * containing it, or `key=value` containing it (so `http.status_code=500` finds exactly those).
 */
export function rowMatches(store: SpanDetailsStore, row: number, needle: string): boolean {
  for (const scope of ['span', 'resource'] as const) {
    for (const key of store.attributeKeys(row, scope)) {
      const k = key.toLowerCase();
      if (k.includes(needle)) return true;
      const value = store.attribute(row, scope, key);
      if (!value) continue;
      const v = valueText(value).toLowerCase();
      if (v.includes(needle) || `${k}=${v}`.includes(needle)) return true;
    }
  }
  return false;
}

/** Rows `from .. to` that match, appended to `out`. */
export function findInRange(
  store: SpanDetailsStore,
  needle: string,
  from: number,
  to: number,
  out: number[],
): void {
  for (let row = from; row < to; row++) if (rowMatches(store, row, needle)) out.push(row);
}

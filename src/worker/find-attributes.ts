// Find over attribute keys and values, in chunks so a cancel or a new query gets in between.
import { attributeValueText } from '../model/attribute-text.ts';
import type { SpanDetailsStore } from '../model/types.ts';

export const FIND_CHUNK_ROWS = 16_384;

/**
 * Whether a span's own or resource attributes match `needle` (lowercase): a key or value (the text
 * the span panel shows, `attributeValueText`) containing it, or `key=value` containing it (so
 * `http.status_code=500` finds exactly those).
 */
export function rowMatches(store: SpanDetailsStore, row: number, needle: string): boolean {
  for (const scope of ['span', 'resource'] as const) {
    for (const key of store.attributeKeys(row, scope)) {
      const k = key.toLowerCase();
      if (k.includes(needle)) return true;
      const value = store.attribute(row, scope, key);
      if (!value) continue;
      const v = attributeValueText(value).toLowerCase();
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

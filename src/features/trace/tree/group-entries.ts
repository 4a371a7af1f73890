// The waterfall's row list holds span rows (0 … count-1) and, past them, folded groups of repeated
// siblings (decision 0191): entry `count + g` is group g. One Uint32Array, no objects per row.
import type { SpanTable } from '../../../model/types.ts';

export function groupEntry(table: SpanTable, group: number): number {
  return table.count + group;
}

/** The group an entry stands for, -1 for a span row. */
export function entryGroup(table: SpanTable, entry: number): number {
  return entry >= table.count ? entry - table.count : -1;
}

import type { SpanTable } from '../../../model/types.ts';
import { SpanFlag } from '../../../model/types.ts';

export function rowSpanId(table: SpanTable, row: number): string {
  if (table.flags[row] & SpanFlag.OddId) return table.oddSpanIds.get(row) ?? '';
  return spanIdOf(table.spanIdHi[row], table.spanIdLo[row]);
}

/** Row of a span ID, scanning the two ID columns (once per URL change, not per frame). */
export function rowOfSpanId(table: SpanTable, spanId: string | undefined): number {
  if (!spanId) return -1;
  const id = spanId.toLowerCase();
  if (/^[0-9a-f]{16}$/.test(id)) {
    const hi = Number.parseInt(id.slice(0, 8), 16);
    const lo = Number.parseInt(id.slice(8), 16);
    for (let row = 0; row < table.count; row++) {
      if (table.spanIdLo[row] === lo && table.spanIdHi[row] === hi && !(table.flags[row] & SpanFlag.OddId)) {
        return row;
      }
    }
  }
  for (const [row, odd] of table.oddSpanIds) if (odd === spanId) return row;
  return -1;
}

/** The 16-hex span ID of a row from the table's two halves. */
export function spanIdOf(hi: number, lo: number): string {
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
}

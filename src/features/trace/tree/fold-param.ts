// The expanded set to and from the URL's `depth` + `fold` (routes/trace-view-params.ts, decision 0183):
// a base (every row expanded, or expanded to a depth) and the rows flipped from it. A flipped row is
// named by the shortest prefix of its span ID that no other span of the trace shares (at least
// MIN_PREFIX hex characters, so a span arriving later rarely collides); a row whose span ID is not
// 16 hex characters (some files) by `r<row>`, its position in the table.
import type { SpanTable } from '../../../model/types.ts';
import { SpanFlag } from '../../../model/types.ts';
import type { FoldParams } from '../../../routes/trace-view-params.ts';
import { spanIdOf } from '../waterfall/span-id.ts';
import { allExpanded, type ExpandedSet, expandedToDepth, hasChildren } from './expanded.ts';

export const MIN_PREFIX = 6;

/** The expanded set the URL describes; null (every row expanded) when it describes none. */
export function expandedFromFold(table: SpanTable, fold: FoldParams): ExpandedSet | null {
  if (fold.depth === undefined && fold.flipped.length === 0) return null;
  const set = fold.depth === undefined ? allExpanded(table) : expandedToDepth(table, fold.depth);
  if (fold.flipped.length === 0) return set;
  const prefixes: string[] = [];
  for (const name of fold.flipped) {
    const row = /^r(\d+)$/.exec(name);
    if (!row) prefixes.push(name);
    else {
      const index = Number(row[1]);
      if (index < table.count && table.flags[index] & SpanFlag.OddId) flip(table, set, index);
    }
  }
  if (prefixes.length === 0) return set;
  const groups = prefixGroups(prefixes);
  const { spanIdHi: hi, spanIdLo: lo, flags } = table;
  for (let row = 0; row < table.count; row++) {
    if (flags[row] & SpanFlag.OddId || !hasChildren(table, row)) continue;
    for (const group of groups) {
      if (group.keys.get((hi[row] & group.hiMask) >>> 0)?.has((lo[row] & group.loMask) >>> 0)) {
        flip(table, set, row);
        break;
      }
    }
  }
  return set;
}

/** The URL form of `expanded` against the base `depth` (the last "collapse all" / "expand to depth"). */
export function foldOf(
  table: SpanTable,
  expanded: ExpandedSet | null,
  depth: number | undefined,
): FoldParams {
  if (expanded === null) return { flipped: [] };
  const base = depth === undefined ? null : expandedToDepth(table, depth);
  const rows: number[] = [];
  for (let row = 0; row < table.count; row++) {
    if (!hasChildren(table, row)) continue;
    const baseValue = base ? base[row] : 1;
    if ((expanded[row] ? 1 : 0) !== baseValue) rows.push(row);
  }
  if (depth === undefined && rows.length === 0) return { flipped: [] };
  return { depth, flipped: names(table, rows) };
}

/** Prefixes of one length as masked ID halves, so rows are matched by number (no string per row). */
interface PrefixGroup {
  hiMask: number;
  loMask: number;
  keys: Map<number, Set<number>>;
}

function prefixGroups(prefixes: readonly string[]): PrefixGroup[] {
  const byLength = new Map<number, PrefixGroup>();
  const mask = (digits: number) =>
    digits <= 0 ? 0 : digits >= 8 ? 0xffffffff : ~(0xffffffff >>> (4 * digits)) >>> 0;
  for (const prefix of prefixes) {
    let group = byLength.get(prefix.length);
    if (!group) {
      group = { hiMask: mask(prefix.length), loMask: mask(prefix.length - 8), keys: new Map() };
      byLength.set(prefix.length, group);
    }
    const padded = prefix.padEnd(16, '0');
    const hi = Number.parseInt(padded.slice(0, 8), 16);
    const lo = Number.parseInt(padded.slice(8), 16);
    let los = group.keys.get(hi);
    if (!los) {
      los = new Set();
      group.keys.set(hi, los);
    }
    los.add(lo);
  }
  return [...byLength.values()];
}

function flip(table: SpanTable, set: ExpandedSet, row: number) {
  if (hasChildren(table, row)) set[row] = set[row] ? 0 : 1;
}

/** Shortest unique span-ID prefixes of `rows` (neighbours in ID order decide how long each must be). */
function names(table: SpanTable, rows: readonly number[]): string[] {
  if (rows.length === 0) return [];
  const shared = rows.length <= SCAN_ROWS ? (row: number) => sharedByScan(table, row) : sharedBySort(table);
  return rows.map((row) => {
    if (table.flags[row] & SpanFlag.OddId) return `r${row}`;
    const length = Math.min(16, Math.max(MIN_PREFIX, shared(row) + 1));
    return spanIdOf(table.spanIdHi[row], table.spanIdLo[row]).slice(0, length);
  });
}

/** Up to this many rows to name, comparing each with every span beats sorting them all. */
const SCAN_ROWS = 16;

/** The most leading hex digits `row`'s span ID shares with any other span's. */
function sharedByScan(table: SpanTable, row: number): number {
  let most = 0;
  for (let other = 0; other < table.count && most < 16; other++) {
    if (other !== row && !(table.flags[other] & SpanFlag.OddId))
      most = Math.max(most, commonHexDigits(table, row, other));
  }
  return most;
}

/** The same for many rows at once: after sorting by ID, a row's closest IDs are its neighbours. */
function sharedBySort(table: SpanTable): (row: number) => number {
  const { spanIdHi: hi, spanIdLo: lo, flags } = table;
  const hex: number[] = [];
  for (let row = 0; row < table.count; row++) if (!(flags[row] & SpanFlag.OddId)) hex.push(row);
  const order = Uint32Array.from(hex).sort((a, b) => hi[a] - hi[b] || lo[a] - lo[b]);
  const position = new Int32Array(table.count).fill(-1);
  for (let i = 0; i < order.length; i++) position[order[i]] = i;
  return (row) => {
    const at = position[row];
    return Math.max(
      at > 0 ? commonHexDigits(table, row, order[at - 1]) : 0,
      at + 1 < order.length ? commonHexDigits(table, row, order[at + 1]) : 0,
    );
  };
}

/** Leading hex digits two rows' span IDs share (16 when equal). */
function commonHexDigits(table: SpanTable, a: number, b: number): number {
  const high = (table.spanIdHi[a] ^ table.spanIdHi[b]) >>> 0;
  if (high !== 0) return Math.clz32(high) >> 2;
  const low = (table.spanIdLo[a] ^ table.spanIdLo[b]) >>> 0;
  return low !== 0 ? 8 + (Math.clz32(low) >> 2) : 16;
}

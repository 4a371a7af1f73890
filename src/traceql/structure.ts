// Spanset operators over one trace, in O(spans) with bitmaps and one breadth-first order
// (iterative, so a 100,000-deep chain is fine). Semantics follow Tempo's documentation:
// `A > B` keeps the B spans whose parent is in A, `A &> B` keeps both sides of every such pair,
// `A !> B` keeps the B spans whose parent is not in A; likewise for `>>`, `<`, `<<`, `~`.
import type { SpanTable } from '../model/types.ts';
import type { SpansetOp } from './ast.ts';

/** Rows in breadth-first order from the roots; spans caught in a parent cycle are left out. */
export function breadthFirstOrder(table: SpanTable, roots: ArrayLike<number>): Uint32Array {
  const order = new Uint32Array(table.count);
  let tail = 0;
  for (let i = 0; i < roots.length; i++) order[tail++] = roots[i];
  for (let head = 0; head < tail; head++) {
    const row = order[head];
    for (let c = table.childStart[row]; c < table.childStart[row + 1]; c++) order[tail++] = table.children[c];
  }
  return order.subarray(0, tail);
}

export interface StructureContext {
  table: SpanTable;
  order: () => Uint32Array;
}

function bitmap(count: number, rows: ArrayLike<number>): Uint8Array {
  const m = new Uint8Array(count);
  for (let i = 0; i < rows.length; i++) m[rows[i]] = 1;
  return m;
}

/** hasAncestorIn[r] = 1 when some proper ancestor of r is in `set`. */
function ancestorIn(ctx: StructureContext, set: Uint8Array): Uint8Array {
  const { parent } = ctx.table;
  const out = new Uint8Array(set.length);
  const order = ctx.order();
  for (let i = 0; i < order.length; i++) {
    const r = order[i];
    const p = parent[r];
    if (p >= 0 && (set[p] === 1 || out[p] === 1)) out[r] = 1;
  }
  return out;
}

/** hasDescendantIn[r] = 1 when some proper descendant of r is in `set`. */
function descendantIn(ctx: StructureContext, set: Uint8Array): Uint8Array {
  const { parent } = ctx.table;
  const out = new Uint8Array(set.length);
  const order = ctx.order();
  for (let i = order.length - 1; i >= 0; i--) {
    const r = order[i];
    const p = parent[r];
    if (p >= 0 && (set[r] === 1 || out[r] === 1)) out[p] = 1;
  }
  return out;
}

function childIn(ctx: StructureContext, set: Uint8Array): Uint8Array {
  const { parent } = ctx.table;
  const out = new Uint8Array(set.length);
  for (let r = 0; r < set.length; r++) {
    const p = parent[r];
    if (p >= 0 && set[p] === 1) out[r] = 1;
  }
  return out;
}

function parentOfIn(ctx: StructureContext, set: Uint8Array): Uint8Array {
  const { parent } = ctx.table;
  const out = new Uint8Array(set.length);
  for (let r = 0; r < set.length; r++) {
    const p = parent[r];
    if (set[r] === 1 && p >= 0) out[p] = 1;
  }
  return out;
}

/** siblingIn[r] = 1 when another span with r's parent is in `set`. */
function siblingIn(ctx: StructureContext, set: Uint8Array): Uint8Array {
  const { parent } = ctx.table;
  const n = set.length;
  const perParent = new Uint32Array(n);
  for (let r = 0; r < n; r++) if (set[r] === 1 && parent[r] >= 0) perParent[parent[r]]++;
  const out = new Uint8Array(n);
  for (let r = 0; r < n; r++) {
    const p = parent[r];
    if (p >= 0 && perParent[p] - set[r] > 0) out[r] = 1;
  }
  return out;
}

/** For each structural operator: which B spans relate to A (`relation(A)` marks candidates in B's row space). */
function relation(op: string, ctx: StructureContext, a: Uint8Array): Uint8Array {
  switch (op) {
    case '>':
      return childIn(ctx, a);
    case '>>':
      return ancestorIn(ctx, a);
    case '<':
      return parentOfIn(ctx, a);
    case '<<':
      return descendantIn(ctx, a);
    default:
      return siblingIn(ctx, a);
  }
}

const INVERSE: Record<string, string> = { '>': '<', '>>': '<<', '<': '>', '<<': '>>', '~': '~' };

function rowsWhere(...conditions: Array<[Uint8Array, Uint8Array]>): number[] {
  const out: number[] = [];
  const n = conditions[0][0].length;
  for (let r = 0; r < n; r++) {
    for (const [member, related] of conditions) {
      if (member[r] === 1 && related[r] === 1) {
        out.push(r);
        break;
      }
    }
  }
  return out;
}

/** Combines two spansets of one trace; rows in the result are ascending. */
export function combineSpansets(
  op: SpansetOp,
  lhs: number[],
  rhs: number[],
  ctx: StructureContext,
): number[] {
  const n = ctx.table.count;
  if (op === '&&' && (lhs.length === 0 || rhs.length === 0)) return [];
  if (op === '&&' || op === '||') {
    const m = bitmap(n, lhs);
    for (const r of rhs) m[r] = 1;
    const out: number[] = [];
    for (let r = 0; r < n; r++) if (m[r] === 1) out.push(r);
    return out;
  }
  const a = bitmap(n, lhs);
  const b = bitmap(n, rhs);
  if (op[0] === '&') {
    const base = op.slice(1);
    return rowsWhere([b, relation(base, ctx, a)], [a, relation(INVERSE[base], ctx, b)]);
  }
  if (op[0] === '!') {
    const related = relation(op.slice(1), ctx, a);
    for (let r = 0; r < n; r++) related[r] ^= 1;
    return rowsWhere([b, related]);
  }
  return rowsWhere([b, relation(op, ctx, a)]);
}

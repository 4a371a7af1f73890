import type { SpanTable } from '../model/types.ts';

/**
 * The tree in preorder (children by start, as the CSR holds them) and each row's position in it,
 * computed in the worker so the main thread shows its first rows without walking the tree.
 * Iterative: a chain 100,000 deep is fine.
 */
export function preorderOf(
  table: SpanTable,
  roots: Uint32Array,
): { order: Uint32Array; position: Uint32Array } {
  const n = table.count;
  const order = new Uint32Array(n);
  const position = new Uint32Array(n);
  const stack = new Uint32Array(n + 1);
  let top = 0;
  let at = 0;
  for (let r = roots.length - 1; r >= 0; r--) stack[top++] = roots[r];
  const { childStart, children } = table;
  while (top > 0 && at < n) {
    const row = stack[--top];
    position[row] = at;
    order[at++] = row;
    for (let c = childStart[row + 1]; c > childStart[row]; c--) stack[top++] = children[c - 1];
  }
  return { order: at === n ? order : order.slice(0, at), position };
}

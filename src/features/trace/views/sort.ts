// Sort state shared by the sortable tables: one column, one direction; clicking the active column
// flips it, another column starts descending for numbers and ascending for text.
export interface SortState<K extends string> {
  key: K;
  descending: boolean;
}

export function nextSort<K extends string>(current: SortState<K>, key: K, numeric: boolean): SortState<K> {
  if (current.key === key) return { key, descending: !current.descending };
  return { key, descending: numeric };
}

export function ariaSort<K extends string>(
  current: SortState<K>,
  key: K,
): 'ascending' | 'descending' | 'none' {
  if (current.key !== key) return 'none';
  return current.descending ? 'descending' : 'ascending';
}

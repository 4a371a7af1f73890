// A link into /search may ask for the results' first sort through the router's location state
// (the home page's "Slowest traces" does). The sort is not part of the URL contract: it is a view
// preference per history entry, kept in sessionStorage once the page is shown (page-memory.ts).
import { SORT_KEYS, type SortOrder } from './sort-results';

export interface SearchLinkState {
  sort: SortOrder;
}

export const SLOWEST_FIRST: SearchLinkState = { sort: { key: 'duration', descending: true } };

/** The sort a link asked for, or undefined when the state holds none (or something else). */
export function sortFromLinkState(state: unknown): SortOrder | undefined {
  if (typeof state !== 'object' || state === null) return undefined;
  const sort = (state as { sort?: unknown }).sort;
  if (typeof sort !== 'object' || sort === null) return undefined;
  const { key, descending } = sort as { key?: unknown; descending?: unknown };
  const known = SORT_KEYS.find((k) => k === key);
  return known ? { key: known, descending: descending === true } : undefined;
}

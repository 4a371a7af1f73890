// What the search page remembers per history entry (scroll position, table sort) in sessionStorage,
// so coming back from a trace puts the responder where they were. Keyed by the router's location key.
import { useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import { createSafeStorage } from '../../state/local-storage';
import { DEFAULT_SORT, SORT_KEYS, type SortOrder } from './sort-results';

const PREFIX = 'tracelight.search.';

export interface PageMemory {
  scrollY: number;
  sort: SortOrder;
}

function useSessionStorage() {
  return useMemo(
    () => createSafeStorage(() => (typeof window === 'undefined' ? null : window.sessionStorage)),
    [],
  );
}

export function readPageMemory(raw: string | null): PageMemory | undefined {
  if (!raw) return undefined;
  try {
    const value = JSON.parse(raw) as { scrollY?: unknown; sort?: { key?: unknown; descending?: unknown } };
    const key = SORT_KEYS.find((k) => k === value.sort?.key);
    return {
      scrollY: typeof value.scrollY === 'number' && value.scrollY >= 0 ? value.scrollY : 0,
      sort: key ? { key, descending: value.sort?.descending === true } : DEFAULT_SORT,
    };
  } catch {
    return undefined;
  }
}

/**
 * The remembered sort of this history entry (read once), else the one the link asked for, and a way
 * to save it.
 */
export function useRememberedSort(
  locationKey: string,
  linkSort?: SortOrder,
): [SortOrder, (order: SortOrder) => void] {
  const storage = useSessionStorage();
  const linkKey = linkSort?.key;
  const linkDescending = linkSort?.descending;
  const initial = useMemo(
    () =>
      readPageMemory(storage.get(PREFIX + locationKey))?.sort ??
      (linkKey ? { key: linkKey, descending: linkDescending === true } : DEFAULT_SORT),
    [storage, locationKey, linkKey, linkDescending],
  );
  const save = (order: SortOrder) => {
    const current = readPageMemory(storage.get(PREFIX + locationKey));
    storage.set(
      PREFIX + locationKey,
      JSON.stringify({ scrollY: current?.scrollY ?? window.scrollY, sort: order }),
    );
  };
  return [initial, save];
}

/**
 * Saves the window's scroll position for this history entry while the page is shown, and restores it
 * once `ready` (the results are rendered).
 */
export function useScrollMemory(locationKey: string, ready: boolean): void {
  const storage = useSessionStorage();
  const restored = useRef<string | null>(null);

  useLayoutEffect(() => {
    if (!ready || restored.current === locationKey) return;
    restored.current = locationKey;
    const memory = readPageMemory(storage.get(PREFIX + locationKey));
    if (memory && memory.scrollY > 0) window.scrollTo(0, memory.scrollY);
  }, [ready, locationKey, storage]);

  useEffect(() => {
    let frame = 0;
    const save = () => {
      frame = 0;
      const current = readPageMemory(storage.get(PREFIX + locationKey));
      storage.set(
        PREFIX + locationKey,
        JSON.stringify({ scrollY: window.scrollY, sort: current?.sort ?? DEFAULT_SORT }),
      );
    };
    const onScroll = () => {
      if (frame === 0) frame = requestAnimationFrame(save);
    };
    window.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      window.removeEventListener('scroll', onScroll);
      if (frame !== 0) cancelAnimationFrame(frame);
    };
  }, [locationKey, storage]);
}

// Insights the responder dismissed, remembered per trace for the browser tab's session
// (sessionStorage, through the safe wrapper: blocked storage only means they are not remembered).
// Stored keys are insight-text.ts `insightKey`s; what is read back is validated like any input.
// See docs/decisions/0172-insight-reasons-and-dismissal.md.
import { useCallback, useState } from 'react';
import { createSafeStorage, type SafeStorage } from '../../../state/local-storage.ts';

const PREFIX = 'tracelight.dismissedInsights.';
/** At most this many keys are kept per trace (a trace lists a few dozen insights). */
const MAX_KEYS = 500;
const MAX_KEY_CHARS = 200;

const sessionStore: SafeStorage = createSafeStorage(() =>
  typeof window === 'undefined' ? null : window.sessionStorage,
);

/** The stored list, dropping whatever is not a short string. */
export function parseDismissed(raw: string | null): string[] {
  if (!raw) return [];
  try {
    const value: unknown = JSON.parse(raw);
    if (!Array.isArray(value)) return [];
    return value
      .filter((k): k is string => typeof k === 'string' && k.length > 0 && k.length <= MAX_KEY_CHARS)
      .slice(0, MAX_KEYS);
  } catch {
    return [];
  }
}

export interface DismissedInsights {
  dismissed: ReadonlySet<string>;
  dismiss: (key: string) => void;
  /** Shows every dismissed insight of the trace again. */
  restoreAll: () => void;
}

export function useDismissedInsights(
  traceId: string,
  storage: SafeStorage = sessionStore,
): DismissedInsights {
  const storageKey = PREFIX + traceId;
  const [state, setState] = useState(() => ({
    traceId,
    keys: new Set(parseDismissed(storage.get(storageKey))),
  }));
  // Another trace on the same screen: read its own list (during render, as React recommends for
  // state derived from a prop).
  let keys = state.keys;
  if (state.traceId !== traceId) {
    keys = new Set(parseDismissed(storage.get(storageKey)));
    setState({ traceId, keys });
  }
  const save = useCallback(
    (next: Set<string>) => {
      if (next.size === 0) storage.remove(storageKey);
      else storage.set(storageKey, JSON.stringify([...next].slice(-MAX_KEYS)));
      setState({ traceId, keys: next });
    },
    [storage, storageKey, traceId],
  );
  const dismiss = useCallback((key: string) => save(new Set(keys).add(key)), [keys, save]);
  const restoreAll = useCallback(() => save(new Set()), [save]);
  return { dismissed: keys, dismiss, restoreAll };
}

// localStorage can throw on every call: reading `window.localStorage` throws a SecurityError when
// storage is blocked (privacy settings, sandboxed iframes), and setItem throws QuotaExceededError
// when full (Safari private mode used to allow a quota of 0). Preferences are a convenience, so every
// failure is swallowed and reported as "not stored" instead of breaking the page.

export interface SafeStorage {
  /** The stored value, or null when absent or when storage cannot be read. */
  get(key: string): string | null;
  /** Stores the value; false when storage refused it. */
  set(key: string, value: string): boolean;
  /** Removes the key; false when storage refused. */
  remove(key: string): boolean;
}

/** Wraps a storage that may be missing or may throw on access, on read or on write. */
export function createSafeStorage(getStorage: () => Storage | null | undefined): SafeStorage {
  const storage = (): Storage | null => {
    try {
      return getStorage() ?? null;
    } catch {
      return null;
    }
  };
  return {
    get(key) {
      try {
        return storage()?.getItem(key) ?? null;
      } catch {
        return null;
      }
    },
    set(key, value) {
      try {
        const target = storage();
        if (!target) return false;
        target.setItem(key, value);
        return true;
      } catch {
        return false;
      }
    },
    remove(key) {
      try {
        const target = storage();
        if (!target) return false;
        target.removeItem(key);
        return true;
      } catch {
        return false;
      }
    },
  };
}

/** The browser's localStorage behind the safe wrapper (also safe where `window` does not exist). */
export const safeLocalStorage: SafeStorage = createSafeStorage(() =>
  typeof window === 'undefined' ? null : window.localStorage,
);

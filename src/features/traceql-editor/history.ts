// Recent queries, newest first, in local storage (through the safe wrapper: storage may be blocked).
import type { SafeStorage } from '../../state/local-storage';

export const HISTORY_STORAGE_KEY = 'tracelight.traceqlHistory';
export const HISTORY_LIMIT = 30;

export function readHistory(storage: SafeStorage): string[] {
  const stored = storage.get(HISTORY_STORAGE_KEY);
  if (stored === null) return [];
  try {
    const parsed: unknown = JSON.parse(stored);
    return Array.isArray(parsed) ? parsed.filter((item): item is string => typeof item === 'string') : [];
  } catch {
    return [];
  }
}

/** Puts `query` first (once), keeps at most HISTORY_LIMIT, and returns the new list. */
export function rememberQuery(storage: SafeStorage, query: string): string[] {
  const trimmed = query.trim();
  if (trimmed === '') return readHistory(storage);
  const next = [trimmed, ...readHistory(storage).filter((item) => item !== trimmed)].slice(0, HISTORY_LIMIT);
  storage.set(HISTORY_STORAGE_KEY, JSON.stringify(next));
  return next;
}

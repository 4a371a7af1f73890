import { describe, expect, it } from 'vitest';
import { createSafeStorage } from './local-storage';
import { createThemeStore, resolveTheme, THEME_STORAGE_KEY } from './theme-store';

function memoryStorage() {
  const items = new Map<string, string>();
  return createSafeStorage(() => ({
    length: 0,
    clear: () => items.clear(),
    key: () => null,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  }));
}

describe('theme store', () => {
  it('follows the system until the user chooses', () => {
    const store = createThemeStore(memoryStorage());
    expect(store.getState().preference).toBe('system');
    expect(resolveTheme('system', true)).toBe('dark');
    expect(resolveTheme('system', false)).toBe('light');
    expect(resolveTheme('light', true)).toBe('light');
  });

  it('remembers a choice for the next visit, and forgets it when back to system', () => {
    const storage = memoryStorage();
    createThemeStore(storage).getState().setPreference('dark');
    expect(storage.get(THEME_STORAGE_KEY)).toBe('dark');
    const nextVisit = createThemeStore(storage);
    expect(nextVisit.getState().preference).toBe('dark');
    nextVisit.getState().setPreference('system');
    expect(storage.get(THEME_STORAGE_KEY)).toBeNull();
  });

  it('ignores a stored value it does not know', () => {
    const storage = memoryStorage();
    storage.set(THEME_STORAGE_KEY, 'sepia');
    expect(createThemeStore(storage).getState().preference).toBe('system');
  });

  it('still switches when storage refuses to save', () => {
    const store = createThemeStore(
      createSafeStorage(() => {
        throw new DOMException('denied', 'SecurityError');
      }),
    );
    store.getState().setPreference('light');
    expect(store.getState().preference).toBe('light');
  });
});

// The theme the user chose: follow the system (default), or always light, or always dark.
// Remembered in localStorage; `public/theme-init.js` reads the same key before first paint.

import { create } from 'zustand';
import { type SafeStorage, safeLocalStorage } from './local-storage';

export const THEME_PREFERENCES = ['system', 'light', 'dark'] as const;
export type ThemePreference = (typeof THEME_PREFERENCES)[number];
export type ResolvedTheme = 'light' | 'dark';

export const THEME_STORAGE_KEY = 'tracelight.theme';

export interface ThemeState {
  preference: ThemePreference;
  setPreference(preference: ThemePreference): void;
}

export function isThemePreference(value: unknown): value is ThemePreference {
  return typeof value === 'string' && (THEME_PREFERENCES as readonly string[]).includes(value);
}

export function resolveTheme(preference: ThemePreference, systemPrefersDark: boolean): ResolvedTheme {
  if (preference === 'system') return systemPrefersDark ? 'dark' : 'light';
  return preference;
}

export function createThemeStore(storage: SafeStorage) {
  const stored = storage.get(THEME_STORAGE_KEY);
  return create<ThemeState>()((set) => ({
    preference: isThemePreference(stored) ? stored : 'system',
    setPreference(preference) {
      if (preference === 'system') storage.remove(THEME_STORAGE_KEY);
      else storage.set(THEME_STORAGE_KEY, preference);
      set({ preference });
    },
  }));
}

export const useThemeStore = createThemeStore(safeLocalStorage);

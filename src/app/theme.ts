import { useEffect } from 'react';
import { resolveTheme, useThemeStore } from '../state/theme-store';

const DARK_QUERY = '(prefers-color-scheme: dark)';

/** Keeps the `dark` class and `color-scheme` on <html> in line with the preference and the system. */
export function useApplyTheme(): void {
  const preference = useThemeStore((state) => state.preference);
  useEffect(() => {
    const media = window.matchMedia(DARK_QUERY);
    const apply = () => {
      const theme = resolveTheme(preference, media.matches);
      const root = document.documentElement;
      root.classList.toggle('dark', theme === 'dark');
      root.style.colorScheme = theme;
    };
    apply();
    media.addEventListener('change', apply);
    return () => media.removeEventListener('change', apply);
  }, [preference]);
}

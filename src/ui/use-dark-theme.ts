// Whether the dark theme is on, for what CSS cannot colour (canvas drawing). The `dark` class on
// <html> is the one source of truth (the app's theme hook and theme-init.js set it), so this
// watches the class rather than re-deriving it from the preference and the system setting.
import { useSyncExternalStore } from 'react';

function subscribe(onChange: () => void): () => void {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['class'] });
  return () => observer.disconnect();
}

const isDark = () => document.documentElement.classList.contains('dark');

export function useDarkTheme(): boolean {
  return useSyncExternalStore(subscribe, isDark, () => false);
}

import { useId } from 'react';
import { THEME_PREFERENCES, type ThemePreference, useThemeStore } from '../../state/theme-store';

const LABELS: Record<ThemePreference, string> = { system: 'System', light: 'Light', dark: 'Dark' };

/** System / Light / Dark as a radio group (arrow keys move between them). */
export function ThemeToggle() {
  const name = useId();
  const preference = useThemeStore((state) => state.preference);
  const setPreference = useThemeStore((state) => state.setPreference);
  return (
    <fieldset className="flex items-center gap-2">
      <legend className="sr-only">Theme</legend>
      <span aria-hidden="true" className="hidden text-sm text-slate-600 2xl:inline dark:text-slate-400">
        Theme
      </span>
      <div className="flex rounded-md border border-slate-300 p-0.5 dark:border-slate-600">
        {THEME_PREFERENCES.map((option) => (
          <label
            key={option}
            className="relative cursor-pointer rounded px-2 py-1 text-xs font-medium text-slate-700 has-[:checked]:bg-slate-800 has-[:checked]:text-white has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-1 has-[:focus-visible]:outline-sky-600 dark:text-slate-300 dark:has-[:checked]:bg-slate-200 dark:has-[:checked]:text-slate-900 dark:has-[:focus-visible]:outline-sky-400"
          >
            <input
              type="radio"
              name={name}
              value={option}
              checked={preference === option}
              onChange={() => setPreference(option)}
              className="absolute inset-0 cursor-pointer appearance-none rounded opacity-0"
            />
            {LABELS[option]}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

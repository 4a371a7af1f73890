// Class lists shared by the presentational components, so focus and contrast look the same everywhere.

/**
 * A clearly visible keyboard focus ring in both themes. `focus-visible:outline-solid` is needed: in
 * Tailwind v4 `outline-none` sets `--tw-outline-style: none`, which `outline-2` reads, so without it the
 * ring would be 2px of nothing.
 */
export const focusRing =
  'outline-none focus-visible:outline-solid focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600 dark:focus-visible:outline-sky-400';

export const controlBase =
  'rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm text-slate-900 placeholder:text-slate-500 ' +
  'dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100 dark:placeholder:text-slate-400 ' +
  'disabled:cursor-not-allowed disabled:opacity-60';

export const linkText =
  'text-sky-700 underline decoration-sky-700/40 underline-offset-2 hover:decoration-sky-700 ' +
  'dark:text-sky-300 dark:decoration-sky-300/40 dark:hover:decoration-sky-300';

// Applies the remembered theme before the first paint, so a dark-theme user never sees a white flash.
// A separate classic script (not inline) so the Content-Security-Policy needs no 'unsafe-inline'.
// Keep the key and the logic in step with src/state/theme-store.ts and src/app/theme.ts.
(() => {
  let preference = null;
  try {
    preference = window.localStorage.getItem('tracelight.theme');
  } catch {
    // Storage blocked: follow the system.
  }
  const dark =
    preference === 'dark' ||
    (preference !== 'light' &&
      window.matchMedia &&
      window.matchMedia('(prefers-color-scheme: dark)').matches);
  const root = document.documentElement;
  root.classList.toggle('dark', dark);
  root.style.colorScheme = dark ? 'dark' : 'light';
})();

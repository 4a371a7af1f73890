/** The Chromium executable for Playwright: CHROMIUM_PATH, Debian's chromium, then Playwright's cache. */
export function findChromium(env?: NodeJS.ProcessEnv): string | undefined;
export const HOW_TO_GET_CHROMIUM: string;
/** The flags every Chromium we drive gets (root, no GPU, no network beyond loopback). */
export const CHROMIUM_ARGS: string[];

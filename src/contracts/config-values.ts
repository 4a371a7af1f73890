// The configuration values that are parsed rather than just typed: sizes with units, the base path
// and upstream URLs. The environment shortcuts and the command line use them too.

/** How many linked traces the trace page looks up by default (`server.linkedTraces`). */
export const DEFAULT_LINKED_TRACES = 20;

const SIZE_UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
};

/** `1073741824`, `"1GiB"`, `"64 MB"` → bytes; undefined when it is none of those. */
export function parseByteSize(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value > 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value);
  const unit =
    match && Object.hasOwn(SIZE_UNITS, match[2].toLowerCase())
      ? SIZE_UNITS[match[2].toLowerCase()]
      : undefined;
  if (!match || unit === undefined) return undefined;
  const bytes = Math.round(Number(match[1]) * unit);
  return bytes > 0 && Number.isSafeInteger(bytes) ? bytes : undefined;
}

const BASE_PATH_PATTERN = /^[A-Za-z0-9._~/-]*$/;

/** `tracelight` → `/tracelight/`; undefined for a path that could escape or needs escaping. */
export function normalizeBasePath(value: string): string | undefined {
  let path = value.trim();
  if (!path.startsWith('/')) path = `/${path}`;
  if (!path.endsWith('/')) path = `${path}/`;
  if (
    !BASE_PATH_PATTERN.test(path) ||
    path.includes('//') ||
    path.split('/').some((s) => s === '.' || s === '..')
  ) {
    return undefined;
  }
  return path;
}

/** Checks an upstream base URL; returns it without trailing slashes, or the problem. */
export function checkUpstreamUrl(text: string): { url: string } | { problem: string } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { problem: `not a URL: ${JSON.stringify(text)}` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { problem: `must be an http:// or https:// URL, got ${JSON.stringify(text)}` };
  }
  if (url.username || url.password) return { problem: 'must not carry credentials; use auth.basic' };
  if (url.search || url.hash) return { problem: 'must not carry a query or fragment' };
  return { url: url.href.replace(/\/+$/, '') };
}

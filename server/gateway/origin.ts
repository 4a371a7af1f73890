import type { IncomingHttpHeaders } from 'node:http';

function first(value: string | string[] | undefined): string | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  return text?.split(',')[0]?.trim() || undefined;
}

/**
 * Whether a state-changing request comes from the app's own origin. Browsers send
 * `Sec-Fetch-Site` and `Origin` on every POST; a request with neither is not from the app.
 * Behind a reverse proxy the host the browser used arrives as X-Forwarded-Host.
 */
export function isSameOrigin(headers: IncomingHttpHeaders): boolean {
  const fetchSite = first(headers['sec-fetch-site']);
  const origin = first(headers.origin);
  if (fetchSite === undefined && origin === undefined) return false;
  if (fetchSite !== undefined && fetchSite !== 'same-origin') return false;
  if (origin !== undefined) {
    let originHost: string;
    try {
      originHost = new URL(origin).host;
    } catch {
      return false;
    }
    const hosts = [first(headers['x-forwarded-host']), first(headers.host)].filter((h) => h !== undefined);
    if (!hosts.includes(originHost)) return false;
  }
  return true;
}

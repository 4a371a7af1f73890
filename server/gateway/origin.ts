import type { IncomingHttpHeaders } from 'node:http';
import { type HostAllowList, hostNameOf } from '../host-check.ts';

function first(value: string | string[] | undefined): string | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  return text?.split(',')[0]?.trim() || undefined;
}

/**
 * Whether a state-changing request comes from the app's own origin. Browsers send `Sec-Fetch-Site`
 * and `Origin` on every POST; a request with neither is not from the app. The Origin's host name must
 * be one the server answers (the allow-list, not a Host or X-Forwarded-Host the request chose); when
 * it names the very host the request was sent to, the ports must agree too (another app on
 * localhost:3000 is another origin). `requestHost` is the Host, or X-Forwarded-Host when trusted.
 */
export function isSameOrigin(
  headers: IncomingHttpHeaders,
  allowList: HostAllowList,
  requestHost: string | undefined,
): boolean {
  const fetchSite = first(headers['sec-fetch-site']);
  const origin = first(headers.origin);
  if (fetchSite === undefined && origin === undefined) return false;
  if (fetchSite !== undefined && fetchSite !== 'same-origin') return false;
  if (origin === undefined) return true;
  let originUrl: URL;
  try {
    originUrl = new URL(origin);
  } catch {
    return false;
  }
  if (originUrl.protocol !== 'http:' && originUrl.protocol !== 'https:') return false;
  const originName = hostNameOf(originUrl.host);
  if (!allowList.allows(originName)) return false;
  const requested = requestHost?.trim().toLowerCase();
  if (requested !== undefined && hostNameOf(requested) === originName) {
    const defaultPort = originUrl.protocol === 'https:' ? '443' : '80';
    const originPort = originUrl.port || defaultPort;
    const requestedPort = /:(\d+)$/.exec(requested)?.[1] ?? originPort;
    return originPort === requestedPort;
  }
  return true;
}

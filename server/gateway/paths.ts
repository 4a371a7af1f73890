import type { DatasourceType } from '../config/types.ts';

export type GatewayMethod = 'GET' | 'HEAD' | 'POST';

interface PathRules {
  /** GET and HEAD: the path starts with one of these, or equals one of `exact`. */
  readPrefixes: readonly string[];
  readExact: readonly string[];
  /** POST: only these exact paths (long queries sent as forms). */
  post: readonly string[];
  /** Never forwarded, whatever the method, however encoded (compared decoded, once and twice, any case). */
  denyPrefixes: readonly string[];
}

/** Upstream paths the clients use, per datasource type. Anything else is refused. */
const RULES: Record<DatasourceType, PathRules> = {
  tempo: { readPrefixes: ['/api/'], readExact: ['/ready'], post: [], denyPrefixes: [] },
  jaeger: { readPrefixes: ['/api/'], readExact: [], post: [], denyPrefixes: [] },
  zipkin: { readPrefixes: ['/api/v2/'], readExact: [], post: [], denyPrefixes: [] },
  loki: {
    readPrefixes: ['/loki/api/v1/'],
    readExact: ['/ready'],
    post: ['/loki/api/v1/query', '/loki/api/v1/query_range', '/loki/api/v1/series'],
    denyPrefixes: ['/loki/api/v1/push', '/loki/api/v1/delete', '/loki/api/v1/tail'],
  },
  prometheus: {
    readPrefixes: ['/api/v1/'],
    readExact: [],
    post: [
      '/api/v1/query',
      '/api/v1/query_range',
      '/api/v1/query_exemplars',
      '/api/v1/series',
      '/api/v1/labels',
    ],
    denyPrefixes: ['/api/v1/admin', '/api/v1/write', '/api/v1/otlp'],
  },
};

export type PathCheck = { ok: true } | { ok: false; status: 403 | 405; message: string };

/** A path checked by checkRawPath: what is forwarded, and its decoded forms the rules read. */
export interface CheckedPath {
  /** Canonically re-encoded from the decoded segments: what the upstream receives. */
  path: string;
  /** Decoded once, as the upstream reads it. */
  decoded: string;
  /** Decoded twice, as a second decoding proxy on the way would read it. */
  decodedTwice: string;
}

function isDenied(rules: PathRules, checked: CheckedPath): boolean {
  const forms = [checked.decoded.toLowerCase(), checked.decodedTwice.toLowerCase()];
  return rules.denyPrefixes.some((prefix) => forms.some((form) => form.startsWith(prefix)));
}

function isReadable(rules: PathRules, path: string): boolean {
  return rules.readExact.includes(path) || rules.readPrefixes.some((prefix) => path.startsWith(prefix));
}

export function checkAllowedPath(
  type: DatasourceType,
  method: GatewayMethod,
  checked: CheckedPath,
): PathCheck {
  const rules = RULES[type];
  const path = checked.decoded;
  if (isDenied(rules, checked)) {
    return { ok: false, status: 403, message: `path ${checked.path} is not available through the gateway` };
  }
  if (method === 'POST') {
    if (rules.post.includes(path)) return { ok: true };
    return isReadable(rules, path)
      ? { ok: false, status: 405, message: `POST is not allowed for ${checked.path} on ${type} datasources` }
      : { ok: false, status: 403, message: `path ${checked.path} is not allowed for ${type} datasources` };
  }
  if (isReadable(rules, path)) return { ok: true };
  return { ok: false, status: 403, message: `path ${checked.path} is not allowed for ${type} datasources` };
}

function hasControlChars(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** A decoded segment that could change which resource the upstream path names. */
function isDangerousSegment(decoded: string): boolean {
  return (
    decoded === '.' ||
    decoded === '..' ||
    decoded.includes('/') ||
    decoded.includes('\\') ||
    hasControlChars(decoded)
  );
}

/** Percent-encodes all but RFC 3986's pchar set, so `%65` is forwarded as `e` and `%25` stays `%25`. */
function encodePathSegment(decoded: string): string {
  return encodeURIComponent(decoded).replace(/%(2[146-9ABC]|3[ABD]|40)/gi, (sequence) =>
    decodeURIComponent(sequence),
  );
}

export type RawPathCheck = ({ ok: true } & CheckedPath) | { ok: false; message: string };

/**
 * Checks the still-encoded path after `/api/ds/<name>`: it must be absolute, with no empty, dot
 * or dot-dot segments, no backslashes and no encoded slash, backslash or dot-segment — also when
 * encoded twice. The rules then read the decoded path, and the upstream receives it re-encoded in
 * one canonical way, so what is checked is what is sent (decision 0212).
 */
export function checkRawPath(raw: string): RawPathCheck {
  if (!raw.startsWith('/')) return { ok: false, message: 'path must start with /' };
  if (raw.includes('\\')) return { ok: false, message: 'backslashes are not allowed in paths' };
  if (/%(2f|5c)/i.test(raw)) return { ok: false, message: 'encoded slashes are not allowed in paths' };
  if (hasControlChars(raw) || raw.includes(' ')) return { ok: false, message: 'malformed path' };
  const segments = raw.slice(1).split('/');
  const canonical: string[] = [];
  const decoded: string[] = [];
  const decodedTwice: string[] = [];
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    // A trailing slash is harmless; an empty segment inside the path (`//`) is not.
    if (segment === '' && i !== segments.length - 1)
      return { ok: false, message: 'empty path segments are not allowed' };
    const once = decodeSegment(segment);
    const twice = once === undefined ? undefined : decodeSegment(once);
    if (once === undefined || twice === undefined)
      return { ok: false, message: 'malformed percent-encoding in path' };
    if (isDangerousSegment(once) || isDangerousSegment(twice)) {
      return { ok: false, message: 'path traversal is not allowed' };
    }
    canonical.push(encodePathSegment(once));
    decoded.push(once);
    decodedTwice.push(twice);
  }
  return {
    ok: true,
    path: `/${canonical.join('/')}`,
    decoded: `/${decoded.join('/')}`,
    decodedTwice: `/${decodedTwice.join('/')}`,
  };
}

/** Joins the upstream base URL (which may carry a path prefix) and a checked path plus query. */
export function buildUpstreamUrl(base: string, path: string, query: string): URL {
  const baseUrl = new URL(base);
  const prefix = baseUrl.pathname.replace(/\/+$/, '');
  const target = new URL(`${baseUrl.origin}${prefix}${path}${query ? `?${query}` : ''}`);
  // Belt and braces: the result must still be on the configured origin, under its prefix.
  if (target.origin !== baseUrl.origin || !target.pathname.startsWith(`${prefix}/`)) {
    throw new Error('upstream URL escaped its base');
  }
  return target;
}

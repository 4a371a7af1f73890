import type { DatasourceType } from '../config/types.ts';

export type GatewayMethod = 'GET' | 'HEAD' | 'POST';

interface PathRules {
  /** GET and HEAD: the path starts with one of these, or equals one of `exact`. */
  readPrefixes: readonly string[];
  readExact: readonly string[];
  /** POST: only these exact paths (long queries sent as forms). */
  post: readonly string[];
  /** Never forwarded, whatever the method. */
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
    denyPrefixes: ['/loki/api/v1/push', '/loki/api/v1/delete'],
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
    denyPrefixes: ['/api/v1/admin/', '/api/v1/write', '/api/v1/otlp/'],
  },
};

export type PathCheck = { ok: true } | { ok: false; status: 403 | 405; message: string };

export function checkAllowedPath(type: DatasourceType, method: GatewayMethod, path: string): PathCheck {
  const rules = RULES[type];
  if (rules.denyPrefixes.some((prefix) => path.startsWith(prefix))) {
    return { ok: false, status: 403, message: `path ${path} is not available through the gateway` };
  }
  if (method === 'POST') {
    if (rules.post.includes(path)) return { ok: true };
    const readable =
      rules.readExact.includes(path) || rules.readPrefixes.some((prefix) => path.startsWith(prefix));
    return readable
      ? { ok: false, status: 405, message: `POST is not allowed for ${path} on ${type} datasources` }
      : { ok: false, status: 403, message: `path ${path} is not allowed for ${type} datasources` };
  }
  if (rules.readExact.includes(path) || rules.readPrefixes.some((prefix) => path.startsWith(prefix))) {
    return { ok: true };
  }
  return { ok: false, status: 403, message: `path ${path} is not allowed for ${type} datasources` };
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

export type RawPathCheck = { ok: true; path: string } | { ok: false; message: string };

/**
 * Checks the still-encoded path after `/api/ds/<name>`: it must be absolute, with no empty, dot
 * or dot-dot segments, no backslashes and no encoded slash, backslash or dot-segment — also when
 * encoded twice. The path is forwarded exactly as received, so what is checked is what is sent.
 */
export function checkRawPath(raw: string): RawPathCheck {
  if (!raw.startsWith('/')) return { ok: false, message: 'path must start with /' };
  if (raw.includes('\\')) return { ok: false, message: 'backslashes are not allowed in paths' };
  if (/%(2f|5c)/i.test(raw)) return { ok: false, message: 'encoded slashes are not allowed in paths' };
  if (hasControlChars(raw) || raw.includes(' ')) return { ok: false, message: 'malformed path' };
  const segments = raw.slice(1).split('/');
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
  }
  return { ok: true, path: raw };
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

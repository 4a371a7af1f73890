import { ConfigError } from './errors.ts';
import {
  DATASOURCE_TYPES,
  type DatasourceAuth,
  type DatasourceConfig,
  type DatasourceType,
  DEFAULT_SERVER_CONFIG,
  DEFAULT_TIMEOUT_SECONDS,
  type EmbeddedLimits,
  type EmbeddedMode,
  type ExternalLink,
  type LogsLink,
  type MetricsLink,
  type ServerConfig,
  type TracelightConfig,
} from './types.ts';

/** Datasource names the embedded backend registers; config may refer to them in logs/metrics links. */
export const EMBEDDED_DATASOURCE_NAMES = ['local', 'local-jaeger', 'local-logs'] as const;

const NAME_PATTERN = /^[a-z0-9-]+$/;
const HEADER_NAME_PATTERN = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;
const FORBIDDEN_CUSTOM_HEADERS = new Set([
  'host',
  'connection',
  'content-length',
  'transfer-encoding',
  'upgrade',
  'keep-alive',
  'te',
  'trailer',
  'proxy-authorization',
]);
const BASE_PATH_PATTERN = /^[A-Za-z0-9._~/-]*$/;
const FRAME_ANCESTOR_PATTERN = /^('self'|'none'|https?:\/\/[A-Za-z0-9.*-]+(:\d+)?|https?:|\*)$/;

type Raw = Record<string, unknown>;

function isRecord(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Collects problems with the field path they concern, so all of them are reported at once. */
class Problems {
  readonly list: string[] = [];
  constructor(private readonly source: string) {}

  add(field: string, problem: string): void {
    this.list.push(`${this.source}: ${field}: ${problem}`);
  }

  onlyKeys(value: Raw, field: string, allowed: readonly string[]): void {
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) {
        this.add(field ? `${field}.${key}` : key, `unknown field (expected one of ${allowed.join(', ')})`);
      }
    }
  }

  string(value: unknown, field: string, required: true): string;
  string(value: unknown, field: string, required?: false): string | undefined;
  string(value: unknown, field: string, required = false): string | undefined {
    if (value === undefined || value === null) {
      if (required) this.add(field, 'is required');
      return undefined;
    }
    if (typeof value !== 'string' || (required && value === '')) {
      this.add(field, `must be a non-empty string, got ${JSON.stringify(value)}`);
      return undefined;
    }
    return value;
  }

  integer(value: unknown, field: string, min: number, max: number): number | undefined {
    if (value === undefined || value === null) return undefined;
    const num = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
    if (typeof num !== 'number' || !Number.isInteger(num) || num < min || num > max) {
      this.add(field, `must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
      return undefined;
    }
    return num;
  }

  boolean(value: unknown, field: string): boolean | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean') {
      this.add(field, `must be true or false, got ${JSON.stringify(value)}`);
      return undefined;
    }
    return value;
  }

  stringMap(value: unknown, field: string): Record<string, string> | undefined {
    if (value === undefined || value === null) return undefined;
    if (!isRecord(value)) {
      this.add(field, 'must be a map of names to strings');
      return undefined;
    }
    const out: Record<string, string> = {};
    for (const [key, entry] of Object.entries(value)) {
      if (typeof entry !== 'string') {
        this.add(`${field}.${key}`, 'must be a string');
        continue;
      }
      out[key] = entry;
    }
    return out;
  }
}

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

const COUNT_LIMITS = ['maxTraces', 'maxLogEntries', 'maxMetricSeries'] as const;
const SIZE_LIMITS = ['maxBytes', 'maxBodyBytes', 'maxLogBytes'] as const;
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

function validateLimits(raw: unknown, problems: Problems): EmbeddedLimits {
  const limits: EmbeddedLimits = {};
  if (raw === undefined || raw === null) return limits;
  if (!isRecord(raw)) {
    problems.add('server.limits', 'must be a map');
    return limits;
  }
  problems.onlyKeys(raw, 'server.limits', [...COUNT_LIMITS, ...SIZE_LIMITS]);
  for (const key of COUNT_LIMITS) {
    const count = problems.integer(raw[key], `server.limits.${key}`, 1, Number.MAX_SAFE_INTEGER);
    if (count !== undefined) limits[key] = count;
  }
  for (const key of SIZE_LIMITS) {
    if (raw[key] === undefined || raw[key] === null) continue;
    const bytes = parseByteSize(raw[key]);
    if (bytes === undefined) {
      problems.add(
        `server.limits.${key}`,
        `must be a size such as 1073741824, "1GiB" or "64MB", got ${JSON.stringify(raw[key])}`,
      );
    } else {
      limits[key] = bytes;
    }
  }
  return limits;
}

function validateServer(raw: unknown, problems: Problems): ServerConfig {
  const server: ServerConfig = { ...DEFAULT_SERVER_CONFIG, frameAncestors: [], limits: {} };
  if (raw === undefined || raw === null) return server;
  if (!isRecord(raw)) {
    problems.add('server', 'must be a map');
    return server;
  }
  problems.onlyKeys(raw, 'server', [
    'host',
    'port',
    'basePath',
    'otlpPort',
    'embedded',
    'frameAncestors',
    'dataDir',
    'limits',
  ]);
  server.host = problems.string(raw.host, 'server.host') ?? server.host;
  server.port = problems.integer(raw.port, 'server.port', 0, 65535) ?? server.port;
  server.otlpPort = problems.integer(raw.otlpPort, 'server.otlpPort', 0, 65535) ?? server.otlpPort;
  const dataDir = problems.string(raw.dataDir, 'server.dataDir');
  if (dataDir !== undefined && dataDir !== '') server.dataDir = dataDir;
  server.limits = validateLimits(raw.limits, problems);
  const basePath = problems.string(raw.basePath, 'server.basePath');
  if (basePath !== undefined) {
    const normalized = normalizeBasePath(basePath);
    if (normalized === undefined) {
      problems.add(
        'server.basePath',
        `invalid path ${JSON.stringify(basePath)} (letters, digits, . _ ~ - and /)`,
      );
    } else {
      server.basePath = normalized;
    }
  }
  if (raw.embedded !== undefined && raw.embedded !== null) {
    const embedded = String(raw.embedded);
    if (embedded === 'auto' || embedded === 'true' || embedded === 'false') {
      server.embedded = embedded as EmbeddedMode;
    } else {
      problems.add('server.embedded', `must be auto, true or false, got ${JSON.stringify(raw.embedded)}`);
    }
  }
  if (raw.frameAncestors !== undefined && raw.frameAncestors !== null) {
    const list = Array.isArray(raw.frameAncestors) ? raw.frameAncestors : [raw.frameAncestors];
    list.forEach((entry, index) => {
      if (typeof entry === 'string' && FRAME_ANCESTOR_PATTERN.test(entry)) {
        if (entry !== "'none'") server.frameAncestors.push(entry);
      } else {
        problems.add(
          `server.frameAncestors[${index}]`,
          `invalid source ${JSON.stringify(entry)} (expected 'self' or an origin like https://grafana.example.com)`,
        );
      }
    });
  }
  return server;
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

function validateUrl(value: unknown, field: string, problems: Problems): string | undefined {
  const text = problems.string(value, field, true);
  if (text === undefined) return undefined;
  const checked = checkUpstreamUrl(text);
  if ('problem' in checked) {
    problems.add(field, checked.problem);
    return undefined;
  }
  return checked.url;
}

function validateAuth(raw: unknown, field: string, problems: Problems): DatasourceAuth | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!isRecord(raw)) {
    problems.add(field, 'must be a map');
    return undefined;
  }
  problems.onlyKeys(raw, field, ['bearerToken', 'basic', 'tenant', 'headers']);
  const auth: DatasourceAuth = {};
  const bearer = problems.string(raw.bearerToken, `${field}.bearerToken`);
  if (bearer !== undefined) auth.bearerToken = bearer;
  if (raw.basic !== undefined && raw.basic !== null) {
    if (!isRecord(raw.basic)) {
      problems.add(`${field}.basic`, 'must be a map with user and password');
    } else {
      problems.onlyKeys(raw.basic, `${field}.basic`, ['user', 'password']);
      const user = problems.string(raw.basic.user, `${field}.basic.user`, true);
      const password = raw.basic.password === undefined ? '' : raw.basic.password;
      if (typeof password !== 'string') problems.add(`${field}.basic.password`, 'must be a string');
      if (user !== undefined && typeof password === 'string') auth.basic = { user, password };
    }
  }
  if (auth.bearerToken !== undefined && auth.basic !== undefined) {
    problems.add(field, 'bearerToken and basic both set; choose one');
  }
  const tenant = problems.string(raw.tenant, `${field}.tenant`);
  if (tenant !== undefined) auth.tenant = tenant;
  const headers = problems.stringMap(raw.headers, `${field}.headers`);
  if (headers !== undefined) {
    for (const [name, value] of Object.entries(headers)) {
      if (!HEADER_NAME_PATTERN.test(name) || FORBIDDEN_CUSTOM_HEADERS.has(name.toLowerCase())) {
        problems.add(`${field}.headers.${name}`, 'is not a header name the gateway may set');
      } else if (/[\r\n\0]/.test(value)) {
        problems.add(`${field}.headers.${name}`, 'value must not contain line breaks');
      }
    }
    auth.headers = headers;
  }
  for (const [key, value] of [
    ['bearerToken', auth.bearerToken],
    ['tenant', auth.tenant],
  ] as const) {
    if (value !== undefined && /[\r\n\0]/.test(value))
      problems.add(`${field}.${key}`, 'must not contain line breaks');
  }
  return auth;
}

function validateLogs(raw: unknown, field: string, problems: Problems): LogsLink | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!isRecord(raw)) {
    problems.add(field, 'must be a map');
    return undefined;
  }
  problems.onlyKeys(raw, field, ['datasource', 'query', 'before', 'after']);
  const datasource = problems.string(raw.datasource, `${field}.datasource`, true);
  const query = problems.string(raw.query, `${field}.query`, true);
  const before = problems.string(raw.before, `${field}.before`);
  const after = problems.string(raw.after, `${field}.after`);
  if (datasource === undefined || query === undefined) return undefined;
  return { datasource, query, ...(before ? { before } : {}), ...(after ? { after } : {}) };
}

function validateMetrics(raw: unknown, field: string, problems: Problems): MetricsLink | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!isRecord(raw)) {
    problems.add(field, 'must be a map');
    return undefined;
  }
  problems.onlyKeys(raw, field, ['datasource', 'exemplarTraceIdLabels', 'exemplarSpanIdLabels', 'queries']);
  const datasource = problems.string(raw.datasource, `${field}.datasource`, true);
  const metrics: MetricsLink = { datasource: datasource ?? '' };
  for (const key of ['exemplarTraceIdLabels', 'exemplarSpanIdLabels'] as const) {
    const labels = raw[key];
    if (labels === undefined) continue;
    if (Array.isArray(labels) && labels.every((l) => typeof l === 'string')) {
      metrics[key] = labels as string[];
    } else {
      problems.add(`${field}.${key}`, 'must be a list of label names');
    }
  }
  if (raw.queries !== undefined) {
    if (!Array.isArray(raw.queries)) {
      problems.add(`${field}.queries`, 'must be a list of {name, query}');
    } else {
      metrics.queries = [];
      raw.queries.forEach((entry, index) => {
        const at = `${field}.queries[${index}]`;
        if (!isRecord(entry)) {
          problems.add(at, 'must be a map with name and query');
          return;
        }
        problems.onlyKeys(entry, at, ['name', 'query']);
        const name = problems.string(entry.name, `${at}.name`, true);
        const query = problems.string(entry.query, `${at}.query`, true);
        if (name !== undefined && query !== undefined) metrics.queries?.push({ name, query });
      });
    }
  }
  return datasource === undefined ? undefined : metrics;
}

function validateLinks(raw: unknown, field: string, problems: Problems): ExternalLink[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw)) {
    problems.add(field, 'must be a list of {name, url}');
    return undefined;
  }
  const links: ExternalLink[] = [];
  raw.forEach((entry, index) => {
    const at = `${field}[${index}]`;
    if (!isRecord(entry)) {
      problems.add(at, 'must be a map with name and url');
      return;
    }
    problems.onlyKeys(entry, at, ['name', 'url']);
    const name = problems.string(entry.name, `${at}.name`, true);
    const url = problems.string(entry.url, `${at}.url`, true);
    if (url !== undefined && !/^https?:\/\//i.test(url)) {
      problems.add(`${at}.url`, `must start with http:// or https://, got ${JSON.stringify(url)}`);
      return;
    }
    if (name !== undefined && url !== undefined) links.push({ name, url });
  });
  return links;
}

function validateDatasource(raw: unknown, index: number, problems: Problems): DatasourceConfig | undefined {
  const field = `datasources[${index}]`;
  if (!isRecord(raw)) {
    problems.add(field, 'must be a map with name, type and url');
    return undefined;
  }
  problems.onlyKeys(raw, field, [
    'name',
    'type',
    'url',
    'displayName',
    'default',
    'timeoutSeconds',
    'auth',
    'logs',
    'metrics',
    'links',
  ]);
  const name = problems.string(raw.name, `${field}.name`, true);
  if (name !== undefined && !NAME_PATTERN.test(name)) {
    problems.add(`${field}.name`, `invalid name ${JSON.stringify(name)} (lowercase letters, digits and -)`);
  }
  let type: DatasourceType | undefined;
  const typeText = problems.string(raw.type, `${field}.type`, true);
  if (typeText !== undefined) {
    if ((DATASOURCE_TYPES as readonly string[]).includes(typeText)) {
      type = typeText as DatasourceType;
    } else {
      problems.add(
        `${field}.type`,
        `unknown type ${JSON.stringify(typeText)} (expected ${DATASOURCE_TYPES.join('|')})`,
      );
    }
  }
  const url = validateUrl(raw.url, `${field}.url`, problems);
  const displayName = problems.string(raw.displayName, `${field}.displayName`);
  const isDefault = problems.boolean(raw.default, `${field}.default`);
  let timeoutSeconds = DEFAULT_TIMEOUT_SECONDS;
  if (raw.timeoutSeconds !== undefined) {
    const value = raw.timeoutSeconds;
    if (typeof value === 'number' && value > 0 && value <= 3600) {
      timeoutSeconds = value;
    } else {
      problems.add(
        `${field}.timeoutSeconds`,
        `must be a number of seconds from 0 to 3600, got ${JSON.stringify(value)}`,
      );
    }
  }
  const auth = validateAuth(raw.auth, `${field}.auth`, problems);
  const logs = validateLogs(raw.logs, `${field}.logs`, problems);
  const metrics = validateMetrics(raw.metrics, `${field}.metrics`, problems);
  const links = validateLinks(raw.links, `${field}.links`, problems);
  if (name === undefined || type === undefined || url === undefined) return undefined;
  return {
    name,
    type,
    url,
    timeoutSeconds,
    ...(displayName !== undefined ? { displayName } : {}),
    ...(isDefault !== undefined ? { default: isDefault } : {}),
    ...(auth !== undefined ? { auth } : {}),
    ...(logs !== undefined ? { logs } : {}),
    ...(metrics !== undefined ? { metrics } : {}),
    ...(links !== undefined ? { links } : {}),
  };
}

/** Checks that names are unique, defaults are single per type and links point at fitting datasources. */
function validateReferences(datasources: DatasourceConfig[], problems: Problems): void {
  const byName = new Map<string, DatasourceConfig>();
  const defaultsByType = new Map<DatasourceType, string>();
  datasources.forEach((ds, index) => {
    if (byName.has(ds.name))
      problems.add(`datasources[${index}].name`, `duplicate name ${JSON.stringify(ds.name)}`);
    byName.set(ds.name, ds);
    if (ds.default) {
      const previous = defaultsByType.get(ds.type);
      if (previous !== undefined) {
        problems.add(
          `datasources[${index}].default`,
          `${previous} is already the default ${ds.type} datasource`,
        );
      }
      defaultsByType.set(ds.type, ds.name);
    }
  });
  const embedded: readonly string[] = EMBEDDED_DATASOURCE_NAMES;
  datasources.forEach((ds, index) => {
    const checks: [string | undefined, DatasourceType, string][] = [
      [ds.logs?.datasource, 'loki', 'logs'],
      [ds.metrics?.datasource, 'prometheus', 'metrics'],
    ];
    for (const [target, expectedType, key] of checks) {
      if (target === undefined) continue;
      const found = byName.get(target);
      if (found === undefined && !embedded.includes(target)) {
        problems.add(
          `datasources[${index}].${key}.datasource`,
          `no datasource named ${JSON.stringify(target)}`,
        );
      } else if (found !== undefined && found.type !== expectedType) {
        problems.add(
          `datasources[${index}].${key}.datasource`,
          `${JSON.stringify(target)} is a ${found.type} datasource, expected ${expectedType}`,
        );
      }
    }
  });
}

/**
 * Validates a parsed configuration document. `source` names the file (or "environment") in
 * every message. Throws ConfigError listing every problem found.
 */
export function validateConfig(raw: unknown, source: string): TracelightConfig {
  const problems = new Problems(source);
  const doc: Raw = raw === undefined || raw === null ? {} : isRecord(raw) ? raw : {};
  if (raw !== undefined && raw !== null && !isRecord(raw)) {
    problems.add('(top level)', 'must be a map with server and datasources');
  }
  problems.onlyKeys(doc, '', ['server', 'datasources']);
  const server = validateServer(doc.server, problems);
  const datasources: DatasourceConfig[] = [];
  if (doc.datasources !== undefined && doc.datasources !== null) {
    if (!Array.isArray(doc.datasources)) {
      problems.add('datasources', 'must be a list');
    } else {
      doc.datasources.forEach((entry, index) => {
        const ds = validateDatasource(entry, index, problems);
        if (ds !== undefined) datasources.push(ds);
      });
    }
  }
  validateReferences(datasources, problems);
  if (problems.list.length > 0) throw new ConfigError(problems.list);
  return { server, datasources, source };
}

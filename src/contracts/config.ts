// The configuration file (YAML or JSON) as the server reads it: its one declaration. Structure and
// per-field rules live here; the rules that compare fields (unique names, one default per type,
// links to a datasource of the right type, bearer vs basic) are server/config/validate.ts's.
// The datasource's public part (shared with /config.json) is in datasource-settings.ts.
import {
  checkUpstreamUrl,
  DEFAULT_LINKED_TRACES,
  normalizeBasePath,
  parseByteSize,
} from './config-values.ts';
import { datasourcePublicShape } from './datasource-settings.ts';
import {
  absentWhenNull,
  hasLineBreak,
  headerText,
  integer,
  list,
  map,
  optionalText,
  requiredText,
  show,
} from './fields.ts';
import { redactionRuleSchema } from './redaction-rule.ts';
import { z } from './zod.ts';

export { DEFAULT_LINKED_TRACES } from './config-values.ts';
export {
  DATASOURCE_TYPES,
  type DatasourceType,
  type ExternalLink,
  externalLinkSchema,
  type LogsLink,
  logsLinkSchema,
  type MetricsLink,
  type MetricsQuery,
  metricsLinkSchema,
  metricsQuerySchema,
  TRACE_DATASOURCE_TYPES,
} from './datasource-settings.ts';
export { redactionRuleSchema } from './redaction-rule.ts';

export const DEFAULT_TIMEOUT_SECONDS = 30;

const upstreamUrl = requiredText().transform((text, context) => {
  const checked = checkUpstreamUrl(text);
  if ('url' in checked) return checked.url;
  context.issues.push({ code: 'custom', message: checked.problem, input: text });
  return z.NEVER;
});

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

/** Extra request headers: names the gateway may set, values on one line. */
const customHeaders = z.record(
  z
    .string()
    .refine((name) => HEADER_NAME_PATTERN.test(name) && !FORBIDDEN_CUSTOM_HEADERS.has(name.toLowerCase())),
  z
    .string({ error: 'must be a string' })
    .refine((value) => !hasLineBreak(value), { error: 'value must not contain line breaks' }),
  {
    error: (issue) =>
      issue.code === 'invalid_key'
        ? 'is not a header name the gateway may set'
        : 'must be a map of names to strings',
  },
);

export const datasourceAuthSchema = map(
  {
    bearerToken: headerText(),
    basic: absentWhenNull(
      map(
        { user: requiredText(), password: z.string({ error: 'must be a string' }).default('') },
        'must be a map with user and password',
      ),
    ),
    tenant: headerText(),
    headers: absentWhenNull(customHeaders),
  },
  'must be a map',
);

export const MAX_TIMEOUT_SECONDS = 3600;

const secondsMessage = (issue: z.core.$ZodRawIssue) =>
  `must be a number of seconds greater than 0 and at most ${MAX_TIMEOUT_SECONDS}, got ${show(issue.input)}`;

export const datasourceSchema = map(
  {
    name: datasourcePublicShape.name,
    type: datasourcePublicShape.type,
    /** Upstream base URL; may carry a path prefix. Server side only. */
    url: upstreamUrl,
    displayName: datasourcePublicShape.displayName,
    default: datasourcePublicShape.default,
    timeoutSeconds: z
      .number({ error: secondsMessage })
      .gt(0, { error: secondsMessage })
      .lte(MAX_TIMEOUT_SECONDS, { error: secondsMessage })
      .default(DEFAULT_TIMEOUT_SECONDS),
    auth: absentWhenNull(datasourceAuthSchema),
    logs: datasourcePublicShape.logs,
    metrics: datasourcePublicShape.metrics,
    links: datasourcePublicShape.links,
  },
  'must be a map with name, type and url',
);

const sizeMessage = (issue: z.core.$ZodRawIssue) =>
  `must be a size such as 1073741824, "1GiB" or "64MB", got ${show(issue.input)}`;

/** Bytes, or a size with a unit; what parseByteSize refuses reaches z.number as it was written. */
const byteSize = z.preprocess(
  (value) => parseByteSize(value) ?? value,
  z.number({ error: sizeMessage }).int({ error: sizeMessage }).positive({ error: sizeMessage }),
);

const count = integer(1, Number.MAX_SAFE_INTEGER);

/** Bounds of the embedded backend (sizes in bytes); each absent one keeps its default. */
export const embeddedLimitsSchema = map(
  {
    maxTraces: absentWhenNull(count),
    maxLogEntries: absentWhenNull(count),
    maxMetricSeries: absentWhenNull(count),
    maxBytes: absentWhenNull(byteSize),
    maxBodyBytes: absentWhenNull(byteSize),
    maxLogBytes: absentWhenNull(byteSize),
    /** Request bodies being received at once, over all requests (both ports); past it: 503 + Retry-After. */
    maxBodyBytesInFlight: absentWhenNull(byteSize),
    // Embedded queries (decision 0221): deadline in seconds, then caps.
    queryTimeoutSeconds: absentWhenNull(integer(1, 3600)),
    maxQueryBytes: absentWhenNull(byteSize),
    maxQueryDepth: absentWhenNull(count),
    maxSearchLimit: absentWhenNull(count),
    maxSpss: absentWhenNull(count),
    maxPipelineStages: absentWhenNull(count),
  },
  'must be a map',
);

const basePath = z
  .string({ error: (issue) => `must be a non-empty string, got ${show(issue.input)}` })
  .transform((text, context) => {
    const normalized = normalizeBasePath(text);
    if (normalized !== undefined) return normalized;
    context.issues.push({
      code: 'custom',
      message: `invalid path ${show(text)} (letters, digits, . _ ~ - and /)`,
      input: text,
    });
    return z.NEVER;
  });

const FRAME_ANCESTOR_PATTERN = /^('self'|'none'|https?:\/\/[A-Za-z0-9.*-]+(:\d+)?|https?:|\*)$/;

const invalidSource = (issue: z.core.$ZodRawIssue) =>
  `invalid source ${show(issue.input)} (expected 'self' or an origin like https://grafana.example.com)`;

/** CSP frame-ancestors sources, one or a list; `'none'` is the empty list. */
const frameAncestors = z.preprocess(
  (value) => (value === undefined || value === null || Array.isArray(value) ? value : [value]),
  z
    .array(z.string({ error: invalidSource }).regex(FRAME_ANCESTOR_PATTERN, { error: invalidSource }))
    .transform((sources) => sources.filter((source) => source !== "'none'"))
    .optional(),
);

const hostMessage = (issue: z.core.$ZodRawIssue) =>
  `must be a host name or address such as 127.0.0.1, got ${show(issue.input)}`;

/** `tracelight.example.com`, `.example.com` (the domain and its subdomains), `10.0.0.5`, `[::1]`. */
const ALLOWED_HOST_PATTERN =
  /^(\.?[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?(\.[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?)*|\[?[0-9A-Fa-f]*:[0-9A-Fa-f:.]*\]?)$/;

const allowedHostMessage = (issue: z.core.$ZodRawIssue) =>
  `invalid host name ${show(issue.input)} (a name such as tracelight.example.com, .example.com for a domain and its subdomains, or an address; no port)`;

/** Host names the app port answers (DNS rebinding); absent: localhost, 127.0.0.1, [::1] and the bound host. */
const allowedHosts = z.preprocess(
  (value) => (typeof value === 'string' ? [value] : value),
  z.array(
    z.string({ error: allowedHostMessage }).regex(ALLOWED_HOST_PATTERN, { error: allowedHostMessage }),
    { error: allowedHostMessage },
  ),
);

const trustProxyMessage = (issue: z.core.$ZodRawIssue) =>
  `must be true, false or a list of proxy addresses (CIDR allowed), got ${show(issue.input)}`;

/** Which peers' X-Forwarded-* headers are believed (fastify's trustProxy). */
const trustProxy = z.union([z.boolean(), z.array(z.string().regex(/^[0-9A-Fa-f:.]+(\/\d{1,3})?$/))], {
  error: trustProxyMessage,
});

/** Linked traces stitched in at a time by default (issue 18). */

export const EMBEDDED_MODES = ['auto', 'true', 'false'] as const;
export type EmbeddedMode = (typeof EMBEDDED_MODES)[number];

export const serverSchema = map(
  {
    // "" would bind every interface: refused, like any other value that is not a host.
    host: absentWhenNull(z.string({ error: hostMessage }).trim().min(1, { error: hostMessage })).transform(
      (host) => host ?? '127.0.0.1',
    ),
    port: absentWhenNull(integer(0, 65535)).transform((port) => port ?? 8080),
    /** Always starts and ends with '/'. */
    basePath: absentWhenNull(basePath).transform((path) => path ?? '/'),
    otlpPort: absentWhenNull(integer(0, 65535)).transform((port) => port ?? 4318),
    /** The embedded OTLP/gRPC receiver's port; 0 turns it off. */
    grpcPort: absentWhenNull(integer(0, 65535)).transform((port) => port ?? 4317),
    embedded: z.preprocess(
      (value) => (value === null ? undefined : typeof value === 'boolean' ? String(value) : value),
      z
        .enum(EMBEDDED_MODES, { error: (issue) => `must be auto, true or false, got ${show(issue.input)}` })
        .default('auto'),
    ),
    /** Empty means 'none'. */
    frameAncestors: frameAncestors.transform((sources) => sources ?? []),
    /** Where the embedded backend persists what it receives; absent keeps it in memory only. */
    dataDir: optionalText({ emptyIsAbsent: true }),
    limits: absentWhenNull(embeddedLimitsSchema).transform((limits) => limits ?? {}),
    /** How many linked traces the trace page stitches in at a time, before "load more" (decision 0285). */
    linkedTraces: absentWhenNull(integer(1, 200)).transform((n) => n ?? DEFAULT_LINKED_TRACES),
    allowedHosts: absentWhenNull(allowedHosts),
    trustProxy: absentWhenNull(trustProxy).transform((trust) => trust ?? false),
  },
  'must be a map',
);

const flag = (fallback: boolean) =>
  absentWhenNull(
    z.boolean({ error: (issue) => `must be true or false, got ${show(issue.input)}` }),
  ).transform((value) => value ?? fallback);

/** `redaction:`: on by default with the built-in rules (decision 0310). */
export const redactionSchema = map(
  {
    enabled: flag(true),
    defaults: flag(true),
    disable: absentWhenNull(list(z.string(), 'must be a list of rule names')).transform(
      (names) => names ?? [],
    ),
    rules: absentWhenNull(list(redactionRuleSchema, 'must be a list')).transform((rules) => rules ?? []),
    /** Whether a user may reveal values the app redacted in the browser. */
    allowReveal: flag(false),
  },
  'must be a map',
);

/** The whole configuration file; an empty file is an empty configuration. */
export const configFileSchema = z.preprocess(
  (value) => value ?? {},
  map(
    {
      server: absentWhenNull(serverSchema).transform((server) => server ?? serverSchema.parse({})),
      datasources: absentWhenNull(list(datasourceSchema, 'must be a list')).transform((list) => list ?? []),
      redaction: absentWhenNull(redactionSchema).transform(
        (redaction) => redaction ?? redactionSchema.parse({}),
      ),
    },
    'must be a map with server, datasources and redaction',
  ),
);

export type ConfigFile = z.output<typeof configFileSchema>;
export type ServerConfig = z.output<typeof serverSchema>;
export type RedactionConfig = z.output<typeof redactionSchema>;
export type EmbeddedLimits = z.output<typeof embeddedLimitsSchema>;
export type DatasourceConfig = z.output<typeof datasourceSchema>;
export type DatasourceAuth = z.output<typeof datasourceAuthSchema>;
/** The templates and display settings of a datasource the browser may see. */
export type DatasourcePublicSettings = Pick<DatasourceConfig, keyof typeof datasourcePublicShape>;

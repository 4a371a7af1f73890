// What a redaction rule says and the built-in rules: data only, with no pattern engine, so the app
// shell can hold the rules (src/worker/client.ts) without fetching RE2. Compiling them into a
// Redactor is src/redact/rules.ts, loaded where values are judged (decision 0339).

export const MASK = '••••';

export type RedactAction = 'drop' | 'mask' | 'replace';

export interface RedactionRule {
  /** Names the rule in counts and in `disable`. */
  name: string;
  /** Attribute-key globs; absent: every key (then `pattern` is required). */
  keys?: readonly string[];
  /** RE2 pattern looked for in string values; absent: the key alone decides. */
  pattern?: string;
  action: RedactAction;
  /** For `replace`: the text put in place of each match (RE2JS replacement syntax, `$1`). */
  replacement?: string;
  /** `luhn`: a match counts only when its digits pass the Luhn check (card numbers). */
  check?: 'luhn';
}

/** The `redaction:` section of the server config. */
export interface RedactionSettings {
  /** false turns every rule off, the defaults and `rules` alike. */
  enabled: boolean;
  /** false leaves the built-in defaults out; `rules` still apply. */
  defaults: boolean;
  /** Names of built-in rules to leave out. */
  disable: readonly string[];
  /** Rules added to (or, with `defaults: false`, instead of) the built-in ones. */
  rules: readonly RedactionRule[];
  /** Whether a user may reveal redacted values in the browser (worker-side redaction only). */
  allowReveal: boolean;
}

export const DEFAULT_REDACTION_SETTINGS: RedactionSettings = {
  enabled: true,
  defaults: true,
  disable: [],
  rules: [],
  allowReveal: false,
};

/** The built-in rules, on unless `defaults: false` or named in `disable`. */
export const DEFAULT_RULES: readonly RedactionRule[] = [
  {
    name: 'secret-keys',
    keys: [
      'http.request.header.authorization',
      'http.request.header.proxy-authorization',
      'http.request.header.cookie',
      'http.request.header.x-api-key',
      'http.response.header.set-cookie',
      '*.password',
      '*.passwd',
      '*.secret',
      '*.api_key',
      '*.apikey',
      '*.access_token',
      '*.refresh_token',
      '*.client_secret',
    ],
    action: 'mask',
  },
  {
    // Quoted strings and numbers become `?`, as OpenTelemetry's SQL sanitizers do.
    name: 'sql-literals',
    keys: ['db.statement', 'db.query.text'],
    // A number counts when no letter, digit, `_` or `$` is before it (`t1` and `$1` stay).
    pattern: `'(?:[^']|'')*'|(^|[^$0-9A-Za-z_])[0-9]+(?:\\.[0-9]+)?\\b`,
    action: 'replace',
    replacement: '$1?',
  },
  {
    // The values of a URL's query string: `?user=ann&page=2` → `?user=••••&page=••••`.
    name: 'url-query',
    keys: ['url.full', 'http.url', 'http.target', 'url.original'],
    pattern: '([?&][^=&#?]*=)[^&#]*',
    action: 'replace',
    replacement: `$1${MASK}`,
  },
  {
    name: 'url-query-text',
    keys: ['url.query'],
    pattern: '((?:^|&)[^=&#]*=)[^&#]*',
    action: 'replace',
    replacement: `$1${MASK}`,
  },
  {
    name: 'bearer-token',
    pattern: '(?i)(bearer\\s+)[A-Za-z0-9._~+/-]+=*',
    action: 'replace',
    replacement: `$1${MASK}`,
  },
  {
    // Three base64url parts, the first starting `eyJ` (`{"`).
    name: 'jwt',
    pattern: 'eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]+',
    action: 'replace',
  },
  {
    name: 'email',
    pattern: '[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}',
    action: 'replace',
  },
  {
    // 13 to 19 digits, spaces or dashes allowed between them, first digit 2–6 (the card networks;
    // epoch milliseconds and nanoseconds start with 1), and a Luhn check.
    name: 'card-number',
    pattern: '\\b[2-6](?:[ -]?[0-9]){12,18}\\b',
    action: 'replace',
    check: 'luhn',
  },
];

// biome-ignore-all lint/suspicious/noTemplateCurlyInString: link and query templates use ${name} placeholders
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { publicConfigSchema } from '../../src/contracts/public-config.ts';
import { applyEnvironment } from './env.ts';
import { ConfigError } from './errors.ts';
import { loadConfig } from './load.ts';
import { buildPublicConfig } from './public.ts';
import { validateConfig } from './validate.ts';

function problemsOf(action: () => unknown): string[] {
  try {
    action();
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  throw new Error('expected a ConfigError');
}

/** The configuration of a file that lists only these datasources. */
function configuredWith(...datasources: object[]) {
  return validateConfig({ datasources }, 'c.yaml');
}

function writeTemp(name: string, text: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'tracelight-config-'));
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('configuration validation', () => {
  it('names the file and the field of an unknown datasource type', () => {
    const problems = problemsOf(() =>
      validateConfig(
        {
          datasources: [
            { name: 'tempo', type: 'tempo', url: 'http://tempo:3200' },
            { name: 'other', type: 'tempoo', url: 'http://x' },
          ],
        },
        'config.yaml',
      ),
    );
    expect(problems).toEqual([
      'config.yaml: datasources[1].type: unknown type "tempoo" (expected tempo|jaeger|zipkin|loki|prometheus)',
    ]);
  });

  it('refuses non-http URLs, URLs with credentials, bad names and unknown fields', () => {
    const problems = problemsOf(() =>
      validateConfig(
        {
          datasources: [
            { name: 'a', type: 'tempo', url: 'file:///etc/passwd' },
            { name: 'b', type: 'loki', url: 'http://user:pw@loki:3100' },
            { name: 'Bad_Name', type: 'jaeger', url: 'http://jaeger:16686' },
            { name: 'c', type: 'zipkin', url: 'http://zipkin:9411', tokn: 'x' },
          ],
        },
        'cfg.json',
      ),
    );
    expect(problems).toContain(
      'cfg.json: datasources[0].url: must be an http:// or https:// URL, got "file:///etc/passwd"',
    );
    expect(problems).toContain('cfg.json: datasources[1].url: must not carry credentials; use auth.basic');
    expect(problems).toContain(
      'cfg.json: datasources[2].name: invalid name "Bad_Name" (lowercase letters, digits and -)',
    );
    expect(problems.some((p) => p.startsWith('cfg.json: datasources[3].tokn: unknown field'))).toBe(true);
  });

  it('refuses duplicate names, two defaults of one type and links to missing or mistyped datasources', () => {
    const problems = problemsOf(() =>
      validateConfig(
        {
          datasources: [
            {
              name: 't',
              type: 'tempo',
              url: 'http://a',
              default: true,
              logs: { datasource: 'p', query: '{}' },
            },
            { name: 't2', type: 'tempo', url: 'http://b', default: true, metrics: { datasource: 'nowhere' } },
            { name: 'p', type: 'prometheus', url: 'http://p' },
            { name: 'p', type: 'prometheus', url: 'http://p2' },
          ],
        },
        'c.yaml',
      ),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        'c.yaml: datasources[3].name: duplicate name "p"',
        'c.yaml: datasources[1].default: t is already the default tempo datasource',
        'c.yaml: datasources[0].logs.datasource: "p" is a prometheus datasource, expected loki',
        'c.yaml: datasources[1].metrics.datasource: no datasource named "nowhere"',
      ]),
    );
  });

  it('normalizes the base path and the upstream URL, and defaults the rest', () => {
    const config = validateConfig(
      {
        server: { basePath: 'tracelight', frameAncestors: ['https://grafana.example.com'] },
        datasources: [{ name: 'tempo', type: 'tempo', url: 'https://tempo.example.com/tempo/' }],
      },
      'c.yaml',
    );
    expect(config.server).toMatchObject({
      basePath: '/tracelight/',
      host: '127.0.0.1',
      port: 8080,
      embedded: 'auto',
    });
    expect(config.server.frameAncestors).toEqual(['https://grafana.example.com']);
    expect(config.datasources[0]).toMatchObject({
      url: 'https://tempo.example.com/tempo',
      timeoutSeconds: 30,
    });
  });

  it('refuses a base path that could escape and a frame ancestor that could inject a directive', () => {
    const problems = problemsOf(() =>
      validateConfig({ server: { basePath: '/a/../b', frameAncestors: ["'self'; script-src *"] } }, 'c.yaml'),
    );
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^c\.yaml: server\.basePath: invalid path/);
    expect(problems[1]).toMatch(/^c\.yaml: server\.frameAncestors\[0\]: invalid source/);
  });
});

describe('configuration problems, all at once', () => {
  it('names every structural problem with its path, in the words of the configuration', () => {
    const problems = problemsOf(() =>
      validateConfig(
        {
          server: {
            port: 'eighty',
            embedded: 'maybe',
            frameAncestors: [5],
            limits: { maxLogBytes: '2 TB', maxTraces: null },
            host: null,
          },
          datasources: [
            null,
            { type: 'tempo', url: 'http://t', default: 'yes', timeoutSeconds: 0 },
            {
              name: 'l',
              type: 'loki',
              url: 'http://l?x=1',
              auth: { basic: { password: 'p' }, headers: { Host: 'h', 'X-Ok': 'a\nb', 'X-N': 5 } },
              links: [{ name: 'n', url: 'ftp://x' }],
            },
          ],
          extra: true,
        },
        'c.yaml',
      ),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        'c.yaml: server.port: must be an integer from 0 to 65535, got "eighty"',
        'c.yaml: server.embedded: must be auto, true or false, got "maybe"',
        "c.yaml: server.frameAncestors[0]: invalid source 5 (expected 'self' or an origin like https://grafana.example.com)",
        'c.yaml: server.limits.maxLogBytes: must be a size such as 1073741824, "1GiB" or "64MB", got "2 TB"',
        'c.yaml: datasources[0]: must be a map with name, type and url',
        'c.yaml: datasources[1].name: is required',
        'c.yaml: datasources[1].default: must be true or false, got "yes"',
        'c.yaml: datasources[1].timeoutSeconds: must be a number of seconds greater than 0 and at most 3600, got 0',
        'c.yaml: datasources[2].url: must not carry a query or fragment',
        'c.yaml: datasources[2].auth.basic.user: is required',
        'c.yaml: datasources[2].auth.headers.Host: is not a header name the gateway may set',
        'c.yaml: datasources[2].auth.headers.X-Ok: value must not contain line breaks',
        'c.yaml: datasources[2].auth.headers.X-N: must be a string',
        'c.yaml: datasources[2].links[0].url: must start with http:// or https://, got "ftp://x"',
        'c.yaml: extra: unknown field (expected one of server, datasources, redaction)',
      ]),
    );
    expect(problems).toHaveLength(15);
  });

  it('reports the rules across datasources beside the problems of one, at the place in the file', () => {
    const problems = problemsOf(() =>
      configuredWith(
        { name: 'a', type: 'tempo', url: 'not a url' },
        { name: 'a', type: 'loki', url: 'http://l', auth: { bearerToken: 't', basic: { user: 'u' } } },
      ),
    );
    expect(problems).toEqual([
      'c.yaml: datasources[0].url: not a URL: "not a url"',
      'c.yaml: datasources[1].auth: bearerToken and basic both set; choose one',
      'c.yaml: datasources[1].name: duplicate name "a"',
    ]);
  });

  it('takes an empty YAML value as absent, and refuses a document that is not a map', () => {
    const config = validateConfig({ server: { host: null, limits: null }, datasources: null }, 'c.yaml');
    expect(config.server).toMatchObject({ host: '127.0.0.1', limits: {} });
    expect(config.datasources).toEqual([]);
    expect(problemsOf(() => validateConfig([1], 'c.yaml'))).toEqual([
      'c.yaml: (top level): must be a map with server, datasources and redaction',
    ]);
  });
});

describe('configuration loading', () => {
  it('reports malformed YAML with the file, line and column', () => {
    const file = writeTemp('broken.yaml', 'datasources:\n  - name: tempo\n    type: [tempo\n');
    const problems = problemsOf(() => loadConfig({ configPath: file, env: {} }));
    expect(problems[0]).toMatch(
      new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: line \\d+, column \\d+: `),
    );
  });

  it('reports a missing file by its name', () => {
    expect(problemsOf(() => loadConfig({ configPath: '/nonexistent/tl.yaml', env: {} }))).toEqual([
      '/nonexistent/tl.yaml: cannot read the configuration file (ENOENT)',
    ]);
  });

  it('reads JSON and YAML from TRACELIGHT_CONFIG, and the command line wins over the environment', () => {
    const json = writeTemp(
      'c.json',
      JSON.stringify({ datasources: [{ name: 'j', type: 'jaeger', url: 'http://j:16686' }] }),
    );
    const config = loadConfig({ env: { TRACELIGHT_CONFIG: json, PORT: '9000' }, overrides: { port: 0 } });
    expect(config.datasources.map((ds) => ds.name)).toEqual(['j']);
    expect(config.server.port).toBe(0);
    expect(config.source).toBe(json);
    const yaml = writeTemp(
      'c.yaml',
      'server:\n  port: 9100\ndatasources:\n  - {name: z, type: zipkin, url: "http://z:9411"}\n',
    );
    expect(loadConfig({ configPath: yaml, env: {} }).server.port).toBe(9100);
  });

  it('reads the embedded backend limits, sizes with units, and names a bad one', () => {
    const file = writeTemp(
      'l.yaml',
      'server:\n  limits: { maxTraces: 500, maxBytes: 1GiB, maxBodyBytes: "64 MB", maxMetricSeries: 100 }\n',
    );
    expect(loadConfig({ configPath: file, env: {} }).server.limits).toEqual({
      maxTraces: 500,
      maxBytes: 1024 ** 3,
      maxBodyBytes: 64_000_000,
      maxMetricSeries: 100,
    });
    const bad = writeTemp('b.yaml', 'server:\n  limits: { maxBytes: lots, maxTraces: 0, maxSpans: 3 }\n');
    const problems = problemsOf(() => loadConfig({ configPath: bad, env: {} }));
    expect(problems.join('\n')).toMatch(/server\.limits\.maxBytes: must be a size/);
    expect(problems.join('\n')).toMatch(/server\.limits\.maxTraces: must be an integer/);
    expect(problems.join('\n')).toMatch(/server\.limits.*maxSpans/);
  });

  it('takes the embedded data directory from the file, the environment and the command line, in that order', () => {
    const file = writeTemp('d.yaml', 'server:\n  dataDir: /var/lib/from-file\n');
    expect(loadConfig({ configPath: file, env: {} }).server.dataDir).toBe('/var/lib/from-file');
    expect(
      loadConfig({ configPath: file, env: { TRACELIGHT_DATA_DIR: '/var/lib/from-env' } }).server.dataDir,
    ).toBe('/var/lib/from-env');
    expect(
      loadConfig({
        configPath: file,
        env: { TRACELIGHT_DATA_DIR: '/var/lib/from-env' },
        overrides: { dataDir: '/var/lib/from-cli' },
      }).server.dataDir,
    ).toBe('/var/lib/from-cli');
    expect(loadConfig({ env: {} }).server.dataDir).toBeUndefined();
  });
});

describe('environment shortcuts', () => {
  const empty = validateConfig({}, 'environment');

  it('creates one datasource per *_URL, named after its type, with token, tenant and basic auth', () => {
    const config = applyEnvironment(empty, {
      TEMPO_URL: 'http://tempo:3200/',
      TEMPO_TOKEN: 'glc_abc',
      TEMPO_TENANT: 'team-a',
      LOKI_URL: 'http://loki:3100',
      LOKI_BASIC_AUTH: 'user:pa:ss',
      PROMETHEUS_URL: 'http://prom:9090',
      TRACELIGHT_BASE_PATH: '/tl',
      PORT: '8081',
      OTLP_PORT: '0',
      OTLP_GRPC_PORT: '4417',
    });
    expect(config.datasources).toEqual([
      {
        name: 'tempo',
        type: 'tempo',
        url: 'http://tempo:3200',
        timeoutSeconds: 30,
        auth: { bearerToken: 'glc_abc', tenant: 'team-a' },
      },
      {
        name: 'loki',
        type: 'loki',
        url: 'http://loki:3100',
        timeoutSeconds: 30,
        auth: { basic: { user: 'user', password: 'pa:ss' } },
      },
      { name: 'prometheus', type: 'prometheus', url: 'http://prom:9090', timeoutSeconds: 30 },
    ]);
    expect(config.server).toMatchObject({ basePath: '/tl/', port: 8081, otlpPort: 0, grpcPort: 4417 });
  });

  it('overrides the URL and credentials of a same-named datasource from the file, keeping its templates', () => {
    const file = configuredWith({
      name: 'tempo',
      type: 'tempo',
      url: 'http://old:3200',
      auth: { basic: { user: 'u', password: 'p' }, tenant: 't' },
      links: [{ name: 'Grafana', url: 'https://g/${traceId}' }],
    });
    const config = applyEnvironment(file, { TEMPO_URL: 'http://new:3200', TEMPO_TOKEN: 'tok' });
    expect(config.datasources).toHaveLength(1);
    expect(config.datasources[0]).toMatchObject({
      url: 'http://new:3200',
      auth: { bearerToken: 'tok', tenant: 't' },
      links: [{ name: 'Grafana', url: 'https://g/${traceId}' }],
    });
    expect(config.datasources[0].auth?.basic).toBeUndefined();
  });

  it('names the variable in its errors', () => {
    expect(problemsOf(() => applyEnvironment(empty, { JAEGER_URL: 'ftp://j', PORT: 'eighty' }))).toEqual([
      'environment: PORT: must be a port number from 0 to 65535, got "eighty"',
      'environment: JAEGER_URL: must be an http:// or https:// URL, got "ftp://j"',
    ]);
    expect(
      problemsOf(() => applyEnvironment(empty, { LOKI_URL: 'http://l', LOKI_BASIC_AUTH: 'nopassword' })),
    ).toEqual(['environment: LOKI_BASIC_AUTH: must be user:password']);
  });
});

describe('/config.json content', () => {
  it('carries names, types, display names, defaults and templates, never URLs or credentials', () => {
    const config = configuredWith(
      {
        name: 'tempo',
        type: 'tempo',
        displayName: 'Tempo (prod)',
        url: 'https://tempo-secret-host.example.com/prefix',
        default: true,
        auth: {
          bearerToken: 'TOKEN-SECRET',
          tenant: 'TENANT-SECRET',
          headers: { 'X-Api-Key': 'HEADER-SECRET' },
        },
        logs: { datasource: 'loki', query: '{service_name="${service}"}', before: '5m', after: '5m' },
        metrics: { datasource: 'prom', queries: [{ name: 'Rate', query: 'rate(x[5m])' }] },
        links: [{ name: 'Grafana', url: 'https://grafana.example.com/explore?${traceId}' }],
      },
      {
        name: 'loki',
        type: 'loki',
        url: 'http://loki-secret-host:3100',
        auth: { basic: { user: 'USER-SECRET', password: 'PASS-SECRET' } },
      },
      { name: 'prom', type: 'prometheus', url: 'http://prom-secret-host:9090' },
    );
    const body = JSON.stringify(buildPublicConfig('/', config.datasources, []));
    for (const secret of ['secret-host', 'SECRET', 'prefix', 'timeoutSeconds', 'auth'])
      expect(body).not.toContain(secret);
    const parsed = JSON.parse(body);
    expect(parsed.datasources[0]).toEqual({
      name: 'tempo',
      type: 'tempo',
      displayName: 'Tempo (prod)',
      default: true,
      embedded: false,
      logs: { datasource: 'loki', query: '{service_name="${service}"}', before: '5m', after: '5m' },
      metrics: { datasource: 'prom', queries: [{ name: 'Rate', query: 'rate(x[5m])' }] },
      links: [{ name: 'Grafana', url: 'https://grafana.example.com/explore?${traceId}' }],
    });
    expect(parsed.datasources[1]).toEqual({
      name: 'loki',
      type: 'loki',
      displayName: 'loki',
      default: false,
      embedded: false,
    });
    expect(parsed.hint).toBeUndefined();
  });

  it('publishes exactly what the public contract allows, nothing more and nothing less', () => {
    const config = configuredWith(
      {
        name: 'tempo',
        type: 'tempo',
        url: 'http://tempo:3200',
        auth: { bearerToken: 'TOKEN-SECRET' },
        logs: { datasource: 'loki', query: '{}', before: '' },
        metrics: { datasource: 'local', exemplarTraceIdLabels: ['trace_id'] },
      },
      { name: 'loki', type: 'loki', url: 'http://loki:3100', displayName: '  ' },
    );
    const local = { name: 'local', type: 'prometheus' as const, handle: () => 'not public' };
    const body = JSON.parse(
      JSON.stringify(
        buildPublicConfig('/', config.datasources, [local], { demo: true, otlpPort: 4318, grpcPort: 4317 }),
      ),
    );
    expect(publicConfigSchema.parse(body)).toEqual(body);
    expect(body.datasources[0].logs).toEqual({ datasource: 'loki', query: '{}' });
    expect(body.datasources[1].displayName).toBe('loki');
    expect(body.datasources[2]).toEqual({
      name: 'local',
      type: 'prometheus',
      displayName: 'local',
      default: false,
      embedded: true,
    });
  });

  it('says whether the embedded backend has demo data and which OTLP port it bound, and nothing else', () => {
    const local = { name: 'local', type: 'tempo' as const, default: true };
    const running = JSON.parse(
      JSON.stringify(
        buildPublicConfig('/', [], [local], {
          demo: false,
          otlpPort: 43181,
          grpcPort: 43171,
          // A careless caller's extra field must not reach the browser.
          ...({ otlpHost: '10.0.0.7', dataDir: '/var/secret' } as object),
        }),
      ),
    );
    expect(running.embedded).toEqual({ demo: false, otlpPort: 43181, grpcPort: 43171 });
    const off = buildPublicConfig('/', [], [local], { demo: true, otlpPort: null, grpcPort: null });
    expect(off.embedded).toEqual({ demo: true, otlpPort: null, grpcPort: null });
    expect(JSON.stringify(off)).not.toMatch(/http|127\.0\.0\.1|secret/i);
    expect('embedded' in buildPublicConfig('/', [local], [])).toBe(false);
  });

  it('stitches 20 linked traces at a time unless server.linkedTraces says otherwise, and tells the app', () => {
    expect(validateConfig({}, 'c.yaml').server.linkedTraces).toBe(20);
    const five = validateConfig({ server: { linkedTraces: 5 } }, 'c.yaml');
    expect(five.server.linkedTraces).toBe(5);
    expect(buildPublicConfig('/', [], [], undefined, undefined, five.server.linkedTraces).linkedTraces).toBe(
      5,
    );
    expect(problemsOf(() => validateConfig({ server: { linkedTraces: 0 } }, 'c.yaml')).join('\n')).toMatch(
      /linkedTraces/,
    );
  });

  it('says how to configure datasources when there are none', () => {
    const parsed = buildPublicConfig('/tl/', [], []);
    expect(parsed.datasources).toEqual([]);
    expect(parsed.hint).toMatch(/TEMPO_URL=/);
    expect(parsed.basePath).toBe('/tl/');
  });
});

import { describe, expect, it } from 'vitest';
import {
  appUrl,
  ConfigLoadError,
  defaultTraceDatasource,
  fetchRuntimeConfig,
  parseRuntimeConfig,
} from './config';

// Config templates carry `${…}` placeholders for the app to fill in, not JavaScript template strings.
// biome-ignore lint/suspicious/noTemplateCurlyInString: a LogQL template
const LOGS_TEMPLATE = '{service_name="${service}"}';
// biome-ignore lint/suspicious/noTemplateCurlyInString: a link template
const LINK_TEMPLATE = 'https://grafana.example.com/${traceId}';

/** The fields of the first datasource that arrive well-formed and are read as they are. */
const TEMPO_AS_PUBLISHED = {
  name: 'tempo',
  type: 'tempo',
  displayName: 'Tempo (prod)',
  default: true,
  embedded: false,
  logs: { datasource: 'loki', query: LOGS_TEMPLATE, before: '5m' },
} as const;

describe('parseRuntimeConfig', () => {
  it('reads the public config the server publishes', () => {
    const config = parseRuntimeConfig({
      basePath: '/tracelight/',
      datasources: [
        {
          ...TEMPO_AS_PUBLISHED,
          metrics: {
            datasource: 'prom',
            exemplarTraceIdLabels: ['trace_id', 7],
            queries: [{ name: 'Rate', query: 'sum(rate(x[5m]))' }, { name: '' }],
          },
          links: [{ name: 'Grafana', url: LINK_TEMPLATE }, 'junk'],
        },
        { name: 'loki', type: 'loki' },
      ],
    });
    expect(config.basePath).toBe('/tracelight/');
    expect(config.datasources).toEqual([
      {
        ...TEMPO_AS_PUBLISHED,
        metrics: {
          datasource: 'prom',
          exemplarTraceIdLabels: ['trace_id'],
          queries: [{ name: 'Rate', query: 'sum(rate(x[5m]))' }],
        },
        links: [{ name: 'Grafana', url: LINK_TEMPLATE }],
      },
      { name: 'loki', type: 'loki', displayName: 'loki', default: false, embedded: false },
    ]);
    expect(defaultTraceDatasource(config)?.name).toBe('tempo');
  });

  it('drops entries with an unknown type, no name, or a repeated name', () => {
    const config = parseRuntimeConfig({
      datasources: [
        { name: 'a', type: 'elastic' },
        { type: 'tempo' },
        null,
        { name: 'j', type: 'jaeger' },
        { name: 'j', type: 'zipkin' },
      ],
    });
    expect(config.datasources.map((ds) => `${ds.name}:${ds.type}`)).toEqual(['j:jaeger']);
    expect(config.basePath).toBe('/');
  });

  it('keeps the server hint for an unconfigured server', () => {
    const config = parseRuntimeConfig({ basePath: '/', datasources: [], hint: 'Set TEMPO_URL' });
    expect(config).toEqual({ basePath: '/', datasources: [], hint: 'Set TEMPO_URL' });
  });

  it('reads whether the embedded backend has demo data and its OTLP ports, and is absent otherwise', () => {
    const base = { basePath: '/', datasources: [] };
    expect(
      parseRuntimeConfig({ ...base, embedded: { demo: true, otlpPort: 4318, grpcPort: 4317 } }).embedded,
    ).toEqual({ demo: true, otlpPort: 4318, grpcPort: 4317 });
    expect(parseRuntimeConfig({ ...base, embedded: { demo: false, otlpPort: null } }).embedded).toEqual({
      demo: false,
      otlpPort: null,
      grpcPort: null,
    });
    expect(parseRuntimeConfig(base)).not.toHaveProperty('embedded');
    expect(parseRuntimeConfig({ ...base, embedded: 'yes' })).not.toHaveProperty('embedded');
  });

  it('never claims demo data or a receiver port the server did not state plainly', () => {
    const parse = (embedded: unknown) =>
      parseRuntimeConfig({ basePath: '/', datasources: [], embedded }).embedded;
    expect(parse({})).toEqual({ demo: false, otlpPort: null, grpcPort: null });
    expect(parse({ demo: 'true', otlpPort: '4318', grpcPort: '4317' })).toEqual({
      demo: false,
      otlpPort: null,
      grpcPort: null,
    });
    for (const port of [0, -1, 65536, 4318.5, Number.NaN, 'http://evil.example:1']) {
      expect(parse({ demo: true, otlpPort: port })?.otlpPort).toBeNull();
      expect(parse({ demo: true, otlpPort: 4318, grpcPort: port })).toEqual({
        demo: true,
        otlpPort: 4318,
        grpcPort: null,
      });
    }
  });

  it('refuses a body that is not an object', () => {
    expect(() => parseRuntimeConfig([1, 2])).toThrow(ConfigLoadError);
    expect(() => parseRuntimeConfig('x')).toThrow(ConfigLoadError);
  });
});

describe('fetchRuntimeConfig', () => {
  it('fetches config.json relative to the document base, under a path prefix too', async () => {
    const requested: string[] = [];
    const fakeFetch: typeof fetch = async (input) => {
      requested.push(String(input));
      return new Response(JSON.stringify({ basePath: '/tracelight/', datasources: [] }), { status: 200 });
    };
    await fetchRuntimeConfig({ baseUri: 'https://ops.example.com/tracelight/', fetch: fakeFetch });
    expect(requested).toEqual(['https://ops.example.com/tracelight/config.json']);
  });

  it('says what the server answered when it is not a config', async () => {
    const fakeFetch: typeof fetch = async () => new Response('upstream exploded', { status: 502 });
    await expect(fetchRuntimeConfig({ baseUri: 'http://x/', fetch: fakeFetch })).rejects.toThrow(
      'config.json answered 502: upstream exploded',
    );
  });
});

describe('appUrl', () => {
  it('resolves under the base even when given a leading slash', () => {
    expect(appUrl('/api/ds/tempo/api/echo', 'http://h/p/').href).toBe('http://h/p/api/ds/tempo/api/echo');
  });
});

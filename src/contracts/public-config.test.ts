// biome-ignore-all lint/suspicious/noTemplateCurlyInString: link and query templates use ${name} placeholders
import { describe, expect, it } from 'vitest';
import { datasourceSchema } from './config.ts';
import { publicConfigSchema, publicDatasourceSchema } from './public-config.ts';

describe('the public /config.json contract', () => {
  it('has no place for an upstream URL, a timeout or a credential', () => {
    const configured = datasourceSchema.parse({
      name: 'tempo',
      type: 'tempo',
      url: 'http://tempo:3200',
      auth: { bearerToken: 'secret' },
    });
    const result = publicDatasourceSchema.safeParse({ ...configured, embedded: false });
    expect(result.success).toBe(false);
    expect(
      result.error?.issues.flatMap((issue) => (issue.code === 'unrecognized_keys' ? issue.keys : [])),
    ).toEqual(['url', 'timeoutSeconds', 'auth']);
  });

  it('shares the templates of the configuration file, checked the same way', () => {
    const logs = { datasource: 'loki', query: '{service_name="${service}"}', before: '5m' };
    const links = [{ name: 'Grafana', url: 'https://grafana.example.com/${traceId}' }];
    expect(publicDatasourceSchema.parse({ name: 'tempo', type: 'tempo', logs, links })).toEqual({
      name: 'tempo',
      type: 'tempo',
      displayName: 'tempo',
      default: false,
      embedded: false,
      logs,
      links,
    });
    expect(
      publicDatasourceSchema.safeParse({
        name: 'tempo',
        type: 'tempo',
        links: [{ name: 'x', url: 'ftp://x' }],
      }).success,
    ).toBe(false);
    expect(publicDatasourceSchema.safeParse({ name: 'tempo', type: 'tempoo' }).success).toBe(false);
  });

  it('says of the embedded backend only whether it has demo data and its OTLP ports', () => {
    const base = { basePath: '/', datasources: [] };
    // An older server that does not name the gRPC port: the receiver counts as off.
    expect(publicConfigSchema.parse({ ...base, embedded: { demo: true, otlpPort: 4318 } }).embedded).toEqual({
      demo: true,
      otlpPort: 4318,
      grpcPort: null,
    });
    expect(
      publicConfigSchema.parse({ ...base, embedded: { demo: false, otlpPort: 4318, grpcPort: 4317 } })
        .embedded,
    ).toEqual({ demo: false, otlpPort: 4318, grpcPort: 4317 });
    expect(
      publicConfigSchema.safeParse({ ...base, embedded: { demo: true, otlpPort: 4318, host: 'h' } }).success,
    ).toBe(false);
    expect(publicConfigSchema.safeParse({ ...base, embedded: { demo: true, otlpPort: 0 } }).success).toBe(
      false,
    );
  });
});

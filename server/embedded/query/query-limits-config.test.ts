import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../config/validate.ts';
import { startEmbeddedBackend } from '../index.ts';

describe('server.limits sets the embedded query caps', () => {
  it('reads the query fields (sizes with units) and the backend answers by them', async () => {
    const config = validateConfig(
      {
        server: {
          otlpPort: 0,
          grpcPort: 0,
          limits: {
            queryTimeoutSeconds: 5,
            maxQueryBytes: '1KiB',
            maxQueryDepth: 3,
            maxPipelineStages: 2,
            maxSearchLimit: 2,
            maxSpss: 5,
          },
        },
        datasources: [],
      },
      'c.yaml',
    );
    expect(config.server.limits).toMatchObject({ queryTimeoutSeconds: 5, maxQueryBytes: 1024 });
    const backend = await startEmbeddedBackend({ config, demo: true, log: () => {} });
    try {
      const tempo = backend.datasources[0];
      const ask = async (query: Record<string, string>) => {
        const r = await tempo.handle({
          method: 'GET',
          path: '/api/search',
          query: new URLSearchParams(query),
          headers: {},
          signal: new AbortController().signal,
        });
        return { status: r.status, body: String(r.body) };
      };
      expect(await ask({ q: '{ }', spss: '6' })).toMatchObject({ status: 400, body: /limit of 5/ });
      expect(await ask({ q: '(((({ }))))' })).toMatchObject({
        status: 400,
        body: /5 levels, the limit is 3/,
      });
      expect(await ask({ q: '{ } >> { } >> { } >> { }' })).toMatchObject({
        status: 400,
        body: /too many stages: 3, the limit is 2/,
      });
      expect(await ask({ q: `{ name = "${'x'.repeat(1100)}" }` })).toMatchObject({
        status: 400,
        body: /the limit is 1024/,
      });
      const clamped = await ask({ q: '{ }', limit: '50' });
      expect(JSON.parse(clamped.body)).toMatchObject({
        traces: [{}, {}],
        warnings: [expect.stringMatching(/limit 50 .* lowered to 2/)],
      });
    } finally {
      await backend.close();
    }
  }, 30_000);

  it('names a bad value', () => {
    expect(() =>
      validateConfig({ server: { limits: { queryTimeoutSeconds: 0 } }, datasources: [] }, 'c.yaml'),
    ).toThrow(/server\.limits\.queryTimeoutSeconds: must be an integer from 1 to 3600, got 0/);
  });
});

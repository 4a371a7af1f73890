import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReplayUpstream, startReplayUpstream } from '../../e2e/support/replay-upstream';
import { createTraceDatasourceClient, isTraceClientType } from './clients';
import { GATEWAY_ERROR_HEADER } from './http';

let jaeger: ReplayUpstream;
beforeAll(async () => {
  jaeger = await startReplayUpstream({ sets: ['jaeger-legacy'] });
});
afterAll(() => jaeger.stop());

describe('the one trace datasource client factory', () => {
  it('knows the trace backends it has clients for', () => {
    expect(['tempo', 'jaeger', 'zipkin'].every(isTraceClientType)).toBe(true);
    expect(isTraceClientType('loki')).toBe(false);
    expect(isTraceClientType('elastic')).toBe(false);
  });

  it('talks to the gateway path of the named datasource, unless given a base URL', async () => {
    const viaGateway = createTraceDatasourceClient({
      type: 'zipkin',
      name: 'zip kin',
      documentBaseUri: 'http://x/app/',
    });
    expect(viaGateway.type).toBe('zipkin');
    const direct = createTraceDatasourceClient({ type: 'jaeger', name: 'jaeger', baseUrl: jaeger.url });
    expect(direct.type).toBe('jaeger');
    if (direct.type !== 'jaeger') return;
    // What a client learns stays with it: the legacy API is asked about once.
    jaeger.requests.length = 0;
    expect(await direct.client.api()).toBe('legacy');
    await direct.client.services();
    await direct.client.services();
    expect(jaeger.requests.filter((r) => r.path === '/api/v3/services')).toHaveLength(1);
  });

  it('names the datasource in its errors by its label, or its name', async () => {
    // The gateway's own refusal names the datasource (the backend's words would not).
    const refused = { status: 502, headers: { [GATEWAY_ERROR_HEADER]: 'error' }, body: 'upstream down' };
    jaeger.override('/api/v3/services', refused);
    jaeger.override('/api/services', refused);
    try {
      const labelled = createTraceDatasourceClient({
        type: 'jaeger',
        name: 'jaeger-prod',
        label: 'Jaeger (production)',
        baseUrl: jaeger.url,
      });
      await expect(labelled.type === 'jaeger' ? labelled.client.services() : null).rejects.toThrow(
        /Jaeger \(production\)/,
      );
      const named = createTraceDatasourceClient({ type: 'jaeger', name: 'jaeger-prod', baseUrl: jaeger.url });
      await expect(named.type === 'jaeger' ? named.client.services() : null).rejects.toThrow(/jaeger-prod/);
    } finally {
      jaeger.clearOverrides();
    }
  });
});

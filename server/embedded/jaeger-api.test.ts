// The embedded Jaeger API against Jaeger's own data files (../shared/fixtures/jaeger).

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InProcessRequest } from '../gateway/in-process.ts';
import { createEmbedded, type EmbeddedInstance } from './index.ts';
import { parseOtlpJson } from './otlp/otlp-json.ts';

const fixtures = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../shared/fixtures/jaeger',
);
const readJson = (p: string): Record<string, unknown> =>
  JSON.parse(readFileSync(path.join(fixtures, p), 'utf8'));

function get(p: string, query: Record<string, string> = {}): InProcessRequest {
  return {
    method: 'GET',
    path: p,
    query: new URLSearchParams(query),
    headers: {},
    signal: new AbortController().signal,
  };
}

async function call(p: string, query: Record<string, string> = {}) {
  const res = await backend.jaeger.handle(get(p, query));
  return { status: res.status, body: JSON.parse(String(res.body)) as Record<string, unknown> };
}

const keys = (o: unknown) => Object.keys(o as object).sort();

let backend: EmbeddedInstance;
beforeAll(async () => {
  backend = await createEmbedded({ otlpPort: 0, demo: false });
  backend.accept(parseOtlpJson(readJson('legacy/otlp2jaeger-in.json')).batches);
  // Jaeger's own api_v3 recording, fed back in: one span of service "" with kind SERVER and an error.
  backend.accept(parseOtlpJson(readJson('api-v3/GetTrace.json').result).batches);
});
afterAll(() => backend.close());

describe('embedded Jaeger API', () => {
  it('converts OTLP to the legacy UI model exactly as Jaeger does', async () => {
    const want = readJson('legacy/otlp2jaeger-out.json') as { data: unknown[] };
    const res = await call('/api/traces/83a9efd15c1c98a977e0711cc93ee28b');
    expect(res.status).toBe(200);
    expect((res.body.data as unknown[])[0]).toEqual(want.data[0]);
    expect(keys(res.body)).toEqual(keys(want));
  });

  it('answers api_v3 GetTrace with the same JSON as Jaeger', async () => {
    const res = await call('/api/v3/traces/00000000000000000000000000000001');
    expect(res.body).toEqual(readJson('api-v3/GetTrace.json'));
  });

  it('lists services and operations in api_v3 and legacy shapes', async () => {
    const v3 = await call('/api/v3/services');
    expect(keys(v3.body)).toEqual(keys(readJson('api-v3/GetServices.json')));
    expect(v3.body.services).toEqual(['telemetrygen', 'unknown_service']);
    const ops = await call('/api/v3/operations', { service: 'telemetrygen' });
    expect(ops.body).toEqual({ operations: [{ name: 'okey-dokey-0', spanKind: 'server' }] });
    expect(keys((ops.body.operations as object[])[0])).toEqual(
      keys((readJson('api-v3/GetOperations.json').operations as object[])[0]),
    );
    const legacy = await call('/api/services');
    expect(legacy.body).toEqual({
      data: ['telemetrygen', 'unknown_service'],
      total: 2,
      limit: 0,
      offset: 0,
      errors: null,
    });
    const legacyOps = await call('/api/services/telemetrygen/operations');
    expect(legacyOps.body.data).toEqual(['okey-dokey-0']);
  });

  it("searches (traces and summaries) and answers no match with Jaeger's 404", async () => {
    const window = {
      'query.start_time_min': '2024-01-31T00:00:00Z',
      'query.start_time_max': '2024-02-01T00:00:00Z',
    };
    const found = await call('/api/v3/traces', { 'query.service_name': 'telemetrygen', ...window });
    expect(found.status).toBe(200);
    expect(keys(found.body)).toEqual(keys(readJson('api-v3/FindTraces.json')));
    const summaries = await call('/api/v3/trace-summaries', {
      'query.service_name': 'telemetrygen',
      ...window,
    });
    const s = (summaries.body.summaries as Record<string, unknown>[])[0];
    const ref = (readJson('api-v3/FindTraceSummaries.json').summaries as Record<string, unknown>[])[0];
    expect(keys(s).filter((k) => k !== 'errorSpanCount')).toEqual(
      keys(ref).filter((k) => k !== 'errorSpanCount'),
    );
    expect(s.spanCount).toBe(2);
    const none = await call('/api/v3/traces', {
      'query.service_name': 'telemetrygen',
      'query.operation_name': 'nope',
      ...window,
    });
    expect(none).toEqual({ status: 404, body: { error: { httpCode: 404, message: 'No traces found' } } });
    const tooEarly = await call('/api/v3/traces', {
      'query.service_name': 'telemetrygen',
      'query.start_time_min': '2020-01-01T00:00:00Z',
      'query.start_time_max': '2020-01-02T00:00:00Z',
    });
    expect(tooEarly.status).toBe(404);
    const missing = await call('/api/v3/traces', { 'query.service_name': 'telemetrygen' });
    expect(missing.status).toBe(400);
    const legacy = await call('/api/traces', {
      service: 'telemetrygen',
      tags: '{"peer.service":"telemetrygen-client"}',
    });
    expect((legacy.body.data as unknown[]).length).toBe(1);
    const legacyNone = await call('/api/traces', {
      service: 'telemetrygen',
      tags: '{"peer.service":"other"}',
    });
    expect(legacyNone.body.data).toEqual([]);
  });

  it("answers unknown trace IDs with each API's not-found form", async () => {
    expect(await call('/api/v3/traces/0123456789abcdef0123456789abcdef')).toEqual({
      status: 404,
      body: { error: { httpCode: 404, message: 'trace not found' } },
    });
    const legacy = await call('/api/traces/0123456789abcdef');
    expect(legacy.status).toBe(404);
    expect(legacy.body.errors).toEqual([{ code: 404, msg: 'trace not found' }]);
  });
});

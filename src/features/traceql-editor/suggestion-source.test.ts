import { readFileSync } from 'node:fs';
import { QueryClient } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { getTraceClient, traceClientKey } from '../../queries/trace-clients';
import { createSuggestionSource } from './suggestion-source';

const tagsBody = readFileSync(
  new URL('../../../../shared/fixtures/tempo/tempo-recent-v2-search-tags.body', import.meta.url),
);
let asked: string[];

beforeEach(() => {
  asked = [];
  vi.stubGlobal('document', { baseURI: 'http://tracelight.test/app/' });
  vi.stubGlobal('fetch', async (input: RequestInfo | URL) => {
    asked.push(String(input));
    return new Response(tagsBody, { status: 200, headers: { 'content-type': 'application/json' } });
  });
});
afterEach(() => vi.unstubAllGlobals());

describe('TraceQL completion’s tags (recorded Tempo answer)', () => {
  it('asks the datasource through the gateway with the page’s one Tempo client, and caches the answer', async () => {
    const queryClient = new QueryClient();
    const source = createSuggestionSource(queryClient, 'tempo', { startSec: 100, endSec: 200 });
    const scopes = await source.tags();
    expect(scopes.length).toBeGreaterThan(0);
    expect(scopes.flatMap((s) => s.tags)).toContain('service.name');
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatch(/^http:\/\/tracelight\.test\/app\/api\/ds\/tempo\/api\/v2\/search\/tags\?/);
    expect(asked[0]).toContain('start=100');
    await source.tags();
    expect(asked).toHaveLength(1);
    expect(source.cachedTags()).toEqual(scopes);
    // The client it used is in the query cache, where search and services find it.
    const cached = queryClient.getQueryData(traceClientKey({ name: 'tempo', type: 'tempo' }));
    expect(cached).toBeDefined();
    expect(await getTraceClient(queryClient, { name: 'tempo', type: 'tempo' })).toBe(cached);
  });
});

describe('TraceQL completion’s values (recorded Tempo answer, one value added)', () => {
  it('leaves out values a redaction rule masks and keeps the others', async () => {
    const recorded = JSON.parse(
      readFileSync(
        new URL(
          '../../../../shared/fixtures/tempo/tempo-recent-v2-tag-values-dot-http-route-q.body',
          import.meta.url,
        ),
        'utf8',
      ),
    ) as { tagValues: { type: string; value: string }[] };
    recorded.tagValues.push({ type: 'string', value: '/api/reset?email=ann@example.com' });
    vi.stubGlobal('fetch', async () => Response.json(recorded));
    const source = createSuggestionSource(new QueryClient(), 'tempo', { startSec: 100, endSec: 200 });
    const values = await source.values('span.http.route', undefined);
    expect(values.map((v) => v.value)).toEqual([
      '/api/products/{id}',
      '/api/checkout',
      '/api/legacy/stock',
      '/api/me',
    ]);
  });
});

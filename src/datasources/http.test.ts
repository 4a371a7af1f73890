import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseQueryPosition, parseRetryAfter } from './errors';
import { backendMessageFrom, buildUrl, createHttpClient, datasourceBaseUrl, errorForResponse } from './http';

const text = (value: string) => new TextEncoder().encode(value);

describe('http helpers', () => {
  it('puts datasources under the document base, so a path prefix works', () => {
    expect(datasourceBaseUrl('tempo', 'https://ops.example.com/tracelight/')).toBe(
      'https://ops.example.com/tracelight/api/ds/tempo/',
    );
    expect(
      buildUrl('https://ops.example.com/tracelight/api/ds/tempo/', '/api/search', {
        q: '{ a = "b&c" }',
        limit: 5,
        x: undefined,
      }).href,
    ).toBe('https://ops.example.com/tracelight/api/ds/tempo/api/search?q=%7B+a+%3D+%22b%26c%22+%7D&limit=5');
  });

  it('takes the backend’s own words from each error body shape', () => {
    expect(backendMessageFrom(text('no org id\n'))).toBe('no org id');
    expect(backendMessageFrom(text('{"error":{"httpCode":404,"message":"No traces found"}}'))).toBe(
      'No traces found',
    );
    expect(backendMessageFrom(text('{"status":"error","errorType":"bad_data","error":"parse error"}'))).toBe(
      'parse error',
    );
    expect(backendMessageFrom(text('{"data":null,"errors":[{"code":500,"msg":"storage down"}]}'))).toBe(
      'storage down',
    );
    expect(
      backendMessageFrom(text('{"status":400,"error":"Bad Request","message":"serviceName required"}')),
    ).toBe('serviceName required');
  });

  it('classifies statuses and recognises gateway errors', () => {
    const headers = new Headers();
    expect(errorForResponse(404, headers, text(''), 'u', 'x').kind).toBe('not-found');
    expect(errorForResponse(403, headers, text(''), 'u', 'x').kind).toBe('unauthorized');
    expect(errorForResponse(413, headers, text(''), 'u', 'x').kind).toBe('too-large');
    expect(errorForResponse(422, headers, text('execution'), 'u', 'x').kind).toBe('bad-request');
    expect(errorForResponse(502, headers, text(''), 'u', 'x').kind).toBe('unavailable');
    const gateway = new Headers({ 'X-Tracelight-Gateway': 'error' });
    const timedOut = errorForResponse(
      504,
      gateway,
      text('{"error":{"status":504,"message":"upstream timed out","datasource":"tempo"}}'),
      'u',
      'tempo',
    );
    expect([timedOut.kind, timedOut.fromGateway, timedOut.backendMessage]).toEqual([
      'timeout',
      true,
      'upstream timed out',
    ]);
    // A gateway 404 (unknown datasource) is not "trace not found".
    expect(
      errorForResponse(404, gateway, text('{"error":{"message":"unknown datasource"}}'), 'u', 'x').kind,
    ).toBe('unavailable');
  });

  it('parses Retry-After as seconds or an HTTP date, and TraceQL positions', () => {
    expect(parseRetryAfter('120')).toBe(120);
    expect(
      parseRetryAfter('Sat, 21 Nov 2026 23:17:32 GMT', Date.parse('Sat, 21 Nov 2026 23:17:02 GMT')),
    ).toBe(30);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseQueryPosition('invalid TraceQL query: parse error at line 3, col 7: syntax error')).toEqual({
      line: 3,
      column: 7,
    });
    expect(parseQueryPosition('no org id')).toBeUndefined();
  });
});

describe('byte progress of a body as it arrives', () => {
  // A real Tempo answer (2,000 spans, 1.2 MB of JSON), handed out in 64 KiB chunks as a network would.
  const body = new Uint8Array(
    readFileSync(new URL('../../../shared/fixtures/tempo/tempo-trace-v2-big2k-json.body', import.meta.url)),
  );
  const chunked = (headers: Record<string, string>, status = 200) =>
    (async () => {
      let at = 0;
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (at >= body.byteLength) return controller.close();
          controller.enqueue(body.slice(at, at + 64 * 1024));
          at += 64 * 1024;
        },
      });
      return new Response(stream, { status, headers });
    }) as typeof fetch;

  it('tells the bytes so far, growing to the whole body, against its Content-Length', async () => {
    const seen: Array<[number, number | undefined]> = [];
    const http = createHttpClient({
      baseUrl: 'http://tempo/',
      fetch: chunked({ 'content-type': 'application/json', 'content-length': String(body.byteLength) }),
    });
    const response = await http.get('api/v2/traces/x', {
      onBytes: (done, total) => seen.push([done, total]),
    });
    expect(Buffer.compare(response.bytes, body)).toBe(0);
    expect(seen[0]).toEqual([0, body.byteLength]);
    expect(seen.at(-1)).toEqual([body.byteLength, body.byteLength]);
    // 1.2 MB at one report per 256 KiB: the bar moves four times between empty and full.
    expect(seen.length).toBeGreaterThanOrEqual(5);
    for (let i = 1; i < seen.length; i++) expect(seen[i][0]).toBeGreaterThan(seen[i - 1][0]);
  });

  it('gives no total for a compressed body, and reports nothing for an error answer', async () => {
    const seen: Array<[number, number | undefined]> = [];
    const gzip = createHttpClient({
      baseUrl: 'http://tempo/',
      fetch: chunked({ 'content-encoding': 'gzip', 'content-length': '1000' }),
    });
    await gzip.get('t', { onBytes: (done, total) => seen.push([done, total]) });
    expect(seen.every(([, total]) => total === undefined)).toBe(true);
    expect(seen.at(-1)?.[0]).toBe(body.byteLength);

    const failing: Array<number> = [];
    const broken = createHttpClient({ baseUrl: 'http://tempo/', fetch: chunked({}, 500) });
    await expect(broken.get('t', { onBytes: (done) => failing.push(done) })).rejects.toThrow();
    expect(failing).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { parseQueryPosition, parseRetryAfter } from './errors';
import { backendMessageFrom, buildUrl, datasourceBaseUrl, errorForResponse } from './http';

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

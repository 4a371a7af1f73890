import { describe, expect, it } from 'vitest';
import { parseTraceQL } from '../../traceql';
import { type BuilderState, buildTraceQL, EMPTY_BUILDER, traceqlString, traceqlTag } from './traceql-builder';

const state = (patch: Partial<BuilderState>): BuilderState => ({ ...EMPTY_BUILDER, ...patch });

describe('search builder → TraceQL', () => {
  it('an empty builder asks for every trace', () => {
    expect(buildTraceQL(EMPTY_BUILDER)).toBe('{}');
  });

  it('puts every field on the same span, in a fixed order', () => {
    expect(
      buildTraceQL(
        state({
          service: 'checkout',
          spanName: 'POST /api/checkout',
          status: 'error',
          minDuration: '100ms',
          maxDuration: '2s',
          attributes: [
            { tag: 'span.http.response.status_code', operator: '>=', value: '500', valueType: 'int' },
            { tag: 'resource.k8s.namespace.name', operator: '=', value: 'shop', valueType: 'string' },
            { tag: 'span.cache.hit', operator: '=', value: 'true', valueType: 'bool' },
            { tag: 'kind', operator: '=', value: 'server', valueType: 'keyword' },
          ],
        }),
      ),
    ).toBe(
      '{ resource.service.name = "checkout" && name = "POST /api/checkout" && status = error && duration >= 100ms && duration <= 2s && span.http.response.status_code >= 500 && resource.k8s.namespace.name = "shop" && span.cache.hit = true && kind = server }',
    );
  });

  it('quotes strings that look like numbers when the backend says they are strings', () => {
    expect(
      buildTraceQL(
        state({ attributes: [{ tag: '.code', operator: '=', value: '500', valueType: 'string' }] }),
      ),
    ).toBe('{ .code = "500" }');
    expect(buildTraceQL(state({ attributes: [{ tag: '.code', operator: '=', value: '500' }] }))).toBe(
      '{ .code = 500 }',
    );
    expect(buildTraceQL(state({ attributes: [{ tag: '.route', operator: '=~', value: '/api/.*' }] }))).toBe(
      '{ .route =~ "/api/.*" }',
    );
  });

  it('escapes what users and backends type: quotes, backslashes, newlines', () => {
    expect(traceqlString('say "hi" \\ bye\n')).toBe('"say \\"hi\\" \\\\ bye\\n"');
    expect(buildTraceQL(state({ service: 'a" || true || "' }))).toBe(
      '{ resource.service.name = "a\\" || true || \\"" }',
    );
    expect(traceqlTag('span.has space')).toBe('span."has space"');
    expect(traceqlTag('span.http.route')).toBe('span.http.route');
  });

  it('skips half-filled rows and malformed durations', () => {
    expect(
      buildTraceQL(
        state({
          minDuration: '100',
          attributes: [
            { tag: '', operator: '=', value: 'x' },
            { tag: 'span.a', operator: '=', value: '' },
          ],
        }),
      ),
    ).toBe('{}');
  });

  it('writes queries our TraceQL parser accepts', () => {
    const query = buildTraceQL(
      state({
        service: 'we "quote"',
        status: 'ok',
        minDuration: '1.5s',
        attributes: [{ tag: 'span.has space', operator: '!=', value: 'x' }],
      }),
    );
    const parsed = parseTraceQL(query);
    expect(parsed.ok, JSON.stringify(parsed)).toBe(true);
  });
});

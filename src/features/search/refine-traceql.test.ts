import { describe, expect, it } from 'vitest';
import { parseTraceQL } from '../../traceql';
import { refineTraceQL, serviceOfTraceQL } from './refine-traceql';

const errorsIn = (service: string) =>
  [
    { subject: 'service', text: `resource.service.name = "${service}"` },
    { subject: 'status', text: 'status = error' },
  ] as const;

describe('presets refine the current TraceQL search', () => {
  it('start afresh from an empty search, {} or a query that does not parse', () => {
    expect(refineTraceQL('', errorsIn('auth'))).toBe('{ resource.service.name = "auth" && status = error }');
    expect(refineTraceQL(' {} ', errorsIn('auth'))).toBe(
      '{ resource.service.name = "auth" && status = error }',
    );
    expect(refineTraceQL('{ status = ', errorsIn('auth'))).toBe(
      '{ resource.service.name = "auth" && status = error }',
    );
  });

  it('errors in the searched service stay on that service, never another', () => {
    expect(refineTraceQL('{ resource.service.name = "nc-frontend" }', errorsIn('nc-frontend'))).toBe(
      '{ resource.service.name = "nc-frontend" && status = error }',
    );
    // Another service chosen: it replaces the searched one; other conditions stay.
    expect(
      refineTraceQL('{ .service.name = "nc-frontend" && span.http.route = "/cart" }', errorsIn('auth')),
    ).toBe('{ span.http.route = "/cart" && resource.service.name = "auth" && status = error }');
  });

  it('replaces a lower duration bound, keeps an upper one, and keeps hints', () => {
    const slow = [{ subject: 'minTraceDuration', text: 'traceDuration > 1.2s' }] as const;
    expect(refineTraceQL('{ status = error && traceDuration > 300ms }', slow)).toBe(
      '{ status = error && traceDuration > 1.2s }',
    );
    expect(refineTraceQL('{ trace:duration < 5s } with(most_recent=true)', slow)).toBe(
      '{ trace:duration < 5s && traceDuration > 1.2s } with(most_recent=true)',
    );
  });

  it('keeps a disjunction whole, in parentheses', () => {
    const q = refineTraceQL('{ name = "a" || name = "b" && kind = server }', errorsIn('auth'));
    expect(q).toBe(
      '{ (name = "a" || name = "b" && kind = server) && resource.service.name = "auth" && status = error }',
    );
    expect(parseTraceQL(q).ok).toBe(true);
  });

  it('joins any other search with && and its own filter', () => {
    const pipeline = refineTraceQL('{ resource.service.name = "inventory" } | count() > 3', errorsIn('auth'));
    expect(pipeline).toBe(
      '({ resource.service.name = "inventory" } | count() > 3) && { resource.service.name = "auth" && status = error }',
    );
    const both = refineTraceQL('{ name = "a" } && { name = "b" } with(most_recent=true)', errorsIn('x'));
    expect(both).toBe(
      '{ name = "a" } && { name = "b" } && { resource.service.name = "x" && status = error } with(most_recent=true)',
    );
    const structural = refineTraceQL('{ .service.name="checkout" } >> { status = error }', errorsIn('x'));
    expect(structural.startsWith('({ .service.name="checkout" } >> { status = error }) && {')).toBe(true);
    for (const q of [pipeline, both, structural]) expect(parseTraceQL(q).ok, q).toBe(true);
  });

  it('does not refine a metrics query', () => {
    expect(refineTraceQL('{ } | rate()', errorsIn('auth'))).toBe(
      '{ resource.service.name = "auth" && status = error }',
    );
  });

  it('reads the searched service from the span filter', () => {
    expect(serviceOfTraceQL('{ resource.service.name = "nc-frontend" && status = error }')).toBe(
      'nc-frontend',
    );
    expect(serviceOfTraceQL('{ .service.name = "a\\"b" }')).toBe('a"b');
    expect(serviceOfTraceQL('{ resource.service.name =~ "nc-.*" }')).toBeUndefined();
    expect(serviceOfTraceQL('{ name = "x" } && { resource.service.name = "y" }')).toBeUndefined();
    expect(serviceOfTraceQL('')).toBeUndefined();
  });
});

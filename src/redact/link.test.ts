import { describe, expect, it } from 'vitest';
import { findTextMasked, paramMasked, tagValueMasked, traceqlMasked } from './link.ts';
import { createRedactor, Redactor } from './rules.ts';

const rules = createRedactor();

describe('free text a link would carry', () => {
  it('find text holding a masked value, or a key=value a key rule masks', () => {
    expect(findTextMasked(rules, 'ann@example.com')).toBe(true);
    expect(findTextMasked(rules, 'db.password=hunter2')).toBe(true);
    expect(findTextMasked(rules, 'Bearer abc.def')).toBe(true);
    expect(findTextMasked(rules, 'http.status_code=500')).toBe(false);
    expect(findTextMasked(rules, 'checkout')).toBe(false);
    expect(findTextMasked(rules, '')).toBe(false);
  });

  it('TraceQL with a masked value anywhere or compared with a masked key', () => {
    expect(traceqlMasked(rules, '{ span.user.email = "ann@example.com" }')).toBe(true);
    expect(traceqlMasked(rules, '{ span.db.password = "hunter2" }')).toBe(true);
    expect(traceqlMasked(rules, '{ .http.request.header.authorization =~ "Basic.*" }')).toBe(true);
    expect(traceqlMasked(rules, '{ span.db.statement = "SELECT * FROM t WHERE id = 42" }')).toBe(true);
    expect(traceqlMasked(rules, '{ span.http.route = "/api/checkout" && status = error }')).toBe(false);
    expect(traceqlMasked(rules, '{ duration > 200ms }')).toBe(false);
  });

  it('an unknown parameter is judged by its name too; no rules mask nothing', () => {
    expect(paramMasked(rules, 'api_key', 'x')).toBe(false);
    expect(paramMasked(rules, 'x.api_key', 'k1')).toBe(true);
    expect(paramMasked(rules, 'utm', 'ann@example.com')).toBe(true);
    expect(paramMasked(rules, 'utm', 'newsletter')).toBe(false);
    const none = new Redactor([]);
    expect(findTextMasked(none, 'ann@example.com')).toBe(false);
    expect(traceqlMasked(none, '{ span.db.password = "x" }')).toBe(false);
  });

  it('a completion value is judged by its tag without the scope', () => {
    expect(tagValueMasked(rules, 'span.db.password', 'x')).toBe(true);
    expect(tagValueMasked(rules, '.url.full', 'https://a.example/?q=1')).toBe(true);
    expect(tagValueMasked(rules, 'resource.owner', 'ops@example.com')).toBe(true);
    expect(tagValueMasked(rules, 'span.http.route', '/api/checkout')).toBe(false);
    expect(tagValueMasked(rules, 'name', 'GET /')).toBe(false);
  });
});

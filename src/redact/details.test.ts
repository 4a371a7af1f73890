import { describe, expect, it } from 'vitest';
import type { Attribute, SpanDetails, SpanDetailsStore } from '../model/types.ts';
import { redactedDetailsStore } from './details.ts';
import { createRedactor, MASK, Redactor } from './rules.ts';

const s = (key: string, value: string): Attribute => ({ key, value: { type: 'string', value } });

function store(details: SpanDetails): SpanDetailsStore {
  const pick = (scope: 'span' | 'resource') =>
    scope === 'span' ? details.attributes : details.resource.attributes;
  return {
    count: 1,
    get: () => details,
    attribute: (_, scope, key) => pick(scope).find((a) => a.key === key)?.value,
    attributeKeys: (_, scope) => pick(scope).map((a) => a.key),
    scope: () => details.scope,
    events: () => details.events,
    links: () => details.links,
  };
}

const details = {
  row: 0,
  statusMessage: 'mail to ann@example.com failed',
  attributes: [s('db.password', 'pw'), s('http.request.method', 'GET')],
  resource: { attributes: [s('owner', 'ops@example.com')] },
  scope: { name: 'lib', version: '1', attributes: [s('lib.token', 'Bearer xyz'), s('lib.mode', 'fast')] },
  events: [{ time: 0, name: 'e', attributes: [s('card', '4111111111111111')] }],
  links: [{ traceId: 'a', spanId: 'b', attributes: [s('auth', 'Bearer abc')] }],
} as unknown as SpanDetails;

describe('a decoded trace read through the rules', () => {
  it('span details, one attribute and keys all see redacted values', () => {
    const r = redactedDetailsStore(store(details), createRedactor());
    const d = r.get(0);
    expect(JSON.stringify(d)).not.toMatch(/example\.com|4111|abc|xyz|"pw"/);
    expect(d.statusMessage).toBe(`mail to ${MASK} failed`);
    expect(r.attribute(0, 'span', 'db.password')).toEqual({ type: 'string', value: MASK });
    expect(r.attribute(0, 'span', 'http.request.method')).toEqual({ type: 'string', value: 'GET' });
    expect(r.attribute(0, 'resource', 'owner')).toEqual({ type: 'string', value: MASK });
    // Events and links as TraceQL's `event.` and `link.` fields read them.
    expect(JSON.stringify([r.events(0), r.links(0)])).not.toMatch(/4111|abc/);
    expect(r.events(0)).toEqual(d.events);
    expect(r.links(0)).toEqual(d.links);
    // The scope as TraceQL's `instrumentation.` fields read it, without the rest of the details.
    expect(r.scope(0)).toEqual({
      name: 'lib',
      version: '1',
      attributes: [s('lib.token', `Bearer ${MASK}`), s('lib.mode', 'fast')],
    });
  });

  it('a dropped attribute is not there for find or TraceQL either', () => {
    const r = redactedDetailsStore(
      store(details),
      new Redactor([{ name: 'd', keys: ['db.*'], action: 'drop' }]),
    );
    expect(r.attribute(0, 'span', 'db.password')).toBeUndefined();
    expect(r.attributeKeys(0, 'span')).toEqual(['http.request.method']);
    expect(r.get(0).attributes.map((a) => a.key)).toEqual(['http.request.method']);
  });
});

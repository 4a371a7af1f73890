import { RE2JS } from 're2js';
import { describe, expect, it } from 'vitest';
import { emptyCounts, redactAttributes, redactResourceSpans } from './otlp.ts';
import {
  createRedactor,
  DEFAULT_REDACTION_SETTINGS,
  DEFAULT_RULES,
  globMatcher,
  luhnValid,
  MASK,
  RedactionRuleError,
  Redactor,
} from './rules.ts';

const defaults = createRedactor();
/** The value after the default rules (unchanged when no rule applies); undefined when dropped. */
function redacted(key: string, value: string, redactor: Redactor = defaults): string | undefined {
  const v = redactor.judge(key, value);
  if (v === undefined) return value;
  return v.drop ? undefined : v.value;
}

describe('default rules', () => {
  it('every default pattern compiles as RE2 (built-in ones are compiled on first use, so a broken one would fail mid-load)', () => {
    for (const rule of DEFAULT_RULES)
      if (rule.pattern !== undefined)
        expect(() => RE2JS.compile(rule.pattern as string), rule.name).not.toThrow();
  });

  it('a built-in rule, compiled lazily, masks once its trigger fires after values that did not', () => {
    const redactor = createRedactor();
    expect(redacted('note', 'no address here', redactor)).toBe('no address here');
    expect(redacted('note', 'write to ops@example.com', redactor)).not.toContain('ops@example.com');
  });

  it('every default rule has a unique name', () => {
    expect(new Set(DEFAULT_RULES.map((r) => r.name)).size).toBe(DEFAULT_RULES.length);
  });

  it('secret keys are masked whatever their value', () => {
    expect(redacted('http.request.header.authorization', 'Basic dXNlcjpwYXNz')).toBe(MASK);
    expect(redacted('db.password', 'hunter2')).toBe(MASK);
    expect(redacted('app.smtp.password', 'x')).toBe(MASK);
    expect(redacted('oauth.client_secret', 'abc')).toBe(MASK);
    expect(defaults.judge('db.password', undefined)).toEqual({ drop: false, value: MASK });
    // Keys that only look alike stay.
    expect(redacted('password.policy', 'min 12 chars')).toBe('min 12 chars');
    expect(redacted('http.request.header.accept', 'text/html')).toBe('text/html');
    expect(redacted('gen_ai.usage.input_tokens', '1200')).toBe('1200');
  });

  it('SQL literals become ?', () => {
    expect(redacted('db.statement', "SELECT * FROM users WHERE email = 'ann@example.com' AND id = 42")).toBe(
      'SELECT * FROM users WHERE email = ? AND id = ?',
    );
    expect(redacted('db.query.text', "UPDATE t1 SET name = 'O''Brien' WHERE v > 3.5")).toBe(
      'UPDATE t1 SET name = ? WHERE v > ?',
    );
    expect(redacted('db.statement', 'SELECT id FROM t2 WHERE id = $1')).toBe(
      'SELECT id FROM t2 WHERE id = $1',
    );
  });

  it("a URL's query values are masked, the path and names kept", () => {
    expect(redacted('url.full', 'https://shop.example.com/api/orders?user=ann&page=2#top')).toBe(
      `https://shop.example.com/api/orders?user=${MASK}&page=${MASK}#top`,
    );
    expect(redacted('http.target', '/search?q=secret+stuff')).toBe(`/search?q=${MASK}`);
    expect(redacted('url.query', 'token=abc&lang=en')).toBe(`token=${MASK}&lang=${MASK}`);
    expect(redacted('url.full', 'https://shop.example.com/api/orders/17')).toBe(
      'https://shop.example.com/api/orders/17',
    );
    // Other keys' query strings are not a URL rule's business.
    expect(redacted('http.route', '/api/orders?x=1')).toBe('/api/orders?x=1');
  });

  it('bearer tokens anywhere', () => {
    expect(redacted('http.request.header.x-forwarded-auth', 'Bearer abc.DEF-123_x~+/==')).toBe(
      `Bearer ${MASK}`,
    );
    expect(redacted('message', 'retrying with bearer 9f8e7d6c5b4a')).toBe(`retrying with bearer ${MASK}`);
    expect(redacted('message', 'the bearer of bad news')).toBe(`the bearer ${MASK} bad news`);
    expect(redacted('message', 'no token here')).toBe('no token here');
  });

  it('JWTs anywhere', () => {
    const jwt =
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
    expect(redacted('app.session', jwt)).toBe(MASK);
    expect(redacted('log', `token=${jwt} accepted`)).toBe(`token=${MASK} accepted`);
    expect(redacted('app.note', 'eyJ is how base64 JSON starts')).toBe('eyJ is how base64 JSON starts');
  });

  it('e-mail addresses anywhere', () => {
    expect(redacted('enduser.id', 'ann.lee+shop@mail.example.co.uk')).toBe(MASK);
    expect(redacted('message', 'sent receipt to bob@example.com, cc carol@example.org')).toBe(
      `sent receipt to ${MASK}, cc ${MASK}`,
    );
    expect(redacted('message', 'user @ann mentioned')).toBe('user @ann mentioned');
    expect(redacted('peer', 'svc@v2')).toBe('svc@v2');
  });

  it('card numbers that pass the Luhn check, with spaces or dashes', () => {
    expect(redacted('payment.card', '4111111111111111')).toBe(MASK);
    expect(redacted('payment.card', '4111 1111 1111 1111')).toBe(MASK);
    expect(redacted('message', 'charged 5500-0000-0000-0004 for 12.00')).toBe(`charged ${MASK} for 12.00`);
    expect(redacted('payment.card', '378282246310005')).toBe(MASK); // Amex, 15 digits
    // Luhn fails: kept.
    expect(redacted('payment.card', '4111111111111112')).toBe('4111111111111112');
    // Epoch nanoseconds and milliseconds start with 1.
    expect(redacted('app.started', '1700000000000000000')).toBe('1700000000000000000');
    expect(redacted('app.started', '1700000000000')).toBe('1700000000000');
    // Too short, or part of a longer run.
    expect(redacted('order.id', '411111111111')).toBe('411111111111');
    expect(redacted('order.id', 'A4111111111111111')).toBe('A4111111111111111');
  });

  it('leaves ordinary values alone', () => {
    for (const [k, v] of [
      ['http.request.method', 'GET'],
      ['service.name', 'checkout'],
      ['http.route', '/api/orders/:id'],
      ['net.peer.name', 'payment.svc'],
      ['exception.message', 'connection refused'],
      ['trace.id', '4bf92f3577b34da6a3ce929d0e0e4736'],
    ])
      expect(defaults.judge(k, v)).toBeUndefined();
  });
});

describe('settings', () => {
  it('disable leaves a default out; defaults: false leaves them all; enabled: false everything', () => {
    const noEmail = createRedactor({ ...DEFAULT_REDACTION_SETTINGS, disable: ['email'] });
    expect(redacted('m', 'a@example.com', noEmail)).toBe('a@example.com');
    expect(redacted('db.password', 'x', noEmail)).toBe(MASK);
    const custom = createRedactor({
      ...DEFAULT_REDACTION_SETTINGS,
      defaults: false,
      rules: [{ name: 'tenant', keys: ['app.tenant.*'], action: 'drop' }],
    });
    expect(redacted('app.tenant.name', 'acme', custom)).toBeUndefined();
    expect(redacted('m', 'a@example.com', custom)).toBe('a@example.com');
    expect(createRedactor({ ...DEFAULT_REDACTION_SETTINGS, enabled: false, rules: custom.rules }).empty).toBe(
      true,
    );
  });

  it('user rules: a pattern limited to keys, drop on match, replace with groups', () => {
    const r = new Redactor([
      { name: 'ssn', keys: ['customer.*'], pattern: '[0-9]{3}-[0-9]{2}-[0-9]{4}', action: 'drop' },
      {
        name: 'ip',
        pattern: '([0-9]+)\\.[0-9]+\\.[0-9]+\\.[0-9]+',
        action: 'replace',
        replacement: '$1.x.x.x',
      },
    ]);
    expect(redacted('customer.tax', '123-45-6789', r)).toBeUndefined();
    expect(redacted('other', '123-45-6789', r)).toBe('123-45-6789');
    expect(redacted('client', 'from 10.1.2.3', r)).toBe('from 10.x.x.x');
  });

  it('refuses rules it cannot run', () => {
    expect(() => new Redactor([{ name: 'bad', pattern: '(?<=x)y', action: 'mask' }])).toThrow(
      RedactionRuleError,
    );
    expect(() => new Redactor([{ name: 'r', keys: ['a'], action: 'replace' }])).toThrow(/needs a pattern/);
  });

  it('globs', () => {
    expect(globMatcher('*.password')('db.password')).toBe(true);
    expect(globMatcher('*.password')('password')).toBe(false);
    expect(globMatcher('a.*.c')('a.b.c')).toBe(true);
    expect(globMatcher('a*b*c')('abc')).toBe(true);
    expect(globMatcher('a*b*c')('ac')).toBe(false);
    expect(globMatcher('a*b*c')('abbc')).toBe(true);
  });

  it('luhn', () => {
    expect(luhnValid('4111-1111-1111-1111')).toBe(true);
    expect(luhnValid('79927398713')).toBe(true);
    expect(luhnValid('79927398710')).toBe(false);
  });
});

describe('OTLP shapes', () => {
  it('covers resources, scopes, spans, events, links, nested values and status messages', () => {
    const kv = (key: string, stringValue: string) => ({ key, value: { stringValue } });
    const batches = [
      {
        resource: { attributes: [kv('service.name', 'shop'), kv('host.owner', 'ops@example.com')] },
        scopeSpans: [
          {
            scope: { attributes: [] },
            spans: [
              {
                attributes: [
                  kv('db.password', 'x'),
                  {
                    key: 'app.list',
                    value: {
                      arrayValue: { values: [{ stringValue: 'a@example.com' }, { stringValue: 'ok' }] },
                    },
                  },
                  { key: 'app.map', value: { kvlistValue: { values: [kv('api.secret', 's')] } } },
                ],
                events: [{ attributes: [kv('exception.message', 'bad token Bearer abcdef')] }],
                links: [{ attributes: [kv('peer.email', 'z@example.com')] }],
                status: { message: 'card 4111111111111111 declined' },
              },
            ],
          },
        ],
      },
    ];
    const counts = redactResourceSpans(defaults, batches);
    expect(counts).toEqual({ values: 7, dropped: 0 });
    expect(JSON.stringify(batches)).not.toMatch(/example\.com|4111|abcdef|"x"|"s"/);
    expect(batches[0].scopeSpans[0].spans[0].status.message).toBe(`card ${MASK} declined`);
  });

  it('drops dropped attributes from the list', () => {
    const r = new Redactor([{ name: 'd', keys: ['x'], action: 'drop' }]);
    const counts = emptyCounts();
    const attrs = redactAttributes(
      r,
      [
        { key: 'x', value: { intValue: '1' } },
        { key: 'y', value: {} },
      ],
      counts,
    );
    expect(attrs.map((a) => a.key)).toEqual(['y']);
    expect(counts.dropped).toBe(1);
  });
});

describe('OTLP JSON as sent', () => {
  it('leaves out empty parts: absent events, links, status and scope are fine', () => {
    const body = JSON.parse(
      '{"resourceSpans":[{"scopeSpans":[{"spans":[{"name":"GET","attributes":[{"key":"url.full","value":{"stringValue":"https://x.example/?email=a@example.com"}}]}]}]}]}',
    );
    expect(redactResourceSpans(defaults, body.resourceSpans)).toEqual({ values: 1, dropped: 0 });
    expect(body.resourceSpans[0].scopeSpans[0].spans[0].attributes[0].value.stringValue).toBe(
      `https://x.example/?email=${MASK}`,
    );
  });
});

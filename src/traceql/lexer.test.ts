import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { LexError, type Token, type TolerantToken, tokenize, tokenizeTolerant } from './lexer.ts';

const fixtures = new URL('../../../shared/fixtures/tempo/', import.meta.url);
const conformance = (
  JSON.parse(gunzipSync(readFileSync(new URL('dataset/conformance.json.gz', fixtures))).toString()) as {
    query: string;
  }[]
).map((entry) => entry.query);

/** Valid, half-typed and invalid queries: every one must lex the same way in both modes. */
const QUERIES = [
  ...conformance,
  '{ resource.service.name = "api-gateway" } >> { span.http.route =~ `/api/.*` } | count() > 1',
  '{ span:duration > 10ms } | by(resource.service.name) | select(span.x, name)',
  '({ .a = 1 } && { .b = 2 }) !>> { .c = 3 } &~ {} with(most_recent=true)',
  '{ parent.span.foo = "x" && parent.resource.bar = 1 && parent.baz = 2 }',
  '{ span."attr with space" = "\\u00e9\\n" } // trailing comment',
  '/* block */ { duration > 1h30m && .a = .5 && .b = 1e3 }',
  '{} | quantile_over_time(duration, .5, .99) by (resource.service.name) | topk(5)',
  '{ .a = "x }',
  '{ .a = "bad \\q escape" }',
  '{ duration > 10lightyears }',
  '{ span:foo = 1 }',
  '{ span. }',
  '{ . }',
  '{ .a = 1 } @ #',
  '{ .a = `open',
  '/* open comment',
  '{ span."open attribute',
  '{ span:',
  '{ status = err',
];

const strictOrError = (text: string): Token[] | LexError => {
  try {
    return tokenize(text);
  } catch (e) {
    if (e instanceof LexError) return e;
    throw e;
  }
};

describe('tokenizeTolerant', () => {
  it.each(QUERIES)('agrees with strict mode on %s', (text) => {
    const strict = strictOrError(text);
    const { tokens, problems } = tokenizeTolerant(text);
    if (strict instanceof LexError) {
      // Its first problem is the strict mode's error, to the offset.
      expect(problems[0]).toEqual({ message: strict.message, from: strict.from, to: strict.to });
      return;
    }
    expect(problems).toEqual([]);
    const withoutComments = tokens.filter((token) => token.t !== 'comment');
    expect(withoutComments).toEqual(strict.slice(0, -1));
  });

  it('keeps what is being typed, with offsets', () => {
    const kinds = (text: string) => tokenizeTolerant(text).tokens.map(show);
    expect(kinds('{ span.')).toEqual(['op {', 'attribute span:']);
    expect(kinds('{ parent.')).toEqual(['op {', 'attribute none(parent):']);
    expect(kinds('{ .a = "pay')).toEqual(['op {', 'attribute none:a', 'op =', 'open-string " pay']);
    expect(kinds('{ .a = 1x')).toEqual(['op {', 'attribute none:a', 'op =', 'invalid number 1x']);
    expect(kinds('{ span:na')).toEqual(['op {', 'invalid intrinsic span:na']);
    expect(kinds('{ @ }')).toEqual(['op {', 'invalid char @', 'op }']);
    expect(kinds('{ } // note\n| /* open')).toEqual([
      'op {',
      'op }',
      'comment closed',
      'op |',
      'comment open',
    ]);
    const typed = tokenizeTolerant('{ .a = "pay').tokens.at(-1);
    expect(typed).toEqual({ t: 'open-string', quote: '"', value: 'pay', from: 7, to: 11 });
  });

  it('ends an open double-quoted string at the line end, as Go does, and reads on', () => {
    const { tokens, problems } = tokenizeTolerant('{ .a = "x\n&& .b = 1 }');
    expect(tokens.map((token) => token.t)).toEqual([
      'op',
      'attribute',
      'op',
      'open-string',
      'op',
      'attribute',
      'op',
      'int',
      'op',
    ]);
    expect(problems).toEqual([{ message: 'unterminated string: expected a closing "', from: 7, to: 9 }]);
  });

  it('never throws, whatever the text', () => {
    // A fixed pseudo-random walk over TraceQL's characters, so a failure reproduces.
    const alphabet = '{}()[]=!~<>&|^+-*/%,.:"`\\ \n\tabspnrceu0123456789µ@#$\'';
    let seed = 1;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let round = 0; round < 2000; round++) {
      let text = '';
      const length = Math.floor(random() * 30);
      for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)];
      const { tokens, problems } = tokenizeTolerant(text);
      for (const token of tokens) {
        expect(token.from).toBeLessThanOrEqual(token.to);
        expect(token.to).toBeLessThanOrEqual(text.length);
      }
      expect(problems.length === 0, text).toBe(!(strictOrError(text) instanceof LexError));
    }
  });
});

function show(token: TolerantToken): string {
  switch (token.t) {
    case 'op':
      return `op ${token.value}`;
    case 'attribute':
      return `attribute ${token.scope}${token.parent ? '(parent)' : ''}:${token.name}`;
    case 'open-string':
      return `open-string ${token.quote} ${token.value}`;
    case 'invalid':
      return `invalid ${token.kind} ${token.text}`;
    case 'comment':
      return `comment ${token.closed ? 'closed' : 'open'}`;
    default:
      return token.t;
  }
}

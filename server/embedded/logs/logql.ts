// A parser for the LogQL subset the embedded Loki API answers (docs/decisions/0090-embedded-logs.md):
//   {name="v", name!="v", name=~"re", name!~"re"}
//   |= "text"  != "text"  |~ "re"  !~ "re"
//   | json   | logfmt
//   | name="v" (also != =~ !~)   | name > 1.5 (also >= < <= == !=)   joined by `and` or `,`
//   | drop name, other
// Anything else is refused with a message that names it. Syntax errors read like Loki's.

import { RE2JS } from 're2js';

export class LogQLError extends Error {}

export type MatchOp = '=' | '!=' | '=~' | '!~';
export type NumericOp = '>' | '>=' | '<' | '<=' | '==' | '!=';

export interface Matcher {
  name: string;
  op: MatchOp;
  value: string;
  matches(value: string): boolean;
}

export interface NumericFilter {
  name: string;
  op: NumericOp;
  value: number;
}

export type LabelFilter = { kind: 'string'; matcher: Matcher } | ({ kind: 'numeric' } & NumericFilter);

export type Stage =
  | { kind: 'line'; op: '|=' | '!=' | '|~' | '!~'; value: string; matches(line: string): boolean }
  | { kind: 'json' }
  | { kind: 'logfmt' }
  /** All filters must hold (`and` / `,`). */
  | { kind: 'labels'; filters: LabelFilter[] }
  | { kind: 'drop'; names: string[] };

export interface LogQuery {
  selector: Matcher[];
  stages: Stage[];
}

type TokenKind = 'ident' | 'string' | 'number' | 'duration' | 'op' | 'end';

interface Token {
  kind: TokenKind;
  text: string;
  /** 0-based offset in the query. */
  pos: number;
}

const OPERATORS = [
  '|=',
  '|~',
  '|>',
  '!=',
  '!~',
  '!>',
  '=~',
  '==',
  '>=',
  '<=',
  '=',
  '>',
  '<',
  '|',
  '{',
  '}',
  '(',
  ')',
  '[',
  ']',
  ',',
];

const METRIC_FUNCTIONS = new Set([
  'sum',
  'avg',
  'min',
  'max',
  'count',
  'stddev',
  'stdvar',
  'topk',
  'bottomk',
  'sort',
  'sort_desc',
  'rate',
  'rate_counter',
  'count_over_time',
  'bytes_over_time',
  'bytes_rate',
  'avg_over_time',
  'sum_over_time',
  'min_over_time',
  'max_over_time',
  'stdvar_over_time',
  'stddev_over_time',
  'quantile_over_time',
  'first_over_time',
  'last_over_time',
  'absent_over_time',
  'label_replace',
  'vector',
  'approx_topk',
]);

const UNSUPPORTED_STAGES = new Set([
  'line_format',
  'label_format',
  'pattern',
  'regexp',
  'unpack',
  'unwrap',
  'decolorize',
  'keep',
  'distinct',
]);

export const SUPPORTED_SUMMARY =
  'stream selectors, line filters (|= != |~ !~), | json, | logfmt, label filters and drop';

function unsupported(what: string): LogQLError {
  return new LogQLError(
    `unsupported query: ${what} is not supported by Tracelight's embedded Loki API (it answers ${SUPPORTED_SUMMARY})`,
  );
}

function syntaxError(query: string, tok: Token, expecting?: string): LogQLError {
  const col = tok.pos + 1;
  const what =
    tok.kind === 'end'
      ? '$end'
      : tok.kind === 'ident'
        ? 'IDENTIFIER'
        : tok.kind === 'string'
          ? 'STRING'
          : tok.kind === 'number'
            ? 'NUMBER'
            : tok.text;
  const lineNo = query.slice(0, tok.pos).split('\n').length;
  return new LogQLError(
    `parse error at line ${lineNo}, col ${col}: syntax error: unexpected ${what}${expecting ? `, expecting ${expecting}` : ''}`,
  );
}

const GO_ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  '"': '"',
  "'": "'",
};

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const fail = (pos: number, msg: string) => new LogQLError(`parse error at line 1, col ${pos + 1}: ${msg}`);
  while (i < query.length) {
    const c = query[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    if (c === '"') {
      let value = '';
      i++;
      for (;;) {
        if (i >= query.length || query[i] === '\n') throw fail(start, 'literal not terminated');
        const ch = query[i];
        if (ch === '"') break;
        if (ch === '\\') {
          const e = query[i + 1];
          if (e in GO_ESCAPES) {
            value += GO_ESCAPES[e];
            i += 2;
          } else if (e === 'x' && /^[0-9a-fA-F]{2}$/.test(query.slice(i + 2, i + 4))) {
            value += String.fromCharCode(Number.parseInt(query.slice(i + 2, i + 4), 16));
            i += 4;
          } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(query.slice(i + 2, i + 6))) {
            value += String.fromCharCode(Number.parseInt(query.slice(i + 2, i + 6), 16));
            i += 6;
          } else throw fail(i, 'invalid syntax');
          continue;
        }
        value += ch;
        i++;
      }
      i++;
      tokens.push({ kind: 'string', text: value, pos: start });
      continue;
    }
    if (c === '`') {
      const end = query.indexOf('`', i + 1);
      if (end < 0) throw fail(start, 'literal not terminated');
      tokens.push({ kind: 'string', text: query.slice(i + 1, end), pos: start });
      i = end + 1;
      continue;
    }
    const num = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?([a-zA-Zµ]+)?/.exec(query.slice(i));
    if (num && (c !== '-' || /\d/.test(query[i + 1] ?? ''))) {
      tokens.push({ kind: num[1] ? 'duration' : 'number', text: num[0], pos: start });
      i += num[0].length;
      continue;
    }
    const ident = /^[a-zA-Z_][a-zA-Z0-9_]*/.exec(query.slice(i));
    if (ident) {
      tokens.push({ kind: 'ident', text: ident[0], pos: start });
      i += ident[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => query.startsWith(o, i));
    if (op) {
      tokens.push({ kind: 'op', text: op, pos: start });
      i += op.length;
      continue;
    }
    if (query.startsWith('--', i)) throw unsupported('parser flags (--strict, --keep-empty)');
    throw fail(start, `syntax error: unexpected character ${JSON.stringify(c)}`);
  }
  tokens.push({ kind: 'end', text: '', pos: query.length });
  return tokens;
}

function compileRegex(pattern: string, tok: Token): RE2JS {
  try {
    return RE2JS.compile(pattern);
  } catch (e) {
    throw new LogQLError(
      `parse error at line 1, col ${tok.pos + 1}: error parsing regexp: ${(e as Error).message}`,
    );
  }
}

/** A label matcher; regexes are fully anchored, as Prometheus and Loki anchor them. */
function makeMatcher(name: string, op: MatchOp, value: string, tok: Token): Matcher {
  if (op === '=') return { name, op, value, matches: (v) => v === value };
  if (op === '!=') return { name, op, value, matches: (v) => v !== value };
  const re = compileRegex(value, tok);
  return op === '=~'
    ? { name, op, value, matches: (v) => re.testExact(v) }
    : { name, op, value, matches: (v) => !re.testExact(v) };
}

const EMPTY_COMPATIBLE_HINT =
  'parse error : queries require at least one regexp or equality matcher that does not have an empty-compatible value. For instance, app=~".*" does not meet this requirement, but app=~".+" will';

export function parseLogQL(query: string): LogQuery {
  const tokens = tokenize(query);
  let i = 0;
  const peek = () => tokens[i];
  const next = () => tokens[i++];
  const isOp = (t: Token, ...ops: string[]) => t.kind === 'op' && ops.includes(t.text);

  const first = peek();
  if (first.kind === 'ident' && METRIC_FUNCTIONS.has(first.text))
    throw unsupported(`the metric query function ${first.text}()`);
  if (!isOp(first, '{')) throw syntaxError(query, first, '{');
  next();

  const selector: Matcher[] = [];
  if (isOp(peek(), '}')) next();
  else {
    for (;;) {
      const nameTok = next();
      if (nameTok.kind !== 'ident') throw syntaxError(query, nameTok, 'IDENTIFIER');
      const opTok = next();
      if (!isOp(opTok, '=', '!=', '=~', '!~')) throw syntaxError(query, opTok, '= or != or =~ or !~');
      const valueTok = next();
      if (valueTok.kind !== 'string') throw syntaxError(query, valueTok, 'STRING');
      selector.push(makeMatcher(nameTok.text, opTok.text as MatchOp, valueTok.text, valueTok));
      const sep = next();
      if (isOp(sep, '}')) break;
      if (!isOp(sep, ',')) throw syntaxError(query, sep, '} or ,');
    }
  }

  const stages: Stage[] = [];
  while (peek().kind !== 'end') {
    const tok = next();
    if (isOp(tok, '|=', '!=', '|~', '!~')) {
      const valueTok = next();
      if (valueTok.kind === 'ident' && valueTok.text === 'ip') throw unsupported('the ip() line filter');
      if (valueTok.kind !== 'string') throw syntaxError(query, valueTok, 'STRING');
      const op = tok.text as '|=' | '!=' | '|~' | '!~';
      const text = valueTok.text;
      if (op === '|=') stages.push({ kind: 'line', op, value: text, matches: (l) => l.includes(text) });
      else if (op === '!=') stages.push({ kind: 'line', op, value: text, matches: (l) => !l.includes(text) });
      else {
        const re = compileRegex(text, valueTok);
        stages.push({
          kind: 'line',
          op,
          value: text,
          matches: op === '|~' ? (l) => re.test(l) : (l) => !re.test(l),
        });
      }
      if (peek().kind === 'ident' && peek().text === 'or') throw unsupported('`or` between line filters');
      continue;
    }
    if (isOp(tok, '|>', '!>')) throw unsupported(`the pattern line filter ${tok.text}`);
    if (isOp(tok, '[')) throw unsupported('range aggregations ([…])');
    if (!isOp(tok, '|')) throw syntaxError(query, tok);
    const word = next();
    if (word.kind !== 'ident') {
      if (isOp(word, '(')) throw unsupported('parenthesised label filters');
      throw syntaxError(query, word, 'IDENTIFIER');
    }
    const after = peek();
    if (
      (word.text === 'json' || word.text === 'logfmt') &&
      !isOp(after, '|', '|=', '!=', '|~', '!~', '|>', '!>') &&
      after.kind !== 'end'
    ) {
      throw unsupported(`| ${word.text} with parameters`);
    }
    if (word.text === 'json' || word.text === 'logfmt') {
      stages.push({ kind: word.text });
      continue;
    }
    if (word.text === 'drop') {
      const names: string[] = [];
      for (;;) {
        const n = next();
        if (n.kind !== 'ident') throw syntaxError(query, n, 'IDENTIFIER');
        if (isOp(peek(), '=', '!=', '=~', '!~')) throw unsupported('drop with label matchers');
        names.push(n.text);
        if (!isOp(peek(), ',')) break;
        next();
      }
      stages.push({ kind: 'drop', names });
      continue;
    }
    if (UNSUPPORTED_STAGES.has(word.text)) throw unsupported(`| ${word.text}`);
    // Label filter expression: name op value, joined by `and` or `,`.
    i--;
    const filters: LabelFilter[] = [];
    for (;;) {
      const nameTok = next();
      if (nameTok.kind !== 'ident') {
        if (isOp(nameTok, '(')) throw unsupported('parenthesised label filters');
        throw syntaxError(query, nameTok, 'IDENTIFIER');
      }
      const opTok = next();
      if (!isOp(opTok, '=', '!=', '=~', '!~', '>', '>=', '<', '<=', '==')) throw syntaxError(query, opTok);
      const valueTok = next();
      if (valueTok.kind === 'string' && isOp(opTok, '=', '!=', '=~', '!~')) {
        filters.push({
          kind: 'string',
          matcher: makeMatcher(nameTok.text, opTok.text as MatchOp, valueTok.text, valueTok),
        });
      } else if (valueTok.kind === 'number' && !isOp(opTok, '=~', '!~')) {
        const op = (opTok.text === '=' ? '==' : opTok.text) as NumericOp;
        filters.push({ kind: 'numeric', name: nameTok.text, op, value: Number(valueTok.text) });
      } else if (valueTok.kind === 'duration') {
        throw unsupported(`duration and byte comparisons (${nameTok.text} ${opTok.text} ${valueTok.text})`);
      } else if (valueTok.kind === 'ident' && valueTok.text === 'ip') {
        throw unsupported('the ip() label filter');
      } else throw syntaxError(query, valueTok);
      const sep = peek();
      if (sep.kind === 'ident' && sep.text === 'and') next();
      else if (sep.kind === 'ident' && sep.text === 'or') throw unsupported('`or` between label filters');
      else if (isOp(sep, ',')) next();
      else break;
    }
    stages.push({ kind: 'labels', filters });
  }

  const anchored = selector.some((m) => (m.op === '=' || m.op === '=~') && !m.matches(''));
  if (!anchored) throw new LogQLError(EMPTY_COMPATIBLE_HINT);
  return { selector, stages };
}

/** True when the query is a log query in our subset's shape (used by /query to give Loki's answer). */
export function looksLikeLogQuery(query: string): boolean {
  return query.trimStart().startsWith('{');
}

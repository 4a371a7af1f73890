// TraceQL tokens, following Tempo's lexer (pkg/traceql/lexer.go): attribute names run until a
// character that cannot be part of one, numbers directly followed by unit letters are durations
// (Go and Prometheus units, compound allowed: `1h30m`, `1d`), `.99` is a number.
import { NS_PER_DURATION_UNIT } from '../model/time.ts';
import type { AttributeScope, Intrinsic } from './ast.ts';

export type Token =
  | { t: 'string'; value: string; from: number; to: number }
  | { t: 'int'; value: number; from: number; to: number }
  | { t: 'float'; value: number; from: number; to: number }
  | { t: 'duration'; value: number; from: number; to: number }
  | { t: 'attribute'; scope: AttributeScope; parent: boolean; name: string; from: number; to: number }
  | { t: 'intrinsic'; name: Intrinsic; from: number; to: number }
  | { t: 'ident'; value: string; from: number; to: number }
  | { t: 'op'; value: string; from: number; to: number }
  | { t: 'eof'; from: number; to: number };

export class LexError extends Error {
  constructor(
    message: string,
    readonly from: number,
    readonly to: number,
  ) {
    super(message);
  }
}

/** Every operator and punctuation token, longer spellings first so a prefix match takes the longest. */
export const OPERATORS: readonly string[] = [
  '!>>',
  '!<<',
  '&>>',
  '&<<',
  '>=',
  '<=',
  '>>',
  '<<',
  '!=',
  '=~',
  '!~',
  '&&',
  '||',
  '!>',
  '!<',
  '&>',
  '&<',
  '&~',
  '=',
  '<',
  '>',
  '~',
  '!',
  '|',
  '+',
  '-',
  '*',
  '/',
  '%',
  '^',
  '(',
  ')',
  '{',
  '}',
  ',',
];

const SCOPED_INTRINSICS: ReadonlySet<string> = new Set<Intrinsic>([
  'span:name',
  'span:status',
  'span:statusMessage',
  'span:duration',
  'span:kind',
  'span:id',
  'span:parentID',
  'span:childCount',
  'trace:duration',
  'trace:rootName',
  'trace:rootService',
  'trace:id',
  'event:name',
  'event:timeSinceStart',
  'link:traceID',
  'link:spanID',
  'instrumentation:name',
  'instrumentation:version',
]);

export const INTRINSIC_NAMES: readonly string[] = [...SCOPED_INTRINSICS];

/** The words before `:` in a scoped intrinsic (`span:name`, `trace:duration`…). */
export const INTRINSIC_SCOPES: ReadonlySet<string> = new Set([
  'span',
  'trace',
  'event',
  'link',
  'instrumentation',
]);

const ATTRIBUTE_SCOPES: Record<string, AttributeScope> = {
  span: 'span',
  resource: 'resource',
  event: 'event',
  link: 'link',
  instrumentation: 'instrumentation',
};

const DURATION_PART = /^(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h|d|w|y)/;

/** Parses `1h30m`, `1.5s`, `1d`; returns undefined when the text is not a duration. */
export function parseDuration(text: string): number | undefined {
  let rest = text;
  let total = 0;
  if (rest === '') return undefined;
  while (rest !== '') {
    const m = DURATION_PART.exec(rest);
    if (!m) return undefined;
    total += Number(m[1]) * NS_PER_DURATION_UNIT[m[2]];
    rest = rest.slice(m[0].length);
  }
  return Math.round(total);
}

function isAttributeChar(ch: string): boolean {
  if (ch === '' || /\s/.test(ch)) return false;
  return !'{}()=~!<>&|^,'.includes(ch);
}

function isDigit(ch: string): boolean {
  return ch >= '0' && ch <= '9';
}

export function isIdentStart(ch: string): boolean {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch === '_';
}

export function isIdentPart(ch: string): boolean {
  return isIdentStart(ch) || isDigit(ch);
}

function isDurationChar(ch: string): boolean {
  return isDigit(ch) || ch === '.' || 'nsuµμmhdwy'.includes(ch);
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = text.length;

  const readAttributeName = (start: number): { name: string; end: number } => {
    let j = start;
    let name = '';
    while (j < n) {
      const ch = text[j];
      if (ch === '"') {
        j++;
        let closed = false;
        while (j < n) {
          if (text[j] === '"') {
            j++;
            closed = true;
            break;
          }
          if (text[j] === '\\') {
            if (text[j + 1] === '"' || text[j + 1] === '\\') {
              name += text[j + 1];
              j += 2;
              continue;
            }
            throw new LexError('invalid escape sequence in quoted attribute name', j, j + 2);
          }
          name += text[j++];
        }
        if (!closed) throw new LexError('unterminated quoted attribute name: expected "', start, n);
      } else if (isAttributeChar(ch)) {
        name += ch;
        j++;
      } else {
        break;
      }
    }
    return { name, end: j };
  };

  while (i < n) {
    const ch = text[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '/' && text[i + 1] === '/') {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) throw new LexError('unterminated comment: expected */', i, n);
      i = end + 2;
      continue;
    }
    const start = i;
    if (ch === '"' || ch === '`') {
      const { value, end } = ch === '`' ? readRawString(text, i) : readQuotedString(text, i);
      tokens.push({ t: 'string', value, from: start, to: end });
      i = end;
      continue;
    }
    if (isDigit(ch) || (ch === '.' && isDigit(text[i + 1] ?? ''))) {
      const m = /^(\d*\.\d+|\d+\.?\d*)(?:[eE][+-]?\d+)?/.exec(text.slice(i));
      const numText = m ? m[0] : ch;
      const j = i + numText.length;
      // A number directly followed by unit letters is a duration (Tempo's tryScanDuration).
      let k = j;
      while (k < n && isDurationChar(text[k])) k++;
      if (k > j) {
        const duration = parseDuration(text.slice(i, k));
        if (duration !== undefined) {
          tokens.push({ t: 'duration', value: duration, from: start, to: k });
          i = k;
          continue;
        }
      }
      if (isIdentStart(text[j] ?? '') || text[j] === 'µ') {
        let end = j;
        while (end < n && (isIdentPart(text[end]) || text[end] === 'µ')) end++;
        throw new LexError(
          `invalid duration "${text.slice(i, end)}": expected a number followed by ns, us, ms, s, m, h, d, w or y`,
          start,
          end,
        );
      }
      const isFloat = /[.eE]/.test(numText);
      tokens.push({ t: isFloat ? 'float' : 'int', value: Number(numText), from: start, to: j });
      i = j;
      continue;
    }
    if (ch === '.') {
      const { name, end } = readAttributeName(i + 1);
      if (name === '') throw new LexError('expected an attribute name after "."', i, i + 1);
      tokens.push({ t: 'attribute', scope: 'none', parent: false, name, from: start, to: end });
      i = end;
      continue;
    }
    if (isIdentStart(ch)) {
      let j = i + 1;
      while (j < n && isIdentPart(text[j])) j++;
      const word = text.slice(i, j);
      if (text[j] === '.' && (Object.hasOwn(ATTRIBUTE_SCOPES, word) || word === 'parent')) {
        let scope: AttributeScope = word === 'parent' ? 'none' : ATTRIBUTE_SCOPES[word];
        let nameStart = j + 1;
        if (word === 'parent') {
          const inner = /^(span|resource)\./.exec(text.slice(nameStart));
          if (inner) {
            scope = inner[1] as AttributeScope;
            nameStart += inner[0].length;
          }
        }
        const { name, end } = readAttributeName(nameStart);
        if (name === '') throw new LexError(`expected an attribute name after "${word}."`, start, nameStart);
        tokens.push({ t: 'attribute', scope, parent: word === 'parent', name, from: start, to: end });
        i = end;
        continue;
      }
      if (text[j] === ':' && INTRINSIC_SCOPES.has(word)) {
        let k = j + 1;
        while (k < n && isIdentPart(text[k])) k++;
        const name = text.slice(i, k);
        if (!SCOPED_INTRINSICS.has(name)) {
          const known = INTRINSIC_NAMES.filter((x) => x.startsWith(`${word}:`)).join(', ');
          throw new LexError(`unknown intrinsic "${name}": expected one of ${known}`, start, k);
        }
        tokens.push({ t: 'intrinsic', name: name as Intrinsic, from: start, to: k });
        i = k;
        continue;
      }
      tokens.push({ t: 'ident', value: word, from: start, to: j });
      i = j;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (op) {
      tokens.push({ t: 'op', value: op, from: start, to: i + op.length });
      i += op.length;
      continue;
    }
    throw new LexError(`unexpected character "${ch}"`, i, i + 1);
  }
  tokens.push({ t: 'eof', from: n, to: n });
  return tokens;
}

function readRawString(text: string, start: number): { value: string; end: number } {
  const end = text.indexOf('`', start + 1);
  if (end < 0) throw new LexError('unterminated string: expected a closing `', start, text.length);
  return { value: text.slice(start + 1, end), end: end + 1 };
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  n: '\n',
  t: '\t',
  r: '\r',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
  "'": "'",
};

/** Go's strconv.Unquote for double-quoted strings. */
function readQuotedString(text: string, start: number): { value: string; end: number } {
  let value = '';
  let j = start + 1;
  while (j < text.length) {
    const ch = text[j];
    if (ch === '"') return { value, end: j + 1 };
    if (ch === '\n') break;
    if (ch !== '\\') {
      value += ch;
      j++;
      continue;
    }
    const esc = text[j + 1] ?? '';
    if (esc in SIMPLE_ESCAPES) {
      value += SIMPLE_ESCAPES[esc];
      j += 2;
      continue;
    }
    const hexLen = esc === 'x' ? 2 : esc === 'u' ? 4 : esc === 'U' ? 8 : 0;
    const hex = text.slice(j + 2, j + 2 + hexLen);
    if (hexLen > 0 && hex.length === hexLen && /^[0-9a-fA-F]+$/.test(hex)) {
      value += String.fromCodePoint(Number.parseInt(hex, 16));
      j += 2 + hexLen;
      continue;
    }
    throw new LexError(`invalid escape sequence "\\${esc}" in string`, j, j + 2);
  }
  throw new LexError('unterminated string: expected a closing "', start, j);
}

// TraceQL tokens, following Tempo's lexer (pkg/traceql/lexer.go): attribute names run until a
// character that cannot be part of one, numbers directly followed by unit letters are durations
// (Go and Prometheus units, compound allowed: `1h30m`, `1d`), `.99` is a number.
// The same code reads in two modes: strict (the parser's; throws LexError at the first problem) and
// tolerant (the editor's; never throws, see tokenizeTolerant). Tolerant work only happens where strict
// mode would throw, so strict mode costs nothing for it.
import { NS_PER_DURATION_UNIT } from '../model/time.ts';
import type { AttributeScope } from './ast.ts';
import {
  ATTRIBUTE_SCOPES,
  DURATION_UNITS,
  INTRINSIC_SCOPES,
  INTRINSICS,
  type Intrinsic,
  OPERATOR_SPELLINGS,
  PARENT_SCOPE,
} from './vocabulary.ts';

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

/**
 * A token of the tolerant mode: the strict tokens (no `eof`; an attribute may have an empty name,
 * `span.` being typed), plus comments, strings with no closing quote yet, and `invalid` text that
 * strict mode rejects: a bad number or duration (`1x`), an unknown intrinsic (`span:na`), a
 * character TraceQL has no use for.
 */
export type TolerantToken =
  | Exclude<Token, { t: 'eof' }>
  | { t: 'comment'; closed: boolean; from: number; to: number }
  | { t: 'open-string'; quote: '"' | '`'; value: string; from: number; to: number }
  | { t: 'invalid'; kind: 'number' | 'intrinsic' | 'char'; text: string; from: number; to: number };

export interface LexProblem {
  message: string;
  from: number;
  to: number;
}

export interface TolerantLexResult {
  tokens: TolerantToken[];
  /** What strict mode would throw, in order (its first entry is the strict LexError). */
  problems: LexProblem[];
}

export class LexError extends Error {
  constructor(
    message: string,
    readonly from: number,
    readonly to: number,
  ) {
    super(message);
  }
}

const INTRINSIC_NAMES: readonly string[] = INTRINSICS.map((word) => word.name);

const SCOPE_OF_WORD: Readonly<Record<string, AttributeScope>> = Object.fromEntries(
  ATTRIBUTE_SCOPES.map((scope) => [scope.label, scope.label]),
);
const INTRINSIC_SET: ReadonlySet<string> = new Set(INTRINSIC_NAMES);
const PARENT_INNER = new RegExp(`^(${PARENT_SCOPE.inner.join('|')})\\.`);

const DURATION_PART = new RegExp(`^(\\d+(?:\\.\\d*)?|\\.\\d+)(${DURATION_UNITS.join('|')})`);
const DURATION_CHARS = `.${DURATION_UNITS.join('')}`;

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

/** May `ch` stand in an unquoted attribute name? */
export function isAttributeChar(ch: string): boolean {
  if (ch === '' || /\s/.test(ch)) return false;
  return !'{}()=~!<>&|^,'.includes(ch);
}

function isDigit(ch: string): boolean {
  return ch >= '0' && ch <= '9';
}

function isIdentStart(ch: string): boolean {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch === '_';
}

function isIdentPart(ch: string): boolean {
  return isIdentStart(ch) || isDigit(ch);
}

function isDurationChar(ch: string): boolean {
  return isDigit(ch) || DURATION_CHARS.includes(ch);
}

/** The tokens of `text`, ending with `eof`; throws LexError at the first thing that is no token. */
export function tokenize(text: string): Token[] {
  const tokens = lex(text, undefined) as Token[];
  tokens.push({ t: 'eof', from: text.length, to: text.length });
  return tokens;
}

/**
 * The tokens of `text` as far as they go, for text being typed: never throws. Each problem strict
 * mode would throw is recorded and read past (see TolerantToken), and comments are kept as tokens.
 */
export function tokenizeTolerant(text: string): TolerantLexResult {
  const problems: LexProblem[] = [];
  const tokens = lex(text, problems) as TolerantToken[];
  return { tokens, problems };
}

/** Strict when `problems` is undefined (throws), tolerant otherwise (records and goes on). */
function lex(text: string, problems: LexProblem[] | undefined): Array<Token | TolerantToken> {
  const tokens: Array<Token | TolerantToken> = [];
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
            report(problems, 'invalid escape sequence in quoted attribute name', j, j + 2);
          }
          name += text[j++];
        }
        if (!closed) report(problems, 'unterminated quoted attribute name: expected "', start, n);
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
    const start = i;
    if (ch === '/' && text[i + 1] === '/') {
      while (i < n && text[i] !== '\n') i++;
      if (problems) tokens.push({ t: 'comment', closed: i < n, from: start, to: i });
      continue;
    }
    if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) report(problems, 'unterminated comment: expected */', i, n);
      i = end < 0 ? n : end + 2;
      if (problems) tokens.push({ t: 'comment', closed: end >= 0, from: start, to: i });
      continue;
    }
    if (ch === '"' || ch === '`') {
      const { value, end, closed } =
        ch === '`' ? readRawString(text, i) : readQuotedString(text, i, problems);
      if (closed) tokens.push({ t: 'string', value, from: start, to: end });
      else {
        report(problems, `unterminated string: expected a closing ${ch}`, start, end);
        tokens.push({ t: 'open-string', quote: ch, value, from: start, to: end });
      }
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
        const invalid = text.slice(i, end);
        report(
          problems,
          `invalid duration "${invalid}": expected a number followed by ns, us, ms, s, m, h, d, w or y`,
          start,
          end,
        );
        tokens.push({ t: 'invalid', kind: 'number', text: invalid, from: start, to: end });
        i = end;
        continue;
      }
      const isFloat = /[.eE]/.test(numText);
      tokens.push({ t: isFloat ? 'float' : 'int', value: Number(numText), from: start, to: j });
      i = j;
      continue;
    }
    if (ch === '.') {
      const { name, end } = readAttributeName(i + 1);
      if (name === '') report(problems, 'expected an attribute name after "."', i, i + 1);
      tokens.push({ t: 'attribute', scope: 'none', parent: false, name, from: start, to: end });
      i = end;
      continue;
    }
    if (isIdentStart(ch)) {
      let j = i + 1;
      while (j < n && isIdentPart(text[j])) j++;
      const word = text.slice(i, j);
      if (text[j] === '.' && (Object.hasOwn(SCOPE_OF_WORD, word) || word === PARENT_SCOPE.label)) {
        const isParent = word === PARENT_SCOPE.label;
        let scope: AttributeScope = isParent ? 'none' : SCOPE_OF_WORD[word];
        let nameStart = j + 1;
        if (isParent) {
          const inner = PARENT_INNER.exec(text.slice(nameStart));
          if (inner) {
            scope = inner[1] as AttributeScope;
            nameStart += inner[0].length;
          }
        }
        const { name, end } = readAttributeName(nameStart);
        if (name === '') {
          report(problems, `expected an attribute name after "${word}."`, start, nameStart);
        }
        tokens.push({ t: 'attribute', scope, parent: isParent, name, from: start, to: end });
        i = end;
        continue;
      }
      if (text[j] === ':' && INTRINSIC_SCOPES.has(word)) {
        let k = j + 1;
        while (k < n && isIdentPart(text[k])) k++;
        const name = text.slice(i, k);
        if (INTRINSIC_SET.has(name))
          tokens.push({ t: 'intrinsic', name: name as Intrinsic, from: start, to: k });
        else {
          const known = INTRINSIC_NAMES.filter((x) => x.startsWith(`${word}:`)).join(', ');
          report(problems, `unknown intrinsic "${name}": expected one of ${known}`, start, k);
          tokens.push({ t: 'invalid', kind: 'intrinsic', text: name, from: start, to: k });
        }
        i = k;
        continue;
      }
      tokens.push({ t: 'ident', value: word, from: start, to: j });
      i = j;
      continue;
    }
    const op = OPERATOR_SPELLINGS.find((o) => text.startsWith(o, i));
    if (op) {
      tokens.push({ t: 'op', value: op, from: start, to: i + op.length });
      i += op.length;
      continue;
    }
    report(problems, `unexpected character "${ch}"`, i, i + 1);
    tokens.push({ t: 'invalid', kind: 'char', text: ch, from: i, to: i + 1 });
    i++;
  }
  return tokens;
}

/** Strict mode (no `problems`) throws; tolerant mode records and reads on. */
function report(problems: LexProblem[] | undefined, message: string, from: number, to: number): void {
  if (!problems) throw new LexError(message, from, to);
  problems.push({ message, from, to });
}

interface StringRead {
  value: string;
  end: number;
  closed: boolean;
}

function readRawString(text: string, start: number): StringRead {
  const end = text.indexOf('`', start + 1);
  if (end < 0) return { value: text.slice(start + 1), end: text.length, closed: false };
  return { value: text.slice(start + 1, end), end: end + 1, closed: true };
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

/** Go's strconv.Unquote for double-quoted strings; unclosed at a newline or the end. */
function readQuotedString(text: string, start: number, problems: LexProblem[] | undefined): StringRead {
  let value = '';
  let j = start + 1;
  while (j < text.length) {
    const ch = text[j];
    if (ch === '"') return { value, end: j + 1, closed: true };
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
    report(problems, `invalid escape sequence "\\${esc}" in string`, j, j + 2);
    // Tolerant: keep the escape as written and read on.
    value += `\\${esc}`;
    j += esc === '' || esc === '\n' ? 1 : 2;
  }
  return { value, end: j, closed: false };
}

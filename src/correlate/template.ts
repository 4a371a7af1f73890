// Query templates (`{service_name="${service}"} | trace_id="${traceId}"`) filled in with a span's values
// for LogQL and PromQL. The template is read with a small lexer that knows the languages' three string
// forms ("…", '…', `…`): a value lands in a string literal escaped for it, a value outside any literal
// becomes a quoted literal of its own, and a value after a regex operator (=~ !~ |~) is regex-escaped as
// well — so whatever a value holds (quotes, braces, backslashes, backticks, newlines), it is one literal
// that reads back as exactly that value, and the query's structure is the template's.
// A list of values (a service filter over several services) turns `label="${service}"` into
// `label=~"(?:a|b)"` and `|= "${x}"` into `|~ "(?:a|b)"`.
import { escapeRegex, escapeStringContent, quoteString, wellFormed } from './quote';

export type Placeholder =
  | { kind: 'traceId' | 'spanId' | 'service' | 'name' }
  | { kind: 'span-attribute' | 'resource-attribute'; key: string };

/** A value, several values (only where a regex alternative can express them), or undefined when unknown. */
export type TemplateValue = string | readonly string[] | undefined;

export type TemplateResolver = (placeholder: Placeholder) => TemplateValue;

export type ExpandResult =
  | {
      ok: true;
      query: string;
      /** Placeholders (as written) whose value was unknown and became "". */
      missing: string[];
    }
  | { ok: false; error: string };

const SIMPLE = /^\$\{(traceId|spanId|service|name)\}/;
const ATTRIBUTE = /^\$\{(span|resource)\.attributes\["((?:[^"\\]|\\.)*)"\]\}/;
const ANY_PLACEHOLDER = /^\$\{[^}]*\}?/;

interface ParsedPlaceholder {
  text: string;
  placeholder: Placeholder;
}

function parsePlaceholder(template: string, at: number): ParsedPlaceholder | { error: string } | undefined {
  if (!template.startsWith('${', at)) return undefined;
  const rest = template.slice(at);
  const simple = SIMPLE.exec(rest);
  if (simple) {
    return { text: simple[0], placeholder: { kind: simple[1] as 'traceId' | 'spanId' | 'service' | 'name' } };
  }
  const attribute = ATTRIBUTE.exec(rest);
  if (attribute) {
    const key = attribute[2].replace(/\\(.)/g, '$1');
    const kind = attribute[1] === 'span' ? 'span-attribute' : 'resource-attribute';
    return { text: attribute[0], placeholder: { kind, key } };
  }
  const written = ANY_PLACEHOLDER.exec(rest)?.[0] ?? '${';
  return {
    error: `Unknown template variable ${written}: use \${traceId}, \${spanId}, \${service}, \${name}, \${span.attributes["key"]} or \${resource.attributes["key"]}`,
  };
}

type Piece = { raw: string } | { value: ParsedPlaceholder };

/** The literal's content as pieces of raw text (in the literal's own spelling) and placeholders. */
interface Literal {
  quote: '"' | "'" | '`';
  pieces: Piece[];
  hasPlaceholder: boolean;
}

export function expandQueryTemplate(template: string, resolve: TemplateResolver): ExpandResult {
  let out = '';
  const missing: string[] = [];
  let index = 0;
  const lookup = (parsed: ParsedPlaceholder): string | readonly string[] => {
    const value = resolve(parsed.placeholder);
    if (value === undefined) {
      if (!missing.includes(parsed.text)) missing.push(parsed.text);
      return '';
    }
    return value;
  };

  while (index < template.length) {
    const char = template[index];
    if (char === '"' || char === "'" || char === '`') {
      const lexed = lexLiteral(template, index);
      if ('error' in lexed) return { ok: false, error: lexed.error };
      index = lexed.end;
      if (!lexed.literal.hasPlaceholder) {
        out += template.slice(lexed.start, lexed.end);
        continue;
      }
      const written = writeLiteral(out, lexed.literal, lookup);
      if ('error' in written) return { ok: false, error: written.error };
      out = written.before + written.literal;
      continue;
    }
    const placeholder = parsePlaceholder(template, index);
    if (placeholder) {
      if ('error' in placeholder) return { ok: false, error: placeholder.error };
      const value = lookup(placeholder);
      if (typeof value !== 'string') {
        return {
          ok: false,
          error: `${placeholder.text} has several values; put it inside quotes after = or |= so they can become a regex`,
        };
      }
      out += quoteString(value);
      index += placeholder.text.length;
      continue;
    }
    out += char;
    index += 1;
  }
  return { ok: true, query: out, missing };
}

function lexLiteral(
  template: string,
  start: number,
): { start: number; end: number; literal: Literal } | { error: string } {
  const quote = template[start] as Literal['quote'];
  const pieces: Piece[] = [];
  let raw = '';
  let hasPlaceholder = false;
  let index = start + 1;
  while (index < template.length) {
    const char = template[index];
    if (char === quote) {
      if (raw) pieces.push({ raw });
      return { start, end: index + 1, literal: { quote, pieces, hasPlaceholder } };
    }
    if (char === '\\' && quote !== '`') {
      raw += template.slice(index, index + 2);
      index += 2;
      continue;
    }
    const placeholder = parsePlaceholder(template, index);
    if (placeholder) {
      if ('error' in placeholder) return { error: placeholder.error };
      if (raw) pieces.push({ raw });
      raw = '';
      pieces.push({ value: placeholder });
      hasPlaceholder = true;
      index += placeholder.text.length;
      continue;
    }
    raw += char;
    index += 1;
  }
  return { error: `The template has an unclosed ${quote} string` };
}

/** Raw text of a '…' or `…` literal respelled for a "…" literal. */
function respell(raw: string, quote: Literal['quote']): string {
  if (quote === '"') return raw;
  if (quote === '`') return escapeStringContent(raw);
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === '\\') {
      const next = raw[i + 1] ?? '';
      out += next === "'" ? "'" : `\\${next}`;
      i += 1;
    } else if (raw[i] === '"') {
      out += '\\"';
    } else {
      out += raw[i];
    }
  }
  return out;
}

const REGEX_OPERATOR = /(=~|!~|\|~)\s*$/;
const EQUALITY_OPERATOR = /(\|=|!=|(?<![=!<>|~])=)(\s*)$/;

function writeLiteral(
  before: string,
  literal: Literal,
  lookup: (parsed: ParsedPlaceholder) => string | readonly string[],
): { before: string; literal: string } | { error: string } {
  let regex = REGEX_OPERATOR.test(before);
  const values = literal.pieces.map((piece) => ('raw' in piece ? undefined : lookup(piece.value)));
  const multi = values.findIndex((value) => value !== undefined && typeof value !== 'string');
  if (multi >= 0) {
    const piece = literal.pieces[multi] as { value: ParsedPlaceholder };
    const list = values[multi] as readonly string[];
    if (list.length === 0) return { error: `${piece.value.text} has no values` };
    if (!regex) {
      const equality = EQUALITY_OPERATOR.exec(before);
      if (!equality || literal.pieces.length !== 1) {
        return {
          error: `${piece.value.text} has several values; it must be the whole string after =, != or |=`,
        };
      }
      const operator = equality[1] === '=' ? '=~' : equality[1] === '|=' ? '|~' : '!~';
      before = `${before.slice(0, equality.index)}${operator}${equality[2]}`;
      regex = true;
    }
  }
  let content = '';
  for (let i = 0; i < literal.pieces.length; i++) {
    const piece = literal.pieces[i];
    if ('raw' in piece) {
      content += respell(piece.raw, literal.quote);
      continue;
    }
    const value = values[i] ?? '';
    if (typeof value === 'string') {
      content += escapeStringContent(regex ? escapeRegex(value) : value);
    } else if (value.length === 1) {
      content += escapeStringContent(escapeRegex(value[0]));
    } else {
      content += escapeStringContent(`(?:${value.map(escapeRegex).join('|')})`);
    }
  }
  return { before, literal: `"${content}"` };
}

/** Fills a link template (an URL) with values percent-encoded, so a value cannot add parameters or paths. */
export function expandUrlTemplate(template: string, resolve: TemplateResolver): ExpandResult {
  let out = '';
  const missing: string[] = [];
  let index = 0;
  while (index < template.length) {
    const placeholder = parsePlaceholder(template, index);
    if (!placeholder) {
      out += template[index];
      index += 1;
      continue;
    }
    if ('error' in placeholder) return { ok: false, error: placeholder.error };
    const value = resolve(placeholder.placeholder);
    if (value === undefined && !missing.includes(placeholder.text)) missing.push(placeholder.text);
    const text = value === undefined ? '' : typeof value === 'string' ? value : value.join(',');
    out += encodeURIComponent(wellFormed(text));
    index += placeholder.text.length;
  }
  return { ok: true, query: out, missing };
}

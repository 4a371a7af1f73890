// Quoting values for LogQL and PromQL string literals. Both languages read double-quoted strings with
// Go's escape rules (strconv.Unquote), so one quoter serves both. Every character that could end the
// literal or start an escape is escaped, and control characters are written as escapes, so a value can
// never change the structure of the query it is put into.

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '"': '\\"',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\u0007': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\v': '\\v',
};

/** The body of a double-quoted Go/LogQL/PromQL string literal that reads back as `value`. */
export function escapeStringContent(value: string): string {
  // Lone surrogates cannot be sent as UTF-8 at all; they become U+FFFD, as any UTF-8 encoder would.
  const text = wellFormed(value);
  let out = '';
  for (const char of text) {
    const simple = SIMPLE_ESCAPES[char];
    if (simple !== undefined) {
      out += simple;
      continue;
    }
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    // Line and paragraph separators are legal in Go strings but break line-oriented tooling; a raw
    // U+FFFD is refused by Prometheus's lexer ("invalid UTF-8 rune") while its escape is accepted.
    else if (code === 0x2028 || code === 0x2029 || code === 0xfffd) out += `\\u${code.toString(16)}`;
    else out += char;
  }
  return out;
}

/** A complete double-quoted literal: `"…"`. */
export function quoteString(value: string): string {
  return `"${escapeStringContent(value)}"`;
}

const RE2_META = /[\\^$.|?*+()[\]{}]/g;

/** `value` as an RE2 pattern that matches exactly that text. */
export function escapeRegex(value: string): string {
  return wellFormed(value).replace(RE2_META, '\\$&');
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** `value` with lone surrogates (not encodable as UTF-8) replaced by U+FFFD. */
export function wellFormed(value: string): string {
  return value.replace(LONE_SURROGATE, '\uFFFD');
}

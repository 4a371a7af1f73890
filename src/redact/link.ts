// Whether free text a link would carry (the trace screen's find, its TraceQL filter, parameters the
// app does not know) holds a value a rule masks (decision 0330): "Copy link" leaves such a
// parameter out rather than put a secret in a URL that is pasted into chats and tickets.
import type { Redactor } from './rules.ts';

/** A comparison in TraceQL: `span.db.password = "…"`, `.user.email =~ "…"`, `resource.x != "…"`. */
const TRACEQL_COMPARISON =
  /(?:span|resource|event|link|instrumentation|trace)?\.([A-Za-z0-9_.:/-]+|"(?:[^"\\]|\\.)+")\s*(?:=~|!~|!=|=|>=|<=|>|<)\s*"((?:[^"\\]|\\.)*)"/g;

function unquote(text: string): string {
  return text.startsWith('"') ? text.slice(1, -1).replace(/\\(.)/g, '$1') : text;
}

function keyedValueMasked(redactor: Redactor, key: string, value: string): boolean {
  return redactor.judge(key, value) !== undefined;
}

/** Find text (`needle`, or `key=value`) that a rule would change or drop. */
export function findTextMasked(redactor: Redactor, text: string): boolean {
  if (redactor.empty || text.trim() === '') return false;
  if (redactor.text(text) !== undefined) return true;
  const eq = text.indexOf('=');
  if (eq > 0) return keyedValueMasked(redactor, text.slice(0, eq).trim(), text.slice(eq + 1).trim());
  return false;
}

/** A TraceQL query with a value a rule would change: anywhere (keyless rules) or compared with a key. */
export function traceqlMasked(redactor: Redactor, query: string): boolean {
  if (redactor.empty || query.trim() === '') return false;
  if (redactor.text(query) !== undefined) return true;
  for (const m of query.matchAll(TRACEQL_COMPARISON)) {
    const value = m[2].replace(/\\(.)/g, '$1');
    if (keyedValueMasked(redactor, unquote(m[1]), value)) return true;
  }
  return false;
}

/** Free text of no known shape (a parameter the app does not know): keyless rules, and `name` as the key. */
export function paramMasked(redactor: Redactor, name: string, value: string): boolean {
  if (redactor.empty || value === '') return false;
  return redactor.text(value) !== undefined || keyedValueMasked(redactor, name, value);
}

/**
 * A value a remote Tempo offers for completion (`span.user.email`, `.http.url`, `name`) that the rules
 * would change: the editor leaves it out rather than suggest a secret.
 */
export function tagValueMasked(redactor: Redactor, tag: string, value: string): boolean {
  if (redactor.empty || value === '') return false;
  const key = tag.replace(/^(?:span|resource|event|link|instrumentation|trace)?\./, '');
  return redactor.text(value) !== undefined || keyedValueMasked(redactor, key, value);
}

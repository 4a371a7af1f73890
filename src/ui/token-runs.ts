// Where a long text may wrap without breaking what a reader copies whole: spaces (as always), after
// the separators of JSON, query strings, paths and dotted names, and never inside a hex ID or a UUID
// (which stay whole however narrow the box). Pure: the component that draws them is TokenText.

export type TokenRun =
  /** Text that may wrap at its spaces and, as a last resort, anywhere (CSS `overflow-wrap`). */
  | { kind: 'text'; text: string }
  /** A place to wrap (`<wbr>`) after a separator. */
  | { kind: 'break' }
  /** An ID kept on one line. */
  | { kind: 'id'; text: string };

const ID = /[0-9a-fA-F]{16,}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/g;
/** Separators after which a token may wrap; `.` and `:` not before a digit (0.25, 12:30:01). */
const SEPARATOR = /[,;&|/=]|[.:](?=[^\d])/g;
const WORD_CHAR = /[0-9a-zA-Z]/;

function splitText(text: string, runs: TokenRun[]) {
  let from = 0;
  for (const match of text.matchAll(SEPARATOR)) {
    const end = (match.index ?? 0) + 1;
    // A separator at the very end gives nothing to wrap before.
    if (end >= text.length) break;
    runs.push({ kind: 'text', text: text.slice(from, end) }, { kind: 'break' });
    from = end;
  }
  if (from < text.length) runs.push({ kind: 'text', text: text.slice(from) });
}

/** The text as runs: IDs whole, other text with wrap points after separators. */
export function tokenRuns(text: string): TokenRun[] {
  const runs: TokenRun[] = [];
  let from = 0;
  for (const match of text.matchAll(ID)) {
    const start = match.index ?? 0;
    const end = start + match[0].length;
    // Only a whole token is an ID: not the hex tail of a longer word.
    if ((start > 0 && WORD_CHAR.test(text[start - 1])) || (end < text.length && WORD_CHAR.test(text[end])))
      continue;
    if (start > from) splitText(text.slice(from, start), runs);
    runs.push({ kind: 'id', text: match[0] });
    from = end;
  }
  if (from < text.length) splitText(text.slice(from), runs);
  return runs;
}

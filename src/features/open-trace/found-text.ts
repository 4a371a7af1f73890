// Says which ID the open box found in pasted text, for the user to confirm before it opens.
import type { ParsedTraceInput } from './parse-trace-input';

export function foundText(parsed: Extract<ParsedTraceInput, { ok: true }>): string {
  const found = parsed.found;
  const span = parsed.spanId ? ` at span ${parsed.spanId}` : '';
  if (!found) return `Trace ${parsed.traceId}${span}.`;
  const where = found.guessed
    ? `an unlabelled hex value on line ${found.line}`
    : `${found.label ?? 'a label'} on line ${found.line}`;
  const others =
    found.others.length === 0
      ? ''
      : ` The text also names ${found.others.length === 1 ? 'trace' : 'traces'} ${found.others.join(', ')}.`;
  return `Found trace ${parsed.traceId}${span} (${where}).${others}`;
}

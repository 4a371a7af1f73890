// Log lines from a Loki datasource as the rules let them be read (decision 0318): the line through
// the keyless rules, labels, structured metadata and parsed fields by their name — as the embedded
// backend judges them at ingest (decision 0312): the name as it is, then with underscores read as
// dots (`*.password` covers `db_password`). Redacted data read again is left as it is.
import { MASK } from './defaults.ts';
import type { Redactor } from './rules.ts';

export interface LogLineLike {
  line: string;
  labels: Record<string, string>;
  structuredMetadata: Record<string, string>;
  parsed: Record<string, string>;
}

function judgeName(redactor: Redactor, name: string, value: string) {
  return (
    redactor.judge(name, value) ??
    (name.includes('_') ? redactor.judge(name.replaceAll('_', '.'), value) : undefined)
  );
}

function redactFields(redactor: Redactor, fields: Record<string, string>): Record<string, string> {
  let out: Record<string, string> | null = null;
  for (const [name, value] of Object.entries(fields)) {
    const verdict = judgeName(redactor, name, value);
    if (verdict === undefined) continue;
    out ??= { ...fields };
    if (verdict.drop) delete out[name];
    else out[name] = verdict.value === '' ? MASK : verdict.value;
  }
  return out ?? fields;
}

/** `line` after the rules: the same object when nothing changed. */
export function redactLogLine<T extends LogLineLike>(redactor: Redactor, line: T): T {
  const text = line.line === '' ? undefined : redactor.text(line.line);
  const labels = redactFields(redactor, line.labels);
  const structuredMetadata = redactFields(redactor, line.structuredMetadata);
  const parsed = redactFields(redactor, line.parsed);
  if (
    text === undefined &&
    labels === line.labels &&
    structuredMetadata === line.structuredMetadata &&
    parsed === line.parsed
  )
    return line;
  return { ...line, line: text ?? line.line, labels, structuredMetadata, parsed };
}

export function redactLogLines<T extends LogLineLike>(redactor: Redactor, lines: readonly T[]): T[] {
  if (redactor.empty) return lines as T[];
  return lines.map((l) => redactLogLine(redactor, l));
}

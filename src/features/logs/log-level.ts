// The level of a log line, as a reader would find it: Loki's `detected_level`, a level label or
// structured-metadata field (OTLP's `severity_text`), a parsed field, a `level` key in a JSON or
// logfmt line, or a leading `ERROR` / `[WARN]` word. Normalized to a few words so the list can
// colour them; undefined when nothing says (Loki's `unknown` included).
import type { LogLine } from '../../datasources/loki';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

const LEVEL_KEYS = ['detected_level', 'level', 'severity_text', 'severity', 'lvl', 'loglevel', 'log.level'];

const WORDS: Readonly<Record<string, LogLevel>> = {
  fatal: 'fatal',
  panic: 'fatal',
  critical: 'fatal',
  crit: 'fatal',
  emerg: 'fatal',
  alert: 'fatal',
  error: 'error',
  err: 'error',
  eror: 'error',
  warn: 'warn',
  warning: 'warn',
  wrn: 'warn',
  info: 'info',
  inf: 'info',
  information: 'info',
  notice: 'info',
  debug: 'debug',
  dbg: 'debug',
  trace: 'trace',
  trc: 'trace',
};

/** The level a level-ish word names (`WARNING` → `warn`), if any. */
export function normalizeLevel(value: string | undefined): LogLevel | undefined {
  if (value === undefined) return undefined;
  return WORDS[value.trim().toLowerCase()];
}

function fromRecord(record: Readonly<Record<string, string>>): LogLevel | undefined {
  for (const key of LEVEL_KEYS) {
    const found = normalizeLevel(record[key] ?? record[key.toUpperCase()]);
    if (found) return found;
  }
  return undefined;
}

const JSON_LEVEL = /"(?:level|severity|lvl|loglevel)"\s*:\s*"([A-Za-z]+)"/i;
const LOGFMT_LEVEL = /(?:^|\s)(?:level|severity|lvl)=("?)([A-Za-z]+)\1(?=\s|$)/i;
const LEADING_WORD = /^\s*[[(<]?([A-Za-z]+)[\])>:]?(?=\s|$)/;

/** The line's level, or undefined when neither its fields nor its text say. */
export function logLevel(
  line: Pick<LogLine, 'line' | 'labels' | 'structuredMetadata' | 'parsed'>,
): LogLevel | undefined {
  const recorded = fromRecord(line.structuredMetadata) ?? fromRecord(line.labels) ?? fromRecord(line.parsed);
  if (recorded) return recorded;
  const text = line.line;
  const json = text.trimStart().startsWith('{') ? JSON_LEVEL.exec(text) : null;
  if (json) return normalizeLevel(json[1]);
  const logfmt = LOGFMT_LEVEL.exec(text);
  if (logfmt) return normalizeLevel(logfmt[2]);
  const leading = LEADING_WORD.exec(text);
  return leading ? normalizeLevel(leading[1]) : undefined;
}

/** What the badge says: the level in capitals (screen readers read it as a word). */
export function levelText(level: LogLevel): string {
  return level.toUpperCase();
}

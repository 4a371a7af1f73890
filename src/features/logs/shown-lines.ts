// The log lines a screen shows from Loki's pages: merged in order, through the redaction rules (a
// remote Loki's lines, decision 0318; the embedded one's were redacted at ingest). Nothing until the
// rules have arrived (decision 0339). The logs page and a trace's logs view both show these.
import type { LogLine, LokiQueryResult } from '../../datasources/loki';
import { mergeLogPages } from '../../datasources/loki';
import { redactLogLines } from '../../redact/logs';
import type { Redactor } from '../../redact/rules';

export function shownLogLines(redactor: Redactor | null, pages: readonly LokiQueryResult[]): LogLine[] {
  if (!redactor) return [];
  // Each page through the rules once, then merged: the merge drops the lines two pages share by
  // their text, which must be compared as shown.
  return pages.reduce<LogLine[]>((all, page) => {
    if (page.resultType !== 'streams') return all;
    const lines = redactLogLines(redactor, page.lines);
    return all.length ? mergeLogPages(all, lines) : lines;
  }, []);
}

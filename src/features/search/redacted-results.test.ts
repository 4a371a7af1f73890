import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseTempoSearch } from '../../datasources/tempo';
import type { TraceSearchOutcome } from '../../queries/search';
import { createRedactor, MASK, Redactor } from '../../redact/rules';
import { redactSearchOutcome } from './redacted-results';

/** The recorded `select(...)` search, with an e-mail put into a root name and a matched span's attribute. */
function outcome(): TraceSearchOutcome {
  const url = new URL('../../../../shared/fixtures/tempo/tempo-search-select.body', import.meta.url);
  const body = JSON.parse(readFileSync(url, 'utf8')) as {
    traces: { rootTraceName: string; spanSets?: { spans: { attributes: unknown[] }[] }[] }[];
  };
  body.traces[0].rootTraceName = 'notify ann@example.com';
  body.traces[0].spanSets?.[0].spans[0].attributes.push({
    key: 'db.password',
    value: { stringValue: 'hunter2' },
  });
  const result = parseTempoSearch(body, 20);
  return { datasource: 'tempo', result, fromMs: 0, toMs: 1, ranAt: 0, tookMs: 1 };
}

describe('search results through the redaction rules', () => {
  it('masks root names and matched spans’ attributes, and leaves the rest as the backend sent it', () => {
    const raw = outcome();
    const shown = redactSearchOutcome(createRedactor(), raw);
    expect(JSON.stringify(shown)).not.toMatch(/ann@example|hunter2/);
    expect(shown.result.traces[0].rootName).toBe(`notify ${MASK}`);
    const attributes = shown.result.traces[0].matchedSpans?.flatMap((m) => m.attributes) ?? [];
    expect(attributes.find((a) => a.key === 'db.password')?.value).toEqual({ type: 'string', value: MASK });
    expect(shown.result.traces.slice(1)).toEqual(raw.result.traces.slice(1));
    expect(redactSearchOutcome(new Redactor([]), raw)).toBe(raw);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { redactLogLine, redactLogLines } from './logs.ts';
import { createRedactor, MASK } from './rules.ts';

const rules = createRedactor();

describe('Loki log lines read through the rules', () => {
  it('masks the line, labels, structured metadata and parsed fields by name', () => {
    const line = {
      line: 'login failed for ann@example.com with Bearer abc.def',
      labels: { service_name: 'auth', db_password: 'hunter2' },
      structuredMetadata: { trace_id: '4bf92f3577b34da6a3ce929d0e0e4736', user_email: 'bo@example.org' },
      parsed: { level: 'error' },
    };
    const out = redactLogLine(rules, line);
    expect(out.line).toBe(`login failed for ${MASK} with Bearer ${MASK}`);
    expect(out.labels).toEqual({ service_name: 'auth', db_password: MASK });
    expect(out.structuredMetadata.user_email).toBe(MASK);
    expect(out.structuredMetadata.trace_id).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(out.parsed).toBe(line.parsed);
    // Read again, nothing changes.
    expect(redactLogLine(rules, out)).toBe(out);
  });

  it('leaves the recorded Loki answer’s lines as they are when they hold nothing a rule masks', () => {
    const url = new URL(
      '../../../shared/fixtures/loki/loki-query-range-service-payment.body',
      import.meta.url,
    );
    const body: { data: { result: { stream: Record<string, string>; values: [string, string][] }[] } } =
      JSON.parse(readFileSync(url, 'utf8'));
    const lines = body.data.result.flatMap((s) =>
      s.values.map(([, text]) => ({ line: text, labels: s.stream, structuredMetadata: {}, parsed: {} })),
    );
    expect(lines.length).toBeGreaterThan(0);
    const out = redactLogLines(rules, lines);
    expect(out.filter((l, i) => l !== lines[i]).length).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { spanLogsSummary, windowText } from './span-logs-summary';

const base = {
  span: 0,
  trace: 0,
  matchedByTime: true,
  datasource: 'Local logs (embedded)',
  beforeMs: 300_000,
  afterMs: 300_000,
  limitReached: false,
};

describe('spanLogsSummary', () => {
  it('says plainly that the trace has no lines, and in which window', () => {
    const text = spanLogsSummary(base);
    expect(text).toBe('No log lines for this trace in Local logs (embedded) within ±5 min of this span.');
    expect(text).not.toMatch(/\b0 lines|of 0/);
  });

  it('says none of the trace’s lines is the span’s, and why when matched by time', () => {
    expect(spanLogsSummary({ ...base, trace: 3 })).toBe(
      'None of the trace’s 3 log lines in Local logs (embedded) is from this span (the lines carry no span IDs, so they were matched by the span’s time).',
    );
    expect(spanLogsSummary({ ...base, trace: 1, matchedByTime: false })).toBe(
      'None of the trace’s 1 log line in Local logs (embedded) is from this span.',
    );
  });

  it('counts the span’s lines among the trace’s, and says when Loki’s limit cut them', () => {
    expect(spanLogsSummary({ ...base, span: 1, trace: 20, matchedByTime: false })).toBe(
      '1 line for this span, of 20 for the trace in Local logs (embedded).',
    );
    expect(
      spanLogsSummary({ ...base, span: 100, trace: 100, matchedByTime: false, limitReached: true }),
    ).toContain("; Loki's limit of 100 lines was reached.");
  });

  it('names an uneven window by both sides', () => {
    expect(windowText(300_000, 300_000)).toBe('±5 min');
    expect(windowText(600_000, 60_000)).toBe('10 min before to 1 min after');
  });
});

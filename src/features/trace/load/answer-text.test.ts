import { describe, expect, it } from 'vitest';
import { answerText } from './answer-text';

describe('answerText', () => {
  it('says "not found" without the HTTP 200 of an empty Tempo body', () => {
    const text = answerText({
      datasource: 'local',
      outcome: 'not-found',
      status: 200,
      message: 'Trace 0af7 was not found',
    });
    expect(text).toBe('not found — Trace 0af7 was not found');
    expect(text).not.toContain('200');
  });

  it('keeps a status that agrees with the outcome, and every error status', () => {
    expect(answerText({ datasource: 'jaeger', outcome: 'not-found', status: 404, message: 'm' })).toBe(
      'not found (HTTP 404) — m',
    );
    expect(answerText({ datasource: 'tempo', outcome: 'error', status: 503, message: 'down' })).toBe(
      'error (HTTP 503) — down',
    );
    expect(
      answerText({
        datasource: 'z',
        outcome: 'cancelled',
        message: 'not waited for: another datasource had the trace',
      }),
    ).toBe('not waited for: another datasource had the trace');
  });
});

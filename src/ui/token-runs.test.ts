import { describe, expect, it } from 'vitest';
import { tokenRuns } from './token-runs';

const TRACE = '2bafbe17c123c304432c535342f87d81';
const SPAN = '48cb889768a3f10d';

/** The runs as text with `|` where a wrap point was added and [ ] around IDs kept whole. */
const shown = (text: string) =>
  tokenRuns(text)
    .map((run) => (run.kind === 'break' ? '|' : run.kind === 'id' ? `[${run.text}]` : run.text))
    .join('');

describe('tokenRuns', () => {
  it('keeps trace and span IDs whole and lets the text around them wrap after separators', () => {
    expect(shown(`level=error trace_id=${TRACE} span_id=${SPAN}`)).toBe(
      `level=|error trace_id=[${TRACE}] span_id=[${SPAN}]`,
    );
    expect(shown('{"a":"b","c":1}')).toBe('{"a":|"b",|"c":1}');
  });

  it('breaks dotted names and paths, not decimals or clock times', () => {
    expect(shown('http.response.status_code')).toBe('http.|response.|status_code');
    expect(shown('took 0.25 s at 12:30:01')).toBe('took 0.25 s at 12:30:01');
    expect(shown('/api/v2/traces')).toBe('/|api/|v2/|traces');
  });

  it('treats a UUID as an ID, but not the hex tail of a longer word', () => {
    expect(shown('id 550e8400-e29b-41d4-a716-446655440000')).toBe(
      'id [550e8400-e29b-41d4-a716-446655440000]',
    );
    expect(shown(`x${SPAN}`)).toBe(`x${SPAN}`);
  });

  it('loses no character', () => {
    const text = `GET /checkout?id=${TRACE}&b=2; done.`;
    expect(
      tokenRuns(text)
        .map((run) => (run.kind === 'break' ? '' : run.text))
        .join(''),
    ).toBe(text);
  });
});

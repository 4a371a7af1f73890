import { describe, expect, it } from 'vitest';
import { logLevel, normalizeLevel } from './log-level';

const line = (
  text: string,
  fields: { labels?: Record<string, string>; metadata?: Record<string, string> } = {},
) => ({
  line: text,
  labels: fields.labels ?? {},
  structuredMetadata: fields.metadata ?? {},
  parsed: {},
});

describe('logLevel', () => {
  it('reads what Loki and OTLP recorded before the text', () => {
    expect(logLevel(line('level=info all good', { metadata: { detected_level: 'error' } }))).toBe('error');
    expect(logLevel(line('plain', { metadata: { severity_text: 'WARNING' } }))).toBe('warn');
    expect(logLevel(line('plain', { labels: { level: 'debug' } }))).toBe('debug');
  });

  it('finds the level in logfmt, JSON and a leading word', () => {
    expect(logLevel(line('level=error msg="card declined" trace_id=abc'))).toBe('error');
    expect(logLevel(line('ts=1 lvl=WARN msg=slow'))).toBe('warn');
    expect(logLevel(line('{"level":"info","message":"ok"}'))).toBe('info');
    expect(logLevel(line('ERROR [payment] card declined by issuer'))).toBe('error');
    expect(logLevel(line('[WARN] retrying'))).toBe('warn');
  });

  it('says nothing when nothing says, rather than guessing from a word in the message', () => {
    expect(logLevel(line('request failed'))).toBeUndefined();
    expect(logLevel(line('user typed error=true in the form'))).toBeUndefined();
    expect(logLevel(line('x', { metadata: { detected_level: 'unknown' } }))).toBeUndefined();
  });

  it('normalizes the usual spellings', () => {
    expect(normalizeLevel(' Warning ')).toBe('warn');
    expect(normalizeLevel('CRIT')).toBe('fatal');
    expect(normalizeLevel('err')).toBe('error');
    expect(normalizeLevel('verbose')).toBeUndefined();
  });
});

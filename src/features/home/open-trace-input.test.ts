import { describe, expect, it } from 'vitest';
import { parseOpenTraceInput } from './open-trace-input';

describe('parseOpenTraceInput', () => {
  it('accepts a full trace ID, trimmed and lowercased', () => {
    expect(parseOpenTraceInput('  0AF7651916CD43DD8448EB211C80319C \n')).toEqual({
      ok: true,
      traceId: '0af7651916cd43dd8448eb211c80319c',
    });
  });

  it('left-pads short IDs to 32 characters', () => {
    expect(parseOpenTraceInput('abc')).toEqual({ ok: true, traceId: `${'0'.repeat(29)}abc` });
    expect(parseOpenTraceInput('8448eb211c80319c')).toEqual({
      ok: true,
      traceId: `${'0'.repeat(16)}8448eb211c80319c`,
    });
  });

  it.each([
    ['', 'Enter a trace ID.'],
    ['   ', 'Enter a trace ID.'],
    ['xyz', 'only hexadecimal'],
    ['0af76519-16cd', 'only hexadecimal'],
    ['0'.repeat(33), 'at most 32'],
    ['0000', 'all-zero'],
  ])('refuses %j, saying why', (input, reason) => {
    const result = parseOpenTraceInput(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain(reason);
  });
});

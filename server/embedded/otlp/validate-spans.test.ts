import { describe, expect, it } from 'vitest';
import { emptySpan } from './types.ts';
import { spanProblem } from './validate-spans.ts';

function withInt(intValue: string) {
  const s = emptySpan();
  s.traceId = 'ab'.repeat(16);
  s.spanId = 'cd'.repeat(8);
  s.attributes = [{ key: 'n', value: { intValue } }];
  return spanProblem(s);
}

describe('an int attribute as text', () => {
  it('is accepted over the whole int64 range, short or long', () => {
    for (const ok of [
      '0',
      '-1',
      '200',
      '123456789012345678',
      '-999999999999999999',
      '9223372036854775807',
      '-9223372036854775808',
    ])
      expect(withInt(ok), ok).toBeUndefined();
  });

  it('is refused past int64, or when it is not an integer', () => {
    for (const bad of [
      '9223372036854775808',
      '-9223372036854775809',
      '99999999999999999999',
      '',
      '-',
      '12a',
      '1.5',
      ' 1',
    ])
      expect(withInt(bad), bad).toMatch(/is not an int64/);
  });
});

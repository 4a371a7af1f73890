import { describe, expect, it } from 'vitest';
import { stepSeconds } from './step';

describe('query step', () => {
  it('takes the URL step in Prometheus units', () => {
    expect(stepSeconds('15s', 3600)).toBe(15);
    expect(stepSeconds('1m', 3600)).toBe(60);
    expect(stepSeconds('30', 3600)).toBe(30);
  });
  it('chooses about 250 points without one, and never more than Prometheus allows (11,000)', () => {
    expect(stepSeconds(undefined, 3600)).toBe(15);
    expect(stepSeconds('bogus', 60)).toBe(1);
    expect(stepSeconds('1s', 86_400 * 30)).toBeCloseTo((86_400 * 30) / 11_000);
  });
});

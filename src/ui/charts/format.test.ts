import { describe, expect, it } from 'vitest';
import { formatLabels, formatValue, guessUnit } from './format';

describe('chart value formatting', () => {
  it('writes latencies in the unit that fits', () => {
    expect(formatValue(2.35, 'seconds')).toBe('2.35 s');
    expect(formatValue(0.2452, 'seconds')).toBe('245 ms');
    expect(formatValue(0.000_012_3, 'seconds')).toBe('12.3 µs');
    expect(formatValue(5.78, 'per-second')).toBe('5.78/s');
    expect(formatValue(0.125, 'ratio')).toBe('12.5%');
    expect(formatValue(12_345)).toBe('12.3k');
  });

  it('writes the values Prometheus sends as NaN and infinities', () => {
    expect(formatValue(Number.NaN, 'seconds')).toBe('NaN');
    expect(formatValue(Number.POSITIVE_INFINITY)).toBe('+Inf');
    expect(formatValue(Number.NEGATIVE_INFINITY)).toBe('-Inf');
  });

  it('guesses units from the query', () => {
    expect(
      guessUnit('histogram_quantile(0.95, sum by (le) (rate(traces_spanmetrics_latency_bucket[5m])))'),
    ).toBe('seconds');
    expect(guessUnit('sum(rate(traces_spanmetrics_calls_total[5m]))')).toBe('per-second');
    expect(guessUnit('up')).toBe('none');
  });

  it('names series by their labels', () => {
    expect(formatLabels({ __name__: 'up', job: 'x"y' })).toBe('up{job="x\\"y"}');
    expect(formatLabels({})).toBe('{}');
  });
});

import { describe, expect, it } from 'vitest';
import { ALL_SERIES, chartSeries, seriesLabel } from './QueryChart';

describe('seriesLabel', () => {
  it('names an aggregated series (no labels) by the query, or "all series", never {}', () => {
    expect(seriesLabel({}, 'sum(rate(x[5m]))')).toBe('sum(rate(x[5m]))');
    expect(seriesLabel({})).toBe(ALL_SERIES);
    expect(seriesLabel({}, '')).toBe(ALL_SERIES);
    expect(chartSeries([{ labels: {}, points: [] }], 'up')[0].label).toBe('up');
  });

  it('keeps the labels of a labelled series', () => {
    expect(seriesLabel({ service: 'checkout' }, 'q')).toBe('{service="checkout"}');
  });
});

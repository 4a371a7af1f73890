// @vitest-environment jsdom
// The time-series chart draws its axes with the shared axes (./axes): d3's ticks of its scales,
// values in the chart's unit with grid lines, times as the chart's clock labels.
import { cleanup, render } from '@testing-library/react';
import { scaleLinear } from 'd3';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { stubResizeObserver } from '../testing/no-layout';
import { formatTime, formatValue } from './format';
import { TimeSeriesChart } from './TimeSeriesChart';

beforeAll(stubResizeObserver);
afterEach(cleanup);

const FROM = new Date(2026, 10, 22, 13, 0).getTime();
const TO = FROM + 3_600_000;

describe('TimeSeriesChart axes', () => {
  it('labels the value axis with d3’s ticks in the unit, each with a grid line, and the time axis by the clock', () => {
    const points = [0, 15, 30, 45, 60].map((m, i) => ({ t: FROM + m * 60_000, v: 0.1 * (i + 1) }));
    const { container } = render(
      <TimeSeriesChart
        label="latency"
        unit="seconds"
        fromMs={FROM}
        toMs={TO}
        series={[{ id: 's0', label: 'p95', points }]}
      />,
    );
    const left = Array.from(container.querySelectorAll('[data-axis="left"] text'), (t) => t.textContent);
    const expected = scaleLinear()
      .domain([0, 0.5])
      .nice()
      .ticks(5)
      .map((v) => formatValue(v, 'seconds'));
    expect(left).toEqual(expected);
    expect(left[0]).toBe('0 s');
    expect(container.querySelectorAll('[data-axis="left"] line')).toHaveLength(expected.length);
    const bottom = Array.from(container.querySelectorAll('[data-axis="bottom"] text'), (t) => t.textContent);
    expect(bottom.length).toBeGreaterThanOrEqual(2);
    expect(bottom).toContain(formatTime(FROM + 30 * 60_000, TO - FROM));
  });
});

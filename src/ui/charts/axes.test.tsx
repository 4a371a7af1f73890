// @vitest-environment jsdom
// The shared axes: d3 scales choose and place the ticks, React draws them with the labels asked for.
import { cleanup, render } from '@testing-library/react';
import { scaleLinear, scaleLog, scaleTime, ticks } from 'd3';
import { afterEach, describe, expect, it } from 'vitest';
import { AxisBottom, AxisLeft, axisTicks } from './axes';

afterEach(cleanup);

function labels(container: HTMLElement): string[] {
  return Array.from(container.querySelectorAll('text'), (t) => t.textContent ?? '');
}

describe('axisTicks', () => {
  it('takes d3’s own ticks and positions from the scale', () => {
    const y = scaleLinear().domain([0, 1300]).range([200, 0]);
    const got = axisTicks(y, String, { count: 5 });
    expect(got.map((t) => Number(t.label))).toEqual(ticks(0, 1300, 5));
    expect(got[0]).toEqual({ key: '0', at: 200, label: '0' });
    expect(got.at(-1)?.at).toBeCloseTo(y(1200), 6);
  });

  it('uses the values a chart chooses (a log axis of round durations)', () => {
    const y = scaleLog().domain([1, 1000]).range([100, 0]);
    const got = axisTicks(y, (v) => `${v} ms`, { values: [1, 10, 100, 1000] });
    expect(got.map((t) => t.label)).toEqual(['1 ms', '10 ms', '100 ms', '1000 ms']);
    expect(got.map((t) => Math.round(t.at))).toEqual([100, 67, 33, 0]);
  });

  it('keys time ticks by epoch ms', () => {
    const x = scaleTime()
      .domain([Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 1, 1)])
      .range([0, 600]);
    const got = axisTicks(x, (d) => d.toISOString().slice(11, 16), { count: 4 });
    expect(got[0].key).toBe(String(Date.UTC(2026, 0, 1)));
    expect(got[0].label).toBe('00:00');
    expect(got.length).toBeGreaterThanOrEqual(3);
  });
});

describe('AxisBottom and AxisLeft', () => {
  const tick = (at: number, label: string) => ({ key: label, at, label });

  it('draw a label per tick at its position, with the axis line and tick marks when asked', () => {
    const { container } = render(
      <svg aria-label="chart">
        <title>chart</title>
        <AxisBottom y={100} ticks={[tick(0, 'a'), tick(50, 'b')]} line={{ from: 0, to: 80 }} />
        <AxisLeft ticks={[tick(90, '0'), tick(10, '1s')]} grid={80} />
      </svg>,
    );
    expect(labels(container)).toEqual(['a', 'b', '0', '1s']);
    const bottom = container.querySelector('[data-axis="bottom"]');
    expect(bottom?.getAttribute('transform')).toBe('translate(0,100)');
    expect(bottom?.querySelector('path')?.getAttribute('d')).toBe('M0,6V0H80V6');
    expect(bottom?.querySelectorAll('g')[1]?.getAttribute('transform')).toBe('translate(50,0)');
    const left = container.querySelector('[data-axis="left"]');
    expect(left?.querySelector('path')).toBeNull();
    expect(left?.querySelector('line')?.getAttribute('x2')).toBe('80');
    expect(left?.querySelectorAll('g')[0]?.getAttribute('transform')).toBe('translate(0,90)');
  });
});

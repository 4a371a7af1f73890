// @vitest-environment jsdom
// The scatter's axes keep their rules when React draws them: '0' at the origin of a linear axis,
// round durations on a log axis, 24-hour time labels; the time axis fits the results, with the
// searched range in a strip below; a dot says when errors are unknown.
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TraceSummary } from '../../datasources/types';
import { formatDurationMs } from '../../ui/format';
import { stubResizeObserver } from '../../ui/testing/no-layout';
import { ResultsScatter } from './ResultsScatter';
import { logDurationTicks, timeTickLabel } from './scatter-scale';

beforeAll(stubResizeObserver);
afterEach(cleanup);

const FROM = new Date(2026, 10, 22, 13, 0).getTime();
const TO = new Date(2026, 10, 22, 14, 0).getTime();

function trace(i: number, durationMs: number): TraceSummary {
  return {
    traceId: i.toString(16).padStart(32, '0'),
    rootService: 'svc',
    rootName: 'op',
    startUnixMs: FROM + i * 60_000,
    durationMs,
    spanCount: 3,
    services: [],
  };
}

function axisLabels(container: HTMLElement, axis: 'left' | 'bottom'): string[] {
  return Array.from(container.querySelectorAll(`[data-axis="${axis}"] text`), (t) => t.textContent ?? '');
}

function renderScatter(durations: number[]) {
  return render(
    <ResultsScatter
      traces={durations.map((d, i) => trace(i + 1, d))}
      fromMs={FROM}
      toMs={TO}
      onOpen={() => {}}
      onBrush={() => {}}
    />,
  ).container;
}

describe('ResultsScatter axes', () => {
  it('labels a linear duration axis from 0 at the origin', () => {
    const container = renderScatter([120, 250, 900, 1100]);
    const left = axisLabels(container, 'left');
    expect(left[0]).toBe('0');
    expect(left.length).toBeGreaterThanOrEqual(3);
    expect(left.slice(1).every((label) => label !== '0')).toBe(true);
    expect(container.querySelectorAll('circle')).toHaveLength(4);
  });

  it('labels a log duration axis with the round durations of logDurationTicks', () => {
    const durations = [4, 12, 30, 60_000];
    const container = renderScatter(durations);
    const left = axisLabels(container, 'left');
    // Domain as the chart sets it: the shortest / 1.5 to the longest × 1.2; 220 px − margins ⇒ 8 ticks.
    const expected = logDurationTicks(4 / 1.5, 60_000 * 1.2, Math.floor((220 - 10 - 28) / 22));
    expect(left).toEqual(expected.map(formatDurationMs));
    expect(left).not.toContain('0');
  });

  it('labels the time axis in 24-hour local time', () => {
    const container = renderScatter([120, 250]);
    // The whole searched hour (the axis fits the two results by default).
    fireEvent.click(screen.getByRole('button', { name: 'Full range' }));
    const bottom = axisLabels(container, 'bottom');
    expect(bottom.length).toBeGreaterThanOrEqual(2);
    expect(bottom).toContain(timeTickLabel(new Date(2026, 10, 22, 13, 30)));
    for (const label of bottom)
      expect(label).toMatch(/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$|^[A-Z][a-z]{2} \d+$/);
  });
});

const cx = (container: HTMLElement) =>
  Array.from(container.querySelectorAll('[data-testid="results-scatter"] circle'), (c) =>
    Number(c.getAttribute('cx')),
  );

describe('ResultsScatter time axis', () => {
  // 800 px wide (no layout in jsdom): 728 px of plot.
  const PLOT = 800 - 56 - 16;
  const recent = (n: number): TraceSummary[] =>
    Array.from({ length: n }, (_, i) => ({ ...trace(i + 1, 100), startUnixMs: TO - 30_000 + i * 2_500 }));

  it('fits twelve traces from the last 30 s across the plot, the searched hour shown in a strip', () => {
    const { container } = render(
      <ResultsScatter traces={recent(12)} fromMs={FROM} toMs={TO} onOpen={() => {}} onBrush={() => {}} />,
    );
    const xs = cx(container);
    expect(Math.max(...xs) - Math.min(...xs)).toBeGreaterThan(PLOT * 0.8);
    expect(screen.getByRole('button', { name: 'Fit results' }).getAttribute('aria-pressed')).toBe('true');
    const band = container.querySelector('[data-testid="scatter-overview-window"]');
    // 30 s of one hour: a narrow band at the right end of the strip.
    expect(Number(band?.getAttribute('width'))).toBeLessThan(PLOT * 0.05);
    expect(Number(band?.getAttribute('x')) + Number(band?.getAttribute('width'))).toBeCloseTo(PLOT, 0);
    expect(screen.getByRole('img', { name: /^Searched range 13:00–14:00; the plot shows / })).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Full range' }));
    const squeezed = cx(container);
    expect(Math.max(...squeezed) - Math.min(...squeezed)).toBeLessThan(PLOT * 0.01);
    expect(container.querySelector('[data-testid="scatter-overview"]')).toBeNull();
  });

  it('offers no toggle when the results already fill the range', () => {
    const { container } = render(
      <ResultsScatter
        traces={[trace(1, 10), trace(58, 20)]}
        fromMs={FROM}
        toMs={TO}
        onOpen={() => {}}
        onBrush={() => {}}
      />,
    );
    expect(screen.queryByRole('button', { name: 'Fit results' })).toBeNull();
    expect(container.querySelector('[data-testid="scatter-overview"]')).toBeNull();
  });
});

describe('ResultsScatter dots', () => {
  it('marks unknown errors apart from "no errors" and "errors"', () => {
    const traces: TraceSummary[] = [
      { ...trace(1, 10), errorCount: 2 },
      { ...trace(2, 10), errorCount: 0 },
      { ...trace(3, 10), spanCount: undefined, errorCount: undefined, services: undefined },
    ];
    const { container } = render(
      <ResultsScatter traces={traces} fromMs={FROM} toMs={TO} onOpen={() => {}} onBrush={() => {}} />,
    );
    const facts = Array.from(container.querySelectorAll('circle'), (c) => c.getAttribute('data-errors'));
    expect(facts).toEqual(['errors', 'none', 'unknown']);
    const unknown = container.querySelectorAll('circle')[2];
    expect(unknown?.querySelector('title')?.textContent).toMatch(/spans unknown · errors unknown$/);
    expect(unknown?.getAttribute('class')).not.toMatch(/fill-sky|fill-red/);
    expect(screen.getByText(/grey ring = errors unknown/)).toBeTruthy();
  });
});

// @vitest-environment jsdom
// The scatter's axes keep their rules when React draws them: '0' at the origin of a linear axis,
// round durations on a log axis, 24-hour time labels.
import { cleanup, render } from '@testing-library/react';
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
    const bottom = axisLabels(container, 'bottom');
    expect(bottom.length).toBeGreaterThanOrEqual(2);
    expect(bottom).toContain(timeTickLabel(new Date(2026, 10, 22, 13, 30)));
    for (const label of bottom)
      expect(label).toMatch(/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$|^[A-Z][a-z]{2} \d+$/);
  });
});

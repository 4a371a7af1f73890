// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SpanFlag } from '../../model/types.ts';
import { inProcessWorker, loadRecordedTrace } from './state/testing/in-process-worker.ts';
import { TraceLegend } from './TraceLegend.tsx';
import { WaterfallRow } from './waterfall/WaterfallRow.tsx';

afterEach(cleanup);

const tokens = (el: Element | null) =>
  new Set((el?.getAttribute('class') ?? '').split(/\s+/).filter(Boolean));
const sameTokens = (row: Element | null, legend: Element | null) => {
  const legendTokens = tokens(legend);
  const rowTokens = tokens(row);
  return [...legendTokens].filter((t) => !rowTokens.has(t));
};

describe('the waterfall legend', () => {
  it('opens from its button, takes focus, and Esc closes it without clearing the span', () => {
    const onDocumentKey = vi.fn();
    document.addEventListener('keydown', onDocumentKey);
    render(<TraceLegend />);
    const button = screen.getByRole('button', { name: 'Legend' });
    expect(button.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(button);
    const dialog = screen.getByRole('dialog', { name: 'What the waterfall’s marks mean' });
    expect(button.getAttribute('aria-expanded')).toBe('true');
    expect(button.getAttribute('aria-controls')).toBe(dialog.id);
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Close' }));
    expect(dialog.textContent).toContain('Dark time (hatched)');
    expect(dialog.textContent).toContain('Critical path (bar under the span)');
    expect(dialog.textContent).toContain('Error (red outline and !)');
    fireEvent.keyDown(document.activeElement as Element, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(button);
    // The screen's Esc (clear the selected span) did not also run.
    expect(onDocumentKey).not.toHaveBeenCalled();
    document.removeEventListener('keydown', onDocumentKey);
  });

  it('closes on a click outside it', () => {
    render(
      <div>
        <p>outside</p>
        <TraceLegend />
      </div>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Legend' }));
    expect(screen.getByRole('dialog')).toBeTruthy();
    fireEvent.pointerDown(screen.getByText('outside'));
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('draws each mark exactly as a waterfall row does', async () => {
    const { client } = inProcessWorker();
    const trace = await loadRecordedTrace(client);
    const t = trace.table;
    const rows = [];
    for (let row = 0; row < t.count; row++) {
      rows.push(
        <WaterfallRow
          key={row}
          trace={trace}
          row={row}
          index={row}
          top={row * 24}
          height={24}
          expanded
          selected={false}
          highlighted={false}
          dimmed={false}
          window={{ from: 0, to: trace.durationNs }}
          showCriticalPath
          showDarkTime
          colour="#7c9cc4"
          logTimes={[t.start[row]]}
          timelinePx={800}
          nameWidth={300}
          onSelect={() => {}}
          onToggle={() => {}}
          onHover={() => {}}
        />,
      );
    }
    const waterfall = render(<div>{rows}</div>).container;
    render(<TraceLegend />);
    fireEvent.click(screen.getByRole('button', { name: 'Legend' }));
    const legend = screen.getByRole('dialog');

    const rowHatch = waterfall.querySelector<HTMLElement>('[data-dark-gap]');
    const legendHatch = legend.querySelector<HTMLElement>('[data-legend-dark]');
    expect(rowHatch?.style.background).toContain('repeating-linear-gradient');
    expect(legendHatch?.style.background).toBe(rowHatch?.style.background);
    expect(sameTokens(rowHatch, legendHatch)).toEqual([]);

    const rowCp = waterfall.querySelector('[data-cp-segment]');
    expect(rowCp).not.toBeNull();
    expect(sameTokens(rowCp, legend.querySelector('[data-legend-cp]'))).toEqual([]);

    const errorRow = [...Array(t.count).keys()].find((r) => t.flags[r] & SpanFlag.Error);
    expect(errorRow).toBeDefined();
    const errorEl = waterfall.querySelector(`[data-error="1"]`);
    const legendError = legend.querySelector('[data-legend="error"]');
    expect(
      sameTokens(
        errorEl?.querySelector('[data-bar]') ?? null,
        legendError?.querySelector('[data-legend-bar]') ?? null,
      ),
    ).toEqual([]);
    const bang =
      [...(errorEl?.querySelectorAll('span') ?? [])].find(
        (s) => s.textContent === '!' && s.childElementCount === 0,
      ) ?? null;
    const legendBang =
      [...(legendError?.querySelectorAll('span') ?? [])].find(
        (s) => s.textContent === '!' && s.childElementCount === 0,
      ) ?? null;
    expect(bang).not.toBeNull();
    expect([...tokens(legendBang)].filter((x) => !tokens(bang).has(x))).toEqual([]);

    const legendEvent = legend.querySelector('[data-legend="event"] [data-legend-bar] + span');
    const rowEvent = waterfall.querySelector('[data-event-tick]');
    if (rowEvent) expect(sameTokens(rowEvent, legendEvent)).toEqual([]);
    expect(
      sameTokens(
        waterfall.querySelector('[data-log-mark]'),
        legend.querySelector('[data-legend="log"] [data-legend-bar] + span'),
      ),
    ).toEqual([]);
  });
});

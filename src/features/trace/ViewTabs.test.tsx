// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TRACE_VIEWS, type TraceView } from '../../routes/trace-url.ts';
import { tabAfterKey, ViewTabs } from './ViewTabs.tsx';

afterEach(cleanup);

describe('the view tabs (ARIA tabs pattern)', () => {
  it('moves with the arrows (wrapping), Home and End', () => {
    expect(tabAfterKey('ArrowRight', 0, 7)).toBe(1);
    expect(tabAfterKey('ArrowRight', 6, 7)).toBe(0);
    expect(tabAfterKey('ArrowLeft', 0, 7)).toBe(6);
    expect(tabAfterKey('Home', 4, 7)).toBe(0);
    expect(tabAfterKey('End', 1, 7)).toBe(6);
    expect(tabAfterKey('a', 1, 7)).toBe(-1);
  });

  it('puts only the active tab in the Tab order, and activates the tab a key moves to', () => {
    const onActivate = vi.fn();
    const tabId = (v: TraceView) => `t-${v}`;
    render(<ViewTabs active="waterfall" panelId="p" tabId={tabId} onActivate={onActivate} />);
    const tabs = screen.getAllByRole('tab');
    expect(tabs).toHaveLength(TRACE_VIEWS.length);
    expect(tabs.filter((t) => t.tabIndex === 0).map((t) => t.id)).toEqual(['t-waterfall']);
    expect(tabs.every((t) => t.getAttribute('aria-controls') === 'p')).toBe(true);
    expect(screen.getByRole('tab', { selected: true }).textContent).toBe('Waterfall');

    fireEvent.keyDown(tabs[0], { key: 'ArrowLeft' });
    expect(onActivate).toHaveBeenLastCalledWith('json');
    expect(document.activeElement?.id).toBe('t-json');
    fireEvent.keyDown(tabs[0], { key: 'ArrowRight', ctrlKey: true });
    expect(onActivate).toHaveBeenCalledTimes(1);
    fireEvent.click(screen.getByRole('tab', { name: 'Statistics' }));
    expect(onActivate).toHaveBeenLastCalledWith('stats');
  });
});

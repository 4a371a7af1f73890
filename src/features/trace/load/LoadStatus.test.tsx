// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { TraceLoading } from './LoadStatus.tsx';

const ID = '5f8d122418e0697eae4509d2a6e3ba20';

afterEach(cleanup);

describe('the trace loading screen', () => {
  it('fills a progress bar with the bytes received when the size is known', () => {
    // The 2,000-span Tempo recording is 1,214,532 bytes; a quarter of it has arrived.
    render(<TraceLoading traceId={ID} progress={{ phase: 'fetching', done: 303_633, total: 1_214_532 }} />);
    const bar = screen.getByRole('progressbar', { name: 'Bytes received' });
    expect(bar.getAttribute('aria-valuenow')).toBe('303633');
    expect(bar.getAttribute('aria-valuemax')).toBe('1214532');
    expect(bar.getAttribute('aria-valuetext')).toBe('297 KB of 1.16 MB');
    expect(screen.getByTestId('trace-loading').textContent).toContain('297 KB of 1.16 MB');
  });

  it('counts bytes without a bar value when the server gave no size, and spans once analysing', () => {
    const { rerender } = render(
      <TraceLoading traceId={ID} progress={{ phase: 'fetching', done: 5 * 1024 * 1024 }} />,
    );
    const bar = screen.getByRole('progressbar', { name: 'Bytes received' });
    expect(bar.hasAttribute('aria-valuenow')).toBe(false);
    expect(bar.hasAttribute('value')).toBe(false);
    expect(screen.getByTestId('trace-loading').textContent).toContain('5 MB received');
    rerender(<TraceLoading traceId={ID} progress={{ phase: 'analysing', done: 0, total: 100_000 }} />);
    expect(screen.getByTestId('trace-loading').textContent).toContain('Analysing trace');
    expect(screen.getByTestId('trace-loading').textContent).toContain('100,000 spans');
    expect(screen.getByRole('progressbar', { name: 'Loading' })).toBeTruthy();
  });
});

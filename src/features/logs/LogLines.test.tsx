// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LogLine } from '../../datasources/loki';
import { LogLines } from './LogLines';

afterEach(cleanup);

const TRACE = '2bafbe17c123c304432c535342f87d81';
const SPAN = '48cb889768a3f10d';

const LABELS = Object.fromEntries(
  [
    'service_name',
    'env',
    'namespace',
    'pod',
    'container',
    'job',
    'cluster',
    'region',
    'zone',
    'node',
    'app',
  ].map((key) => [key, `${key}-value`]),
);

const line = (over: Partial<LogLine> = {}): LogLine => ({
  id: 'l1',
  timeNs: '1795300496000000000',
  timeMs: 1795300496000,
  line: `level=error msg="card declined by issuer" trace_id=${TRACE} span_id=${SPAN}`,
  labels: LABELS,
  structuredMetadata: { trace_id: TRACE, span_id: SPAN, detected_level: 'error' },
  parsed: {},
  ...over,
});

function renderLines(props: Partial<Parameters<typeof LogLines>[0]> = {}) {
  render(
    <MemoryRouter>
      <LogLines label="Lines" lines={[line()]} {...props} />
    </MemoryRouter>,
  );
  return screen.getByTestId('log-line');
}

describe('LogLines', () => {
  it('puts the message before any label, with the level as a word', () => {
    const row = renderLines();
    const text = within(row).getByTestId('log-line-text');
    const level = within(row).getByTestId('log-level');
    expect(level.textContent).toBe('ERROR');
    expect(level.getAttribute('data-level')).toBe('error');
    expect(text.textContent).toBe(line().line);
    // Eleven labels, none on screen until asked for: the fold is hidden.
    const fold = within(row).getByTestId('log-labels');
    expect(fold.hidden).toBe(true);
    expect(fold.querySelectorAll('[data-label]')).toHaveLength(11);
    // The message comes first in reading order; the labels after it.
    expect(text.compareDocumentPosition(fold) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it('unfolds one line’s labels with a keyboard-reachable toggle that says its state', () => {
    const row = renderLines();
    const toggle = within(row).getByRole('button', { name: /Show 12 labels of the line at/ });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(toggle.textContent).toContain('12 labels');
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(toggle.getAttribute('aria-label')).toMatch(/^Hide 12 labels/);
    const fold = document.getElementById(toggle.getAttribute('aria-controls') ?? '');
    expect(fold?.hidden).toBe(false);
    expect(within(fold as HTMLElement).getByText('service_name=service_name-value')).toBeTruthy();
    // detected_level is metadata (the IDs are not repeated: the link carries them).
    expect(fold?.querySelector('[data-metadata="detected_level"]')).not.toBeNull();
    expect(fold?.querySelector('[data-metadata="trace_id"]')).toBeNull();
  });

  it('keeps IDs whole in the text and names the link plainly', () => {
    const row = renderLines();
    const id = within(row).getByText(TRACE);
    expect(id.className).toContain('whitespace-nowrap');
    const link = within(row).getByRole('link', { name: `Open trace ${TRACE} at span ${SPAN}` });
    expect(link.textContent).toBe('Open span');
    expect(link.getAttribute('title')).toBe(`Open trace ${TRACE} at span ${SPAN}`);
  });

  it('makes the line a button whose name is its message; the toggle is not inside it', () => {
    const onLineClick = vi.fn();
    const row = renderLines({ onLineClick, traceLinks: false, showLabels: false });
    const buttons = within(row).getAllByRole('button');
    expect(buttons[0].textContent).toContain('card declined by issuer');
    fireEvent.click(buttons[0]);
    expect(onLineClick).toHaveBeenCalledWith(
      expect.objectContaining({ id: 'l1' }),
      expect.objectContaining({ spanId: SPAN }),
    );
    // Without stream labels the fold holds the metadata only.
    expect(buttons[1].textContent).toContain('1 label');
    expect(within(row).queryByRole('link')).toBeNull();
  });

  it('shows no level when nothing says one', () => {
    render(
      <MemoryRouter>
        <LogLines
          label="Lines"
          lines={[line({ line: 'request failed', labels: {}, structuredMetadata: {} })]}
        />
      </MemoryRouter>,
    );
    expect(screen.queryByTestId('log-level')).toBeNull();
    expect(screen.queryByTestId('log-labels-toggle')).toBeNull();
  });
});

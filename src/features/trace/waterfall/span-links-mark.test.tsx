// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { inProcessWorker, loadRecordedTrace } from '../state/testing/in-process-worker.ts';
import { TraceLegend } from '../TraceLegend.tsx';
import { WaterfallRow } from './WaterfallRow.tsx';

afterEach(cleanup);

const tokens = (el: Element | null) => (el?.getAttribute('class') ?? '').split(/\s+/).filter(Boolean);

describe('the span links mark', () => {
  it('marks the Kafka consumer span that links to its producer, and no other row', async () => {
    const { client } = inProcessWorker();
    // Tempo's recorded Kafka trace: "orders process" links to "orders publish" (a kafka message).
    const trace = await loadRecordedTrace(client, 'tempo-trace-v2-kafka-sametrace-json');
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
          showCriticalPath={false}
          showDarkTime={false}
          colour="#7c9cc4"
          timelinePx={800}
          nameWidth={300}
          onSelect={() => {}}
          onToggle={() => {}}
          onHover={() => {}}
        />,
      );
    }
    const waterfall = render(<div>{rows}</div>).container;
    const marked = [...waterfall.querySelectorAll('[role="row"]')].filter((r) =>
      r.querySelector('[data-span-links]'),
    );
    expect(marked.map((r) => r.getAttribute('data-span-id'))).toEqual(['a47cdbcb6e1d6579']);
    expect(marked[0].textContent).toContain('orders process');
    const chip = marked[0].querySelector('[data-span-links]');
    expect(chip?.textContent).toContain('links');
    expect(chip?.getAttribute('title')).toContain('links to other spans');

    // The legend draws the same chip.
    render(<TraceLegend />);
    fireEvent.click(screen.getByRole('button', { name: 'Legend' }));
    const legend = screen.getByRole('dialog');
    expect(legend.textContent).toContain('Span links (chip after the name)');
    expect(tokens(legend.querySelector('[data-span-links]'))).toEqual(tokens(chip));
  });
});

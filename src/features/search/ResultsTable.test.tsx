// @vitest-environment jsdom
// The table shows what the backend said and marks what it did not: a Tempo search without
// serviceStats has unknown span, service and error counts (—), never "1 service, no errors".
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { cleanup, render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import { parseTempoSearch } from '../../datasources/tempo';
import type { TraceSummary } from '../../datasources/types';
import { ResultsTable } from './ResultsTable';
import { DEFAULT_SORT } from './sort-results';

afterEach(cleanup);

// jsdom gives modules an http import.meta.url: the fixtures are found from the repository root.
const fixture = (name: string) =>
  JSON.parse(readFileSync(path.resolve(process.cwd(), '../shared/fixtures/tempo', name), 'utf8'));

function renderTable(traces: TraceSummary[]) {
  render(
    <MemoryRouter>
      <ResultsTable traces={traces} ds="tempo" sort={DEFAULT_SORT} onSort={() => {}} showMatched />
    </MemoryRouter>,
  );
  return screen.getAllByRole('row').slice(1);
}

const cell = (row: HTMLElement, column: string) => {
  const found = row.querySelector(`td[data-column="${column}"]`);
  if (!(found instanceof HTMLElement)) throw new Error(`no ${column} cell`);
  return found;
};

describe('ResultsTable facts', () => {
  it('marks unknown counts with — and says "unknown" to screen readers', () => {
    const rows = renderTable(parseTempoSearch(fixture('tempo-search-tags-legacy.body'), 5).traces);
    expect(rows).toHaveLength(5);
    for (const row of rows) {
      for (const column of ['spans', 'services', 'errors']) {
        const text = cell(row, column).textContent ?? '';
        expect(text, column).toBe('—unknown');
        expect(within(cell(row, column)).getByText('—').getAttribute('aria-hidden')).toBe('true');
      }
    }
  });

  it('shows the counts Tempo sent: services, spans and errors of the whole trace', () => {
    const traces = parseTempoSearch(fixture('tempo-search-all.body'), 20).traces;
    const rows = renderTable(traces);
    const first = traces.find((t) => t.traceId === '073bad988b85ac85925c6a3da73e917d');
    if (!first) throw new Error('fixture trace missing');
    const row = rows.find((r) => r.getAttribute('data-trace-id') === first.traceId);
    if (!row) throw new Error('row missing');
    // serviceStats: 7 services, 25 spans, 6 errors.
    expect(cell(row, 'services').textContent).toBe('7');
    expect(cell(row, 'spans').textContent).toBe('25');
    expect(cell(row, 'errors').textContent).toBe('6');
    expect(cell(row, 'errors').className).toMatch(/text-red-700/);
  });
});

describe('ResultsTable compare selection (issue 16)', () => {
  it('links two picked traces to the compare, the faster as A, each with its own window; a third pick drops the oldest', () => {
    const traces = parseTempoSearch(fixture('tempo-search-all.body'), 20).traces;
    const rows = renderTable(traces);
    const pick = (i: number) => within(rows[i]).getByRole('checkbox').click();
    expect(screen.queryByTestId('compare-selected')).toBeNull();
    pick(0);
    expect(screen.queryByTestId('compare-selected')).toBeNull();
    pick(1);
    pick(2);
    const [x, y] = [1, 2].map((i) => traces.find((t) => t.traceId === rows[i].getAttribute('data-trace-id')));
    if (!x || !y) throw new Error('rows missing');
    const [faster, slower] = x.durationMs <= y.durationMs ? [x, y] : [y, x];
    const href = screen.getByTestId('compare-selected').getAttribute('href') ?? '';
    expect(href).toMatch(new RegExp(`^/compare/${faster.traceId}/${slower.traceId}\\?dsA=tempo&dsB=tempo&`));
    expect((within(rows[0]).getByRole('checkbox') as HTMLInputElement).checked).toBe(false);
    const start = (t: TraceSummary) => String(Math.floor(t.startUnixMs / 1000) - 60);
    expect(href).toContain(`startA=${start(faster)}`);
    expect(href).toContain(`startB=${start(slower)}`);
  });
});

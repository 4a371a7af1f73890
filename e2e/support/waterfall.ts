// What a trace's waterfall must show, from the model: every span ID and which spans are on the
// critical path (analysis/critical-path.ts); and the check that the page shows exactly that, with
// the header's "Critical path" badge. Span IDs may repeat (Zipkin's shared client/server IDs), so
// rows are compared as a list of (ID, on the path), not looked up by ID.
import { expect, type Page } from '@playwright/test';
import { criticalPath } from '../../src/analysis/critical-path.ts';
import { spanIdHex } from '../../src/model/ids.ts';
import type { Trace } from '../../src/model/types.ts';

export interface ExpectedWaterfall {
  traceId: string;
  /** Span ID of each row of the model's table. */
  ids: string[];
  /** IDs of the spans with time on the critical path (a repeated ID once per such span). */
  critical: string[];
  /** `id:1` for a span on the critical path, `id:0` otherwise, one per span, sorted. */
  rows: string[];
}

export function expectedWaterfall(trace: Trace): ExpectedWaterfall {
  const t = trace.table;
  const ids = Array.from({ length: t.count }, (_, r) => spanIdHex(t.spanIdHi[r], t.spanIdLo[r]));
  const path = criticalPath(trace);
  const on = (r: number) => path.timeOnPath[r] > 0;
  return {
    traceId: trace.traceId,
    ids,
    critical: ids.filter((_, r) => on(r)),
    rows: ids.map((id, r) => `${id}:${on(r) ? 1 : 0}`).sort(),
  };
}

/** The open trace page shows the model's spans, the critical path on the spans it is on, and the badge. */
export async function expectWaterfall(page: Page, want: ExpectedWaterfall): Promise<void> {
  const rows = page.locator('[role="treegrid"] [role="row"][data-span-id]');
  await expect(rows.first()).toBeVisible();
  // Repeated siblings fold into one group row (decision 0191); every other span has its own row.
  const shown = await rows.evaluateAll((els) =>
    els.map(
      (e) => `${e.getAttribute('data-span-id') ?? ''}:${e.getAttribute('data-critical') === '1' ? 1 : 0}`,
    ),
  );
  const groups = await page.locator('[role="treegrid"] [role="row"][data-group-id]').count();
  expect(shown.length + groups).toBeGreaterThan(want.ids.length / 2);
  // Each row drawn carries the mark the model gives its span (rows scrolled out of view are not drawn).
  for (const row of shown) expect(want.rows).toContain(row);
  expect(shown.filter((r) => r.endsWith(':1')).length).toBeGreaterThan(1);
  await expect(page.getByTestId('trace-header').locator('[data-badge="cp"]')).toContainText('Critical path');
}

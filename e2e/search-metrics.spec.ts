// TraceQL metrics on the search page: a metrics query draws its series (one line per by() group,
// named in the legend, values at the pointer) instead of the trace table, and an exemplar dot opens
// its trace. Once on the embedded backend with its demo data, once against a Tempo replaying the
// tempo-metrics-* recordings (Tempo 3.0.3 over ../shared/fixtures/tempo/dataset/).
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { Page } from '@playwright/test';
import { type Recording, type ReplayUpstream, startReplayUpstream } from './support/replay-upstream';
import { anyOf, expect, test } from './support/test';
import { startTracelight, type Tracelight } from './support/tracelight';

const RATE_BY_SERVICE = '{ } | rate() by (resource.service.name)';
const dist = process.env.TRACELIGHT_E2E_DIST ? ['--dist', process.env.TRACELIGHT_E2E_DIST] : [];

const chart = (page: Page) => page.getByRole('region', { name: 'Metrics' });
const legend = (page: Page) => chart(page).getByRole('list', { name: 'Legend' }).getByRole('button');
const dots = (page: Page) => chart(page).getByTestId('exemplar');

/** Hovers the middle of the plot and returns the hover card's rows. */
async function hoverValues(page: Page) {
  const plot = chart(page).locator('svg rect').last();
  const box = await plot.boundingBox();
  if (!box) throw new Error('the chart has no plot area');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  return chart(page).getByTestId('chart-hover').getByRole('listitem');
}

test.describe('embedded backend', () => {
  test.use({ allowedConsoleErrors: /status of 400 .*\/api\/ds\/local\/api\/metrics/ });
  let app: Tracelight;
  test.beforeAll(async () => {
    app = await startTracelight({ config: { server: { embedded: true, otlpPort: 0 } }, args: dist });
  });
  test.afterAll(async () => {
    await app?.stop();
  });

  test('rate() by service draws one line per demo service, and an exemplar opens its trace', async ({
    page,
  }) => {
    await page.goto(`${app.url}search?ds=local&q=${encodeURIComponent(RATE_BY_SERVICE)}`);
    // No trace table: the chart replaces it, and the backend's "use /api/metrics" error never shows.
    await expect(legend(page).first()).toBeVisible();
    await expect(page.getByRole('table', { name: 'Traces found' })).toHaveCount(0);
    await expect(page.getByText('/api/metrics/query_range')).toHaveCount(0);
    const names = await legend(page).allTextContents();
    for (const service of ['checkout', 'payment', 'inventory']) {
      expect(names).toContain(`{resource.service.name="${service}"}`);
    }
    // Every legend entry is a distinct series.
    expect(new Set(names).size).toBe(names.length);
    await expect(chart(page).getByTestId('metrics-summary')).toContainText(`${names.length} series`);

    const rows = await hoverValues(page);
    await expect(rows.first()).toContainText('/s');

    // Step is in the URL; choosing one asks again with it.
    await chart(page).getByLabel('Step').selectOption('5m');
    await expect(page).toHaveURL(/[?&]step=5m(&|$)/);
    await expect(legend(page).first()).toBeVisible();

    const dot = dots(page).first();
    await expect(dot).toBeVisible();
    const label = (await dot.getAttribute('aria-label')) ?? '';
    const prefix = /trace ([0-9a-f]{8})…/.exec(label)?.[1];
    expect(prefix, label).toBeDefined();
    await dot.click();
    await expect(page).toHaveURL(new RegExp(`/trace/${prefix}[0-9a-f]{24}\\?`));
    await expect(page.locator('[role="treegrid"] [role="row"][data-span-id]').first()).toBeVisible();
  });

  test('a metrics query typed in the editor gets no marker, Ctrl+Enter draws it, and | offers the second stage', async ({
    page,
  }) => {
    const query = '{ status = error } | count_over_time() by (resource.service.name, name)';
    await page.goto(`${app.url}search?ds=local`);
    const editor = page.locator('[data-editor="monaco"] .monaco-editor');
    await editor.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText(query);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe(query);
    await expect(legend(page).first()).toContainText('name=');
    await expect(page.getByRole('table', { name: 'Traces found' })).toHaveCount(0);
    // The chart took a round trip to the backend: the editor's diagnostics have long run.
    await expect(page.locator('[data-editor="monaco"] .squiggly-error')).toHaveCount(0);

    await editor.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' | ');
    await page.keyboard.press('Control+Space');
    const rows = page.locator('.suggest-widget .monaco-list-row');
    await expect(rows.filter({ hasText: 'topk' })).toBeVisible();
    await expect(rows.filter({ hasText: 'select' })).toHaveCount(0);
  });

  test('an invalid metrics query shows the backend parse error at the query, not a chart', async ({
    page,
  }) => {
    await page.goto(`${app.url}search?ds=local&q=${encodeURIComponent('{ status = error } | rate(')}`);
    await expect(page.getByText(/parse error|expecting|unexpected/i).first()).toBeVisible();
    await expect(legend(page)).toHaveCount(0);
  });
  test('compare() ranks what differs between failing spans and the rest, and a value narrows the query', async ({
    page,
  }) => {
    const q = '{ } | compare({ status = error })';
    await page.goto(`${app.url}search?ds=local&q=${encodeURIComponent(q)}`);
    const comparison = page.getByRole('region', { name: 'Comparison' });
    await expect(comparison.getByTestId('compare-summary')).toContainText(
      /Selection [\d,]+ spans · baseline [\d,]+ spans/,
      {
        timeout: 30_000,
      },
    );
    await expect(page.getByRole('table', { name: 'Traces found' })).toHaveCount(0);
    // The selection is the failing spans: status = error is all of it and none of the baseline.
    const status = comparison.locator('[data-compare-attribute="status"]');
    await expect(status.locator('[data-compare-value="error"]')).toContainText('100%');
    // The demo's failing spans come from a few services: resource.service.name differs, and its
    // first value is one the selection has more of.
    const services = comparison.locator('[data-compare-attribute="resource.service.name"]');
    const first = services.locator('tbody tr').first();
    const service = await first.getAttribute('data-compare-value');
    expect(service).toBeTruthy();
    await first.getByRole('button').click();
    await expect
      .poll(() => new URL(page.url()).searchParams.get('q'))
      .toBe(`{ resource.service.name = "${service}" } | compare({ status = error })`);
    await expect(comparison.getByTestId('compare-summary')).toBeVisible({ timeout: 30_000 });
    // Narrowed to that service, every span of both sides is that service's.
    await expect(services.locator('tbody tr')).toHaveCount(1);
  });
});

test.describe('Tempo (replayed recordings)', () => {
  // The window the metrics were recorded with, in epoch ms.
  const FROM = 1795300322000;
  const TO = 1795303022000;
  let tempo: ReplayUpstream;
  let app: Tracelight;

  test.use({
    allowedConsoleErrors: anyOf(
      /status of 404 .*\/api\/ds\/tempo\/api\/v2\/search\//,
      /status of 404 .*\/api\/ds\/tempo\/api\/search/,
      /status of 400 .*\/api\/ds\/tempo\/api\/metrics/,
    ),
  });

  test.beforeAll(async () => {
    // The dataset's traces, served by ID, so an exemplar's trace opens.
    const dataset = gunzipSync(
      readFileSync(new URL('../../shared/fixtures/tempo/dataset/tempo-traces-v2.jsonl.gz', import.meta.url)),
    ).toString('utf8');
    const extraRecordings: Recording[] = [];
    for (const line of dataset.split('\n')) {
      if (line.trim() === '') continue;
      const { traceID, response } = JSON.parse(line) as { traceID: string; response: unknown };
      extraRecordings.push({
        name: `dataset/${traceID}`,
        path: `/api/v2/traces/${traceID.padStart(32, '0')}`,
        query: null,
        requestHeaders: {},
        status: 200,
        contentType: 'application/json',
        headers: {},
        body: new TextEncoder().encode(JSON.stringify(response)),
      });
    }
    tempo = await startReplayUpstream({ sets: ['tempo'], extraRecordings });
    app = await startTracelight({
      config: {
        server: { otlpPort: 0, embedded: false },
        datasources: [{ name: 'tempo', type: 'tempo', url: tempo.url, default: true }],
      },
      args: dist,
    });
  });
  test.afterAll(async () => {
    await app?.stop();
    await tempo?.stop();
  });

  test('the recorded rate() by service draws its 11 series, and an exemplar opens its trace', async ({
    page,
  }) => {
    const q = encodeURIComponent('{} | rate() by (resource.service.name)');
    await page.goto(`${app.url}search?ds=tempo&q=${q}&from=${FROM}&to=${TO}&step=60s`);
    await expect(legend(page)).toHaveCount(11);
    const sent = tempo.requests.find((r) => r.path === '/api/metrics/query_range');
    expect(Object.fromEntries(new URLSearchParams(sent?.query))).toEqual({
      q: '{} | rate() by (resource.service.name)',
      start: '1795300322',
      end: '1795303022',
      step: '60s',
    });
    expect(tempo.requests.filter((r) => r.path === '/api/search')).toHaveLength(0);
    await expect(legend(page).first()).toHaveText('{resource.service.name="api-gateway"}');
    await expect(chart(page).getByTestId('metrics-summary')).toHaveText(
      '11 series · 50 exemplars: click a dot to open its trace',
    );
    // Each series' line is drawn from its 47 samples.
    const rows = await hoverValues(page);
    await expect(rows).toHaveCount(11);

    const dot = dots(page).first();
    const label = (await dot.getAttribute('aria-label')) ?? '';
    const prefix = /trace ([0-9a-f]{8})…/.exec(label)?.[1];
    expect(prefix, label).toBeDefined();
    await dot.click();
    await expect(page).toHaveURL(new RegExp(`/trace/${prefix}[0-9a-f]{24}\\?`));
    await expect(page.locator('[role="treegrid"] [role="row"][data-span-id]').first()).toBeVisible();
  });

  test("Tempo's 400 for a query that is not a metrics query is not shown as a chart", async ({ page }) => {
    // `| rate(` is broken, so it still goes to the metrics endpoint and gets Tempo's words.
    const q = encodeURIComponent('{ status = error } | rate(');
    await page.goto(`${app.url}search?ds=tempo&q=${q}&from=${FROM}&to=${TO}&step=60s`);
    await expect(
      page.getByText('parse error at line 1, col 27: syntax error: unexpected $end, expecting )').first(),
    ).toBeVisible();
    await expect(legend(page)).toHaveCount(0);
  });
});

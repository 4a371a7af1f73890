// Links keep their time window and the whole screen state (issue 19, defects 5–7; decisions 0182,
// 0183, 0184): search results, log lines and exemplars open their trace with `start`/`end`, the
// window reaches Tempo, quick filters and collapsed rows survive a reload, "Copy link" reproduces
// the screen, and a span's logs open the Logs screen with their query.
// Upstreams: the replay upstream with the real Tempo, Loki and Prometheus recordings; the
// critical-path case trace (e2e/fixtures/trace-critical-path.otlp.json) served as a Tempo would:
//   root 1000000000000001 ─┬─ a 1000000000000002 (load cart)
//                          ├─ d 1000000000000004 (cache get)
//                          └─ b 1000000000000003 (charge card) ── c 1000000000000005 (INSERT payment, error)
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { type ReplayUpstream, startReplayUpstream } from './support/replay-upstream';
import { anyOf, expect, test } from './support/test';
import { startTracelight, type Tracelight } from './support/tracelight';

const FIXTURES = new URL('../../shared/fixtures/', import.meta.url);
const recorded = (name: string) => readFileSync(new URL(name, FIXTURES));

// tempo-search-status-error: 2bafbe… starts at 1795300496.011 s and lasts 1233 ms.
const SEARCH_WINDOW = 'from=1795292222000&to=1795303022000';
const ERROR_TRACE = '2bafbe17c123c304432c535342f87d81';
const ERROR_TRACE_WINDOW = { start: 1795300496 - 60, end: 1795300498 + 60 };

const CASE_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN = {
  root: '1000000000000001',
  a: '1000000000000002',
  b: '1000000000000003',
  d: '1000000000000004',
  c: '1000000000000005',
};
const caseBody = readFileSync(new URL('./fixtures/trace-critical-path.otlp.json', import.meta.url), 'utf8');
// The case trace runs from 1700000000.000 s for 100 ms.
const CASE_WINDOW = { start: 1700000000 - 60, end: 1700000001 + 60 };
// biome-ignore lint/suspicious/noTemplateCurlyInString: Tracelight's query template, not JavaScript's
const LOGS_QUERY = '{service_name="${service}"} | trace_id="${traceId}"';

let upstream: ReplayUpstream;
let app: Tracelight;

// The span panel's metrics queries have no recordings (404); the trace opened from an exemplar or a
// log line is not recorded either (its page says "not found").
test.use({
  allowedConsoleErrors: anyOf(/status of 404 .*\/api\/ds\/(prometheus|tempo)\//),
  permissions: ['clipboard-read', 'clipboard-write'],
});

test.beforeAll(async () => {
  upstream = await startReplayUpstream({ sets: ['tempo', 'loki', 'prometheus'] });
  app = await startTracelight({
    config: {
      server: { otlpPort: 0, embedded: false },
      datasources: [
        {
          name: 'tempo',
          type: 'tempo',
          url: upstream.url,
          default: true,
          logs: { datasource: 'loki', query: LOGS_QUERY, before: '5m', after: '5m' },
        },
        { name: 'loki', type: 'loki', url: upstream.url },
        { name: 'prometheus', type: 'prometheus', url: upstream.url },
      ],
    },
    args: process.env.TRACELIGHT_E2E_DIST ? ['--dist', process.env.TRACELIGHT_E2E_DIST] : [],
  });
});

test.beforeEach(() => {
  upstream.override(`/api/v2/traces/${CASE_TRACE}`, {
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: `{"trace":${caseBody}}`,
  });
  upstream.override('/loki/api/v1/query_range', {
    status: 200,
    headers: { 'content-type': 'application/json; charset=UTF-8' },
    body: recorded('loki/loki-query-range-traceid-categorize-labels.body'),
  });
});

test.afterEach(() => {
  upstream.clearOverrides();
  upstream.requests.length = 0;
});

test.afterAll(async () => {
  await app?.stop();
  await upstream?.stop();
});

const row = (page: Page, spanId: string) =>
  page.locator(`[role="treegrid"] [role="row"][data-span-id="${spanId}"]`);

/** `start`/`end` of a link or URL, as numbers. */
function windowOf(link: string): { start: number; end: number } {
  const params = new URL(link, 'http://app.invalid').searchParams;
  return { start: Number(params.get('start')), end: Number(params.get('end')) };
}

test("a search result opens its trace with the trace's own window, and Tempo is asked for that window", async ({
  page,
}) => {
  await page.goto(
    `${app.url}search?ds=tempo&q=${encodeURIComponent('{ status = error }')}&spss=5&${SEARCH_WINDOW}`,
  );
  const link = page.locator(`tr[data-trace-id="${ERROR_TRACE}"]`).getByRole('link').first();
  await expect(link).toHaveAttribute(
    'href',
    `/trace/${ERROR_TRACE}?ds=tempo&start=${ERROR_TRACE_WINDOW.start}&end=${ERROR_TRACE_WINDOW.end}`,
  );
  await link.click();
  await expect(page.getByTestId('trace-screen')).toBeVisible();
  const fetched = upstream.requests.find((r) => r.path === `/api/v2/traces/${ERROR_TRACE}`);
  expect(new URLSearchParams(fetched?.query)).toEqual(
    new URLSearchParams({ start: String(ERROR_TRACE_WINDOW.start), end: String(ERROR_TRACE_WINDOW.end) }),
  );
});

test('a log line opens its trace with half an hour either side of the line', async ({ page }) => {
  const trace = ERROR_TRACE;
  const query = `{env="prod"} |= "${trace}" | logfmt`;
  await page.goto(
    `${app.url}logs?ds=loki&q=${encodeURIComponent(query)}&from=1795292403000&to=1795303203000`,
  );
  const line = page.getByTestId('log-line').first();
  const link = line.getByRole('link', { name: new RegExp(`Open trace ${trace} at span [0-9a-f]{16}`) });
  const href = (await link.getAttribute('href')) ?? '';
  expect(href).toMatch(new RegExp(`^/trace/${trace}\\?span=[0-9a-f]{16}&start=\\d+&end=\\d+$`));
  const { start, end } = windowOf(href);
  // The line's instant, whole seconds outwards, ±1800 s; the lines of this trace are around its start.
  expect([3600, 3601]).toContain(end - start);
  expect(start + 1800).toBeGreaterThanOrEqual(1795300496 - 5);
  expect(start + 1800).toBeLessThanOrEqual(1795300498 + 5);
});

test('an exemplar opens its trace with half an hour either side of the exemplar', async ({ page }) => {
  upstream.override('/api/v1/query_exemplars', {
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: recorded('prometheus/prom-exemplars-shop-histogram.body'),
  });
  const p95 =
    'histogram_quantile(0.95, sum by (le, http_route) (rate(shop_http_server_request_duration_seconds_bucket[1m])))';
  const from = 1795299693000;
  const to = 1795303293000;
  await page.goto(
    `${app.url}metrics?ds=prometheus&q=${encodeURIComponent(p95)}&from=${from}&to=${to}&step=15`,
  );
  const dot = page.getByRole('button', { name: /Exemplar: trace e2ef164d06b91913e119d20ab93c10bd/ }).first();
  await dot.focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(
    /\/trace\/e2ef164d06b91913e119d20ab93c10bd\?(span=[0-9a-f]{16}&)?start=\d+&end=\d+$/,
  );
  const { start, end } = windowOf(page.url());
  expect([3600, 3601]).toContain(end - start);
  expect((start + 1800) * 1000).toBeGreaterThanOrEqual(from);
  expect((start + 1800) * 1000).toBeLessThanOrEqual(to);
  await expect
    .poll(() => {
      const fetched = upstream.requests.find(
        (r) => r.path === '/api/v2/traces/e2ef164d06b91913e119d20ab93c10bd',
      );
      return fetched && new URLSearchParams(fetched.query).get('start');
    })
    .toBe(String(start));
});

test('quick filters and a collapsed row are in the URL and survive a reload', async ({ page }) => {
  await page.goto(`${app.url}trace/${CASE_TRACE}?ds=tempo`);
  const rows = page.locator('[role="treegrid"] [role="row"][data-span-id]');
  await expect(rows).toHaveCount(5);
  await page.getByLabel('Errors', { exact: true }).check();
  await page.getByLabel('Show only matches').check();
  // Only the failing INSERT and its ancestors are left.
  await expect(rows).toHaveCount(3);
  await row(page, SPAN.b).getByRole('button', { name: 'Collapse' }).click();
  await expect(rows).toHaveCount(2);
  await expect(page).toHaveURL(new RegExp(`qf=errors&only=1&toggled=${SPAN.b}`));

  await page.reload();
  await expect(row(page, SPAN.root)).toBeVisible();
  await expect(rows).toHaveCount(2);
  await expect(row(page, SPAN.b)).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByLabel('Errors', { exact: true })).toBeChecked();
  await expect(page.getByLabel('Show only matches')).toBeChecked();

  await page.getByRole('button', { name: 'Expand all' }).click();
  await expect(rows).toHaveCount(3);
  await expect(page).not.toHaveURL(/toggled=/);
});

test('"Copy link" copies the whole screen state with the window, and the link reproduces it', async ({
  page,
  context,
}) => {
  await page.goto(`${app.url}trace/${CASE_TRACE}?ds=tempo`);
  await expect(row(page, SPAN.root)).toBeVisible();
  await page.getByLabel('Find spans by name, service or attribute').fill('card');
  await page.getByLabel('Critical path only').check();
  await row(page, SPAN.b).getByRole('button', { name: 'Collapse' }).click();
  await row(page, SPAN.a).click();
  await expect(page.getByTestId('span-panel')).toContainText('load cart');
  await page.getByRole('button', { name: 'Copy link to this span' }).click();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  const params = new URL(copied).searchParams;
  expect(Object.fromEntries(params)).toEqual({
    ds: 'tempo',
    span: SPAN.a,
    find: 'card',
    qf: 'critical',
    toggled: SPAN.b,
    start: String(CASE_WINDOW.start),
    end: String(CASE_WINDOW.end),
  });

  const other = await context.newPage();
  await other.goto(copied);
  await expect(other.getByTestId('span-panel')).toContainText('load cart');
  await expect(row(other, SPAN.a)).toHaveAttribute('aria-selected', 'true');
  await expect(row(other, SPAN.b)).toHaveAttribute('aria-expanded', 'false');
  await expect(row(other, SPAN.c)).toHaveCount(0);
  await expect(other.getByLabel('Critical path only')).toBeChecked();
  await expect(other.getByLabel('Find spans by name, service or attribute')).toHaveValue('card');
  // The copied link's window went to Tempo (the first visit had none).
  const fetched = upstream.requests.filter((r) => r.path === `/api/v2/traces/${CASE_TRACE}`).at(-1);
  expect(new URLSearchParams(fetched?.query).get('start')).toBe(String(CASE_WINDOW.start));
  await other.close();
});

test("a span's logs open the Logs screen with their query and window; its charts open Metrics", async ({
  page,
}) => {
  await page.goto(`${app.url}trace/${CASE_TRACE}?ds=tempo&span=${SPAN.b}`);
  const panel = page.getByTestId('span-panel');
  await expect(panel).toContainText('charge card');
  const metrics = panel.getByTestId('open-in-metrics').first();
  await expect(metrics).toHaveAttribute('href', /^\/metrics\?ds=prometheus&q=.+&from=\d+&to=\d+&step=\d+s$/);
  const open = panel.getByRole('link', { name: 'Open in Logs' });
  await open.click();
  await expect(page).toHaveURL(/\/logs\?/);
  const url = new URL(page.url());
  const query = `{service_name="backend"} | trace_id="${CASE_TRACE}"`;
  expect(url.searchParams.get('ds')).toBe('loki');
  expect(url.searchParams.get('q')).toBe(query);
  // The span (40..80 ms from 1700000000 s) with the configured 5 min either side.
  expect(url.searchParams.get('from')).toBe(String(1700000000040 - 300_000));
  expect(url.searchParams.get('to')).toBe(String(1700000000080 + 300_000));
  await expect(page.getByLabel('LogQL', { exact: true })).toHaveValue(query);
  await expect
    .poll(() => {
      const sent = upstream.requests.filter((r) => r.path === '/loki/api/v1/query_range').at(-1);
      return sent && new URLSearchParams(sent.query).get('query');
    })
    .toBe(query);
});

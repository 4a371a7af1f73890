// The search page against the real server and replay upstreams answering with real recordings: a
// Tempo (recorded searches over a fixed window), a Jaeger (api/v3 data files) and a Zipkin.
import type { Page } from '@playwright/test';
import { type ReplayUpstream, startReplayUpstream } from './support/replay-upstream';
import { anyOf, expect, test } from './support/test';
import { startTracelight, type Tracelight } from './support/tracelight';

// The window the Tempo searches were recorded with (start/end in their .url files), in epoch ms.
const FROM = 1795292222000;
const TO = 1795303022000;
const WINDOW = `from=${FROM}&to=${TO}`;
const ERROR_TRACE = '2bafbe17c123c304432c535342f87d81';

// Chromium logs every non-2xx fetch: suggestion lookups the recordings do not hold, and the errors
// these tests provoke on purpose.
test.use({
  allowedConsoleErrors: anyOf(
    /status of 404 .*\/api\/ds\/tempo\/api\/v2\/search\//,
    /status of 404 .*\/api\/ds\/tempo\/api\/search/,
    /status of 400 .*\/api\/ds\/tempo\/api\/search/,
  ),
});

let tempo: ReplayUpstream;
let jaeger: ReplayUpstream;
let zipkin: ReplayUpstream;
let app: Tracelight;

test.beforeAll(async () => {
  [tempo, jaeger, zipkin] = await Promise.all([
    startReplayUpstream({ sets: ['tempo'] }),
    startReplayUpstream({ sets: ['jaeger-v3', 'jaeger-legacy'] }),
    startReplayUpstream({ sets: ['zipkin'] }),
  ]);
  app = await startTracelight({
    config: {
      server: { otlpPort: 0, embedded: false },
      datasources: [
        { name: 'tempo', type: 'tempo', displayName: 'Tempo', url: tempo.url, default: true },
        { name: 'jaeger', type: 'jaeger', displayName: 'Jaeger', url: jaeger.url },
        { name: 'zipkin', type: 'zipkin', displayName: 'Zipkin', url: zipkin.url },
      ],
    },
    args: process.env.TRACELIGHT_E2E_DIST ? ['--dist', process.env.TRACELIGHT_E2E_DIST] : [],
  });
});

test.afterAll(async () => {
  await app?.stop();
  await Promise.all([tempo?.stop(), jaeger?.stop(), zipkin?.stop()]);
});

// The search page's own searches: the trace screen's "who links here" look-up is not one of them.
const isLinkLookup = (r: { query: string }) =>
  new URLSearchParams(r.query).get('q')?.includes('link:traceID') === true;
const searches = (upstream: ReplayUpstream, path = '/api/search') =>
  upstream.requests.filter((r) => r.path === path && !isLinkLookup(r)).length;
const results = (page: Page) =>
  page.getByRole('table', { name: 'Traces found' }).locator('tbody tr[data-trace-id]');
const summary = (page: Page) => page.getByTestId('results-summary');
const queryEditor = (page: Page) => page.locator('[data-editor="monaco"] .monaco-editor');
async function expectQuery(page: Page, text: string) {
  await expect(queryEditor(page).locator('.view-lines')).toHaveText(text);
}
async function typeQuery(page: Page, text: string) {
  await queryEditor(page).click();
  await page.keyboard.press('Control+A');
  // Typing over a selection would wrap it in the typed bracket: clear it first.
  await page.keyboard.press('Delete');
  // Inserted at once: typed key by key, completion and auto-closing would rewrite it.
  await page.keyboard.insertText(text);
  await page.keyboard.press('Escape');
}

test('Tempo: a recorded search shows its summary, limit notice, inspected figures, plot and table', async ({
  page,
}) => {
  await page.goto(`${app.url}search?ds=tempo&q=${encodeURIComponent('{}')}&${WINDOW}`);
  // Figures worked out from tempo-search-all's 20 traces.
  await expect(summary(page)).toHaveText(
    /^20 traces · avg 361 ms · p50 276 ms · p95 1\.04 s · 5% with errors · 19\.9 spans per trace · query took /,
  );
  await expect(results(page)).toHaveCount(20);
  await expect(page.getByText('Showing 20 — more may match (limit 20).')).toBeVisible();
  await expect(page.getByTestId('results-inspected')).toContainText('4 of 4 jobs');
  await expect(page.getByTestId('results-scatter').locator('circle')).toHaveCount(20);
  await expectQuery(page, '{}');

  // Sorting by duration puts the slowest (1.85 s) first.
  await page.getByRole('button', { name: 'Duration' }).click();
  await expect(results(page).first()).toContainText('1.85 s');
  await expect(page.getByRole('columnheader', { name: /Duration/ })).toHaveAttribute(
    'aria-sort',
    'descending',
  );
});

test('Tempo: the builder writes TraceQL into the box; the URL round-trips through reload; back restores from cache', async ({
  page,
}) => {
  await page.goto(`${app.url}search?ds=tempo&q=${encodeURIComponent('{}')}&${WINDOW}`);
  await expect(results(page)).toHaveCount(20);
  await page.getByLabel('Status', { exact: true }).selectOption('error');
  await expectQuery(page, '{ status = error }');
  await page.getByLabel('Matched spans shown per trace').fill('5');
  const before = searches(tempo);
  await page.getByRole('button', { name: 'Run query' }).click();

  const expected = `${app.url}search?ds=tempo&q=${encodeURIComponent('{ status = error }').replace(/%20/g, '+')}&spss=5&${WINDOW}`;
  await expect(page).toHaveURL(expected);
  await expect(summary(page)).toContainText('100% with errors');
  expect(searches(tempo)).toBe(before + 1);
  const sent = tempo.requests.filter((r) => r.path === '/api/search').at(-1);
  expect(Object.fromEntries(new URLSearchParams(sent?.query))).toEqual({
    q: '{ status = error }',
    start: '1795292222',
    end: '1795303022',
    limit: '20',
    spss: '5',
  });

  // Back and forth between the two searches: both come from the cache.
  const afterRun = searches(tempo);
  await page.goBack();
  await expect(summary(page)).toContainText('5% with errors');
  await expectQuery(page, '{}');
  await page.goForward();
  await expect(summary(page)).toContainText('100% with errors');
  expect(searches(tempo)).toBe(afterRun);

  // A reload starts afresh from the URL alone and gets the same search.
  await page.reload();
  await expect(summary(page)).toContainText('100% with errors');
  expect(page.url()).toBe(expected);
  await expectQuery(page, '{ status = error }');
  expect(searches(tempo)).toBe(afterRun + 1);
});

test('Tempo: a matched span opens the trace at that span; back restores results and scroll without a request', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 600 });
  await page.goto(`${app.url}search?ds=tempo&q=${encodeURIComponent('{ status = error }')}&spss=5&${WINDOW}`);
  const row = page.locator(`tr[data-trace-id="${ERROR_TRACE}"]`);
  await expect(row).toBeVisible();
  await row.getByRole('button', { name: /Show matched spans/ }).click();
  const spans = page.getByRole('list', { name: `Matched spans of ${ERROR_TRACE}` });
  const firstSpan = spans.getByRole('link').first();
  const spanId = (await firstSpan.textContent())?.match(/[0-9a-f]{16}$/)?.[0];
  expect(spanId).toMatch(/^[0-9a-f]{16}$/);
  await firstSpan.scrollIntoViewIfNeeded();
  await page.mouse.wheel(0, 200);
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(100);
  const scrolled = await page.evaluate(() => window.scrollY);
  const before = searches(tempo);

  await firstSpan.click();
  // The trace's own bounds (1795300496.011 s, 1233 ms) a minute either side (decision 0182).
  await expect(page).toHaveURL(
    `${app.url}trace/${ERROR_TRACE}?ds=tempo&span=${spanId}&start=1795300436&end=1795300558`,
  );
  await expect(page.locator(`[role="treegrid"] [role="row"][data-span-id="${spanId}"]`)).toHaveAttribute(
    'aria-selected',
    'true',
  );

  await page.goBack();
  await expect(summary(page)).toContainText('100% with errors');
  // The expanded row is folded again, so the page is shorter: the position comes back as far as it can.
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(Math.min(scrolled - 40, 500));
  expect(searches(tempo)).toBe(before);
});

test('Tempo: a TraceQL error shows at the query in the backend words; earlier results stay', async ({
  page,
}) => {
  await page.goto(`${app.url}search?ds=tempo&q=${encodeURIComponent('{}')}&${WINDOW}`);
  await expect(results(page)).toHaveCount(20);
  await typeQuery(page, '{ status = }');
  await expectQuery(page, '{ status = }');
  await page.getByRole('button', { name: 'Run query' }).click();
  await expect(page.getByTestId('query-error')).toHaveText(
    'Line 1, column 12: invalid TraceQL query: parse error at line 1, col 12: syntax error: unexpected }',
  );
  await expect(results(page)).toHaveCount(20);
  await expectQuery(page, '{ status = }');
});

test('Tempo: brushing the plot narrows the window and searches again; clicking a dot opens the trace', async ({
  page,
}) => {
  await page.goto(`${app.url}search?ds=tempo&q=${encodeURIComponent('{}')}&${WINDOW}`);
  const plot = page.getByTestId('results-scatter');
  await expect(plot.locator('circle')).toHaveCount(20);
  // The axis fits the results by default (issue 19): brush across the whole searched range.
  await page.getByRole('button', { name: 'Full range' }).click();
  await plot.scrollIntoViewIfNeeded();
  const box = await page.getByTestId('scatter-brush').locator('rect.overlay').boundingBox();
  if (!box) throw new Error('no brush overlay');
  // A search over the narrowed window, whatever else the page asked for meanwhile (the CI run that
  // counted every /api/search saw an unrelated one arrive first and read the URL too early).
  const narrowed = () =>
    tempo.requests.filter(
      (r) =>
        r.path === '/api/search' &&
        !isLinkLookup(r) &&
        Number(new URLSearchParams(r.query).get('start')) > FROM / 1000,
    ).length;
  expect(narrowed()).toBe(0);
  // Press where no dot covers the brush (dots sit above it so they stay clickable).
  const y = await page.evaluate(
    ({ x, top, height }) => {
      for (let dy = Math.floor(height / 2); dy < height; dy += 1) {
        const hit = document.elementFromPoint(x, top + dy);
        if (hit instanceof SVGRectElement && hit.classList.contains('overlay')) return top + dy;
      }
      throw new Error('no free point on the brush');
    },
    { x: box.x + box.width * 0.2, top: box.y, height: box.height },
  );
  await page.mouse.move(box.x + box.width * 0.2, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.6, y, { steps: 5 });
  await page.mouse.up();
  await expect.poll(narrowed).toBe(1);
  await expect.poll(() => Number(new URL(page.url()).searchParams.get('from'))).toBeGreaterThan(FROM);
  const url = new URL(page.url());
  const from = Number(url.searchParams.get('from'));
  const to = Number(url.searchParams.get('to'));
  expect(from).toBeGreaterThan(FROM);
  expect(to).toBeLessThan(TO);
  expect(to - from).toBeGreaterThan((TO - FROM) * 0.3);
  // The narrowed search has no recording (404): its error shows, the earlier results stay.
  await expect(page.getByTestId('query-error')).toContainText('404');
  await expect(results(page)).toHaveCount(20);

  await page.goBack();
  await expect(plot.locator('circle')).toHaveCount(20);
  const dot = plot.locator(`circle[data-trace-id="${'0'}73bad988b85ac85925c6a3da73e917d"]`);
  await dot.click({ force: true });
  await expect(page).toHaveURL(
    `${app.url}trace/073bad988b85ac85925c6a3da73e917d?ds=tempo&start=1795301588&end=1795301709`,
  );
});

test('Jaeger: service suggestions, a search, and the summaries it returns', async ({ page }) => {
  await page.goto(`${app.url}search?ds=jaeger`);
  const form = page.getByRole('form', { name: 'Service search' });
  await expect(form.locator('datalist option[value="foo"]')).toHaveCount(1);
  await form.getByLabel('Service').fill('foo');
  await form.getByLabel('Tags (logfmt)').fill('error=true http.method="GET"');
  await form.getByRole('button', { name: 'Find traces' }).click();
  await expect(page).toHaveURL(/service=foo/);
  expect(new URL(page.url()).searchParams.get('tags')).toBe('error=true http.method="GET"');
  await expect(results(page)).toHaveCount(1);
  await expect(results(page).first()).toContainText('frontend');
  await expect(results(page).first()).toContainText('HTTP GET /');
  await expect(summary(page)).toHaveText(
    /^1 trace · avg 1 s · p50 1 s · p95 1 s · 100% with errors · 2\.0 spans per trace/,
  );
  const sent = jaeger.requests.filter((r) => r.path === '/api/v3/trace-summaries').at(-1);
  const params = new URLSearchParams(sent?.query);
  expect(params.get('query.service_name')).toBe('foo');
  expect(JSON.parse(params.get('query.attributes') ?? '{}')).toEqual({ error: 'true', 'http.method': 'GET' });

  await form.getByLabel('Tags (logfmt)').fill('note="open');
  await form.getByRole('button', { name: 'Find traces' }).click();
  await expect(page.getByTestId('query-error')).toContainText('no closing quote');
});

test('Zipkin: a service search lists every recorded trace', async ({ page }) => {
  await page.goto(`${app.url}search?ds=zipkin&service=servicea&minDuration=1ms`);
  await expect(results(page)).toHaveCount(6);
  const sent = zipkin.requests.filter((r) => r.path === '/api/v2/traces').at(-1);
  const params = new URLSearchParams(sent?.query);
  expect(params.get('serviceName')).toBe('servicea');
  expect(params.get('minDuration')).toBe('1000');
  await expect(page.getByRole('form', { name: 'Service search' }).getByLabel('Min duration')).toHaveValue(
    '1ms',
  );
});

// The TraceQL editor on the search page, against the real server and a Tempo replayed from the
// recordings: completions come from the upstream's tags and values, broken queries get a marker with
// a message, valid ones none, Ctrl+Enter searches, and nothing is fetched from anywhere but our origin.
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { DEFAULT_FIXTURES_DIR, type ReplayUpstream, startReplayUpstream } from './support/replay-upstream';
import { expect, test } from './support/test';
import { startTracelight, type Tracelight } from './support/tracelight';

const recorded = (name: string) => readFileSync(`${DEFAULT_FIXTURES_DIR}tempo/${name}.body`);
const JSON_HEADERS = { 'content-type': 'application/json' };

let upstream: ReplayUpstream;
let app: Tracelight;

test.beforeAll(async () => {
  upstream = await startReplayUpstream({ sets: ['tempo'] });
  // The recordings were made without the editor's time range (or with another one): serve them for any.
  upstream.override('/api/v2/search/tags', {
    status: 200,
    headers: JSON_HEADERS,
    body: recorded('tempo-recent-v2-search-tags'),
  });
  upstream.override('/api/v2/search/tag/', {
    status: 200,
    headers: JSON_HEADERS,
    body: recorded('tempo-v2-tag-values-service-name'),
  });
  upstream.override('/api/v2/search/tag/.http.route/values', {
    status: 200,
    headers: JSON_HEADERS,
    body: recorded('tempo-recent-v2-tag-values-dot-http-route-q'),
  });
  upstream.override('/api/search', {
    status: 200,
    headers: JSON_HEADERS,
    body: recorded('tempo-search-all'),
  });
  // Metrics queries go to /api/metrics (the search page draws them): any answer with series will do.
  upstream.override('/api/metrics/', {
    status: 200,
    headers: JSON_HEADERS,
    body: recorded('tempo-metrics-rate-by-service'),
  });
  app = await startTracelight({
    config: {
      server: { otlpPort: 0, embedded: false },
      datasources: [{ name: 'tempo', type: 'tempo', url: upstream.url, default: true }],
    },
  });
});

test.afterAll(async () => {
  await app?.stop();
  await upstream?.stop();
});

/** Every URL the page asks for, to prove nothing comes from a CDN. */
function recordRequests(page: Page): string[] {
  const urls: string[] = [];
  page.on('request', (request) => urls.push(request.url()));
  return urls;
}

async function openEditor(page: Page, query = '') {
  const q = query ? `&q=${encodeURIComponent(query)}` : '';
  await page.goto(`${app.url}search?ds=tempo${q}`);
  const editor = page.locator('[data-editor="monaco"] .monaco-editor');
  await expect(editor).toBeVisible();
  return editor;
}

const suggestions = (page: Page) => page.locator('.suggest-widget .monaco-list-row');

test('typing shows attribute names and values from Tempo', async ({ page }) => {
  const urls = recordRequests(page);
  const editor = await openEditor(page);
  await editor.click();
  await page.keyboard.type('{ resource.service.nam');
  // The attribute comes from the upstream's tags; Enter takes the first (focused) item.
  await expect(suggestions(page).first()).toContainText('resource.service.name');
  await expect(suggestions(page).filter({ hasText: 'resource.service.namespace' })).toBeVisible();
  await page.keyboard.press('Enter');
  await page.keyboard.type(' = ');
  // Values of resource.service.name from the upstream, inserted quoted.
  await expect(suggestions(page).filter({ hasText: 'fraud-check' })).toBeVisible();
  await page.keyboard.type('paym');
  await expect(suggestions(page).first()).toContainText('payment');
  await page.keyboard.press('Enter');
  await expect(page.locator('[data-editor="monaco"] .view-lines')).toContainText(
    '{ resource.service.name = "payment"}'.replace(/ /g, '\u00a0'),
  );

  // The editor asks for the tags of the page's time range.
  const editorTagRequests = upstream.requests.filter(
    (request) =>
      request.path === '/api/v2/search/tags' &&
      /^\d+$/.test(new URLSearchParams(request.query).get('start') ?? ''),
  );
  expect(editorTagRequests.length).toBeGreaterThan(0);
  expect(urls.every((url) => url.startsWith(new URL(app.url).origin) || /^(data|blob):/.test(url))).toBe(
    true,
  );
});

test('values are narrowed by the rest of the query', async ({ page }) => {
  const editor = await openEditor(page, '{ resource.service.name = "api-gateway" && .http.route = }');
  await editor.click();
  await page.keyboard.press('End');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('Control+Space');
  await expect(suggestions(page).filter({ hasText: '/api/checkout' })).toBeVisible();
  const valueRequest = upstream.requests
    .filter((request) => request.path === '/api/v2/search/tag/.http.route/values')
    .at(-1);
  expect(new URLSearchParams(valueRequest?.query).get('q')).toBe('{ resource.service.name = "api-gateway" }');
});

test('a broken query shows a marker with what was expected', async ({ page }) => {
  const editor = await openEditor(page);
  await editor.click();
  await page.keyboard.type('{ status = ');
  const squiggle = page.locator('[data-editor="monaco"] .squiggly-error');
  await expect(squiggle).toHaveCount(1);
  // A completion list may be open over the line: close it, as a user reading the marker would.
  await page.keyboard.press('Escape');
  const hover = page.locator('.monaco-hover').filter({ hasText: 'expected an attribute, intrinsic, string' });
  // The squiggle lies under the text: point the mouse at it as a user would. Under load Monaco can
  // miss one mouse move (the marker re-renders after a debounce), so move off and back until it shows.
  await expect(async () => {
    const box = await squiggle.boundingBox();
    if (!box) throw new Error('the marker has no box');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height + 40);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 3 });
    await expect(hover).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
});

for (const query of [
  '{ } | quantile_over_time(duration, .99)',
  '{ duration > 1d }',
  '({ } | rate()) / ({ } | count_over_time())',
  '{ } | rate() > 10',
  '{ } | rate() with(sample=true)',
  '{ span:childCount > 2 }',
]) {
  test(`no marker on the valid query ${query}`, async ({ page }) => {
    await openEditor(page, query);
    await expect(page.locator('[data-editor="monaco"] .view-lines')).toContainText(
      query.replace(/ /g, '\u00a0'),
    );
    // Diagnostics run 150 ms after a change; give them time to (wrongly) appear.
    await page.waitForTimeout(600);
    await expect(page.locator('[data-editor="monaco"] .squiggly-error')).toHaveCount(0);
  });
}

test('Ctrl+Enter runs the search with the typed query', async ({ page }) => {
  const editor = await openEditor(page);
  await editor.click();
  await page.keyboard.type('{ span:childCount > 2');
  await page.keyboard.press('Control+Enter');
  // The brace was closed as it was typed.
  await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('{ span:childCount > 2}');
  await expect
    .poll(() =>
      upstream.requests.some(
        (request) => new URLSearchParams(request.query).get('q') === '{ span:childCount > 2}',
      ),
    )
    .toBe(true);
});

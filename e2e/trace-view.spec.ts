// The trace screen against the real server, with traces served by the replay upstream as a Tempo
// would (GET /api/v2/traces/<id>) or opened as files.
//
// The critical-path case (e2e/fixtures/trace-critical-path.otlp.json), in ms from the trace start:
//   root  |==========================|   0..100  frontend GET /checkout
//   a       |=====|                      10..30   frontend load cart
//   d         |==|                       12..20   cache    cache get       (parallel to a, ends first)
//   b                  |==========|      40..80   backend  charge card
//   c                  |===|             40..55   db       INSERT payment  (child of b)
// Critical path: root 0-10, a 10-30, root 30-40, c 40-55, b 55-80, root 80-100 — d is off it.
// Dark time: root 0-10, 30-40, 80-100; b 55-80. Leaves have none.
import { readFileSync } from 'node:fs';
import { encodeOtlpJson, generateTrace } from '../bench/generate';
import { type ReplayUpstream, startReplayUpstream } from './support/replay-upstream';
import { anyOf, expect, test } from './support/test';
import { startTracelight, type Tracelight } from './support/tracelight';

const CASE_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN = {
  root: '1000000000000001',
  a: '1000000000000002',
  b: '1000000000000003',
  d: '1000000000000004',
  c: '1000000000000005',
};
const caseBody = readFileSync(new URL('./fixtures/trace-critical-path.otlp.json', import.meta.url), 'utf8');
const BIG_TRACE = '00000000000000000000000000100000';

let upstream: ReplayUpstream;
let app: Tracelight;

test.beforeAll(async () => {
  upstream = await startReplayUpstream({ sets: ['tempo'] });
  upstream.override(`/api/v2/traces/${CASE_TRACE}`, {
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: `{"trace":${caseBody}}`,
  });
  app = await startTracelight({
    config: {
      server: { otlpPort: 0, embedded: false },
      datasources: [{ name: 'tempo', type: 'tempo', url: upstream.url, default: true }],
    },
    args: process.env.TRACELIGHT_E2E_DIST ? ['--dist', process.env.TRACELIGHT_E2E_DIST] : [],
  });
});

test.afterAll(async () => {
  await app?.stop();
  await upstream?.stop();
});

const row = (page: import('@playwright/test').Page, spanId: string) =>
  page.locator(`[role="treegrid"] [role="row"][data-span-id="${spanId}"]`);

test('critical-path and dark-time marks sit on the spans the model says', async ({ page }) => {
  await page.goto(`${app.url}trace/${CASE_TRACE}?ds=tempo`);
  await expect(row(page, SPAN.root)).toBeVisible();
  for (const id of [SPAN.root, SPAN.a, SPAN.b, SPAN.c])
    await expect(row(page, id)).toHaveAttribute('data-critical', '1');
  await expect(row(page, SPAN.d)).not.toHaveAttribute('data-critical', /./);
  await expect(row(page, SPAN.root).locator('[data-cp-segment]')).toHaveCount(3);
  await expect(row(page, SPAN.root).locator('[data-dark-gap]')).toHaveCount(3);
  await expect(row(page, SPAN.b).locator('[data-dark-gap]')).toHaveCount(1);
  for (const id of [SPAN.a, SPAN.c, SPAN.d])
    await expect(row(page, id).locator('[data-dark-gap]')).toHaveCount(0);
  await expect(page.getByTestId('trace-header')).toContainText('Critical path 100 ms');
  // Switching the marks off removes them.
  const darkTime = page.getByLabel('Dark time', { exact: true });
  await darkTime.uncheck();
  await expect(row(page, SPAN.root).locator('[data-dark-gap]')).toHaveCount(0);
  await expect(page).toHaveURL(/dark=0/);
});

test('a checkbox bound to the URL shows its new value the instant it is clicked', async ({ page }) => {
  await page.goto(`${app.url}trace/${CASE_TRACE}?ds=tempo`);
  await expect(row(page, SPAN.root)).toBeVisible();
  // Read right after each click, with no waiting assertion: a render still in flight (a router
  // transition not yet committed) would show the previous value here.
  const checkboxes = [
    page.getByLabel('Dark time', { exact: true }),
    page.getByLabel('Critical path', { exact: true }),
  ];
  for (let i = 0; i < 5; i++) {
    for (const box of checkboxes) {
      const before = await box.isChecked();
      await box.click();
      expect(await box.isChecked(), `toggle ${i + 1}`).toBe(!before);
    }
  }
  // Five clicks each: both end off, in the URL and in the waterfall.
  await expect(page).toHaveURL(/cp=0&dark=0/);
  await expect(row(page, SPAN.root).locator('[data-dark-gap]')).toHaveCount(0);
  await expect(row(page, SPAN.root).locator('[data-cp-segment]')).toHaveCount(0);
});

test('a selected span and the view come back after a reload', async ({ page }) => {
  await page.goto(`${app.url}trace/${CASE_TRACE}?ds=tempo`);
  await row(page, SPAN.c).click();
  await expect(page).toHaveURL(new RegExp(`span=${SPAN.c}`));
  await expect(page.getByTestId('span-panel')).toContainText('INSERT INTO payments VALUES ($1)');
  await page.reload();
  await expect(row(page, SPAN.c)).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('span-panel')).toContainText('INSERT payment');
  await expect(page.getByTestId('span-panel')).toContainText('duplicate key');
  await page.getByRole('tab', { name: 'Statistics' }).click();
  await expect(page).toHaveURL(/view=stats/);
  await page.reload();
  await expect(page.getByRole('tab', { name: 'Statistics' })).toHaveAttribute('aria-selected', 'true');
  await page.goBack();
  await expect(page.getByRole('tab', { name: 'Waterfall' })).toHaveAttribute('aria-selected', 'true');
});

test('view tabs follow the ARIA tabs pattern: arrows and Home/End activate, one Tab stop, a labelled panel', async ({
  page,
}) => {
  await page.goto(`${app.url}trace/${CASE_TRACE}?ds=tempo`);
  await expect(row(page, SPAN.root)).toBeVisible();
  const tabs = page.getByRole('tablist').getByRole('tab');
  const tab = (name: string) => page.getByRole('tab', { name, exact: true });
  const panel = page.getByRole('tabpanel');
  // Only the active tab is in the Tab order; every tab controls the panel, which the active tab names.
  const expectActive = async (name: string) => {
    await expect(tab(name)).toHaveAttribute('aria-selected', 'true');
    await expect(tab(name)).toBeFocused();
    await expect(page.locator('[role="tab"][tabindex="0"]')).toHaveCount(1);
    await expect(tab(name)).toHaveAttribute('tabindex', '0');
    await expect(panel).toHaveAccessibleName(name);
  };
  const panelId = await panel.getAttribute('id');
  expect(panelId).toBeTruthy();
  for (const t of await tabs.all()) await expect(t).toHaveAttribute('aria-controls', panelId ?? '');
  await expect(tab('Statistics')).toHaveAttribute('tabindex', '-1');

  await tab('Waterfall').focus();
  await page.keyboard.press('ArrowRight');
  await expectActive('Critical path');
  await expect(page).toHaveURL(/view=critical-path/);
  await expect(panel.getByTestId('critical-path-view')).toBeVisible();
  await page.keyboard.press('ArrowRight');
  await expectActive('Statistics');
  await expect(page).toHaveURL(/view=stats/);
  await page.keyboard.press('End');
  await expectActive('JSON');
  await page.keyboard.press('ArrowRight');
  await expectActive('Waterfall');
  await expect(page).not.toHaveURL(/view=/);
  await expect(panel.getByRole('treegrid')).toBeVisible();
  await page.keyboard.press('ArrowLeft');
  await expectActive('JSON');
  await page.keyboard.press('Home');
  await expectActive('Waterfall');
  // Each activation pushed a history entry, as a click does.
  await page.goBack();
  await expect(tab('JSON')).toHaveAttribute('aria-selected', 'true');
  // Tab leaves the tablist from the active tab rather than visiting the others.
  await tab('JSON').focus();
  await page.keyboard.press('Tab');
  await expect(page.locator('[role="tab"]:focus')).toHaveCount(0);
  await page.keyboard.press('Shift+Tab');
  await expect(tab('JSON')).toBeFocused();
});

test('find steps through matches by name and by attribute', async ({ page }) => {
  await page.goto(`${app.url}trace/${CASE_TRACE}?ds=tempo`);
  const find = page.getByLabel('Find spans by name, service or attribute');
  await find.fill('frontend');
  await expect(page.getByTestId('find-count')).toContainText('2 matches');
  await find.press('Enter');
  await expect(page.getByTestId('find-count')).toContainText('1 of 2');
  await expect(row(page, SPAN.root)).toHaveAttribute('aria-selected', 'true');
  await page.getByRole('button', { name: 'Next match' }).click();
  await expect(page.getByTestId('find-count')).toContainText('2 of 2');
  await expect(row(page, SPAN.a)).toHaveAttribute('aria-selected', 'true');
  await page.getByRole('button', { name: 'Previous match' }).click();
  await expect(page.getByTestId('find-count')).toContainText('1 of 2');
  // Attribute values are searched in the worker.
  await find.fill('insert into payments');
  await expect(page.getByTestId('find-count')).toContainText('1 matches');
  await expect(row(page, SPAN.c)).toHaveAttribute('data-match', '1');
  await expect(page).toHaveURL(/find=insert/);
});

test('collapse and expand a row and all rows', async ({ page }) => {
  await page.goto(`${app.url}trace/${CASE_TRACE}?ds=tempo`);
  const rows = page.locator('[role="treegrid"] [role="row"][data-span-id]');
  await expect(rows).toHaveCount(5);
  await row(page, SPAN.b).getByRole('button', { name: 'Collapse' }).click();
  await expect(rows).toHaveCount(4);
  await expect(row(page, SPAN.b)).toHaveAttribute('aria-expanded', 'false');
  await page.getByRole('button', { name: 'Collapse all' }).click();
  await expect(rows).toHaveCount(1);
  await page.getByRole('button', { name: 'Expand all' }).click();
  await expect(rows).toHaveCount(5);
  await expect(row(page, SPAN.root)).toHaveAttribute('aria-level', '1');
  await expect(row(page, SPAN.c)).toHaveAttribute('aria-level', '3');
});

test('keyboard: move, toggle, find, close, shortcuts', async ({ page }) => {
  await page.goto(`${app.url}trace/${CASE_TRACE}?ds=tempo`);
  const grid = page.getByRole('treegrid');
  await grid.focus();
  await page.keyboard.press('j');
  await expect(row(page, SPAN.root)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowDown');
  await expect(row(page, SPAN.a)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('k');
  await expect(row(page, SPAN.root)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Enter');
  await expect(row(page, SPAN.root)).toHaveAttribute('aria-expanded', 'false');
  await page.keyboard.press(' ');
  await expect(row(page, SPAN.root)).toHaveAttribute('aria-expanded', 'true');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('span-panel')).toHaveCount(0);
  await page.keyboard.press('/');
  await expect(page.getByLabel('Find spans by name, service or attribute')).toBeFocused();
  await page.getByLabel('Find spans by name, service or attribute').blur();
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
});

test.describe('TraceQL filter', () => {
  // The editor completes tag values from the replayed Tempo, which has no recording for every tag.
  test.use({ allowedConsoleErrors: anyOf(/status of 404 .*\/api\/ds\/tempo\/api\/v2\/search\/tag\//) });

  test('a TraceQL filter in the URL highlights its spans after a reload; typing one keeps it in the URL', async ({
    page,
  }) => {
    const filter = '{ resource.service.name =~ "backend|db" }';
    await page.goto(`${app.url}trace/${CASE_TRACE}?ds=tempo&filter=${encodeURIComponent(filter)}`);
    const highlighted = async (ids: string[]) => {
      for (const id of ids) await expect(row(page, id)).toHaveAttribute('data-match', '1');
      for (const id of Object.values(SPAN).filter((s) => !ids.includes(s)))
        await expect(row(page, id)).not.toHaveAttribute('data-match', /./);
    };
    await highlighted([SPAN.b, SPAN.c]);
    await expect(page.getByTestId('trace-filter-count')).toHaveText('2 spans match');
    await page.reload();
    await highlighted([SPAN.b, SPAN.c]);
    await expect(
      page.locator('[data-testid="trace-filter"] [data-editor="monaco"] .view-lines'),
    ).toContainText('backend|db');
    // Show only matches keeps them with their ancestors.
    await page.getByLabel('Show only matches').check();
    await expect(page.locator('[role="treegrid"] [role="row"][data-span-id]')).toHaveCount(3);
    await expect(row(page, SPAN.a)).toHaveCount(0);
    await page.getByLabel('Show only matches').uncheck();

    // A new filter typed and applied with Enter replaces the URL entry (no new history entry).
    const historyLength = await page.evaluate(() => window.history.length);
    const editor = page.locator('[data-testid="trace-filter"] [data-editor="monaco"] .monaco-editor');
    await expect(editor).toBeVisible();
    await editor.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText('{ name = "load cart" }');
    await page.keyboard.press('Control+Enter');
    await expect(page).toHaveURL(/filter=%7B\+name\+%3D\+%22load\+cart%22\+%7D$/);
    await highlighted([SPAN.a]);
    expect(await page.evaluate(() => window.history.length)).toBe(historyLength);

    // A broken query is said inline.
    await page.goto(`${app.url}trace/${CASE_TRACE}?ds=tempo&filter=${encodeURIComponent('{ duration > }')}`);
    await expect(page.getByTestId('trace-filter-error')).toBeVisible();
    await expect(row(page, SPAN.root)).toBeVisible();
  });
});

test('a trace no datasource has lists what each one answered', async ({ page }) => {
  await page.goto(`${app.url}trace/0000000000000000000000000000dead`);
  await expect(page.getByTestId('trace-failure')).toContainText('Trace not found');
  await expect(page.getByTestId('datasource-answers')).toContainText('tempo');
});

test('a bad file gets a message naming it, and the screen stays', async ({ page }) => {
  await page.goto(`${app.url}trace/${CASE_TRACE}?ds=tempo`);
  await expect(row(page, SPAN.root)).toBeVisible();
  await page.getByTestId('open-file-input').setInputFiles({
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{"resourceSpans": [ {'),
  });
  await expect(page.getByRole('alert')).toContainText('broken.json');
  await expect(row(page, SPAN.root)).toBeVisible();
});

test('a file opens in the browser', async ({ page }) => {
  await page.goto(`${app.url}trace/${CASE_TRACE}?ds=tempo`);
  // The toolbar (and its file input) is replaced when the trace finishes loading: wait for that.
  await expect(row(page, SPAN.root)).toBeVisible();
  await page.getByTestId('open-file-input').setInputFiles({
    name: 'case.json',
    mimeType: 'application/json',
    buffer: Buffer.from(caseBody.replaceAll(CASE_TRACE, 'aaaabbbbccccddddeeeeffff00001111')),
  });
  await expect(page).toHaveURL(/trace\/aaaabbbbccccddddeeeeffff00001111/);
  await expect(row(page, SPAN.root)).toBeVisible();
});

test('a file picked on the home page opens in the trace page', async ({ page }) => {
  await page.goto(app.url);
  await page.getByTestId('open-file-input').setInputFiles({
    name: 'case.json',
    mimeType: 'application/json',
    buffer: Buffer.from(caseBody.replaceAll(CASE_TRACE, 'aaaabbbbccccddddeeeeffff00002222')),
  });
  await expect(page).toHaveURL(/trace\/aaaabbbbccccddddeeeeffff00002222\?file=\d+$/);
  await expect(row(page, SPAN.root)).toBeVisible();
  await expect(page.getByTestId('trace-failure')).toHaveCount(0);
});

test('a 100,000-span trace shows its first rows', async ({ page }) => {
  test.setTimeout(120_000);
  const data = generateTrace('mixed', 100_000, 7);
  const body = encodeOtlpJson(data);
  const traceId = /"traceId":"([0-9a-f]{32})"/.exec(body)?.[1] ?? BIG_TRACE;
  upstream.override(`/api/v2/traces/${traceId}`, {
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: `{"trace":${body}}`,
  });
  await page.goto(`${app.url}trace/${traceId}?ds=tempo`);
  const rows = page.locator('[role="treegrid"] [role="row"][data-span-id]');
  await expect(rows.first()).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('trace-header')).toContainText('100,000');
  // Only the visible window is in the DOM.
  expect(await rows.count()).toBeLessThan(200);
  // The end of the list is reachable.
  await page.getByRole('treegrid').focus();
  await page.keyboard.press('End');
  await expect(page.locator('[role="row"][aria-rowindex="100000"]')).toBeVisible();
});

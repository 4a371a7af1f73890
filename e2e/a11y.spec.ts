// Accessibility: axe (WCAG 2.0/2.1 A and AA) on every screen, in the light and the dark theme, against
// the built app and the real server with the embedded backend and its demo data; then a keyboard walk
// through the trace page. Zero violations is the bar: a finding is fixed in the app, not excluded here.
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './support/test';
import { startTracelight, type Tracelight } from './support/tracelight';

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const THEMES = ['light', 'dark'] as const;
type Theme = (typeof THEMES)[number];

// Each worker starts its own server: the two themes run side by side.
test.describe.configure({ mode: 'parallel' });

let app: Tracelight;
/** A demo checkout whose payment failed: a small trace with error spans, and the payment span's ID. */
let errorTrace: { traceId: string; spanId: string };

test.beforeAll(async () => {
  app = await startTracelight({
    config: { server: { embedded: true, otlpPort: 0 } },
    args: process.env.TRACELIGHT_E2E_DIST ? ['--dist', process.env.TRACELIGHT_E2E_DIST] : [],
  });
  const query = '{ status = error && resource.service.name = "payment" }';
  const response = await fetch(`${app.url}api/ds/local/api/search?q=${encodeURIComponent(query)}&limit=1`);
  expect(response.status).toBe(200);
  const body = (await response.json()) as {
    traces: { traceID: string; spanSet: { spans: { spanID: string }[] } }[];
  };
  const [trace] = body.traces;
  expect(trace, 'the demo data holds a failed payment').toBeDefined();
  errorTrace = { traceId: trace.traceID, spanId: trace.spanSet.spans[0].spanID };
});

test.afterAll(async () => {
  await app?.stop();
});

/** Opens `path` with the theme remembered as the top bar's radio would remember it, and checks it took. */
async function open(page: Page, theme: Theme, path: string) {
  await page.addInitScript((value) => window.localStorage.setItem('tracelight.theme', value), theme);
  await page.goto(`${app.url}${path}`);
  if (theme === 'dark') await expect(page.locator('html')).toHaveClass(/\bdark\b/);
  else await expect(page.locator('html')).not.toHaveClass(/\bdark\b/);
}

/** Runs axe over the page as it stands and fails with a readable list of what it found. */
async function expectAccessible(page: Page, screen: string) {
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  // One line per rule: how many elements, the first few of them and why the first one fails.
  const found = violations.map((violation) => {
    const where = violation.nodes.slice(0, 3).map((node) => node.target.join(' '));
    const why = violation.nodes[0]?.failureSummary?.replace(/\s+/g, ' ') ?? '';
    return `${violation.id} (${violation.impact}) on ${violation.nodes.length} element(s), e.g. ${where.join(' | ')}: ${why}`;
  });
  expect.soft(found, `axe violations on ${screen}`).toEqual([]);
}

const waterfallRow = (page: Page, spanId: string): Locator =>
  page.locator(`[role="treegrid"] [role="row"][data-span-id="${spanId}"]`);

for (const theme of THEMES) {
  test.describe(`${theme} theme`, () => {
    test('home, settings and not-found', async ({ page }) => {
      await open(page, theme, '');
      await expect(page.getByRole('heading', { level: 1, name: 'Tracelight' })).toBeVisible();
      await expectAccessible(page, `home (${theme})`);

      await open(page, theme, 'settings');
      // Every datasource's health check has answered (healthy or not): no row still says "Checking…".
      const datasources = page.getByRole('list', { name: 'Configured datasources' }).getByRole('listitem');
      await expect(datasources.first()).toBeVisible();
      await expect(page.locator('[data-health]')).toHaveCount(await datasources.count());
      await expectAccessible(page, `settings (${theme})`);

      await open(page, theme, 'no/such/page');
      await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
      await expectAccessible(page, `not-found (${theme})`);
    });

    test('search with results, logs with results, metrics without Prometheus', async ({ page }) => {
      await open(page, theme, `search?ds=local&q=${encodeURIComponent('{ status = error }')}&limit=20`);
      await expect(
        page.getByRole('table', { name: 'Traces found' }).locator('tbody tr[data-trace-id]').first(),
      ).toBeVisible();
      await expect(page.locator('[data-editor="monaco"] .monaco-editor')).toBeVisible();
      await expectAccessible(page, `search (${theme})`);

      await open(
        page,
        theme,
        `logs?ds=local-logs&q=${encodeURIComponent('{service_name="payment"} |= "level=error"')}&from=now-1h&to=now`,
      );
      await expect(page.getByTestId('log-line').first()).toBeVisible();
      await expectAccessible(page, `logs (${theme})`);

      await open(page, theme, 'metrics');
      await expect(page.getByText('No Prometheus datasource is configured.')).toBeVisible();
      await expectAccessible(page, `metrics (${theme})`);
    });

    test('service map with a call selected', async ({ page }) => {
      await open(page, theme, 'map?client=gateway&server=checkout');
      await expect(page.locator('[data-edge="gateway→checkout"]')).toHaveAttribute('aria-pressed', 'true');
      await expect(page.getByRole('region', { name: 'Selected call' })).toBeVisible();
      await expectAccessible(page, `service map (${theme})`);
    });

    test('trace page: waterfall with span details, then every tab', async ({ page }) => {
      const { traceId, spanId } = errorTrace;
      await open(page, theme, `trace/${traceId}?ds=local&span=${spanId}`);
      await expect(waterfallRow(page, spanId)).toHaveAttribute('aria-selected', 'true');
      await expect(page.getByTestId('span-panel')).toContainText('payment');
      await expect(page.getByTestId('span-logs').getByTestId('log-line').first()).toBeVisible();
      await expectAccessible(page, `trace waterfall with details (${theme})`);

      // Find dims the rows that do not match: they must stay readable.
      const find = page.getByLabel('Find spans by name, service or attribute');
      await find.fill('payment');
      await expect(page.locator('[role="treegrid"] [role="row"][data-match]').first()).toBeVisible();
      await expectAccessible(page, `trace waterfall with find (${theme})`);
      await find.fill('');
      await expect(page.locator('[role="treegrid"] [role="row"][data-match]')).toHaveCount(0);

      const views: [tab: string, ready: (page: Page) => Locator][] = [
        [
          'Critical path',
          (p) => p.locator('[data-testid="critical-path-view"] [role="row"][data-segment]').first(),
        ],
        ['Statistics', (p) => p.getByTestId('stats-totals')],
        ['Flame graph', (p) => p.getByTestId('flame-canvas')],
        ['Insights', (p) => p.locator('[data-testid="insights-view"] li[data-insight]').first()],
        ['Logs', (p) => p.getByTestId('trace-logs').getByTestId('log-line').first()],
        ['JSON', (p) => p.getByTestId('json-lines')],
      ];
      for (const [tab, ready] of views) {
        await page.getByRole('tab', { name: tab, exact: true }).click();
        await expect(page.getByRole('tab', { name: tab, exact: true })).toHaveAttribute(
          'aria-selected',
          'true',
        );
        await expect(ready(page)).toBeVisible();
        await expectAccessible(page, `trace ${tab} (${theme})`);
      }
    });
  });
}

/** Whether the element shows a focus indicator: an outline, or a ring (Tailwind draws rings as box-shadow). */
async function focusIndicator(locator: Locator) {
  return locator.evaluate((el) => {
    const shows = (node: Element) => {
      const style = getComputedStyle(node);
      const outline = style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) > 0;
      const ring = style.boxShadow !== 'none' && style.boxShadow !== '';
      return outline || ring;
    };
    // A visually hidden native control (the theme radios) draws its focus on the label around it.
    const label = el.closest('label');
    return shows(el) || (label !== null && getComputedStyle(el).opacity === '0' && shows(label));
  });
}

test('keyboard: Tab reaches the waterfall, arrows select, Enter collapses, / finds, Esc closes', async ({
  page,
}) => {
  const { traceId } = errorTrace;
  await open(page, 'light', `trace/${traceId}?ds=local`);
  const waterfall = page.getByRole('treegrid', { name: 'Spans of the trace' });
  const rows = waterfall.locator('[role="row"][data-span-id]');
  await expect(rows.first()).toBeVisible();
  const total = await rows.count();

  // Tab from the top of the page until the waterfall has focus; every stop on the way shows it.
  await page.locator('body').click({ position: { x: 1, y: 1 } });
  for (let stop = 0; stop < 60; stop++) {
    await page.keyboard.press('Tab');
    const focused = page.locator(':focus');
    if (await waterfall.evaluate((el) => el === document.activeElement)) break;
    const described = await focused.evaluate((el) => el.outerHTML.slice(0, 160));
    expect(await focusIndicator(focused), `focus is visible on ${described}`).toBe(true);
  }
  await expect(waterfall).toBeFocused();
  expect(await focusIndicator(waterfall), 'the waterfall shows its focus').toBe(true);

  // Arrow keys move the selection.
  await page.keyboard.press('ArrowDown');
  const rootId = await rows.first().getAttribute('data-span-id');
  await expect(rows.first()).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowDown');
  await expect(rows.nth(1)).toHaveAttribute('aria-selected', 'true');
  await expect(rows.first()).toHaveAttribute('aria-selected', 'false');
  await page.keyboard.press('ArrowUp');
  await expect(rows.first()).toHaveAttribute('aria-selected', 'true');
  await expect(waterfall).toHaveAttribute('aria-activedescendant', /span-row-/);

  // Enter collapses the root (only it is left) and expands it again.
  await expect(rows.first()).toHaveAttribute('aria-expanded', 'true');
  await page.keyboard.press('Enter');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('aria-expanded', 'false');
  await page.keyboard.press('Enter');
  await expect(rows).toHaveCount(total);

  // `?` opens the shortcuts dialog with focus inside; Tab stays there; Esc closes it and focus comes back.
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  const close = dialog.getByRole('button', { name: 'Close' });
  await expect(close).toBeFocused();
  expect(await focusIndicator(close), 'the dialog button shows its focus').toBe(true);
  await expectAccessible(page, 'shortcuts dialog');
  await page.keyboard.press('Tab');
  await expect(close).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(waterfall).toBeFocused();

  // The details panel is open for the selection; `/` focuses find; Esc (outside a field) closes the panel.
  await expect(page.getByTestId('span-panel')).toBeVisible();
  await page.keyboard.press('/');
  const find = page.getByLabel('Find spans by name, service or attribute');
  await expect(find).toBeFocused();
  expect(await focusIndicator(find), 'the find box shows its focus').toBe(true);
  await find.press('Tab');
  await waterfall.focus();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('span-panel')).toHaveCount(0);
  await expect(page).not.toHaveURL(new RegExp(`span=${rootId}`));
});

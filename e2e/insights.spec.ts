// Issue 19 on the demo data: the error origin leads Insights and sits in the trace header, one click
// from its span; insights say why they were shown and can be dismissed; a "Sequential calls" hint
// never pairs the auth check with the work it guards; the dark-time figure says what it is a share
// of; the waterfall's legend opens and closes from the keyboard.
// The demo trace is found the way the embedded backend makes it: the same seeded generator, run here.
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { seedDemoTraces } from '../server/embedded/demo-traces.ts';
import type { OtlpResourceSpans } from '../server/embedded/otlp/types.ts';
import { expect, test } from './support/test';
import { startTracelight, type Tracelight } from './support/tracelight';

interface DemoCase {
  traceId: string;
  /** The payment service's SERVER span that declined the card: where the root's error comes from. */
  originSpanId: string;
  /** The gateway's call to auth.Verify, made before checkout.PlaceOrder. */
  authSpanId: string;
}

/** The first declined checkout of the demo data (IDs do not depend on the clock). */
function declinedCheckout(): DemoCase {
  const traces: OtlpResourceSpans[][] = [];
  seedDemoTraces((batches) => traces.push(batches), Date.now(), 40);
  for (const batches of traces) {
    const spans = batches.flatMap((b) => b.scopeSpans.flatMap((s) => s.spans));
    const origin = spans.find(
      (s) => s.name === 'payment.Charge' && s.kind === 2 && s.status.message === 'card declined by issuer',
    );
    const auth = spans.find((s) => s.name === 'auth.Verify' && s.kind === 3);
    if (origin && auth)
      return { traceId: origin.traceId, originSpanId: origin.spanId, authSpanId: auth.spanId };
  }
  throw new Error('the demo data has no declined checkout');
}

const demo = declinedCheckout();
let app: Tracelight;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  app = await startTracelight({
    args: process.env.TRACELIGHT_E2E_DIST ? ['--dist', process.env.TRACELIGHT_E2E_DIST] : [],
  });
});

test.afterAll(async () => {
  await app?.stop();
});

const tracePage = (view?: string) => `${app.url}trace/${demo.traceId}?ds=local${view ? `&view=${view}` : ''}`;
const insightCards = (page: Page): Locator => page.locator('[data-testid="insights-view"] li[data-insight]');
const waterfallRow = (page: Page, spanId: string): Locator =>
  page.locator(`[role="treegrid"] [role="row"][data-span-id="${spanId}"]`);

test('the error origin is the first insight, says why, and one click selects its span', async ({ page }) => {
  await page.goto(tracePage('insights'));
  const first = insightCards(page).first();
  await expect(first).toHaveAttribute('data-insight', 'error-origin');
  await expect(first).toHaveAttribute('data-root-cause', '1');
  await expect(first).toContainText('The error starts at payment payment.Charge: card declined by issuer.');
  await expect(first.locator('[data-insight-reason]')).toContainText('Shown first because the root failed');
  await expect(first.locator('a[data-span-id]')).toHaveAttribute('data-span-id', demo.originSpanId);
  // Before the fix it was the 11th card, under ten dark-time cards.
  const kinds = await insightCards(page).evaluateAll((els) =>
    els.map((el) => el.getAttribute('data-insight')),
  );
  expect(kinds.indexOf('error-origin')).toBe(0);
  await first.locator('a[data-span-id]').click();
  await expect(page).toHaveURL(new RegExp(`span=${demo.originSpanId}`));
  await expect(page).not.toHaveURL(/view=insights/);
  await expect(waterfallRow(page, demo.originSpanId)).toHaveAttribute('aria-selected', 'true');
});

test('the trace header names the error origin and selects it in the waterfall', async ({ page }) => {
  await page.goto(tracePage());
  const origin = page.getByTestId('header-error-origin');
  await expect(origin).toContainText('Error origin');
  const link = origin.getByRole('link', { name: 'payment payment.Charge: card declined by issuer' });
  await expect(link).toBeVisible();
  await link.click();
  await expect(page).toHaveURL(new RegExp(`span=${demo.originSpanId}`));
  await expect(waterfallRow(page, demo.originSpanId)).toHaveAttribute('aria-selected', 'true');
  // From another view too: the header stays, and its link switches to the waterfall.
  await page.goto(tracePage('stats'));
  await page.getByTestId('header-error-origin').getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`span=${demo.originSpanId}`));
  await expect(page).not.toHaveURL(/view=stats/);
  await expect(waterfallRow(page, demo.originSpanId)).toHaveAttribute('aria-selected', 'true');
});

test('the dark-time figure says what it is a share of', async ({ page }) => {
  await page.goto(tracePage());
  const badge = page.getByTestId('trace-header').locator('[data-badge="dark"]');
  await expect(badge).toHaveText(/^\d+(\.\d)?% of the critical path is dark time$/);
  await expect(badge).toHaveAttribute(
    'title',
    /of the .+ critical path is dark time: a parent span’s own time/,
  );
});

test('no "Sequential calls" hint pairs the auth check with the work it guards; each says why it fires', async ({
  page,
}) => {
  await page.goto(tracePage('insights'));
  await expect(insightCards(page).first()).toBeVisible();
  const sequential = page.locator('[data-testid="insights-view"] li[data-insight="sequential-siblings"]');
  // Before the fix: "2 calls under gateway POST /api/checkout", auth.Verify then checkout.PlaceOrder.
  await expect(sequential.locator(`a[data-span-id="${demo.authSpanId}"]`)).toHaveCount(0);
  await expect(sequential.filter({ hasText: 'gateway POST /api/checkout' })).toHaveCount(0);
  for (const card of await insightCards(page).all()) {
    await expect(card.locator('[data-insight-reason]')).toContainText(/^Shown (first )?because /);
  }
});

test('a dismissed insight stays hidden for the trace until shown again', async ({ page }) => {
  await page.goto(tracePage('insights'));
  const cards = insightCards(page);
  await expect(cards.first()).toBeVisible();
  const before = await cards.count();
  const gap = cards.filter({ has: page.locator('[data-insight-reason]') }).nth(1);
  const title = (await gap.locator('p').first().textContent()) ?? '';
  await gap.getByRole('button', { name: /^Dismiss: / }).click();
  await expect(cards).toHaveCount(before - 1);
  await expect(page.getByTestId('insights-dismissed-count')).toHaveText('1 dismissed insight hidden.');
  // Keyboard focus lands on the way back, not on the page's start.
  await expect(page.getByRole('button', { name: 'Show dismissed' })).toBeFocused();
  // Remembered in the session: a reload keeps it hidden.
  await page.reload();
  await expect(cards.first()).toBeVisible();
  await expect(cards).toHaveCount(before - 1);
  await page.getByRole('button', { name: 'Show dismissed' }).click();
  await expect(cards).toHaveCount(before);
  await expect(cards.nth(1).locator('p').first()).toHaveText(title);
});

test('the legend opens from the toolbar by keyboard, explains the marks, and Esc closes it', async ({
  page,
}) => {
  await page.goto(`${tracePage()}&span=${demo.originSpanId}`);
  await expect(waterfallRow(page, demo.originSpanId)).toHaveAttribute('aria-selected', 'true');
  const button = page.getByRole('button', { name: 'Legend' });
  await button.focus();
  await page.keyboard.press('Enter');
  const legend = page.getByRole('dialog', { name: 'What the waterfall’s marks mean' });
  await expect(legend).toBeVisible();
  await expect(button).toHaveAttribute('aria-expanded', 'true');
  await expect(legend).toContainText('Dark time (hatched)');
  await expect(legend).toContainText('Critical path (bar under the span)');
  await expect(legend).toContainText('Error (red outline and !)');
  // Drawn with the rows' own marks.
  const hatch = await legend
    .locator('[data-legend-dark]')
    .evaluate((el) => getComputedStyle(el).backgroundImage);
  const rowHatch = await page
    .locator('[role="treegrid"] [data-dark-gap]')
    .first()
    .evaluate((el) => getComputedStyle(el).backgroundImage);
  expect(hatch).toContain('repeating-linear-gradient');
  expect(hatch).toBe(rowHatch);
  await expect(legend.getByRole('button', { name: 'Close' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(legend).toBeHidden();
  await expect(button).toBeFocused();
  await expect(button).toHaveAttribute('aria-expanded', 'false');
  // Esc closed the legend only: the selected span stays.
  await expect(page).toHaveURL(new RegExp(`span=${demo.originSpanId}`));
  // Space opens it too, and the Close button closes it.
  await page.keyboard.press(' ');
  await expect(legend).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(legend).toBeHidden();
});

for (const theme of ['light', 'dark'] as const) {
  test(`the header's error origin, the insight cards and the open legend pass axe (${theme})`, async ({
    page,
  }) => {
    await page.addInitScript((value) => window.localStorage.setItem('tracelight.theme', value), theme);
    await page.goto(tracePage('insights'));
    await expect(insightCards(page).first()).toBeVisible();
    await expect(page.getByTestId('header-error-origin')).toBeVisible();
    await page.getByRole('button', { name: 'Legend' }).click();
    await expect(page.getByRole('dialog', { name: 'What the waterfall’s marks mean' })).toBeVisible();
    const { violations } = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();
    expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`)).toEqual(
      [],
    );
  });
}

// The home page on a first run: the embedded backend with its demo traces. The note says what it is
// and how to send one's own traces (to the port its OTLP receiver really bound); the starting points search the last hour's errors and slowest
// traces; a demo trace is marked "Demo data" on the trace page.
import type { Page } from '@playwright/test';
import { freePort } from './support/free-port';
import { expect, test } from './support/test';
import { startTracelight, type Tracelight } from './support/tracelight';

let app: Tracelight;
let otlpPort: number;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  // Not the default 4318: the note must give the port the receiver really bound.
  otlpPort = await freePort();
  app = await startTracelight({
    // No datasources: the embedded backend comes on, seeded with demo traces.
    args: [
      '--otlp-port',
      String(otlpPort),
      ...(process.env.TRACELIGHT_E2E_DIST ? ['--dist', process.env.TRACELIGHT_E2E_DIST] : []),
    ],
  });
});

test.afterAll(async () => {
  await app?.stop();
});

const results = (page: Page) =>
  page.getByRole('table', { name: 'Traces found' }).locator('tbody tr[data-trace-id]');
const searchesIn = (page: Page, displayName: string) =>
  page.getByRole('list', { name: `Searches in ${displayName}`, exact: true });

const MS_PER_UNIT = { ns: 1e-6, µs: 0.001, ms: 1, s: 1000, min: 60_000, h: 3_600_000, d: 86_400_000 };

/** "1.52 s", "850 ms", "2 min 5 s", "12 µs" (ui/format.ts) → milliseconds. */
function durationMs(text: string): number {
  let total = 0;
  for (const [, n, unit] of text.matchAll(/([\d.]+)\s*(ns|µs|ms|s|min|h|d)(?![a-z])/g)) {
    total += Number(n) * MS_PER_UNIT[unit as keyof typeof MS_PER_UNIT];
  }
  return total;
}

test('the home page says the embedded backend holds demo traces, and how to send your own', async ({
  page,
}) => {
  await page.goto(app.url);
  const note = page.getByRole('region', { name: 'The embedded backend is running with demo data' });
  await expect(note).toContainText(`OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:${otlpPort}`);
  // The endpoint named is the receiver's.
  expect((await fetch(`http://127.0.0.1:${otlpPort}/metrics`)).status).toBe(200);
  await expect(note).toContainText('npm start -- --no-demo');
  await expect(note).toContainText('Local (embedded)');
  // Nothing opened yet in this browser: the recent list says what it will hold.
  await expect(page.getByRole('heading', { name: 'Recent traces' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Recent traces' })).toHaveCount(0);
});

test('"Errors in the last hour" searches Tempo for errors; a demo trace is marked as demo data and then listed as recent', async ({
  page,
}) => {
  await page.goto(app.url);
  const errors = searchesIn(page, 'Local (embedded)').getByRole('link', { name: 'Errors in the last hour' });
  await errors.click();
  await expect(page).toHaveURL(/\/search\?/);
  const url = new URL(page.url());
  expect(url.searchParams.get('ds')).toBe('local');
  expect(url.searchParams.get('q')).toBe('{ status = error }');
  await expect(results(page).first()).toBeVisible();
  await expect(page.getByTestId('results-summary')).toContainText('100% with errors');

  const first = results(page).first();
  const traceId = await first.getAttribute('data-trace-id');
  const operation = (await first.getByRole('link').textContent()) ?? '';
  await first.getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`/trace/${traceId}\\?ds=local`));
  const header = page.getByTestId('trace-header');
  await expect(header.locator('[data-badge="demo"]')).toHaveText('Demo data');

  await page.goto(app.url);
  const recent = page.getByRole('list', { name: 'Recent traces' });
  await expect(recent.getByRole('listitem')).toHaveCount(1);
  await expect(recent.getByRole('link')).toContainText(operation);
  await expect(recent).toContainText('Local (embedded)');
  await expect(recent).toContainText('just now');
});

test('"Slowest traces in the last hour" lists traces over a second, slowest first', async ({ page }) => {
  await page.goto(app.url);
  await searchesIn(page, 'Local (embedded)')
    .getByRole('link', { name: 'Slowest traces in the last hour' })
    .click();
  await expect(page).toHaveURL(/\/search\?/);
  expect(new URL(page.url()).searchParams.get('q')).toBe('{ traceDuration > 1s }');
  await expect(results(page).first()).toBeVisible();
  await expect(page.getByRole('columnheader', { name: /Duration/ })).toHaveAttribute(
    'aria-sort',
    'descending',
  );
  const durations = (await results(page).locator('td[data-column="duration"]').allTextContents()).map(
    durationMs,
  );
  expect(durations.length).toBeGreaterThan(1);
  expect(durations.every((d) => d > 1000)).toBe(true);
  expect([...durations].sort((a, b) => b - a)).toEqual(durations);
});

test('the Jaeger starting point asks for a service instead of sending a search Jaeger refuses', async ({
  page,
}) => {
  await page.goto(app.url);
  await searchesIn(page, 'Local (embedded, Jaeger API)')
    .getByRole('link', { name: 'Errors in the last hour' })
    .click();
  const form = page.getByRole('form', { name: 'Service search' });
  await expect(form.getByLabel('Tags (logfmt)')).toHaveValue('error=true');
  await expect(form.getByRole('status')).toContainText('choose a service');
  await form.getByLabel('Service').fill('checkout');
  await form.getByRole('button', { name: 'Find traces' }).click();
  await expect(results(page).first()).toBeVisible();
  await expect(page.getByTestId('results-summary')).toContainText('100% with errors');
});

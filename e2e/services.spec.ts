// /services on the embedded backend with its demo data: one row per demo service with a non-zero
// rate from TraceQL metrics (no Prometheus anywhere), errors first; a service opens its operations,
// and an operation opens the search for its slowest traces, which finds them.
import { expect, test } from './support/test';
import { startTracelight, type Tracelight } from './support/tracelight';

const dist = process.env.TRACELIGHT_E2E_DIST ? ['--dist', process.env.TRACELIGHT_E2E_DIST] : [];
let app: Tracelight;

test.beforeAll(async () => {
  app = await startTracelight({ config: { server: { embedded: true, otlpPort: 0 } }, args: dist });
});
test.afterAll(async () => {
  await app?.stop();
});

test('lists the demo services with their rates, failing ones first, and opens an operation’s slowest traces', async ({
  page,
}) => {
  await page.goto(app.url);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Services' }).click();
  await expect(page).toHaveURL(/\/services$/);
  const table = page.getByRole('table', { name: /Services/ });
  const rows = table.locator('tbody tr');
  await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(8);
  const names = await table.locator('tbody th').allTextContents();
  expect(names).toEqual(expect.arrayContaining(['checkout', 'payment']));
  // Every demo service has spans in the last hour: no row reads 0/s.
  const rates = await rows.locator('td:nth-of-type(1)').allTextContents();
  expect(rates.every((r) => /^[\d.]+\/(s|min)$/.test(r) && r !== '0/s')).toBe(true);
  // Errors first: the first row's share is the largest, and it is not 0%.
  const shares = (await rows.locator('td:nth-of-type(3)').allTextContents()).map((s) =>
    s === '<0.1%' ? 0.0005 : Number.parseFloat(s),
  );
  expect(shares[0]).toBeGreaterThan(0);
  expect(shares).toEqual([...shares].sort((a, b) => b - a));
  await expect(table.getByRole('columnheader', { name: /Errors/ })).toHaveAttribute(
    'aria-sort',
    'descending',
  );

  // Sort by name: the URL says so and a reload keeps it.
  await table.getByRole('button', { name: /^Service/ }).click();
  await expect(page).toHaveURL(/sort=name/);
  await page.reload();
  const sorted = await page
    .getByRole('table', { name: /Services/ })
    .locator('tbody th')
    .allTextContents();
  expect(sorted).toEqual([...sorted].sort((a, b) => a.localeCompare(b)));

  // A service opens its operations; an operation opens the search for its slowest traces.
  await page.getByRole('link', { name: 'checkout', exact: true }).click();
  await expect(page).toHaveURL(/service=checkout/);
  await expect(page.getByRole('heading', { name: 'Operations of checkout' })).toBeVisible();
  const operations = page.getByRole('table', { name: /Operations of checkout/ });
  await expect.poll(() => operations.locator('tbody tr').count()).toBeGreaterThan(0);
  await operations.locator('tbody tr').first().getByRole('link', { name: 'Slowest' }).click();
  await expect(page).toHaveURL(/\/search\?/);
  const q = new URL(page.url()).searchParams.get('q') ?? '';
  expect(q).toMatch(/^\{ resource\.service\.name = "checkout" && name = ".+" && duration >= \d+us \}$/);
  await expect(
    page.getByRole('table', { name: 'Traces found' }).locator('tbody tr[data-trace-id]').first(),
  ).toBeVisible();
});

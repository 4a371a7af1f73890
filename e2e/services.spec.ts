// /services on the embedded backend with its demo data: one row per demo service with a non-zero
// rate from TraceQL metrics (no Prometheus anywhere), errors first; a service opens its operations,
// and an operation opens the search for its slowest traces, which finds them. Then against a Tempo
// replaying its recorded `rate() by (resource.service.name)`: the recorded services and rates.
import { type ReplayUpstream, startReplayUpstream } from './support/replay-upstream';
import { anyOf, expect, test } from './support/test';
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
  // Errors first: the first row's share is the largest, and it is not 0%. The error rates are a
  // query of their own; until it answers a share reads "–".
  const shareCells = rows.locator('td:nth-of-type(3)');
  await expect.poll(async () => (await shareCells.allTextContents()).includes('–')).toBe(false);
  const shares = (await shareCells.allTextContents()).map((s) =>
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
  const slowest = operations.locator('tbody tr').first().getByRole('link', { name: 'Slowest' });
  // The link gains its duration bound once the quantiles have loaded.
  await expect(slowest).toHaveAttribute('href', /duration/);
  await slowest.click();
  await expect(page).toHaveURL(/\/search\?/);
  const q = new URL(page.url()).searchParams.get('q') ?? '';
  expect(q).toMatch(/^\{ resource\.service\.name = "checkout" && name = ".+" && duration >= \d+us \}$/);
  await expect(
    page.getByRole('table', { name: 'Traces found' }).locator('tbody tr[data-trace-id]').first(),
  ).toBeVisible();
});

test.describe('Tempo (replayed recordings)', () => {
  // The window Tempo's metrics were recorded over, epoch ms, at its 60 s step.
  const FROM = 1795300322000;
  const TO = 1795303022000;
  let tempo: ReplayUpstream;
  let replayed: Tracelight;

  // The recordings hold the rate by service only: the page's other queries get the replay's 404.
  test.use({ allowedConsoleErrors: anyOf(/status of 404 .*\/api\/ds\/tempo\/api\/metrics\//) });

  test.beforeAll(async () => {
    tempo = await startReplayUpstream({ sets: ['tempo'] });
    replayed = await startTracelight({
      config: {
        server: { otlpPort: 0, embedded: false },
        datasources: [{ name: 'tempo', type: 'tempo', url: tempo.url, default: true }],
      },
      args: dist,
    });
  });
  test.afterAll(async () => {
    await replayed?.stop();
    await tempo?.stop();
  });

  test('lists the recorded services by rate; a missing answer reads as unknown, not as 0%', async ({
    page,
  }) => {
    await page.goto(`${replayed.url}services?ds=tempo&from=${FROM}&to=${TO}&step=60s&sort=rate`);
    const table = page.getByRole('table', { name: /Services/ });
    await expect(table.locator('tbody tr')).toHaveCount(11);
    const sent = tempo.requests.find(
      (r) => r.path === '/api/metrics/query_range' && r.query.includes('rate%28%29+by'),
    );
    expect(Object.fromEntries(new URLSearchParams(sent?.query))).toMatchObject({
      q: '{} | rate() by (resource.service.name)',
      start: '1795300322',
      end: '1795303022',
      step: '60s',
    });
    // The means of the recorded samples: batch-jobs 7.99/s leads, api-gateway 0.52/s.
    await expect(table.locator('tbody tr').first().locator('th')).toHaveText('batch-jobs');
    await expect(table.locator('tbody tr').first().locator('td').first()).toHaveText('7.99/s');
    await expect(page.locator('[data-service-row="api-gateway"] td').first()).toHaveText('0.52/s');
    await expect(page.locator('[data-service-row="api-gateway"] td').nth(2)).toHaveText('–');
    await expect(page.getByText(/The metrics query failed/)).toBeVisible();
  });
});

// The app shell against the real server and the built app: loading, theme, deep links, a path
// prefix, datasource health, not-found. Datasources are tiny loopback servers started here.

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { anyOf, expect, test } from './support/test';
import { startTracelight, type Tracelight } from './support/tracelight';

/** Serve a build other than dist/ (TRACELIGHT_E2E_DIST), as the other specs allow. */
const DIST_ARGS = process.env.TRACELIGHT_E2E_DIST ? ['--dist', process.env.TRACELIGHT_E2E_DIST] : [];

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const SPAN_ID = '00f067aa0ba902b7';
const BACKEND_ERROR = 'tempo exploded: ring has no healthy ingesters';
/** Chromium logs every non-2xx fetch; the failing datasource's health check is one on purpose. */
const FAILING_HEALTH_CHECK = /status of 500 .*\/api\/ds\/bad\/api\/echo/;
/** The test Tempos hold no traces: the trace page's lookups end in 404 (or the failing one's 500). */
const TRACE_LOOKUPS = /status of (404|500) .*\/api\/ds\/(good|bad)\/api\/(v2\/)?traces\//;

interface Upstream {
  origin: string;
  hits: string[];
  close(): Promise<void>;
}

async function startUpstream(
  handler: (request: http.IncomingMessage, response: http.ServerResponse) => void,
) {
  const hits: string[] = [];
  const server = http.createServer((request, response) => {
    hits.push(request.url ?? '');
    handler(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const upstream: Upstream = {
    origin: `http://127.0.0.1:${port}`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return upstream;
}

/** A Tempo that answers its health endpoint. */
function healthyTempo(request: http.IncomingMessage, response: http.ServerResponse) {
  if (request.url === '/api/echo') {
    response.writeHead(200, { 'content-type': 'text/plain' }).end('echo');
    return;
  }
  response.writeHead(404, { 'content-type': 'text/plain' }).end('404 page not found\n');
}

/** A Tempo that fails every request with its own words. */
function failingTempo(_request: http.IncomingMessage, response: http.ServerResponse) {
  response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end(`${BACKEND_ERROR}\n`);
}

interface Setup {
  app: Tracelight;
  good: Upstream;
  bad: Upstream;
}

async function startSetup(env: Record<string, string> = {}): Promise<Setup> {
  const good = await startUpstream(healthyTempo);
  const bad = await startUpstream(failingTempo);
  const app = await startTracelight({
    config: {
      server: { otlpPort: 0, embedded: false },
      datasources: [
        { name: 'good', type: 'tempo', displayName: 'Good Tempo', url: good.origin, default: true },
        { name: 'bad', type: 'tempo', displayName: 'Broken Tempo', url: bad.origin },
      ],
    },
    env,
    args: DIST_ARGS,
  });
  return { app, good, bad };
}

async function stopSetup(setup: Setup | undefined) {
  if (!setup) return;
  await setup.app.stop();
  await setup.good.close();
  await setup.bad.close();
}

/** The search page's TraceQL query as the editor shows it. */
function shownQuery(page: import('@playwright/test').Page) {
  return page.locator('[data-editor] .view-lines, textarea[data-editor]').first();
}
/** The test Tempos hold no searches: the search page's requests end in 404 (or the failing one's 500). */
const SEARCHES = /status of (404|500) .*\/api\/ds\/(good|bad)\/api\/(v2\/)?search/;

test.describe('app shell at the root', () => {
  test.use({ allowedConsoleErrors: anyOf(FAILING_HEALTH_CHECK, TRACE_LOOKUPS, SEARCHES) });
  let setup: Setup | undefined;
  test.beforeAll(async () => {
    setup = await startSetup();
  });
  test.afterAll(async () => {
    await stopSetup(setup);
  });
  const url = () => {
    if (!setup) throw new Error('server not started');
    return setup.app.url;
  };

  test('loads every page without console errors', async ({ page }) => {
    await page.goto(url());
    await expect(page.getByRole('heading', { level: 1, name: 'Tracelight' })).toBeVisible();
    const banner = page.getByRole('banner');
    await expect(banner.getByRole('link', { name: 'Tracelight' })).toBeVisible();
    await expect(banner.getByLabel('Trace ID')).toBeVisible();
    await expect(banner.getByLabel('Datasource')).toHaveValue('good');
    await expect(page.getByText('Good Tempo', { exact: true })).toBeVisible();

    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const [label, heading] of [
      ['Search', 'Search'],
      ['Logs', 'Logs'],
      ['Metrics', 'Metrics'],
      ['Settings', 'Settings'],
    ] as const) {
      await nav.getByRole('link', { name: label }).click();
      await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
      await expect(nav.getByRole('link', { name: label })).toHaveAttribute('aria-current', 'page');
    }
    await expect(page.getByText('healthy', { exact: true })).toBeVisible();
    await banner.getByRole('link', { name: 'Tracelight' }).click();
    await expect(page).toHaveURL(url());
  });

  test('the theme toggle is remembered across a reload', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(url());
    const html = page.locator('html');
    await expect(page.getByRole('radio', { name: 'System' })).toBeChecked();
    await expect(html).not.toHaveClass(/\bdark\b/);

    await page.getByRole('radio', { name: 'Dark' }).check();
    await expect(html).toHaveClass(/\bdark\b/);
    const darkBackground = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);

    await page.reload();
    await expect(page.getByRole('radio', { name: 'Dark' })).toBeChecked();
    await expect(html).toHaveClass(/\bdark\b/);
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(darkBackground);

    await page.getByRole('radio', { name: 'Light' }).check();
    await expect(html).not.toHaveClass(/\bdark\b/);
    await page.reload();
    await expect(page.getByRole('radio', { name: 'Light' })).toBeChecked();
    await expect(html).not.toHaveClass(/\bdark\b/);
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).not.toBe(
      darkBackground,
    );
  });

  test.describe('before the app code runs', () => {
    test.use({ allowedConsoleErrors: /net::ERR_FAILED .*\/assets\/.*\.js/ });

    test('the remembered theme is already applied (no light flash)', async ({ page }) => {
      await page.emulateMedia({ colorScheme: 'light' });
      await page.goto(url());
      await page.getByRole('radio', { name: 'Dark' }).check();
      // Without the app's JavaScript only the pre-paint script can set the theme.
      await page.route('**/assets/*.js', (route) => route.abort());
      await page.reload();
      await expect(page.locator('html')).toHaveClass(/\bdark\b/);
      await expect(page.getByRole('heading')).toHaveCount(0);
    });
  });

  test('follows the system theme until one is chosen', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(url());
    await expect(page.locator('html')).toHaveClass(/\bdark\b/);
    await page.emulateMedia({ colorScheme: 'light' });
    await expect(page.locator('html')).not.toHaveClass(/\bdark\b/);
  });

  test('a trace deep link survives a reload with its parameters', async ({ page }) => {
    // The trace page asks the datasource; the healthy test Tempo has no traces, so it says "not found".
    const link = `${url()}trace/ABC?ds=good&span=${SPAN_ID}&view=flame&orgId=7`;
    await page.goto(link);
    const check = async () => {
      await expect(page.getByText(`${'0'.repeat(29)}abc`).first()).toBeVisible();
      await expect(page.getByRole('heading', { name: 'Page not found' })).toHaveCount(0);
      await expect(page.getByRole('banner').getByLabel('Datasource')).toHaveValue('good');
      expect(page.url()).toBe(link);
    };
    await check();
    await page.reload();
    await check();
  });

  test("Jaeger UI's embedded trace links hide the app chrome", async ({ page }) => {
    const link = `${url()}trace/${TRACE_ID}?uiFind=${SPAN_ID}&uiEmbed=v0`;
    await page.goto(link);
    await expect(page.getByText(TRACE_ID).first()).toBeVisible();
    await expect(page.getByRole('banner')).toHaveCount(0);
    await expect(page.getByRole('navigation', { name: 'Main' })).toHaveCount(0);
  });

  test('a search deep link survives a reload with its parameters', async ({ page }) => {
    const query = '{ resource.service.name = "cart" && status = error }';
    const link = `${url()}search?ds=good&q=${encodeURIComponent(query)}&from=now-6h&to=now&limit=50&panel=2`;
    await page.goto(link);
    const check = async () => {
      await expect(page.getByRole('heading', { level: 1, name: 'Search' })).toBeVisible();
      await expect(page.getByText('Searching Good Tempo (tempo)')).toBeVisible();
      await expect(shownQuery(page)).toHaveText(query);
      await expect(page.getByLabel('Time range')).toHaveValue('6h');
      await expect(page.getByLabel('Limit')).toHaveValue('50');
    };
    await check();
    await page.reload();
    await check();
    expect(page.url()).toBe(link);
  });

  test('the datasource picker changes the ds of the current search', async ({ page }) => {
    await page.goto(`${url()}search?ds=good&q=x`);
    await page.getByRole('banner').getByLabel('Datasource').selectOption('bad');
    await expect(page).toHaveURL(`${url()}search?ds=bad&q=x`);
    await expect(page.getByText('Searching Broken Tempo (tempo)')).toBeVisible();
    await page.getByRole('banner').getByLabel('Datasource').selectOption({ label: 'All trace datasources' });
    await expect(page).toHaveURL(`${url()}search?q=x`);
    await expect(page.getByText('A search asks one datasource. Choose one:')).toBeVisible();
    await page.goBack();
    await expect(page.getByText('Searching Broken Tempo (tempo)')).toBeVisible();
  });

  test('open trace checks the ID and carries the chosen datasource', async ({ page }) => {
    await page.goto(url());
    const box = page.getByRole('banner').getByLabel('Trace ID');
    await box.fill('not-a-trace');
    await box.press('Enter');
    await expect(page.getByRole('banner').getByRole('alert')).toHaveText(/hexadecimal/);
    await expect(box).toHaveAttribute('aria-invalid', 'true');
    await expect(page).toHaveURL(url());

    await page.getByRole('banner').getByLabel('Datasource').selectOption('bad');
    await box.fill('  8448EB211C80319C ');
    await box.press('Enter');
    await expect(page).toHaveURL(`${url()}trace/00000000000000008448eb211c80319c?ds=bad`);
    await expect(page.getByRole('banner').getByLabel('Datasource')).toHaveValue('bad');
  });

  test.describe('settings', () => {
    test('shows a healthy and a failing datasource with its own error text', async ({ page }) => {
      if (!setup) throw new Error('server not started');
      const hitsBefore = setup.bad.hits.length;
      await page.goto(`${url()}settings`);
      const list = page.getByRole('list', { name: 'Configured datasources' });
      const good = list.getByRole('listitem', { name: 'Good Tempo' });
      const bad = list.getByRole('listitem', { name: 'Broken Tempo' });
      await expect(good.getByText('healthy', { exact: true })).toBeVisible();
      await expect(good).toContainText('default');
      await expect(bad.getByText('unhealthy', { exact: true })).toBeVisible();
      await expect(bad).toContainText('HTTP 500');
      await expect(bad.locator('pre')).toHaveText(BACKEND_ERROR);

      const before = setup.bad.hits.length;
      await bad.getByRole('button', { name: 'Check Broken Tempo again' }).click();
      await expect.poll(() => setup?.bad.hits.length).toBeGreaterThan(before);
      await expect(bad.locator('pre')).toHaveText(BACKEND_ERROR);
      // Tempo's health endpoint, through the gateway, once on load and once per "check again".
      expect(setup.bad.hits.slice(hitsBefore)).toEqual(['/api/echo', '/api/echo']);
    });
  });

  test('an unknown route shows not-found with a way home', async ({ page }) => {
    await page.goto(`${url()}no/such/page`);
    await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
    await expect(page.getByText('/no/such/page')).toBeVisible();
    await page.getByRole('link', { name: 'Go to the home page' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Tracelight' })).toBeVisible();
    await expect(page).toHaveURL(url());
  });

  test('an invalid trace ID in a link says why', async ({ page }) => {
    await page.goto(`${url()}trace/not-hex`);
    await expect(page.getByRole('heading', { level: 1, name: 'Not a trace ID' })).toBeVisible();
    await expect(page.getByRole('alert')).toContainText('1 to 32 hexadecimal characters');
  });
});

test.describe('app shell under a path prefix', () => {
  let setup: Setup | undefined;
  test.beforeAll(async () => {
    setup = await startSetup({ TRACELIGHT_BASE_PATH: '/tracelight/' });
  });
  test.afterAll(async () => {
    await stopSetup(setup);
  });

  test.use({ allowedConsoleErrors: anyOf(FAILING_HEALTH_CHECK, TRACE_LOOKUPS, SEARCHES) });

  test('navigates, deep-links, reloads and checks health under /tracelight/', async ({ page }) => {
    if (!setup) throw new Error('server not started');
    const url = setup.app.url;
    expect(new URL(url).pathname).toBe('/tracelight/');
    await page.goto(url);
    await expect(page.getByRole('heading', { level: 1, name: 'Tracelight' })).toBeVisible();

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await expect(page).toHaveURL(`${url}settings`);
    const list = page.getByRole('list', { name: 'Configured datasources' });
    await expect(
      list.getByRole('listitem', { name: 'Good Tempo' }).getByText('healthy', { exact: true }),
    ).toBeVisible();
    await expect(list.getByRole('listitem', { name: 'Broken Tempo' }).locator('pre')).toHaveText(
      BACKEND_ERROR,
    );

    const box = page.getByRole('banner').getByLabel('Trace ID');
    await box.fill(TRACE_ID);
    await box.press('Enter');
    await expect(page).toHaveURL(`${url}trace/${TRACE_ID}?ds=good`);
    await page.reload();
    await expect(page.getByText(TRACE_ID).first()).toBeVisible();
    await expect(page.getByRole('banner').getByLabel('Datasource')).toHaveValue('good');
    expect(page.url()).toBe(`${url}trace/${TRACE_ID}?ds=good`);

    await page.goto(`${url}search?ds=good&q=%7B%7D`);
    await page.reload();
    await expect(shownQuery(page)).toHaveText('{}');

    await page.goto(`${url}nowhere`);
    await page.getByRole('link', { name: 'Go to the home page' }).click();
    await expect(page).toHaveURL(url);
  });
});

test.describe('app shell with nothing configured', () => {
  let app: Tracelight | undefined;
  test.beforeAll(async () => {
    app = await startTracelight({
      config: { server: { otlpPort: 0, embedded: false }, datasources: [] },
      args: DIST_ARGS,
    });
  });
  test.afterAll(async () => {
    await app?.stop();
  });

  test('the home page says how to configure datasources', async ({ page }) => {
    if (!app) throw new Error('server not started');
    await page.goto(app.url);
    await expect(page.getByText('No datasources yet')).toBeVisible();
    await expect(page.getByText(/TEMPO_URL/)).toBeVisible();
    await expect(page.getByRole('banner').getByLabel('Datasource')).toHaveValue('');
  });
});

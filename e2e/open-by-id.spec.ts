// "Open trace" in the top bar and on the home page: every input form opens the right trace at the
// right span (traces served by a replay upstream from Tempo's recordings); invalid input says why;
// not found is the trace page's answer; the home page lists recent traces.
import { type ReplayUpstream, startReplayUpstream } from './support/replay-upstream';
import { anyOf, expect, test } from './support/test';
import { startTracelight, type Tracelight } from './support/tracelight';

const TRACE = '2bafbe17c123c304432c535342f87d81';
// Spans of that trace (tempo-trace-v2-error-json): payment's "POST /v1/payments" and auth's "jwt.verify".
const SPAN = '8ca4220d0dbd4d49';
const OTHER_SPAN = 'a07574e9f100f392';
const MISSING = '0123456789abcdef0123456789abcdef';

test.use({
  allowedConsoleErrors: anyOf(/status of 404 .*\/api\/ds\/\w+\/api\//),
});

let upstream: ReplayUpstream;
let app: Tracelight;

test.beforeAll(async () => {
  upstream = await startReplayUpstream({ sets: ['tempo'] });
  app = await startTracelight({
    config: {
      server: { otlpPort: 0, embedded: false },
      datasources: [{ name: 'tempo', type: 'tempo', displayName: 'Tempo', url: upstream.url, default: true }],
    },
    args: process.env.TRACELIGHT_E2E_DIST ? ['--dist', process.env.TRACELIGHT_E2E_DIST] : [],
  });
});

test.afterAll(async () => {
  await app?.stop();
  await upstream?.stop();
});

const grafanaPanes = JSON.stringify({
  abc: {
    datasource: 'tempo-uid',
    queries: [{ refId: 'A', queryType: 'traceql', query: TRACE }],
    panelsState: { trace: { spanId: SPAN } },
    range: { from: 'now-1h', to: 'now' },
  },
});

// The older `left=` state: an Explore pane object, and before that a [from, to, datasource, ...queries] array.
const grafanaLeftObject = JSON.stringify({
  datasource: 'tempo',
  queries: [{ refId: 'A', query: TRACE, queryType: 'traceql' }],
  range: { from: 'now-1h', to: 'now' },
});
const grafanaLeftArray = JSON.stringify(['now-1h', 'now', 'Tempo', { query: TRACE }]);

const FORMS: ReadonlyArray<readonly [string, string, string | undefined]> = [
  ['bare ID, upper case with spaces', `  ${TRACE.toUpperCase()} `, undefined],
  [
    '0x and dashes',
    `0x${TRACE.slice(0, 8)}-${TRACE.slice(8, 12)}-${TRACE.slice(12, 16)}-${TRACE.slice(16)}`,
    undefined,
  ],
  ['traceparent value', `00-${TRACE}-${SPAN}-01`, SPAN],
  ['traceparent header line', `traceparent: 00-${TRACE}-${OTHER_SPAN}-01`, OTHER_SPAN],
  ['uber-trace-id', `uber-trace-id: ${TRACE}:${SPAN}:0:1`, SPAN],
  ['b3 single', `b3: ${TRACE}-${SPAN}-1`, SPAN],
  ['X-B3 headers', `X-B3-TraceId: ${TRACE}; X-B3-SpanId: ${SPAN}`, SPAN],
  ['Jaeger UI link', `https://jaeger.example.com/trace/${TRACE}?uiFind=${SPAN}`, SPAN],
  [
    'Grafana Explore panes link',
    `https://grafana.example.com/explore?schemaVersion=1&panes=${encodeURIComponent(grafanaPanes)}`,
    SPAN,
  ],
  [
    'Grafana Explore left= object link',
    `https://grafana.example.com/explore?orgId=1&left=${encodeURIComponent(grafanaLeftObject)}`,
    undefined,
  ],
  [
    'Grafana Explore left= array link (oldest form)',
    `https://grafana.example.com/explore?left=${encodeURIComponent(grafanaLeftArray)}`,
    undefined,
  ],
  [
    'Tracelight link',
    `https://tracelight.example.com/trace/${TRACE}?ds=tempo&span=${OTHER_SPAN}`,
    OTHER_SPAN,
  ],
];

for (const [name, input, span] of FORMS) {
  test(`the top bar opens a ${name}`, async ({ page }) => {
    await page.goto(app.url);
    // The picker shows the default datasource once the runtime config has loaded; before that the
    // box opens the trace in every datasource, which is a different (also valid) URL.
    await expect(page.getByRole('banner').getByLabel('Datasource')).toHaveValue('tempo');
    const box = page.getByRole('banner').getByLabel('Trace ID');
    await box.fill(input);
    await box.press('Enter');
    const expectedSpan = span ? `&span=${span}` : '';
    await expect(page).toHaveURL(`${app.url}trace/${TRACE}?ds=tempo${expectedSpan}`);
    const row = page.locator(`[role="treegrid"] [role="row"][data-span-id="${span ?? SPAN}"]`);
    await expect(row).toBeVisible();
    if (span) await expect(row).toHaveAttribute('aria-selected', 'true');
  });
}

test('the home page form opens a trace at a span; without a datasource the trace page asks them all', async ({
  page,
}) => {
  await page.goto(app.url);
  await page.getByRole('banner').getByLabel('Datasource').selectOption({ label: 'All trace datasources' });
  const box = page.getByRole('main').getByLabel('Trace ID');
  await box.fill(`traceparent: 00-${TRACE}-${SPAN}-01`);
  await page.getByRole('main').getByRole('button', { name: 'Open trace' }).click();
  await expect(page).toHaveURL(`${app.url}trace/${TRACE}?span=${SPAN}`);
  await expect(page.locator(`[role="treegrid"] [role="row"][data-span-id="${SPAN}"]`)).toHaveAttribute(
    'aria-selected',
    'true',
  );
});

test('invalid input says why and stays put; a missing trace is reported by the trace page', async ({
  page,
}) => {
  await page.goto(app.url);
  const box = page.getByRole('banner').getByLabel('Trace ID');
  await box.fill('0000');
  await box.press('Enter');
  await expect(page.getByRole('banner').getByRole('alert')).toContainText('all-zero trace ID');
  await expect(page).toHaveURL(app.url);
  await box.fill('https://example.com/dashboards');
  await box.press('Enter');
  await expect(page.getByRole('banner').getByRole('alert')).toContainText('does not point at a trace');

  await box.fill(MISSING);
  await box.press('Enter');
  await expect(page).toHaveURL(`${app.url}trace/${MISSING}?ds=tempo`);
  await expect(page.getByText('Trace not found')).toBeVisible();
});

test('the home page lists recent traces as links, names as text', async ({ page }) => {
  await page.addInitScript(
    ([trace]) => {
      window.localStorage.setItem(
        'tracelight.recentTraces',
        JSON.stringify([
          {
            traceId: trace,
            ds: 'tempo',
            rootService: 'api-gateway',
            rootName: '<b>POST</b> /api/checkout',
            openedAt: Date.now() - 120_000,
          },
          { traceId: 'garbage' },
        ]),
      );
    },
    [TRACE],
  );
  await page.goto(app.url);
  const list = page.getByRole('list', { name: 'Recent traces' });
  await expect(list.getByRole('listitem')).toHaveCount(1);
  const link = list.getByRole('link', { name: 'api-gateway: <b>POST</b> /api/checkout' });
  await expect(link).toHaveAttribute('href', `/trace/${TRACE}?ds=tempo`);
  await expect(list).toContainText('2 min ago');
  await link.click();
  await expect(page).toHaveURL(`${app.url}trace/${TRACE}?ds=tempo`);
});

test('a real backend: no embedded note on the home page, starting points for Tempo, no demo badge on its traces', async ({
  page,
}) => {
  await page.goto(app.url);
  await expect(page.getByRole('heading', { name: 'Start from a signal' })).toBeVisible();
  const searches = page.getByRole('list', { name: 'Searches in Tempo', exact: true });
  await expect(searches.getByRole('link', { name: 'Errors in the last hour' })).toHaveAttribute(
    'href',
    `/search?ds=tempo&q=${encodeURIComponent('{ status = error }').replace(/%20/g, '+')}`,
  );
  await expect(page.getByTestId('embedded-note')).toHaveCount(0);

  await page.goto(`${app.url}trace/${TRACE}?ds=tempo`);
  await expect(page.getByTestId('trace-header')).toBeVisible();
  await expect(page.getByTestId('trace-header').locator('[data-badge="cp"]')).toBeVisible();
  await expect(page.getByTestId('trace-header').locator('[data-badge="demo"]')).toHaveCount(0);
});

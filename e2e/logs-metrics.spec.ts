// The /logs and /metrics pages against the replay upstream serving real Loki and Prometheus answers.
// Where the page's request differs from the recorded one (the limit, or exemplars asked for the
// plotted query), `override` answers with the recorded body.
import { readFileSync } from 'node:fs';
import { type ReplayUpstream, startReplayUpstream } from './support/replay-upstream';
import { anyOf, expect, test } from './support/test';
import { startTracelight, type Tracelight } from './support/tracelight';

const FIXTURES = new URL('../../shared/fixtures/', import.meta.url);
const recorded = (name: string) => readFileSync(new URL(name, FIXTURES));

let upstream: ReplayUpstream;
let app: Tracelight;

test.use({ allowedConsoleErrors: anyOf(/status of (400|404|502)/) });

test.beforeAll(async () => {
  upstream = await startReplayUpstream({ sets: ['loki', 'prometheus'] });
  app = await startTracelight({
    config: {
      server: { embedded: false },
      datasources: [
        { name: 'loki', type: 'loki', url: upstream.url },
        { name: 'prometheus', type: 'prometheus', url: upstream.url },
      ],
    },
    args: process.env.TRACELIGHT_E2E_DIST ? ['--dist', process.env.TRACELIGHT_E2E_DIST] : [],
  });
});

test.afterAll(async () => {
  await app?.stop();
  await upstream?.stop();
});

test.afterEach(() => {
  upstream.clearOverrides();
  upstream.requests.length = 0;
});

const P95 =
  'histogram_quantile(0.95, sum by (le, http_route) (rate(shop_http_server_request_duration_seconds_bucket[1m])))';
const RANGE = 'from=1795299693000&to=1795303293000';

test.describe('/metrics', () => {
  test('draws the series with exemplar dots; a dot shows its labels and opens its trace', async ({
    page,
  }) => {
    const exemplarsBody = recorded('prometheus/prom-exemplars-shop-histogram.body');
    upstream.override('/api/v1/query_exemplars', {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: exemplarsBody,
    });
    const expectedDots = (
      JSON.parse(exemplarsBody.toString()) as { data: { exemplars: unknown[] }[] }
    ).data.reduce((n, s) => n + s.exemplars.length, 0);

    await page.goto(`${app.url}metrics?ds=prometheus&q=${encodeURIComponent(P95)}&${RANGE}&step=15`);
    // Its exemplar dots are buttons, so the chart is a group rather than an image.
    await expect(page.getByRole('group', { name: `PromQL: ${P95}` })).toBeVisible();
    await expect(page.getByRole('list', { name: 'Legend' }).getByRole('button')).toHaveCount(
      (
        JSON.parse(recorded('prometheus/prom-query-range-shop-p95.body').toString()) as {
          data: { result: unknown[] };
        }
      ).data.result.length,
    );
    const dots = page.getByTestId('exemplar');
    await expect(dots).toHaveCount(expectedDots);
    await expect(page.getByTestId('exemplar-summary')).toContainText(`${expectedDots} exemplars`);

    const rangeRequest = upstream.requests.find((r) => r.path === '/api/v1/query_range');
    expect(new URLSearchParams(rangeRequest?.query).get('step')).toBe('15');
    const exemplarRequest = upstream.requests.find((r) => r.path === '/api/v1/query_exemplars');
    expect(new URLSearchParams(exemplarRequest?.query).get('query')).toBe(P95);

    // Keyboard: a focused dot shows its card; Enter opens the trace.
    const first = page.getByRole('button', { name: /Exemplar: trace e2ef164d06b91913e119d20ab93c10bd/ });
    await first.focus();
    await expect(page.getByTestId('exemplar-card')).toContainText('e2ef164d06b91913e119d20ab93c10bd');
    await expect(page.getByTestId('exemplar-card')).toContainText('http_route');
    // Pointer: the topmost dot (drawn last) is hovered and clicked.
    await first.blur();
    const top = dots.last();
    const traceId = /trace ([0-9a-f]{32})/.exec((await top.getAttribute('aria-label')) ?? '')?.[1];
    expect(traceId).toBeDefined();
    await top.hover();
    await expect(page.getByTestId('exemplar-card')).toContainText(traceId!);
    await top.click();
    // An exemplar is one instant: its link carries half an hour either side (decision 0182).
    await expect(page).toHaveURL(new RegExp(`/trace/${traceId}\\?(span=[0-9a-f]{16}&)?start=\\d+&end=\\d+$`));
    await page.goBack();
    await page.getByRole('button', { name: /Exemplar: trace e2ef164d06b91913e119d20ab93c10bd/ }).focus();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(
      /\/trace\/e2ef164d06b91913e119d20ab93c10bd\?(span=[0-9a-f]{16}&)?start=\d+&end=\d+$/,
    );
  });

  test('says what Prometheus said about a bad query, and the URL keeps the query', async ({ page }) => {
    const bad = 'sum(rate(foo[1m])';
    await page.goto(`${app.url}metrics?ds=prometheus&q=${encodeURIComponent(bad)}&${RANGE}&step=15`);
    await expect(page.getByTestId('metrics-error')).toHaveText(
      '1:18: parse error: unclosed left parenthesis',
    );
    await expect(page.getByLabel('PromQL', { exact: true })).toHaveValue(bad);
  });

  test('running a query from the form puts it in the URL', async ({ page }) => {
    upstream.override('/api/v1/query_exemplars', { status: 200, body: '{"status":"success","data":[]}' });
    await page.goto(`${app.url}metrics?ds=prometheus&${RANGE}`);
    await page
      .getByLabel('PromQL', { exact: true })
      .fill('sum by (service) (rate(traces_spanmetrics_calls_total[1m]))');
    await page.getByLabel('Step').fill('15');
    await page.getByRole('button', { name: 'Run query' }).click();
    await expect(page).toHaveURL(/q=sum\+by\+%28service%29/);
    await expect(page).toHaveURL(/step=15/);
    await expect(page.getByRole('list', { name: 'Legend' })).toContainText('service="checkout"');
  });
});

const TRACE = '2bafbe17c123c304432c535342f87d81';

test.describe('/logs', () => {
  test('lines sorted across streams, with labels and links to their trace at the span', async ({ page }) => {
    upstream.override('/loki/api/v1/query_range', {
      status: 200,
      headers: { 'content-type': 'application/json; charset=UTF-8' },
      body: recorded('loki/loki-query-range-traceid-categorize-labels.body'),
    });
    const query = `{env="prod"} |= "${TRACE}" | logfmt`;
    await page.goto(
      `${app.url}logs?ds=loki&q=${encodeURIComponent(query)}&from=1795292403000&to=1795303203000`,
    );
    const lines = page.getByTestId('log-line');
    await expect(lines).toHaveCount(20);
    await expect(page.getByTestId('logs-summary')).toContainText('20 lines from');

    const request = upstream.requests.find((r) => r.path === '/loki/api/v1/query_range');
    expect(request?.headers['x-loki-response-encoding-flags']).toBe('categorize-labels');
    const sent = new URLSearchParams(request?.query);
    expect(sent.get('query')).toBe(query);
    expect(sent.get('start')).toBe('1795292403000000000');
    expect(sent.get('direction')).toBe('backward');

    // Newest first across streams: the recording's streams are per service, each oldest first.
    const times = await page.getByTestId('log-time').allTextContents();
    expect(times).toHaveLength(20);
    expect([...times].sort().reverse()).toEqual(times);
    expect(new Set(times).size).toBeGreaterThan(1);
    // Labels are folded behind each line's toggle (decision 0185).
    await expect(lines.first().locator('[data-label="service_name"]')).toBeHidden();
    await lines.first().getByTestId('log-labels-toggle').click();
    await expect(lines.first().locator('[data-label="service_name"]')).toBeVisible();

    const link = lines
      .first()
      .getByRole('link', { name: new RegExp(`Open trace ${TRACE} at span [0-9a-f]{16}`) });
    const href = await link.getAttribute('href');
    expect(href).toMatch(new RegExp(`/trace/${TRACE}\\?span=[0-9a-f]{16}&start=\\d+&end=\\d+$`));
    await link.click();
    await expect(page).toHaveURL(new RegExp(`/trace/${TRACE}\\?span=[0-9a-f]{16}&start=\\d+&end=\\d+$`));
  });

  test("shows Loki's parse error inline", async ({ page }) => {
    upstream.override('/loki/api/v1/query_range', {
      status: 400,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      body: recorded('loki/loki-query-range-invalid.body'),
    });
    await page.goto(`${app.url}logs?ds=loki&q=${encodeURIComponent('{service_name="payment"')}`);
    await expect(page.getByTestId('logs-error')).toHaveText(
      'parse error at line 1, col 24: syntax error: unexpected $end, expecting } or ,',
    );
  });

  test('a metric query is drawn as a chart', async ({ page }) => {
    const query = 'sum by (service_name) (count_over_time({env="prod"}[1m]))';
    upstream.override('/loki/api/v1/query_range', {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: recorded('loki/loki-query-range-metric-count-by-service.body'),
    });
    await page.goto(
      `${app.url}logs?ds=loki&q=${encodeURIComponent(query)}&from=1795292391000&to=1795303191000`,
    );
    await expect(page.getByRole('img', { name: `LogQL: ${query}` })).toBeVisible();
    await expect(page.getByRole('list', { name: 'Legend' })).toContainText('service_name="api-gateway"');
  });
});

// Search results say only what the backend said (issue 19, defects 2 and 16). The embedded backend
// answers an empty query with every trace's true span, service and error counts; a Tempo search
// without serviceStats (the recorded legacy search) shows — for them, never "1 service, no errors";
// and the scatter's time axis fits results from the last 30 seconds instead of squeezing them into
// the right edge of the searched hour.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { freePort } from './support/free-port';
import { DEFAULT_FIXTURES_DIR, type ReplayUpstream, startReplayUpstream } from './support/replay-upstream';
import { anyOf, expect, test } from './support/test';
import { startTracelight, type Tracelight } from './support/tracelight';

// Suggestion lookups the recordings do not hold.
test.use({
  allowedConsoleErrors: anyOf(/status of 404 .*\/api\/ds\/tempo\/api\/v2\/search\//),
});

const RECENT_SERVICE = 'e2e-recent';
const RECENT_TRACES = 12;
let tempo: ReplayUpstream;
let app: Tracelight;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  const otlpPort = await freePort();
  tempo = await startReplayUpstream({ sets: ['tempo'] });
  app = await startTracelight({
    config: {
      server: { embedded: true },
      datasources: [{ name: 'tempo', type: 'tempo', displayName: 'Tempo', url: tempo.url }],
    },
    args: [
      '--otlp-port',
      String(otlpPort),
      ...(process.env.TRACELIGHT_E2E_DIST ? ['--dist', process.env.TRACELIGHT_E2E_DIST] : []),
    ],
  });
  // Twelve traces over the last 30 seconds, as a service under load would send them.
  const nowNs = BigInt(Date.now()) * 1_000_000n;
  const ns = (offsetMs: number) => (nowNs + BigInt(Math.round(offsetMs)) * 1_000_000n).toString();
  const spans = Array.from({ length: RECENT_TRACES }, (_, i) => ({
    traceId: randomBytes(16).toString('hex'),
    spanId: randomBytes(8).toString('hex'),
    name: 'GET /recent',
    kind: 2,
    startTimeUnixNano: ns(-30_000 + i * 2_500),
    endTimeUnixNano: ns(-30_000 + i * 2_500 + 40 + i * 15),
  }));
  const response = await fetch(`http://127.0.0.1:${otlpPort}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: RECENT_SERVICE } }] },
          scopeSpans: [{ scope: { name: 'e2e' }, spans }],
        },
      ],
    }),
  });
  expect(response.status, await response.text()).toBe(200);
});

test.afterAll(async () => {
  await app?.stop();
  await tempo?.stop();
});

const rows = (page: Page) =>
  page.getByRole('table', { name: 'Traces found' }).locator('tbody tr[data-trace-id]');
const cell = (row: Locator, column: string) => row.locator(`td[data-column="${column}"]`);
const summary = (page: Page) => page.getByTestId('results-summary');
const dots = (page: Page) => page.getByTestId('results-scatter').locator('circle');

test('embedded, empty query: the declined checkout shows its 9 services, 18 spans and 5 errors', async ({
  page,
}) => {
  await page.goto(`${app.url}search?ds=local&limit=50&from=now-1h&to=now`);
  await expect(rows(page)).toHaveCount(50);
  // The demo's declined checkout: gateway → auth, redis, checkout → inventory, postgres, payment →
  // fraud-check → ml-inference; errors on the root and on both halves of two calls.
  const checkouts = rows(page).filter({ hasText: 'POST /api/checkout' });
  const failing = checkouts.filter({ has: page.locator('td[data-column="errors"]', { hasText: /^[1-9]/ }) });
  await expect(failing).toHaveCount(1);
  await expect(cell(failing, 'services')).toHaveText('9');
  await expect(cell(failing, 'spans')).toHaveText('18');
  await expect(cell(failing, 'errors')).toHaveText('5');
  await expect(cell(failing, 'services')).toHaveAttribute('title', /fraud-check.*ml-inference/);
  // Its dot is an error dot; every count is known, so nothing is marked unknown.
  const id = await failing.getAttribute('data-trace-id');
  await expect(page.locator(`[data-testid="results-scatter"] circle[data-trace-id="${id}"]`)).toHaveAttribute(
    'data-errors',
    'errors',
  );
  await expect(dots(page).and(page.locator('[data-errors="unknown"]'))).toHaveCount(0);
  await expect(summary(page)).toHaveText(/ · \d+(\.\d)?% with errors · \d+\.\d spans per trace · /);
  await expect(page.getByTestId('results-unknown')).toHaveCount(0);
  // A successful checkout has more than its root service too.
  const ok = checkouts.filter({ has: page.locator('td[data-column="errors"]', { hasText: /^0$/ }) }).first();
  await expect(cell(ok, 'services')).not.toHaveText('1');
});

test('Tempo without serviceStats: spans, services and errors are —, dots say errors unknown', async ({
  page,
}) => {
  // What a real Tempo answered to a search without TraceQL: root service and name only.
  tempo.override('/api/search', {
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: readFileSync(path.join(DEFAULT_FIXTURES_DIR, 'tempo', 'tempo-search-tags-legacy.body')),
  });
  await page.goto(`${app.url}search?ds=tempo&from=1795292222000&to=1795303022000`);
  await expect(rows(page)).toHaveCount(5);
  for (const row of await rows(page).all()) {
    await expect(row).toContainText('api-gateway');
    for (const column of ['spans', 'services', 'errors']) {
      await expect(cell(row, column)).toHaveText(/^—/);
      await expect(cell(row, column)).not.toHaveText(/\d/);
    }
  }
  await expect(dots(page)).toHaveCount(5);
  await expect(dots(page).and(page.locator('[data-errors="unknown"]'))).toHaveCount(5);
  await expect(summary(page)).toContainText('— with errors · — spans per trace');
  await expect(page.getByTestId('results-unknown')).toContainText('5 of 5 traces');
  tempo.clearOverrides();
});

test('the scatter fits twelve traces from the last 30 s, the searched hour shown in a strip', async ({
  page,
}) => {
  const q = encodeURIComponent(`{ resource.service.name = "${RECENT_SERVICE}" }`);
  await page.goto(`${app.url}search?ds=local&q=${q}&from=now-1h&to=now`);
  await expect(dots(page)).toHaveCount(RECENT_TRACES);
  const plot = page.getByTestId('results-scatter');
  const plotWidth = Number(await plot.getAttribute('width')) - 56 - 16;
  const spread = async () => {
    const xs = (await dots(page).evaluateAll((all) => all.map((c) => Number(c.getAttribute('cx'))))).sort(
      (a, b) => a - b,
    );
    return (xs.at(-1) ?? 0) - (xs[0] ?? 0);
  };
  // Fitted by default: the 27.5 s between the first and last trace take most of the plot.
  await expect(page.getByRole('button', { name: 'Fit results' })).toHaveAttribute('aria-pressed', 'true');
  expect(await spread()).toBeGreaterThan(plotWidth * 0.7);
  // The strip under it: a narrow band at the right end of the hour.
  const strip = page.getByTestId('scatter-overview');
  await expect(strip).toHaveAttribute(
    'aria-label',
    /^Searched range .+; the plot shows .+, where the results are$/,
  );
  const band = await page.getByTestId('scatter-overview-window').boundingBox();
  const whole = await strip.boundingBox();
  if (!band || !whole) throw new Error('no overview strip');
  expect(band.width).toBeLessThan(plotWidth * 0.05);
  expect(band.x + band.width).toBeGreaterThan(whole.x + whole.width - 16 - 4);

  // The whole hour on request: the same dots pile up at the right edge.
  await page.getByRole('button', { name: 'Full range' }).click();
  await expect(page.getByRole('button', { name: 'Full range' })).toHaveAttribute('aria-pressed', 'true');
  await expect(strip).toHaveCount(0);
  expect(await spread()).toBeLessThan(plotWidth * 0.02);
});

test('presets start from the searched service and keep the search', async ({ page }) => {
  const q = '{ resource.service.name = "checkout" }';
  await page.goto(`${app.url}search?ds=local&q=${encodeURIComponent(q)}&from=now-1h&to=now`);
  await expect(rows(page).first()).toBeVisible();
  const presets = page.getByRole('region', { name: 'Start from a signal' });
  await expect(presets.getByLabel('Errors in service')).toHaveValue('checkout');
  await presets.getByRole('button', { name: 'Show errors' }).click();
  await expect
    .poll(() => new URL(page.url()).searchParams.get('q'))
    .toBe('{ resource.service.name = "checkout" && status = error }');
  await expect(summary(page)).toContainText('100% with errors');
  // The slowest of these: the errors search gains a duration bound instead of being replaced.
  await presets.getByRole('button', { name: /^Slowest traces/ }).click();
  await expect
    .poll(() => new URL(page.url()).searchParams.get('q'))
    .toMatch(/^\{ resource\.service\.name = "checkout" && status = error && traceDuration > [\d.]+m?s \}$/);
});

// What a first-time user reads on a default start (embedded backend with demo data, its OTLP receiver
// on, no Prometheus): how to get metrics names the receiver's real /metrics; log lines put the message
// first with the level as a word and the labels folded; the not-found page says "not found" without
// an HTTP 200; the trace datasource select is absent where it does not apply and /logs picks its
// Loki; Ctrl+Enter still runs a TraceQL query after Esc; "show UTC" only when it changes something;
// the top bar's select shows its whole choice.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { Page } from '@playwright/test';
import { freePort } from './support/free-port';
import { anyOf, expect, test } from './support/test';
import { startTracelight, type Tracelight } from './support/tracelight';

// The not-found trace: Chromium logs the embedded Tempo's 404 for it.
test.use({ allowedConsoleErrors: anyOf(/status of 404/) });

let app: Tracelight;
let otlpPort: number;
/** A demo checkout whose payment failed, and the payment span. */
let errorTrace: { traceId: string; spanId: string };

test.beforeAll(async () => {
  otlpPort = await freePort();
  app = await startTracelight({
    config: { server: { embedded: true } },
    args: [
      '--otlp-port',
      String(otlpPort),
      ...(process.env.TRACELIGHT_E2E_DIST ? ['--dist', process.env.TRACELIGHT_E2E_DIST] : []),
    ],
  });
  const query = '{ status = error && resource.service.name = "payment" }';
  const response = await fetch(`${app.url}api/ds/local/api/search?q=${encodeURIComponent(query)}&limit=1`);
  expect(response.status).toBe(200);
  const body = (await response.json()) as {
    traces: { traceID: string; spanSet: { spans: { spanID: string }[] } }[];
  };
  errorTrace = { traceId: body.traces[0].traceID, spanId: body.traces[0].spanSet.spans[0].spanID };
});

test.afterAll(async () => {
  await app?.stop();
});

const topBarSelect = (page: Page) => page.getByRole('banner').getByLabel('Datasource');

test('without Prometheus, /metrics and the span panel name the receiver’s own /metrics', async ({ page }) => {
  const url = `http://127.0.0.1:${otlpPort}/metrics`;
  // The URL the hint gives is the one that answers with span metrics.
  const scraped = await fetch(url);
  expect(scraped.status).toBe(200);
  expect(await scraped.text()).toContain('traces_spanmetrics');

  await page.goto(`${app.url}metrics`);
  await expect(page.getByText('No Prometheus datasource is configured.')).toBeVisible();
  const hint = page.getByRole('region', { name: 'How to get metrics' });
  await expect(hint.getByTestId('receiver-metrics-url')).toHaveText(url);
  await expect(hint.getByTestId('scrape-config')).toContainText(`targets: ['127.0.0.1:${otlpPort}']`);
  await expect(hint).toContainText('PROMETHEUS_URL=');

  await page.goto(`${app.url}trace/${errorTrace.traceId}?ds=local&span=${errorTrace.spanId}`);
  const metrics = page.getByTestId('span-metrics');
  // Without Prometheus the span's service and operation are charted from TraceQL metrics instead.
  const fallback = metrics.getByTestId('span-traceql-metrics');
  await expect(fallback.getByTestId('span-metric')).toHaveCount(3);
  await expect(fallback.locator('[data-name="Rate"] figure svg')).toBeVisible();
  await expect(metrics.getByTestId('receiver-metrics-url')).toHaveText(url);
  await expect(metrics).toContainText('PROMETHEUS_URL=');
  // The p95's exemplars are spans of the same service and operation: a dot opens its trace.
  const dot = fallback.locator('[data-name="p95 latency"]').getByTestId('exemplar').first();
  await dot.click();
  await expect(page).toHaveURL(/\/trace\/[0-9a-f]{32}\?ds=local/);
  await expect(page.locator('[role="treegrid"] [role="row"][data-span-id]').first()).toBeVisible();
});

test('a log line shows its message first, its level as a word, and folds its labels', async ({ page }) => {
  const query = '{service_name="payment"} |= "level=error"';
  await page.goto(`${app.url}logs?ds=local-logs&q=${encodeURIComponent(query)}&from=now-1h&to=now`);
  const line = page.getByTestId('log-line').first();
  await expect(line).toBeVisible();
  await expect(line.getByTestId('log-level')).toHaveText('ERROR');
  // Red on both themes is the badge's class; the word is what this test and screen readers read.
  await expect(line.getByTestId('log-level')).toHaveClass(/text-red-800/);
  await expect(line.getByTestId('log-line-text')).toContainText('level=error');
  // Labels are folded: none shows until the line's own toggle opens them, by keyboard.
  await expect(line.locator('[data-label]').first()).toBeHidden();
  const toggle = line.getByTestId('log-labels-toggle');
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await toggle.focus();
  await page.keyboard.press('Enter');
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await expect(line.locator('[data-metadata]').first()).toBeVisible();
  // Only this line opened.
  await expect(page.getByTestId('log-line').nth(1).getByTestId('log-labels-toggle')).toHaveAttribute(
    'aria-expanded',
    'false',
  );
  // The message sits above the labels.
  const textBox = await line.getByTestId('log-line-text').boundingBox();
  const labelsBox = await line.getByTestId('log-labels').boundingBox();
  expect(textBox && labelsBox && textBox.y < labelsBox.y).toBe(true);
  await expect(line.getByRole('link', { name: /^Open trace [0-9a-f]{32} at span [0-9a-f]{16}$/ })).toHaveText(
    'Open span',
  );
});

test('in the span panel a line keeps its IDs whole and takes few rows', async ({ page }) => {
  await page.goto(`${app.url}trace/${errorTrace.traceId}?ds=local&span=${errorTrace.spanId}`);
  const logs = page.getByTestId('span-logs');
  const line = logs.getByTestId('log-line').first();
  await expect(line).toBeVisible();
  await expect(logs.getByTestId('span-logs-count')).toContainText('for this span');
  // Every trace or span ID in the panel's lines is on one line of text (never broken mid-token).
  const broken = await logs
    .getByTestId('log-line-text')
    .evaluateAll((texts) =>
      texts.flatMap((text) =>
        [...text.querySelectorAll('span.whitespace-nowrap')]
          .filter((id) => id.getClientRects().length > 1)
          .map((id) => id.textContent),
      ),
    );
  expect(broken).toEqual([]);
  const ids = await logs.locator('[data-testid="log-line-text"] span.whitespace-nowrap').count();
  expect(ids).toBeGreaterThan(0);
  // No chips before the message: the folded labels take no room.
  await expect(line.locator('[data-testid="log-labels"]')).toBeHidden();
});

test('the not-found page says "not found" without an HTTP 200', async ({ page }) => {
  await page.goto(`${app.url}trace/0000000000000000000000000000dead?ds=local`);
  await expect(page.getByTestId('trace-failure')).toContainText('Trace not found');
  const answers = page.getByTestId('datasource-answers');
  await expect(answers).toContainText('local: not found');
  await expect(answers).not.toContainText('HTTP 200');
});

test('the trace datasource select is absent on /logs and /metrics; /logs picks its own Loki', async ({
  page,
}) => {
  await page.goto(`${app.url}search?ds=local`);
  await expect(topBarSelect(page)).toHaveValue('local');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Logs' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Logs' })).toBeVisible();
  await expect(topBarSelect(page)).toHaveCount(0);
  const picker = page.getByRole('main').getByLabel('Datasource');
  await expect(picker).toHaveValue('local-logs');
  await expect(picker.locator('option')).toHaveText(['Local logs (embedded)']);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Metrics' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Metrics' })).toBeVisible();
  await expect(topBarSelect(page)).toHaveCount(0);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Search' }).click();
  await expect(topBarSelect(page)).toBeVisible();
});

test('the top bar’s select is wide enough for the datasource it shows', async ({ page }) => {
  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.goto(`${app.url}search?ds=local`);
  const select = topBarSelect(page);
  await expect(select).toHaveValue('local');
  const room = await select.evaluate((el) => {
    const selectEl = el as HTMLSelectElement;
    const probe = document.createElement('span');
    probe.style.font = getComputedStyle(selectEl).font;
    probe.style.whiteSpace = 'pre';
    probe.textContent = selectEl.selectedOptions[0]?.textContent ?? '';
    document.body.append(probe);
    const needed = probe.getBoundingClientRect().width;
    probe.remove();
    return { needed, has: selectEl.clientWidth };
  });
  // The text plus the padding and the arrow fit.
  expect(room.has).toBeGreaterThan(room.needed + 24);
  await expect(select).toHaveAttribute('title', 'Local (embedded) (tempo)');
});

test('after Esc in the TraceQL editor, Ctrl+Enter still runs the query', async ({ page }) => {
  await page.goto(`${app.url}search?ds=local`);
  const editor = page.locator('[data-editor="monaco"] .monaco-editor');
  await expect(editor).toBeVisible();
  await editor.click();
  await page.keyboard.type('{ status = error }');
  // Esc closes a suggestion list if one is open, then leaves the editor.
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+Enter');
  await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('{ status = error }');
  await expect(page.getByRole('table', { name: 'Traces found' })).toBeVisible();
});

test.describe('in a browser on UTC', () => {
  test.use({ timezoneId: 'UTC' });
  test('the trace header offers no "show UTC"', async ({ page }) => {
    await page.goto(`${app.url}trace/${errorTrace.traceId}?ds=local`);
    await expect(page.getByTestId('trace-header')).toContainText('+00:00');
    await expect(page.getByRole('button', { name: 'show UTC' })).toHaveCount(0);
  });
});

test.describe('in a browser on another zone', () => {
  test.use({ timezoneId: 'Europe/Berlin' });
  test('the trace header offers "show UTC"', async ({ page }) => {
    await page.goto(`${app.url}trace/${errorTrace.traceId}?ds=local`);
    await expect(page.getByTestId('trace-header')).toContainText('+01:00');
    await page.getByRole('button', { name: 'show UTC' }).click();
    await expect(page.getByTestId('trace-header')).toContainText('UTC');
  });
});

/** Two files of five traces each, in the Tempo answers of the shared dataset. */
function pickerFiles() {
  const dataset = gunzipSync(
    readFileSync(new URL('../../shared/fixtures/tempo/dataset/tempo-traces-v2.jsonl.gz', import.meta.url)),
  )
    .toString('utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .slice(0, 10)
    .map((l) => JSON.stringify((JSON.parse(l) as { response: unknown }).response));
  return [dataset.slice(0, 5), dataset.slice(5)].map((lines, i) => ({
    name: `checkout-incident-traces-${i + 1}.jsonl`,
    mimeType: 'application/x-ndjson',
    buffer: Buffer.from(lines.join('\n')),
  }));
}

test('the file chooser shows its File column whole, on the home page and over the trace screen', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1600, height: 1000 });
  const fits = () =>
    page.getByTestId('trace-picker').evaluate((picker) => {
      const scroller = picker.querySelector('table')?.parentElement as HTMLElement;
      const cell = picker.querySelector('tbody tr td:last-child') as HTMLElement;
      const box = cell.getBoundingClientRect();
      const view = scroller.getBoundingClientRect();
      return {
        fileShown: cell.textContent,
        inside: box.right <= view.right + 0.5,
        noScroll: scroller.scrollWidth <= scroller.clientWidth,
        whole: cell.scrollWidth <= cell.clientWidth,
      };
    });
  await page.goto(app.url);
  await page.getByTestId('open-file-input').setInputFiles(pickerFiles());
  await expect(page.getByTestId('trace-picker')).toContainText('hold 10 traces');
  expect(await fits()).toEqual({
    fileShown: expect.stringMatching(/^checkout-incident-traces-[12]\.jsonl$/),
    inside: true,
    noScroll: true,
    whole: true,
  });

  await page.goto(`${app.url}trace/${errorTrace.traceId}?ds=local`);
  await expect(page.getByTestId('trace-header')).toBeVisible();
  await page.getByTestId('open-file-input').setInputFiles(pickerFiles());
  await expect(page.getByTestId('trace-picker')).toContainText('hold 10 traces');
  expect(await fits()).toMatchObject({ inside: true, noScroll: true, whole: true });
});

// Redaction for a remote datasource (issue 22, decisions 0318–0331): a replayed Tempo answers with its
// recorded error trace into which an e-mail address, a bearer token, a password and a secret status
// message were put; the app's rules (the server's built-in ones, with reveal allowed) mask them before
// anything is drawn, searched or exported, the header says how many and which rules, "Copy link" leaves
// out a find that holds one, and an exported file re-opened through the file picker shows the masks.
// Metrics the same Tempo computed (decision 0332): a series label and a service name a rule masks.
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { type ReplayUpstream, startReplayUpstream } from './support/replay-upstream';
import { expect, test } from './support/test';
import { startTracelight, type Tracelight } from './support/tracelight';

const TRACE = '2bafbe17c123c304432c535342f87d81';
// Rows of the recording: payment's gRPC client call, its "POST /v1/payments", auth's redis call.
const SPAN = { client: 'b1731a60a2c7183c', payments: '8ca4220d0dbd4d49', redis: '4cf660129860deff' };
const EMAIL = 'ann.lee@example.com';
const MASK = '••••';

interface OtlpSpan {
  name: string;
  attributes: { key: string; value: { stringValue?: string } }[];
  status?: { code?: number; message?: string };
}

function seededBody(): string {
  const url = new URL('../../shared/fixtures/tempo/tempo-trace-v2-error-json.body', import.meta.url);
  const doc = JSON.parse(readFileSync(url, 'utf8')) as {
    trace: { resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[] };
  };
  const spans = doc.trace.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans));
  spans[0].attributes.push({ key: 'user.email', value: { stringValue: `mail ${EMAIL}` } });
  spans[0].attributes.push({
    key: 'http.request.header.authorization',
    value: { stringValue: 'Bearer abc123.def456' },
  });
  spans[1].attributes.push({ key: 'db.password', value: { stringValue: 'hunter2' } });
  spans[1].status = { code: 2, message: `no account for ${EMAIL}` };
  spans[2].name = `notify ${EMAIL}`;
  return JSON.stringify(doc);
}

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

const json = (body: string) => ({ status: 200, headers: { 'content-type': 'application/json' }, body });

/**
 * The seeded trace, and empty answers where the recordings have none for what the screens also ask:
 * the trace screen's `{ link:traceID = … }` look-up, the search page's tag and value completion.
 */
function baseOverrides() {
  upstream.override(`/api/v2/traces/${TRACE}`, json(seededBody()));
  upstream.override('/api/search', json(JSON.stringify({ traces: [] })));
  upstream.override('/api/v2/search/tag/', json(JSON.stringify({ tagValues: [] })));
  upstream.override('/api/v2/search/tags', json(JSON.stringify({ scopes: [] })));
}

let upstream: ReplayUpstream;
let app: Tracelight;

test.beforeAll(async () => {
  upstream = await startReplayUpstream({ sets: ['tempo'] });
  baseOverrides();
  app = await startTracelight({
    config: {
      server: { otlpPort: 0, embedded: false },
      datasources: [{ name: 'tempo', type: 'tempo', displayName: 'Tempo', url: upstream.url, default: true }],
      redaction: { allowReveal: true },
    },
    args: process.env.TRACELIGHT_E2E_DIST ? ['--dist', process.env.TRACELIGHT_E2E_DIST] : [],
  });
});

test.afterAll(async () => {
  await app?.stop();
  await upstream?.stop();
});

const row = (page: import('@playwright/test').Page, id: string) =>
  page.locator(`[role="treegrid"] [role="row"][data-span-id="${id}"]`);

test('a remote trace shows masks, never the values, and the header counts them by rule', async ({ page }) => {
  await page.goto(`${app.url}trace/${TRACE}?ds=tempo&span=${SPAN.client}`);
  await expect(row(page, SPAN.client)).toBeVisible();
  const badge = page.getByTestId('trace-header').locator('[data-badge="redaction"]');
  // e-mail ×3 (attribute, status message, span name), secret keys ×2, and the recording's own
  // `GET session:74694` redis query text (SQL literals).
  await expect(badge.getByRole('button')).toHaveText('6 values redacted');
  await badge.getByRole('button').click();
  const popover = page.getByRole('dialog', { name: 'Redacted in this browser' });
  await expect(popover.locator('[data-rule="email"]')).toContainText('3');
  await expect(popover.locator('[data-rule="secret-keys"]')).toContainText('2');
  await expect(popover.locator('[data-rule="sql-literals"]')).toContainText('1');
  await page.keyboard.press('Escape');
  await expect(popover).toHaveCount(0);

  const panel = page.getByTestId('span-panel');
  await expect(panel).toContainText(`mail ${MASK}`);
  await page.goto(`${app.url}trace/${TRACE}?ds=tempo&span=${SPAN.payments}`);
  await expect(panel).toContainText(`no account for ${MASK}`);
  await expect(panel).toContainText('db.password');
  expect(await page.locator('body').textContent()).not.toMatch(/ann\.lee|hunter2|abc123/);

  // Find searches the redacted values only.
  await page.getByLabel('Find spans by name, service or attribute').fill('hunter2');
  await expect(page.getByTestId('find-count')).toContainText('0');

  // The JSON view is the redacted trace, not the backend's body.
  await page.getByRole('tab', { name: 'JSON' }).click();
  await expect(page.getByTestId('json-origin')).toHaveAttribute('data-origin', 'otlp');
  const search = page.getByLabel('Search the JSON');
  await search.fill('notify');
  await expect(page.getByTestId('json-count')).toHaveText('1 of 1 lines');
  for (const secret of ['ann.lee', 'hunter2', 'abc123']) {
    await search.fill(secret);
    await expect(page.getByTestId('json-count')).toHaveText('no match');
  }
});

test('reveal (allowed by the operator) shows the values on this screen only, not in the URL', async ({
  page,
}) => {
  await page.goto(`${app.url}trace/${TRACE}?ds=tempo`);
  await expect(row(page, SPAN.redis)).toContainText(`notify ${MASK}`);
  const url = page.url();
  await page.getByTestId('trace-header').getByRole('button', { name: '6 values redacted' }).click();
  // The switch follows the worker's answer, so it is clicked, not `check()`ed (which expects it at once).
  await page.getByLabel('Reveal the original values on this screen').click();
  await expect(row(page, SPAN.redis)).toContainText(`notify ${EMAIL}`);
  await expect(page.getByTestId('trace-header').locator('[data-badge="redaction"]')).toContainText(
    'Redacted values shown',
  );
  expect(page.url()).toBe(url);
  const toggle = page.getByLabel('Reveal the original values on this screen');
  // The fresh table re-renders the header; open the popover again if that closed it.
  if (!(await toggle.isVisible()))
    await page.getByTestId('trace-header').getByRole('button', { name: 'Redacted values shown' }).click();
  await expect(toggle).toBeChecked();
  await toggle.click();
  await expect(row(page, SPAN.redis)).toContainText(`notify ${MASK}`);
  await page.reload();
  await expect(row(page, SPAN.redis)).toContainText(`notify ${MASK}`);
});

test('"Copy link" leaves out a find that holds a masked value, and says so', async ({ page }) => {
  await page.goto(
    `${app.url}trace/${TRACE}?ds=tempo&find=${encodeURIComponent(EMAIL)}&span=${SPAN.payments}`,
  );
  const panel = page.getByTestId('span-panel');
  await expect(panel).toContainText('POST /v1/payments');
  await expect(panel.getByTestId('link-withheld-note')).toHaveText(
    'the link leaves out find: it holds a value a redaction rule masks',
  );
  await page.getByRole('button', { name: 'Copy link to this span' }).click();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).not.toContain('ann.lee');
  expect(new URL(copied).searchParams.get('find')).toBeNull();
  expect(new URL(copied).searchParams.get('span')).toBe(SPAN.payments);
});

/** The recorded `rate() by (resource.service.name)` answer with its first two series relabelled. */
function relabelledRates(key: string, values: [string, string]): string {
  const url = new URL('../../shared/fixtures/tempo/tempo-metrics-rate-by-service.body', import.meta.url);
  const doc = JSON.parse(readFileSync(url, 'utf8')) as {
    series: { labels: { key: string; value: { stringValue: string } }[] }[];
  };
  doc.series = doc.series.slice(0, 2);
  doc.series.forEach((series, i) => {
    series.labels = [{ key, value: { stringValue: values[i] } }];
  });
  return JSON.stringify(doc);
}

test('a remote Tempo’s metrics series label a rule masks is drawn masked on the search chart', async ({
  page,
}) => {
  upstream.override('/api/metrics/', json(relabelledRates('span.user.email', [EMAIL, 'anonymous'])));
  try {
    const q = '{ } | rate() by (span.user.email)';
    await page.goto(`${app.url}search?ds=tempo&q=${encodeURIComponent(q)}`);
    const chart = page.getByRole('region', { name: 'Metrics' });
    const legend = chart.getByRole('list', { name: 'Legend' }).getByRole('button');
    await expect(legend).toHaveCount(2);
    const names = await legend.allTextContents();
    expect(names.some((n) => n.includes(MASK))).toBe(true);
    expect(names.some((n) => n.includes('anonymous'))).toBe(true);
    // Nowhere on the page, nor in its markup.
    expect(await page.content()).not.toContain('ann.lee');
  } finally {
    upstream.clearOverrides();
    baseOverrides();
  }
});

test('a service named with a masked value is listed masked on /services, and is not a link', async ({
  page,
}) => {
  upstream.override(
    '/api/metrics/',
    json(relabelledRates('resource.service.name', [`mailer ${EMAIL}`, 'api-gateway'])),
  );
  try {
    await page.goto(`${app.url}services?ds=tempo`);
    const table = page.getByRole('table', { name: /Services/ });
    const masked = table.locator('tr[data-masked="true"]');
    await expect(masked).toHaveCount(1);
    await expect(masked.getByRole('rowheader')).toContainText(`mailer ${MASK}`);
    await expect(masked.getByRole('rowheader')).toContainText('masked by a redaction rule');
    await expect(masked.getByRole('link')).toHaveCount(0);
    await expect(table.getByRole('link', { name: 'api-gateway' })).toBeVisible();
    expect(await page.content()).not.toContain('ann.lee');
  } finally {
    upstream.clearOverrides();
    baseOverrides();
  }
});

test('an exported trace holds no masked value and, re-opened from the file picker, shows the masks', async ({
  page,
}) => {
  await page.goto(`${app.url}trace/${TRACE}?ds=tempo`);
  await expect(row(page, SPAN.redis)).toContainText(`notify ${MASK}`);
  const opener = page.getByRole('button', { name: 'Export trace' });
  await opener.click();
  const dialog = page.getByRole('dialog', { name: 'Export trace' });
  await expect(dialog.getByLabel('Every value of these attribute keys')).toBeFocused();
  await dialog.getByLabel('Resource attributes (host, pod, cloud…), keeping service.name').check();
  const downloading = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Export', exact: true }).click();
  const download = await downloading;
  const file = await download.path();
  const text = readFileSync(file, 'utf8');
  expect(text).not.toMatch(/ann\.lee|hunter2|abc123|eu-west-1/);
  expect(text).toContain(`notify ${MASK}`);
  const summary = dialog.getByTestId('export-summary');
  await expect(summary).toContainText('Exported 23 spans');
  await expect(summary).toContainText('rule email: 3 values');
  // 7 services, one resource each, 9 attributes besides service.name.
  await expect(summary).toContainText('resource attributes: 63 values');
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(opener).toBeFocused();

  await page
    .getByTestId('open-file-input')
    .first()
    .setInputFiles({
      name: 'trace-export.json',
      mimeType: 'application/json',
      buffer: Buffer.from(text),
    });
  await expect(page).toHaveURL(new RegExp(`trace/${TRACE}\\?file=1`));
  await expect(row(page, SPAN.redis)).toContainText(`notify ${MASK}`);
  await expect(page.getByTestId('trace-header').locator('[data-badge="file"]')).toHaveText(
    'From file trace-export.json',
  );
});

for (const theme of ['light', 'dark'] as const) {
  test(`the redaction popover and the export dialog pass axe (${theme} theme)`, async ({ page }) => {
    await page.addInitScript((value) => window.localStorage.setItem('tracelight.theme', value), theme);
    await page.goto(`${app.url}trace/${TRACE}?ds=tempo`);
    await expect(row(page, SPAN.redis)).toContainText(`notify ${MASK}`);
    const axe = async (what: string) => {
      const { violations } = await new AxeBuilder({ page })
        .include(what)
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
        .analyze();
      expect(violations.map((v) => `${v.id}: ${v.nodes[0]?.target.join(' ')}`)).toEqual([]);
    };
    await page.getByTestId('trace-header').getByRole('button', { name: '6 values redacted' }).click();
    await expect(page.getByRole('dialog', { name: 'Redacted in this browser' })).toBeVisible();
    await axe('[data-testid="trace-header"]');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Export trace' }).click();
    await expect(page.getByTestId('export-dialog')).toBeVisible();
    await axe('[data-testid="export-dialog"]');
    // Tab stays inside the dialog: from the last control back to the first.
    await page.getByRole('button', { name: 'Export', exact: true }).focus();
    await page.keyboard.press('Tab');
    await expect(page.getByLabel('Every value of these attribute keys')).toBeFocused();
  });
}

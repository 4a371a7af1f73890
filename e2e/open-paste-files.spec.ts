// Opening what a responder has at hand: multi-line pastes into the open box (header blocks, log
// lines), trace files whose IDs are not hex (Jaeger's own testTrace.json), files dropped anywhere on
// the window, and files that are no trace at all. Traces by ID come from a replay upstream of Tempo's
// recordings; the files are the real ones in ../shared/fixtures and this repository's README.md.
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { type ReplayUpstream, startReplayUpstream } from './support/replay-upstream';
import { expect, test } from './support/test';
import { startTracelight, type Tracelight } from './support/tracelight';

const TRACE = '2bafbe17c123c304432c535342f87d81';
// Spans of that trace (tempo-trace-v2-error-json): payment's "POST /v1/payments" and auth's "jwt.verify".
const SPAN = '8ca4220d0dbd4d49';
const OTHER_SPAN = 'a07574e9f100f392';

const TEST_TRACE = readFileSync(
  new URL('../../shared/fixtures/jaeger/edge-cases/testTrace.json', import.meta.url),
);
const README = readFileSync(new URL('../README.md', import.meta.url));

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

/** Puts text on the clipboard and pastes it into the box with the keyboard, as a user does. */
async function paste(page: Page, box: ReturnType<Page['getByLabel']>, text: string) {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await box.focus();
  await page.keyboard.press('Control+V');
  await expect(box).toHaveValue(text);
}

const spanRow = (page: Page, span: string) =>
  page.locator(`[role="treegrid"] [role="row"][data-span-id="${span}"]`);

const PASTES: ReadonlyArray<readonly [string, string, string]> = [
  [
    'a B3 multi-header block from curl -v',
    [
      '> GET /api/checkout HTTP/1.1',
      '> Host: shop.example.com',
      `> X-B3-TraceId: ${TRACE}`,
      '> X-B3-ParentSpanId: 48cb889768a3f10d',
      `> X-B3-SpanId: ${SPAN}`,
      '> X-B3-Sampled: 1',
    ].join('\n'),
    SPAN,
  ],
  [
    'a request-header dump with a traceparent line',
    [
      'POST /v1/payments HTTP/1.1',
      'Host: payments.internal',
      'Content-Type: application/json',
      `traceparent: 00-${TRACE}-${OTHER_SPAN}-01`,
      'tracestate: rojo=00f067aa0ba902b7',
    ].join('\n'),
    OTHER_SPAN,
  ],
  [
    'a logfmt log line',
    `ts=2026-12-02T14:10:07Z level=error msg="card declined" trace_id=${TRACE} span_id=${SPAN}`,
    SPAN,
  ],
  [
    'a JSON log line',
    JSON.stringify({ level: 'error', message: 'card declined', traceId: TRACE, spanId: OTHER_SPAN }),
    OTHER_SPAN,
  ],
];

for (const [name, text, span] of PASTES) {
  test(`pasting ${name} into the top bar and pressing Enter opens the trace at its span`, async ({
    page,
  }) => {
    await page.goto(app.url);
    await expect(page.getByRole('banner').getByLabel('Datasource')).toHaveValue('tempo');
    const box = page.getByRole('banner').getByLabel('Trace ID');
    await paste(page, box, text);
    await box.press('Enter');
    await expect(page).toHaveURL(`${app.url}trace/${TRACE}?ds=tempo&span=${span}`);
    await expect(spanRow(page, span)).toHaveAttribute('aria-selected', 'true');
  });
}

test('the home box keeps lines (Shift+Enter), and says which ID it found before opening a guess', async ({
  page,
}) => {
  await page.goto(app.url);
  await expect(page.getByRole('banner').getByLabel('Datasource')).toHaveValue('tempo');
  const box = page.getByRole('main').getByLabel('Trace ID');
  await box.fill('checkout failed for order 1234');
  await box.press('Shift+Enter');
  await box.pressSequentially(`trace ${TRACE}`);
  await expect(box).toHaveValue(`checkout failed for order 1234\ntrace ${TRACE}`);
  await expect(page).toHaveURL(app.url);

  await box.press('Enter');
  const found = page.getByTestId('open-trace-found');
  await expect(found).toContainText(`Found trace ${TRACE} (an unlabelled hex value on line 2)`);
  await expect(page).toHaveURL(app.url);
  await box.press('Enter');
  await expect(page).toHaveURL(`${app.url}trace/${TRACE}?ds=tempo`);
  await expect(spanRow(page, SPAN)).toBeVisible();
});

test('a file whose trace ID is not hex opens, with its waterfall and a badge naming the file', async ({
  page,
}) => {
  await page.goto(app.url);
  await page.getByTestId('open-file-input').setInputFiles({
    name: 'testTrace.json',
    mimeType: 'application/json',
    buffer: TEST_TRACE,
  });
  await expect(page).toHaveURL(`${app.url}trace/trace-123?file=1`);
  await expect(page.getByRole('heading', { name: 'Not a trace ID' })).toHaveCount(0);
  const rows = page.locator('[role="treegrid"] [role="row"][data-span-id]');
  await expect(rows).toHaveCount(11);
  const header = page.getByTestId('trace-header');
  await expect(header.getByTestId('trace-id')).toHaveText('trace-123');
  await expect(header.locator('[data-badge="file"]')).toHaveText('From file testTrace.json');

  // Its links do not pretend to be shareable.
  await rows.first().click();
  await expect(page.getByTestId('local-file-link-note')).toContainText(
    'only in this tab: the trace comes from the local file testTrace.json',
  );

  // A reload cannot bring a local file back, and says so instead of asking the datasources.
  await page.reload();
  await expect(page.getByTestId('trace-file-missing')).toContainText('This trace came from a local file');
  await expect(page.getByTestId('trace-failure')).toHaveCount(0);
});

/** Drags a file over `target` (the window sees it bubble) and drops it there. */
async function dropFile(page: Page, target: string, name: string, body: Buffer, mimeType: string) {
  const dataTransfer = await page.evaluateHandle(
    ({ name, text, mimeType }) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([text], name, { type: mimeType }));
      return transfer;
    },
    { name, text: body.toString('utf8'), mimeType },
  );
  await page.dispatchEvent(target, 'dragenter', { dataTransfer });
  await page.dispatchEvent(target, 'dragover', { dataTransfer });
  await expect(page.getByTestId('file-drop-overlay')).toBeVisible();
  await page.dispatchEvent(target, 'drop', { dataTransfer });
  await expect(page.getByTestId('file-drop-overlay')).toHaveCount(0);
}

test('a file dropped on the waterfall opens; a non-trace file says which formats were tried', async ({
  page,
}) => {
  await page.goto(`${app.url}trace/${TRACE}?ds=tempo`);
  await expect(spanRow(page, SPAN)).toBeVisible();

  await dropFile(page, '[role="treegrid"]', 'README.md', README, 'text/markdown');
  await expect(page.getByRole('alert')).toHaveText(
    'README.md is not a trace file: tried OTLP JSON, OTLP protobuf, Tempo JSON (v1, v2), Tempo protobuf, Jaeger JSON, Jaeger api_v3 JSON, Zipkin v2 JSON, Datadog v0.4 JSON or msgpack, AWS X-Ray segment documents, JSON Lines of these. It holds text, none of these.',
  );
  // The trace on screen stays.
  await expect(page).toHaveURL(`${app.url}trace/${TRACE}?ds=tempo`);
  await expect(page.getByTestId('trace-header').getByTestId('trace-id')).toHaveText(TRACE);

  await dropFile(page, '[role="treegrid"]', 'testTrace.json', TEST_TRACE, 'application/json');
  await expect(page).toHaveURL(/\/trace\/trace-123\?file=\d+$/);
  await expect(page.getByTestId('trace-header').locator('[data-badge="file"]')).toHaveText(
    'From file testTrace.json',
  );
  await expect(page.locator('[role="treegrid"] [role="row"][data-span-id]')).toHaveCount(11);

  // The file chooser still works beside the window drop.
  await page.getByTestId('open-file-input').setInputFiles({
    name: 'README.md',
    mimeType: 'text/markdown',
    buffer: README,
  });
  await expect(page.getByRole('alert')).toContainText('README.md is not a trace file: tried OTLP JSON');
});

test('the home page takes a drop anywhere on the window', async ({ page }) => {
  await page.goto(app.url);
  await dropFile(page, 'h1', 'testTrace.json', TEST_TRACE, 'application/json');
  await expect(page).toHaveURL(`${app.url}trace/trace-123?file=1`);
  await expect(page.locator('[role="treegrid"] [role="row"][data-span-id]')).toHaveCount(11);
});

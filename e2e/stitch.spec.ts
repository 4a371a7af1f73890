// One view of a request across traces (issue 18, decisions 0284–0287), on the embedded backend: the
// OpenTelemetry SDK sends a producer trace and two consumer traces whose spans link to the producer
// span; `/trace/<producer>?with=<c1>,<c2>` shows both consumers under the producer span, marked as
// other traces, with the time in queue (one consumer's clock says it started before the producer
// ended); Find reaches a consumer's span and a reload keeps the stitched view and the selection;
// "Show linked traces" stitches from the consumer's side; a linked trace that is missing says so
// while the rest show, and "Load more" goes past the configured number loaded at a time.
import AxeBuilder from '@axe-core/playwright';
import { context, type Link, SpanKind, type Tracer, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { Page } from '@playwright/test';
import { formatDuration } from '../src/ui/format.ts';
import { freePort } from './support/free-port';
import { anyOf, expect, test } from './support/test';
import { startTracelight, type Tracelight } from './support/tracelight';

let app: Tracelight;
let otlpPort: number;
const ids = { producer: '', producerSpan: '', c1: '', c1Span: '', c2: '', c2Span: '' };
const QUEUE_MS = 250;
const EARLY_MS = 3;
const MISSING = 'f'.repeat(32);

// A linked trace the backend does not have answers 404 (the list says so).
test.use({ allowedConsoleErrors: anyOf(/status of 404 .*\/api\/ds\/local(-jaeger)?\//) });

async function withTracer<T>(service: string, body: (tracer: Tracer) => T): Promise<T> {
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    spanProcessors: [
      new SimpleSpanProcessor(new OTLPTraceExporter({ url: `http://127.0.0.1:${otlpPort}/v1/traces` })),
    ],
  });
  const out = body(provider.getTracer('stitch-e2e'));
  await provider.forceFlush();
  await provider.shutdown();
  return out;
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  otlpPort = await freePort();
  app = await startTracelight({
    config: { server: { linkedTraces: 2 } },
    args: [
      '--otlp-port',
      String(otlpPort),
      '--grpc-port',
      '0',
      '--no-demo',
      ...(process.env.TRACELIGHT_E2E_DIST ? ['--dist', process.env.TRACELIGHT_E2E_DIST] : []),
    ],
  });
  const t0 = Date.now() - 60_000;
  const producerLink = await withTracer('checkout', (tracer): Link => {
    const root = tracer.startSpan('POST /checkout', { kind: SpanKind.SERVER, startTime: t0, root: true });
    const publish = tracer.startSpan(
      'orders publish',
      { kind: SpanKind.PRODUCER, startTime: t0 + 2, attributes: { 'messaging.system': 'kafka' } },
      trace.setSpan(context.active(), root),
    );
    publish.end(t0 + 10);
    root.end(t0 + 12);
    ids.producer = root.spanContext().traceId;
    ids.producerSpan = publish.spanContext().spanId;
    return { context: publish.spanContext() };
  });
  const consumer = (service: string, start: number) =>
    withTracer(service, (tracer) => {
      const span = tracer.startSpan('orders process', {
        kind: SpanKind.CONSUMER,
        startTime: start,
        root: true,
        links: [producerLink],
        attributes: { 'messaging.consumer.group.name': `${service}-group` },
      });
      span.end(start + 20);
      return span.spanContext();
    });
  const c1 = await consumer('billing', t0 + 10 + QUEUE_MS);
  const c2 = await consumer('mailer', t0 + 10 - EARLY_MS);
  ids.c1 = c1.traceId;
  ids.c1Span = c1.spanId;
  ids.c2 = c2.traceId;
  ids.c2Span = c2.spanId;
});

test.afterAll(async () => {
  await app?.stop();
});

const row = (page: Page, spanId: string) =>
  page.locator(`[role="treegrid"] [role="row"][data-span-id="${spanId}"]`);

test('both consumers show under the producer span with their time in queue; find and reload keep them', async ({
  page,
}) => {
  await page.goto(`${app.url}trace/${ids.producer}?with=${ids.c1},${ids.c2}`);
  const producer = row(page, ids.producerSpan);
  await expect(producer).toHaveAttribute('aria-level', '2');
  const first = row(page, ids.c1Span);
  const second = row(page, ids.c2Span);
  // Under the producer span, marked as other traces.
  await expect(first).toHaveAttribute('aria-level', '3');
  await expect(second).toHaveAttribute('aria-level', '3');
  await expect(first).toHaveAttribute('data-trace-index', /^[12]$/);
  await expect(first.locator(`[data-linked-trace="${ids.c1}"]`)).toHaveText(
    `trace ${ids.c1.slice(0, 8)} · billing`,
  );
  await expect(second.locator(`[data-linked-trace="${ids.c2}"]`)).toHaveText(
    `trace ${ids.c2.slice(0, 8)} · mailer`,
  );
  await expect(producer).not.toHaveAttribute('data-trace-index', /./);
  // The time in queue, and the consumer whose clock says it started before the producer ended.
  await expect(first.locator('[data-queue="queue"]')).toHaveText(
    `${formatDuration(QUEUE_MS * 1e6)} in queue`,
  );
  await expect(second.locator('[data-queue="early"]')).toHaveText('started before the producer ended');
  await first.hover();
  await expect(page.getByRole('tooltip')).toContainText(`In linked trace ${ids.c1.slice(0, 8)} (billing)`);
  await expect(page.getByRole('tooltip')).toContainText(
    `After orders publish: ${formatDuration(QUEUE_MS * 1e6)} in queue`,
  );
  const list = page.getByRole('region', { name: 'Linked traces' });
  await expect(list.locator(`[data-linked-trace-row="${ids.c1}"]`)).toContainText('billing orders process');
  await expect(list.locator(`[data-linked-trace-row="${ids.c2}"]`)).toContainText(
    `started before the producer ended by ${formatDuration(EARLY_MS * 1e6)}`,
  );

  // Find reaches a consumer's span by its attribute; the match is selected and kept across a reload.
  const find = page.getByLabel('Find spans by name, service or attribute');
  await find.fill('billing-group');
  await expect(page.getByTestId('find-count')).toContainText('1 matches');
  await find.press('Enter');
  await expect(first).toHaveAttribute('aria-selected', 'true');
  await expect(page).toHaveURL(new RegExp(`span=${ids.c1Span}`));
  await page.reload();
  await expect(row(page, ids.c1Span)).toHaveAttribute('aria-selected', 'true');
  await expect(row(page, ids.c1Span)).toHaveAttribute('aria-level', '3');
  await expect(row(page, ids.c2Span)).toHaveAttribute('aria-level', '3');
  // The span panel names the consumer's own trace.
  await expect(page.getByTestId('span-linked-trace')).toHaveText(`linked trace ${ids.c1}`);
});

test('the critical path runs across the stitched traces only when switched on, and the URL keeps it', async ({
  page,
}) => {
  await page.goto(`${app.url}trace/${ids.producer}?with=${ids.c1},${ids.c2}`);
  await expect(row(page, ids.c1Span)).toHaveAttribute('aria-level', '3');
  await expect(row(page, ids.c1Span)).not.toHaveAttribute('data-critical', '1');
  await page.getByLabel('Critical path across traces').check();
  await expect(page).toHaveURL(/xcp=1/);
  await expect(row(page, ids.c1Span)).toHaveAttribute('data-critical', '1');
  await expect(page.getByRole('region', { name: 'Linked traces' })).toContainText(
    `critical path across traces ${formatDuration((10 + QUEUE_MS + 20) * 1e6)}`,
  );
  await page.reload();
  await expect(row(page, ids.c1Span)).toHaveAttribute('data-critical', '1');
});

test("'Show linked traces' on a consumer stitches its producer in under the span that links to it", async ({
  page,
}) => {
  await page.goto(`${app.url}trace/${ids.c1}`);
  const toggle = page.getByLabel(/Show linked traces/);
  await expect(toggle).not.toBeChecked();
  await toggle.check();
  await expect(page).toHaveURL(new RegExp(`with=${ids.producer}`));
  const consumerRow = row(page, ids.c1Span);
  await expect(row(page, ids.producerSpan)).toHaveAttribute('aria-level', '3');
  await expect(row(page, ids.producerSpan)).toHaveAttribute('data-trace-index', '1');
  await expect(consumerRow.locator('[data-queue="queue"]')).toHaveText(
    `${formatDuration(QUEUE_MS * 1e6)} in queue`,
  );
  await toggle.uncheck();
  await expect(row(page, ids.producerSpan)).toHaveCount(0);
});

test("'Show linked traces' on the producer stitches in the consumers the linked-from look-up found", async ({
  page,
}) => {
  await page.goto(`${app.url}trace/${ids.producer}`);
  const toggle = page.getByLabel('Show linked traces (2)');
  await expect(toggle).not.toBeChecked();
  await toggle.check();
  await expect(page).toHaveURL(/with=/);
  const withIds = new URL(page.url()).searchParams.get('with')?.split(',').sort();
  expect(withIds).toEqual([ids.c1, ids.c2].sort());
  await expect(row(page, ids.c1Span)).toHaveAttribute('aria-level', '3');
  await expect(row(page, ids.c2Span)).toHaveAttribute('aria-level', '3');
});

test('a linked trace that cannot load says why while the rest show; Load more goes past the configured two', async ({
  page,
}) => {
  await page.goto(`${app.url}trace/${ids.producer}?with=${ids.c1},${MISSING},${ids.c2}`);
  const list = page.getByRole('region', { name: 'Linked traces' });
  await expect(list.locator(`[data-linked-trace-row="${MISSING}"]`)).toContainText(/Could not load: .+/);
  await expect(row(page, ids.c1Span)).toHaveAttribute('aria-level', '3');
  // Two at a time (server.linkedTraces: 2): the second consumer waits for "Load more".
  await expect(row(page, ids.c2Span)).toHaveCount(0);
  await list.getByRole('button', { name: 'Load more (1 more linked trace)' }).click();
  await expect(row(page, ids.c2Span)).toHaveAttribute('aria-level', '3');
  await expect(list.getByRole('button', { name: /Load more/ })).toHaveCount(0);
});

for (const theme of ['light', 'dark'] as const) {
  test(`the stitched view passes axe (WCAG 2.1 AA) in the ${theme} theme`, async ({ page }) => {
    await page.addInitScript((value) => window.localStorage.setItem('tracelight.theme', value), theme);
    await page.goto(`${app.url}trace/${ids.producer}?with=${ids.c1},${MISSING},${ids.c2}&xcp=1`);
    if (theme === 'dark') await expect(page.locator('html')).toHaveClass(/\bdark\b/);
    await expect(row(page, ids.c1Span).locator('[data-queue]')).toBeVisible();
    await expect(page.locator(`[data-linked-trace-row="${MISSING}"]`)).toContainText('Could not load');
    const { violations } = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();
    const found = violations.map(
      (v) =>
        `${v.id} on ${v.nodes.length}: ${v.nodes[0]?.target.join(' ')} ${v.nodes[0]?.failureSummary ?? ''}`,
    );
    expect(found).toEqual([]);
  });
}

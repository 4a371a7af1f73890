// Span links both ways on the embedded backend (issue 18): a producer trace and two consumer traces
// linked to it, sent by the OpenTelemetry SDK; the producer's page finds both consumers with its
// `{ link:traceID }` look-up, one opens at its span with the hop in the URL, and the breadcrumb leads
// back. A hand-built trace with a span whose parent never arrived shows what it likely is.

import { randomBytes } from 'node:crypto';
import { context, type Link, SpanKind, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { freePort } from './support/free-port';
import { expect, test } from './support/test';
import { startTracelight, type Tracelight } from './support/tracelight';

let app: Tracelight;
let otlp: string;
let producer: { traceId: string; publish: string };
const consumers: { traceId: string; spanId: string; service: string }[] = [];

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const ORPHAN_TRACE = hex(16);
const ROOT = hex(8);
const CALL = hex(8);
const LOST_PARENT = hex(8);
const ORPHAN = hex(8);

async function emit(service: string, body: (tracer: ReturnType<BasicTracerProvider['getTracer']>) => void) {
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: `${otlp}/v1/traces` }))],
  });
  body(provider.getTracer('e2e-span-links'));
  await provider.forceFlush();
  await provider.shutdown();
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  const otlpPort = await freePort();
  otlp = `http://127.0.0.1:${otlpPort}`;
  app = await startTracelight({
    config: { server: { embedded: true } },
    args: [
      '--no-demo',
      '--otlp-port',
      String(otlpPort),
      ...(process.env.TRACELIGHT_E2E_DIST ? ['--dist', process.env.TRACELIGHT_E2E_DIST] : []),
    ],
  });
  await emit('orders', (tracer) => {
    const root = tracer.startSpan('POST /orders', { kind: SpanKind.SERVER });
    const publish = tracer.startSpan(
      'orders publish',
      { kind: SpanKind.PRODUCER },
      trace.setSpan(context.active(), root),
    );
    producer = { traceId: root.spanContext().traceId, publish: publish.spanContext().spanId };
    publish.end();
    root.end();
  });
  for (const service of ['billing', 'shipping']) {
    await emit(service, (tracer) => {
      const links: Link[] = [
        { context: { traceId: producer.traceId, spanId: producer.publish, traceFlags: 1 } },
      ];
      const span = tracer.startSpan('orders process', { kind: SpanKind.CONSUMER, links }, context.active());
      consumers.push({ traceId: span.spanContext().traceId, spanId: span.spanContext().spanId, service });
      span.end();
    });
  }
  // Ten minutes old, so "still arriving" is not among the causes.
  const at = (ms: number) => ((BigInt(Date.now()) - 600_000n + BigInt(ms)) * 1_000_000n).toString();
  const spans = (service: string, list: object[]) => ({
    resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
    scopeSpans: [{ scope: { name: 'e2e' }, spans: list }],
  });
  const response = await fetch(`${otlp}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      resourceSpans: [
        spans('checkout', [
          {
            traceId: ORPHAN_TRACE,
            spanId: ROOT,
            name: 'POST /checkout',
            kind: 2,
            startTimeUnixNano: at(0),
            endTimeUnixNano: at(400),
          },
          {
            traceId: ORPHAN_TRACE,
            spanId: CALL,
            parentSpanId: ROOT,
            name: 'charge',
            kind: 3,
            startTimeUnixNano: at(50),
            endTimeUnixNano: at(350),
            attributes: [{ key: 'peer.service', value: { stringValue: 'payments' } }],
          },
        ]),
        spans('payments', [
          {
            traceId: ORPHAN_TRACE,
            spanId: ORPHAN,
            parentSpanId: LOST_PARENT,
            name: 'authorize',
            kind: 1,
            startTimeUnixNano: at(100),
            endTimeUnixNano: at(300),
          },
        ]),
      ],
    }),
  });
  expect(response.status, await response.text()).toBe(200);
});

test.afterAll(async () => {
  await app?.stop();
});

test('the producer finds the two consumers linking to it, opens one and comes back through the breadcrumb', async ({
  page,
}) => {
  await page.goto(`${app.url}trace/${producer.traceId}?ds=local`);
  const chip = page.getByTestId('linked-from-chip');
  await expect(chip).toHaveText('⇠ Linked from 2 spans in 2 other traces');
  await expect(page.getByTestId('linked-from-status')).toContainText(
    "Searched with TraceQL over the trace's time ±1 h.",
  );
  // The publish span's row carries the mark; the span panel lists both consumers.
  const row = page.locator(`[role="row"][data-span-id="${producer.publish}"]`);
  const mark = row.locator('[data-linked-here="2"]');
  await expect(mark).toHaveAttribute('title', '2 consumers link here');
  await expect(mark.locator('[aria-hidden="true"]')).toHaveText('⇠ 2');
  await row.click();
  const section = page.getByTestId('linked-from-section');
  await expect(section).toContainText('2 consumers link here.');
  // In the order the search answered; which comes first is the backend's business.
  await expect(section.getByRole('link')).toHaveCount(2);
  expect((await section.getByRole('link').allTextContents()).sort()).toEqual([
    'billing orders process',
    'shipping orders process',
  ]);
  // The trace's own list, behind the chip, names the same two.
  await chip.click();
  await expect(page.getByTestId('linked-from-status')).toContainText(
    'orders orders publish: 2 consumers link here',
  );
  await expect(
    page.getByTestId('linked-from-status').getByTestId('linked-from-list').getByRole('link'),
  ).toHaveCount(2);

  await section.getByRole('link', { name: 'shipping orders process' }).click();
  const shipping = consumers.find((c) => c.service === 'shipping');
  if (!shipping) throw new Error('no shipping consumer');
  await expect(page).toHaveURL(new RegExp(`/trace/${shipping.traceId}\\?.*span=${shipping.spanId}`));
  expect(new URL(page.url()).searchParams.get('hops')).toBe(`${producer.traceId}:${producer.publish}`);
  await expect(page.locator(`[role="row"][data-span-id="${shipping.spanId}"]`)).toHaveAttribute(
    'aria-selected',
    'true',
  );
  const crumbs = page.getByRole('navigation', { name: 'Hops across traces' });
  const back = crumbs.getByRole('link', {
    name: `Back to trace ${producer.traceId}, span ${producer.publish}`,
  });
  await back.focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/trace/${producer.traceId}\\?`));
  expect(new URL(page.url()).searchParams.get('hops')).toBeNull();
  expect(new URL(page.url()).searchParams.get('span')).toBe(producer.publish);
  await expect(page.getByTestId('linked-from-section')).toContainText('2 consumers link here.');
  await expect(page.getByRole('navigation', { name: 'Hops across traces' })).toHaveCount(0);
});

test("an orphan says its parent's ID, the call it most likely answers and the likely causes", async ({
  page,
}) => {
  await page.goto(`${app.url}trace/${ORPHAN_TRACE}?ds=local`);
  await expect(page.locator('[data-badge="orphans"]')).toHaveText(
    '1 span missing its parent: context propagation likely broke',
  );
  // The badge opens the span it speaks of.
  await page.locator('[data-badge="orphans"]').getByRole('button').click();
  await expect(page).toHaveURL(new RegExp(`span=${ORPHAN}`));
  const row = page.locator(`[role="row"][data-span-id="${ORPHAN}"]`);
  await expect(row.locator('[data-orphan-mark]')).toHaveText('missing parent');
  await row.click();
  await expect(page.getByTestId('orphan-explanation')).toContainText(
    `Its parent ${LOST_PARENT} never arrived; it most likely answers checkout charge (calling payments), whose callee sent no span. Likely, in order: 1. context propagation broke at the service that should have sent the parent.`,
  );
  await expect(page.getByTestId('trace-header')).toContainText('2 roots');
  await page.goto(`${app.url}trace/${ORPHAN_TRACE}?ds=local&view=insights`);
  const insights = page.getByTestId('chains-insights');
  await expect(insights).toContainText(`Its parent ${LOST_PARENT} never arrived`);
  await insights.getByRole('link', { name: 'payments authorize' }).first().click();
  await expect(page).toHaveURL(new RegExp(`span=${ORPHAN}`));
});

test("on Jaeger's API the look-up says it cannot search for links pointing back, and the trace still shows", async ({
  page,
}) => {
  await page.goto(`${app.url}trace/${producer.traceId}?ds=local-jaeger`);
  await expect(page.getByTestId('linked-from-status')).toHaveText(
    "No span links here. Jaeger's API cannot search for links pointing back: only links inside this trace are shown.",
  );
  await expect(page.locator(`[role="row"][data-span-id="${producer.publish}"]`)).toBeVisible();
});

test.describe('when the search fails', () => {
  test.use({ allowedConsoleErrors: /status of 500/ });
  test('the look-up says why and offers to try again; the trace view still works', async ({ page }) => {
    let fail = true;
    await page.route('**/api/ds/local/api/search?**', (route) =>
      fail
        ? route.fulfill({ status: 500, contentType: 'text/plain', body: 'search is down' })
        : route.continue(),
    );
    await page.goto(`${app.url}trace/${producer.traceId}?ds=local`);
    const status = page.getByTestId('linked-from-status');
    await expect(status).toContainText('Could not look for spans linking here:');
    await expect(status).toContainText('search is down');
    const row = page.locator(`[role="row"][data-span-id="${producer.publish}"]`);
    await row.click();
    await expect(page.getByTestId('span-panel')).toContainText('orders publish');
    fail = false;
    await status.getByRole('button', { name: 'Try again' }).click();
    await expect(page.getByTestId('linked-from-chip')).toHaveText('⇠ Linked from 2 spans in 2 other traces');
    await expect(page.getByTestId('linked-from-section')).toContainText('2 consumers link here.');
  });
});

test('a trace still arriving offers Reload, and after its parent arrives the orphan is gone', async ({
  page,
}) => {
  const traceId = hex(16);
  const parent = hex(8);
  const child = hex(8);
  const now = (ms: number) => ((BigInt(Date.now()) + BigInt(ms)) * 1_000_000n).toString();
  const send = async (list: object[]) => {
    const response = await fetch(`${otlp}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        resourceSpans: [
          {
            resource: { attributes: [{ key: 'service.name', value: { stringValue: 'late' } }] },
            scopeSpans: [{ scope: { name: 'e2e' }, spans: list }],
          },
        ],
      }),
    });
    expect(response.status, await response.text()).toBe(200);
  };
  // The child first, ending now: its parent is still on its way.
  await send([
    {
      traceId,
      spanId: child,
      parentSpanId: parent,
      name: 'work',
      kind: 1,
      startTimeUnixNano: now(-200),
      endTimeUnixNano: now(-100),
    },
  ]);
  await page.goto(`${app.url}trace/${traceId}?ds=local`);
  const notice = page.getByTestId('still-arriving');
  await expect(notice).toContainText('This trace ended moments ago');
  await expect(notice).toContainText('It will be fetched again by itself in 15 s, once.');
  await expect(page.locator('[data-badge="orphans"]')).toHaveText(
    '1 span missing its parent: the trace is likely still arriving',
  );
  await send([
    {
      traceId,
      spanId: parent,
      name: 'GET /late',
      kind: 2,
      startTimeUnixNano: now(-300),
      endTimeUnixNano: now(-50),
    },
  ]);
  await notice.getByRole('button', { name: 'Reload' }).click();
  await expect(page.locator(`[role="row"][data-span-id="${parent}"]`)).toBeVisible();
  await expect(page.locator('[data-badge="orphans"]')).toHaveCount(0);
  await expect(page.getByTestId('still-arriving')).toHaveCount(0);
});

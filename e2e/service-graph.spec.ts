// Issue 17, the trace's Graph tab on the embedded demo data: the declined checkout's services drawn as
// `data-node` groups, its calls as `data-edge` groups, the error origin marked on the payment service,
// a click on a node filtering the waterfall, a click on an edge listing its calls.
import type { Page } from '@playwright/test';
import { seedDemoTraces } from '../server/embedded/demo-traces.ts';
import type { OtlpResourceSpans } from '../server/embedded/otlp/types.ts';
import { expect, test } from './support/test';
import { startTracelight, type Tracelight } from './support/tracelight';

interface DemoCheckout {
  traceId: string;
  services: string[];
  /** Service of the server span whose status says the card was declined (the error's origin). */
  declinedService: string;
  spansOf: Map<string, number>;
}

function declinedCheckout(): DemoCheckout {
  const traces: OtlpResourceSpans[][] = [];
  seedDemoTraces((batches) => traces.push(batches), Date.now(), 40);
  for (const batches of traces) {
    const spans = batches.flatMap((b) =>
      b.scopeSpans.flatMap((s) =>
        s.spans.map((span) => ({
          span,
          service: String(
            b.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue ?? 'unknown',
          ),
        })),
      ),
    );
    const declined = spans.find(
      (s) => s.span.status.message === 'card declined by issuer' && s.span.kind === 2,
    );
    if (!declined) continue;
    const spansOf = new Map<string, number>();
    for (const s of spans) spansOf.set(s.service, (spansOf.get(s.service) ?? 0) + 1);
    return {
      traceId: spans[0].span.traceId,
      services: [...spansOf.keys()].sort(),
      declinedService: declined.service,
      spansOf,
    };
  }
  throw new Error('the demo data has no declined checkout');
}

const demo = declinedCheckout();
let app: Tracelight;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  app = await startTracelight({
    config: { server: { embedded: true, otlpPort: 0 } },
    args: process.env.TRACELIGHT_E2E_DIST ? ['--dist', process.env.TRACELIGHT_E2E_DIST] : [],
  });
});

test.afterAll(async () => {
  await app?.stop();
});

const graph = (page: Page) => page.getByTestId('graph-view');

test('the demo checkout as a graph: its services, the error origin marked, a node filters the waterfall', async ({
  page,
}) => {
  await page.goto(`${app.url}trace/${demo.traceId}?ds=local&view=graph`);
  await expect(page.getByRole('tab', { name: 'Graph', exact: true })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  const nodes = graph(page).locator('svg g[data-node]:not([data-virtual])');
  await expect(nodes).toHaveCount(demo.services.length);
  expect((await nodes.evaluateAll((els) => els.map((e) => e.getAttribute('data-node')))).sort()).toEqual(
    demo.services,
  );
  // Every label is SVG text.
  await expect(graph(page).locator(`g[data-node="${demo.declinedService}"] text`).first()).toHaveText(
    demo.declinedService,
  );
  // The one error origin is the declined payment's service, and it shows a mark.
  const origin = graph(page).locator('g[data-node][data-error-origin="true"]');
  await expect(origin).toHaveCount(1);
  await expect(origin).toHaveAttribute('data-node', demo.declinedService);
  await expect(origin.locator('[data-mark="error-origin"]')).toBeVisible();
  await expect(origin).toHaveAttribute('aria-label', /error origin/);
  // Calls between services are edges named from→to.
  const edges = graph(page).locator('g[data-edge]');
  expect(await edges.count()).toBeGreaterThanOrEqual(demo.services.length - 1);
  await expect(graph(page).locator(`g[data-edge$="→${demo.declinedService}"]`).first()).toBeVisible();

  // Click the node: the waterfall shows that service's spans (with their ancestors).
  await origin.click();
  await expect(page).not.toHaveURL(/view=graph/);
  const rows = page.locator('[role="treegrid"] [role="row"][data-span-id]');
  await expect(rows.first()).toBeVisible();
  const total = [...demo.spansOf.values()].reduce((a, b) => a + b, 0);
  expect(await rows.count()).toBeLessThan(total);
  expect(await rows.count()).toBeGreaterThanOrEqual(demo.spansOf.get(demo.declinedService) ?? 1);
});

test('an edge lists the calls it stands for, and a call opens its span', async ({ page }) => {
  await page.goto(`${app.url}trace/${demo.traceId}?ds=local&view=graph`);
  const edge = graph(page).locator(`g[data-edge$="→${demo.declinedService}"]`).first();
  // The edge's count label sits on its line; the group's own centre may lie under a node.
  await edge.locator('text').click();
  const list = page.getByTestId('graph-edge-calls');
  await expect(list).toBeVisible();
  const first = list.locator('tbody tr').first().getByRole('button').last();
  await first.click();
  await expect(page).toHaveURL(/span=[0-9a-f]{16}/);
  await expect(page).not.toHaveURL(/view=graph/);
});

test('the keyboard reaches an edge and opens its calls', async ({ page }) => {
  await page.goto(`${app.url}trace/${demo.traceId}?ds=local&view=graph`);
  const edge = graph(page).locator(`g[data-edge$="→${demo.declinedService}"]`).first();
  await edge.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('graph-edge-calls')).toBeVisible();
  await expect(edge).toHaveAttribute('aria-pressed', 'true');
});

test('the service + operation toggle is in the URL and survives a reload', async ({ page }) => {
  await page.goto(`${app.url}trace/${demo.traceId}?ds=local&view=graph`);
  const nodes = graph(page).locator('svg g[data-node]:not([data-virtual])');
  await expect(nodes).toHaveCount(demo.services.length);
  await page.getByLabel('Services and operations').check();
  await expect(page).toHaveURL(/group=operation/);
  await expect.poll(() => nodes.count()).toBeGreaterThan(demo.services.length);
  await page.reload();
  await expect(page.getByLabel('Services and operations')).toBeChecked();
  await expect.poll(() => nodes.count()).toBeGreaterThan(demo.services.length);
});

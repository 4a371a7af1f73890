// /map end to end (decisions 0272–0274), with no recordings:
// - on the embedded demo, through the embedded backend's own interface: the demo services with
//   non-zero rates; an edge's panel finds traces with that call;
// - from a real Prometheus (Debian's) scraping the embedded /metrics while spans arrive over OTLP;
// - for a Jaeger datasource, from /api/dependencies (a Jaeger-shaped upstream forwarding to the
//   embedded `local-jaeger`, which answers it).
import { randomBytes } from 'node:crypto';
import { createServer as createHttpServer, request as httpRequest, type Server } from 'node:http';
import { freePort } from './support/free-port';
import { prometheusAvailable, type RunningPrometheus, startPrometheus } from './support/prometheus';
import { expect, test } from './support/test';
import { startTracelight, type Tracelight } from './support/tracelight';

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const attr = (key: string, value: string) => ({ key, value: { stringValue: value } });
const FRONT = 'e2e-front';
const BACK = 'e2e-back';

let app: Tracelight;
let prometheus: RunningPrometheus | undefined;
let otlp: string;
let forwarders: Server[] = [];

/** An upstream answering with an embedded datasource (`local`, `local-jaeger`) through the app's gateway. */
function startForwarder(port: number, datasource: string): Promise<Server> {
  const server = createHttpServer((req, res) => {
    const target = new URL(`api/ds/${datasource}${req.url ?? '/'}`, app.url);
    const upstream = httpRequest(
      target,
      { method: req.method, headers: { accept: req.headers.accept ?? '*/*' } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', (err) => res.writeHead(502).end(String(err)));
    req.pipe(upstream);
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

/** One call e2e-front → e2e-back, the two sides in two requests as two services would send them. */
async function sendCall(failed: boolean): Promise<void> {
  const trace = hex(16);
  const client = hex(8);
  const nowNs = BigInt(Date.now()) * 1_000_000n;
  const ns = (offsetMs: number) => (nowNs + BigInt(offsetMs) * 1_000_000n).toString();
  const side = (service: string, span: Record<string, unknown>) => ({
    resourceSpans: [
      {
        resource: { attributes: [attr('service.name', service)] },
        scopeSpans: [{ scope: { name: 'e2e' }, spans: [{ traceId: trace, ...span }] }],
      },
    ],
  });
  for (const body of [
    side(FRONT, {
      spanId: client,
      name: 'GET /stock',
      kind: 3,
      startTimeUnixNano: ns(-40),
      endTimeUnixNano: ns(0),
    }),
    side(BACK, {
      spanId: hex(8),
      parentSpanId: client,
      name: 'GET /stock',
      kind: 2,
      startTimeUnixNano: ns(-35),
      endTimeUnixNano: ns(-5),
      status: failed ? { code: 2, message: 'out of stock' } : {},
    }),
  ]) {
    const response = await fetch(`${otlp}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status, await response.text()).toBe(200);
  }
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  const otlpPort = await freePort();
  const forwarderPort = await freePort();
  const tempoPort = await freePort();
  otlp = `http://127.0.0.1:${otlpPort}`;
  if (prometheusAvailable()) prometheus = await startPrometheus({ target: `127.0.0.1:${otlpPort}` });
  app = await startTracelight({
    config: {
      server: { embedded: true },
      datasources: [
        ...(prometheus ? [{ name: 'prometheus', type: 'prometheus', url: prometheus.url }] : []),
        { name: 'jaeger-deps', type: 'jaeger', url: `http://127.0.0.1:${forwarderPort}` },
        // A Tempo with no metrics datasource: the map falls back to TraceQL metrics.
        { name: 'tempo-plain', type: 'tempo', url: `http://127.0.0.1:${tempoPort}` },
      ],
    },
    args: [
      '--otlp-port',
      String(otlpPort),
      ...(process.env.TRACELIGHT_E2E_DIST ? ['--dist', process.env.TRACELIGHT_E2E_DIST] : []),
    ],
  });
  forwarders = [
    await startForwarder(forwarderPort, 'local-jaeger'),
    await startForwarder(tempoPort, 'local'),
  ];
});

test.afterAll(async () => {
  await Promise.all(forwarders.map((f) => new Promise<void>((resolve) => f.close(() => resolve()))));
  await app?.stop();
  await prometheus?.stop();
});

const DEMO_EDGES = ['gateway→checkout', 'checkout→payment', 'payment→fraud-check', 'user→gateway'];

test('/map on the embedded demo draws its services with non-zero rates, and an edge finds traces with that call', async ({
  page,
}) => {
  // Reached from the services page (the top bar has no room left at 1280 px, decision 0274).
  await page.goto(app.url);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Services' }).click();
  await page.getByRole('link', { name: 'The calls between them on the service map' }).click();
  await expect(page).toHaveURL(/\/map$/);
  await expect(page.getByText("from the embedded backend's service-graph metrics")).toBeVisible();
  for (const service of ['gateway', 'checkout', 'payment', 'fraud-check', 'postgres', 'user']) {
    await expect(page.locator(`[data-node="${service}"]`)).toBeVisible();
  }
  for (const edge of DEMO_EDGES) {
    const shape = page.locator(`[data-edge="${edge}"]`);
    await expect(shape).toBeVisible();
    // The drawn rate is a number per second above 0.
    const rate = Number.parseFloat((await shape.locator('text').textContent()) ?? '');
    expect(rate, edge).toBeGreaterThan(0);
  }
  // The user node has no spans of its own; checkout has calls into it, some failing (the declined demo).
  await expect(page.locator('[data-node="user"]')).toHaveAttribute('data-virtual', 'true');
  await expect(page.locator('[data-node="checkout"]')).not.toHaveAttribute('data-errors', '0');

  // An edge: selected in the URL (a reload keeps it), its panel's link searches for the pair.
  // The edge's rate label sits on its line; the group's own centre may lie under a node.
  await page.locator('[data-edge="gateway→checkout"] text').click();
  await expect(page).toHaveURL(/client=gateway&server=checkout/);
  await page.reload();
  const panel = page.getByRole('region', { name: 'Selected call' });
  await expect(panel.getByRole('heading', { name: 'gateway → checkout' })).toBeVisible();
  await expect(panel).toContainText(/\/s · [\d.<]+% err · p95 \d/);
  await panel.getByRole('link', { name: 'Find traces with this call' }).click();
  await expect(page).toHaveURL(/\/search\?/);
  expect(new URL(page.url()).searchParams.get('q')).toBe(
    '{ resource.service.name = "gateway" && kind = client } >> { resource.service.name = "checkout" && kind = server }',
  );
  await expect(
    page.getByRole('table', { name: 'Traces found' }).locator('tbody tr[data-trace-id]').first(),
  ).toBeVisible();

  // A node: its panel opens its row of the services page (its operations).
  await page.goto(`${app.url}map?node=payment`);
  await page
    .getByRole('region', { name: 'Selected service' })
    .getByRole('link', { name: 'Its operations on the services page' })
    .click();
  await expect(page).toHaveURL(/\/services\?ds=local&service=payment$/);
  await expect(page.getByRole('heading', { name: 'Operations of payment' })).toBeVisible();
});

test('the same map from a real Prometheus scraping the embedded /metrics', async ({ page }) => {
  test.skip(!prometheus && !process.env.CI, 'needs /usr/bin/prometheus (apt-get install prometheus)');
  test.setTimeout(90_000);
  const url = prometheus?.url ?? '';
  const query = `sum(rate(traces_service_graph_request_total{client="${FRONT}",server="${BACK}"}[1m]))`;
  // Calls keep arriving until Prometheus has seen the counter rise (scrapes every second).
  const deadline = Date.now() + 60_000;
  let sent = 0;
  for (;;) {
    await sendCall(sent % 4 === 0);
    sent++;
    const answer = (await (await fetch(`${url}/api/v1/query?query=${encodeURIComponent(query)}`)).json()) as {
      data: { result: { value: [number, string] }[] };
    };
    if (Number(answer.data.result[0]?.value[1] ?? 0) > 0 && sent >= 8) break;
    if (Date.now() > deadline)
      throw new Error(`Prometheus never saw the calls rise:\n${prometheus?.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 400));
  }

  await page.goto(`${app.url}map?ds=prometheus&from=now-5m`);
  await expect(page.getByText("from Tempo's service-graph metrics in Prometheus")).toBeVisible();
  const edge = page.locator(`[data-edge="${FRONT}→${BACK}"]`);
  await expect(edge).toBeVisible();
  expect(Number.parseFloat((await edge.locator('text').textContent()) ?? '')).toBeGreaterThan(0);
  // A quarter of the calls failed: the edge and its server are marked.
  await expect(edge).toHaveAttribute('data-failed', 'true');
  await expect(page.locator(`[data-node="${BACK}"]`)).not.toHaveAttribute('data-errors', '0');
  await edge.locator('text').click();
  const panel = page.getByRole('region', { name: 'Selected call' });
  await expect(panel).toContainText(/\/s · [\d.]+% err · p95 \d/);
  // Its traces are searched in the embedded Tempo (the default trace datasource).
  await panel.getByRole('link', { name: 'Find traces with this call' }).click();
  await expect(page).toHaveURL(/\/search\?ds=local&/);
  await expect(
    page.getByRole('table', { name: 'Traces found' }).locator('tbody tr[data-trace-id]').first(),
  ).toBeVisible();

  // The embedded map draws the same call.
  await page.goto(`${app.url}map?ds=local&from=now-5m`);
  await expect(page.locator(`[data-edge="${FRONT}→${BACK}"]`)).toBeVisible();
});

test("a Jaeger datasource's map comes from /api/dependencies, with call rates only", async ({ page }) => {
  await page.goto(`${app.url}map?ds=jaeger-deps`);
  await expect(page.getByText("from Jaeger's dependencies (call counts only)")).toBeVisible();
  for (const edge of DEMO_EDGES.filter((e) => !e.startsWith('user'))) {
    const shape = page.locator(`[data-edge="${edge}"]`);
    await expect(shape).toBeVisible();
    expect(Number.parseFloat((await shape.locator('text').textContent()) ?? '')).toBeGreaterThan(0);
  }
  // Jaeger links services that reported spans: no "user" node; failures unknown.
  await expect(page.locator('[data-node="user"]')).toHaveCount(0);
  // By keyboard this time.
  await page.locator('[data-edge="gateway→checkout"]').focus();
  await page.keyboard.press('Enter');
  const panel = page.getByRole('region', { name: 'Selected call' });
  await expect(panel).toContainText('– err · p95 –');
  await panel.getByRole('link', { name: 'Find traces with this call' }).click();
  await expect(page).toHaveURL(/\/search\?ds=jaeger-deps&service=checkout/);
});

test('a Tempo datasource without service-graph metrics gets its map from TraceQL metrics', async ({
  page,
}) => {
  await page.goto(`${app.url}map?ds=tempo-plain`);
  await expect(page.getByText('from TraceQL metrics: each calling service')).toBeVisible();
  for (const edge of DEMO_EDGES.filter((e) => !e.startsWith('user'))) {
    const shape = page.locator(`[data-edge="${edge}"]`);
    await expect(shape).toBeVisible();
    expect(Number.parseFloat((await shape.locator('text').textContent()) ?? '')).toBeGreaterThan(0);
  }
  // No client span calls the root: no "user" node. The declined payments fail checkout → payment.
  await expect(page.locator('[data-node="user"]')).toHaveCount(0);
  await expect(page.locator('[data-edge="checkout→payment"]')).toHaveAttribute('data-failed', 'true');
  await page.locator('[data-edge="checkout→payment"] text').click();
  const panel = page.getByRole('region', { name: 'Selected call' });
  await expect(panel).toContainText(/\/s · [\d.]+% err · p95 \d/);
  await panel.getByRole('link', { name: 'Find traces with this call' }).click();
  await expect(page).toHaveURL(/\/search\?ds=tempo-plain&/);
  await expect(
    page.getByRole('table', { name: 'Traces found' }).locator('tbody tr[data-trace-id]').first(),
  ).toBeVisible();
});

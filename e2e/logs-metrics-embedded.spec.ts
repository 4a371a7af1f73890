// Logs and metrics end to end with no recordings: the embedded backend receives a trace and its logs
// over OTLP, answers the Loki API as `local-logs`, and a real Prometheus (Debian's, exemplar storage on)
// scrapes the receiver's /metrics. An exemplar dot opens its trace; a log line opens its span; a
// hostile attribute value becomes a query the Loki API accepts and answers unchanged; Loki down is
// said inline and the trace view still works.
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${…} are query template placeholders
import { randomBytes } from 'node:crypto';
import { createServer as createHttpServer, request as httpRequest, type Server } from 'node:http';
import { spanResolver } from '../src/correlate/span-values';
import { expandQueryTemplate } from '../src/correlate/template';
import { freePort } from './support/free-port';
import { prometheusAvailable, type RunningPrometheus, startPrometheus } from './support/prometheus';
import { anyOf, expect, test } from './support/test';
import { startTracelight, type Tracelight } from './support/tracelight';

// Skipped only off CI: .ci/run installs prometheus, so in CI a missing binary fails the tests.
test.skip(
  !prometheusAvailable() && !process.env.CI,
  'needs /usr/bin/prometheus (apt-get install prometheus)',
);
test.use({ allowedConsoleErrors: anyOf(/status of (502|404)/) });

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const SERVICE = 'e2e-correlate';
const HOSTILE = 'pay"} |= `x` \\ {a="b"}\nnext line';
const TRACE = `0${hex(16).slice(1)}`; // a leading zero, as Tempo's generator would drop it
const ROOT = hex(8);
const CHILD = hex(8);

let app: Tracelight;
let prometheus: RunningPrometheus;
let otlp: string;
let forwarder: Server;

/**
 * A Tempo-shaped upstream that forwards to the embedded `local` datasource through the app's gateway:
 * it lets a trace datasource carry its own `logs` block (pointing at a Loki that is down) while
 * answering with the trace the embedded backend received.
 */
function startForwarder(port: number): Promise<Server> {
  const server = createHttpServer((req, res) => {
    const target = new URL(`api/ds/local${req.url ?? '/'}`, app.url);
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

const attr = (key: string, value: string) => ({ key, value: { stringValue: value } });

async function post(path: string, body: unknown) {
  const response = await fetch(`${otlp}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status, await response.text()).toBe(200);
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  const otlpPort = await freePort();
  const forwarderPort = await freePort();
  otlp = `http://127.0.0.1:${otlpPort}`;
  prometheus = await startPrometheus({ target: `127.0.0.1:${otlpPort}` });
  app = await startTracelight({
    config: {
      server: { embedded: true },
      datasources: [
        { name: 'prometheus', type: 'prometheus', url: prometheus.url },
        { name: 'loki-down', type: 'loki', url: 'http://127.0.0.1:9' },
        {
          name: 'tempo-loki-down',
          type: 'tempo',
          url: `http://127.0.0.1:${forwarderPort}`,
          logs: { datasource: 'loki-down', query: '{service_name="${service}"} | trace_id="${traceId}"' },
        },
      ],
    },
    args: [
      '--otlp-port',
      String(otlpPort),
      ...(process.env.TRACELIGHT_E2E_DIST ? ['--dist', process.env.TRACELIGHT_E2E_DIST] : []),
    ],
  });
  forwarder = await startForwarder(forwarderPort);
  const nowNs = BigInt(Date.now()) * 1_000_000n;
  const ns = (offsetMs: number) => (nowNs + BigInt(offsetMs) * 1_000_000n).toString();
  await post('/v1/traces', {
    resourceSpans: [
      {
        resource: { attributes: [attr('service.name', SERVICE)] },
        scopeSpans: [
          {
            scope: { name: 'e2e' },
            spans: [
              {
                traceId: TRACE,
                spanId: ROOT,
                name: 'POST /pay',
                kind: 2,
                startTimeUnixNano: ns(-300),
                endTimeUnixNano: ns(-10),
              },
              {
                traceId: TRACE,
                spanId: CHILD,
                parentSpanId: ROOT,
                name: 'charge card',
                kind: 3,
                startTimeUnixNano: ns(-250),
                endTimeUnixNano: ns(-50),
                attributes: [attr('payment.note', HOSTILE)],
                status: { code: 2, message: 'declined' },
              },
            ],
          },
        ],
      },
    ],
  });
  const logRecord = (offsetMs: number, spanId: string, body: string) => ({
    timeUnixNano: ns(offsetMs),
    severityText: 'INFO',
    body: { stringValue: body },
    traceId: TRACE,
    spanId,
  });
  await post('/v1/logs', {
    resourceLogs: [
      {
        resource: { attributes: [attr('service.name', SERVICE)] },
        scopeLogs: [
          {
            scope: { name: 'e2e' },
            logRecords: [
              logRecord(-290, ROOT, 'request received'),
              logRecord(-200, CHILD, 'card declined by issuer'),
              logRecord(-20, ROOT, 'request failed'),
            ],
          },
        ],
      },
      {
        resource: { attributes: [attr('service.name', HOSTILE)] },
        scopeLogs: [
          { scope: { name: 'e2e' }, logRecords: [logRecord(-100, CHILD, 'from the hostile service')] },
        ],
      },
    ],
  });
});

test.afterAll(async () => {
  forwarder?.close();
  await app?.stop();
  await prometheus?.stop();
});

test('an exemplar dot scraped by a real Prometheus opens its trace', async ({ page }) => {
  test.setTimeout(90_000);
  const selector = `traces_spanmetrics_latency_bucket{service="${SERVICE}"}`;
  // Wait until Prometheus scraped the exemplar (scrape interval 1 s).
  const deadline = Date.now() + 45_000;
  for (;;) {
    const now = Date.now() / 1000;
    const response = await fetch(
      `${prometheus.url}/api/v1/query_exemplars?query=${encodeURIComponent(selector)}&start=${now - 600}&end=${now + 60}`,
    );
    const text = await response.text();
    if (text.includes(TRACE)) break;
    if (Date.now() > deadline) throw new Error(`no exemplar for ${TRACE}: ${text}\n${prometheus.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  await page.goto(
    `${app.url}metrics?ds=prometheus&q=${encodeURIComponent(selector)}&from=now-10m&to=now%2B1m`,
  );
  const dot = page.getByRole('button', { name: new RegExp(`Exemplar: trace ${TRACE}`) }).first();
  await expect(dot).toBeAttached();
  await dot.focus();
  await expect(page.getByTestId('exemplar-card')).toContainText(TRACE);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/trace/${TRACE}\\?span=(${ROOT}|${CHILD})&start=\\d+&end=\\d+$`));
  await expect(page.locator(`[role="treegrid"] [role="row"][data-span-id="${CHILD}"]`)).toBeVisible();
});

test("a log line's trace link opens the trace at its span", async ({ page }) => {
  const query = `{service_name="${SERVICE}"} | trace_id="${TRACE}"`;
  await page.goto(`${app.url}logs?ds=local-logs&q=${encodeURIComponent(query)}&from=now-15m&to=now%2B1m`);
  await expect(page.getByTestId('log-line')).toHaveCount(3);
  await expect(page.getByTestId('log-line-text').first()).toHaveText('request failed');
  const line = page.getByTestId('log-line').filter({ hasText: 'card declined by issuer' });
  await line.getByRole('link', { name: `Open trace ${TRACE} at span ${CHILD}` }).click();
  await expect(page).toHaveURL(new RegExp(`/trace/${TRACE}\\?span=${CHILD}&start=\\d+&end=\\d+$`));
  await expect(page.getByTestId('span-panel')).toContainText('charge card');
});

test('a hostile attribute value becomes a query the Loki API accepts and answers unchanged', async ({
  request,
}) => {
  const expanded = expandQueryTemplate(
    '{service_name="${span.attributes["payment.note"]}"} | trace_id="${traceId}"',
    spanResolver({
      traceId: TRACE.replace(/^0+/, ''),
      attributes: [{ key: 'payment.note', value: { type: 'string', value: HOSTILE } }],
    }),
  );
  if (!expanded.ok) throw new Error(expanded.error);
  const start = (BigInt(Date.now() - 900_000) * 1_000_000n).toString();
  const end = (BigInt(Date.now() + 60_000) * 1_000_000n).toString();
  const response = await request.get(`${app.url}api/ds/local-logs/loki/api/v1/query_range`, {
    params: { query: expanded.query, start, end, limit: 10 },
    headers: { 'X-Loki-Response-Encoding-Flags': 'categorize-labels' },
  });
  expect(response.status(), await response.text()).toBe(200);
  const body = (await response.json()) as {
    data: { result: { stream: Record<string, string>; values: unknown[][] }[] };
  };
  expect(body.data.result).toHaveLength(1);
  expect(body.data.result[0].stream.service_name).toBe(HOSTILE);
  expect(body.data.result[0].values.map((value) => value[1])).toEqual(['from the hostile service']);
});

test('Loki down is said inline, and the trace view keeps working', async ({ page }) => {
  await page.goto(`${app.url}logs?ds=loki-down&q=${encodeURIComponent('{service_name="x"}')}`);
  await expect(page.getByTestId('logs-error')).toContainText('not reachable');
  await page.goto(`${app.url}trace/${TRACE}`);
  await expect(page.locator(`[role="treegrid"] [role="row"][data-span-id="${ROOT}"]`)).toBeVisible();
});

const row = (spanId: string) => `[role="treegrid"] [role="row"][data-span-id="${spanId}"]`;

test("a span's logs appear in its details, sit on its bar, and a click on a line selects the span", async ({
  page,
}) => {
  // `ds` named: tempo-loki-down serves the same trace, and without `ds` whichever answers first wins.
  await page.goto(`${app.url}trace/${TRACE}?ds=local&span=${CHILD}`);
  const logs = page.getByTestId('span-logs');
  await expect(logs.getByTestId('log-line')).toHaveCount(1);
  await expect(logs.getByTestId('log-line-text')).toHaveText('card declined by issuer');
  await expect(logs.getByTestId('span-logs-count')).toContainText('1 line for this span');
  // Waterfall markers: the root's two lines on the root's bar, the child's on the child's.
  await expect(page.locator(`${row(ROOT)} [data-log-mark]`)).toHaveCount(2);
  await expect(page.locator(`${row(CHILD)} [data-log-mark]`)).toHaveCount(1);
  // Hide the child under its collapsed parent: the line's click brings it back, selected.
  await page.locator(row(ROOT)).getByRole('button', { name: 'Collapse' }).click();
  await expect(page.locator(row(CHILD))).toHaveCount(0);
  await logs.getByRole('button', { name: /card declined by issuer/ }).click();
  await expect(page.locator(row(CHILD))).toHaveAttribute('aria-selected', 'true');
  await expect(page).toHaveURL(new RegExp(`span=${CHILD}`));
  // The root's lines, and a click on one selects the root.
  await page.locator(row(ROOT)).click();
  await expect(logs.getByTestId('log-line')).toHaveCount(2);
  await expect(page.getByTestId('span-panel')).toContainText('POST /pay');
});

test("the Logs tab lists the trace's lines and a click opens the span in the waterfall", async ({ page }) => {
  await page.goto(`${app.url}trace/${TRACE}?ds=local&view=logs`);
  const view = page.getByTestId('trace-logs');
  await expect(view.getByTestId('log-line')).toHaveCount(3);
  await view.getByRole('button', { name: /card declined by issuer/ }).click();
  await expect(page).toHaveURL(new RegExp(`span=${CHILD}`));
  await expect(page.locator(row(CHILD))).toHaveAttribute('aria-selected', 'true');
});

test('Loki down shows in span details while the waterfall keeps working', async ({ page }) => {
  await page.goto(`${app.url}trace/${TRACE}?ds=tempo-loki-down&span=${CHILD}`);
  await expect(page.getByTestId('span-logs-error')).toContainText('Logs unavailable');
  await expect(page.getByTestId('span-panel')).toContainText('charge card');
  await page.locator(row(ROOT)).click();
  await expect(page.locator(row(ROOT))).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('span-panel')).toContainText('POST /pay');
  await page.locator(row(ROOT)).getByRole('button', { name: 'Collapse' }).click();
  await expect(page.locator(row(CHILD))).toHaveCount(0);
});

test('a trace opened from a datasource is listed among the recent traces', async ({ page }) => {
  await page.goto(`${app.url}trace/${TRACE}?ds=local`);
  await expect(page.locator(row(ROOT))).toBeVisible();
  await page.goto(app.url);
  const list = page.getByRole('list', { name: 'Recent traces' });
  const link = list.getByRole('link', { name: `${SERVICE}: POST /pay` });
  // With the trace's own bounds, a minute either side (decision 0182).
  await expect(link).toHaveAttribute('href', new RegExp(`^/trace/${TRACE}\\?ds=local&start=\\d+&end=\\d+$`));
});

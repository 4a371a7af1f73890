// Issue 22, "Sampling, shown": hand-built traces whose spans carry OpenTelemetry's th threshold in
// their tracestate (and W3C trace flags) are sent to the embedded OTLP/HTTP receiver; the trace
// header says how each was sampled, the settings page's estimate matches hand-computed figures, and
// search and the services page show the estimated real counts beside the sampled ones.
import { freePort } from './support/free-port';
import { expect, test } from './support/test';
import { startTracelight, type Tracelight } from './support/tracelight';

let app: Tracelight;
let otlpPort: number;

// Trace A: kept at 5 % (th = 0.95 × 2^56, written f333333333333), 3 spans, 2 s long (slow).
// Trace B: kept at 25 % (th:c), 2 spans, 50 ms, its child sent with the sampled flag clear.
const A = '5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a01';
const B = '5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a02';
// A starts 60 s ago, B 10 s later: 1 interval over 10 s = 0.1 traces per second.
const T0 = BigInt(Date.now() - 60_000) * 1_000_000n;

interface HandSpan {
  spanId: string;
  parent: string;
  startNs: bigint;
  durationNs: bigint;
  flags: number;
}

function traceBody(traceId: string, traceState: string, spans: HandSpan[]) {
  return JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'cart' } }] },
        scopeSpans: [
          {
            scope: { name: 'hand-built' },
            spans: spans.map((s, i) => ({
              traceId,
              spanId: s.spanId,
              parentSpanId: s.parent,
              traceState,
              flags: s.flags,
              name: i === 0 ? 'GET /cart' : `step ${i}`,
              kind: i === 0 ? 2 : 1,
              startTimeUnixNano: s.startNs.toString(),
              endTimeUnixNano: (s.startNs + s.durationNs).toString(),
              status: {},
            })),
          },
        ],
      },
    ],
  });
}

async function send(body: string) {
  const res = await fetch(`http://127.0.0.1:${otlpPort}/v1/traces`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json' },
  });
  expect(res.status).toBe(200);
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  otlpPort = await freePort();
  app = await startTracelight({
    args: [
      '--otlp-port',
      String(otlpPort),
      '--no-demo',
      ...(process.env.TRACELIGHT_E2E_DIST ? ['--dist', process.env.TRACELIGHT_E2E_DIST] : []),
    ],
  });
  await send(bodyA);
  await send(bodyB);
});

const ms = 1_000_000n;
const t1 = T0 + 10_000n * ms;
const bodyA = traceBody(A, 'ot=th:f333333333333', [
  { spanId: 'a000000000000001', parent: '', startNs: T0, durationNs: 2000n * ms, flags: 0x101 },
  {
    spanId: 'a000000000000002',
    parent: 'a000000000000001',
    startNs: T0 + ms,
    durationNs: 500n * ms,
    flags: 0x301,
  },
  {
    spanId: 'a000000000000003',
    parent: 'a000000000000001',
    startNs: T0 + 600n * ms,
    durationNs: 900n * ms,
    flags: 0x301,
  },
]);
const bodyB = traceBody(B, 'ot=th:c', [
  { spanId: 'b000000000000001', parent: '', startNs: t1, durationNs: 50n * ms, flags: 0x101 },
  {
    spanId: 'b000000000000002',
    parent: 'b000000000000001',
    startNs: t1 + ms,
    durationNs: 20n * ms,
    flags: 0x300,
  },
]);

test.afterAll(async () => {
  await app?.stop();
});

test('the trace header says how each trace was sampled', async ({ page }) => {
  await page.goto(`${app.url}trace/${A}?ds=local`);
  const header = page.getByTestId('trace-header');
  await expect(header.locator('[data-badge="sampling"]')).toHaveText(
    'Sampled at 5% (th=f333333333333), each span stands for ~20',
  );
  await expect(header.locator('[data-badge="not-sampled"]')).toHaveCount(0);

  await page.goto(`${app.url}trace/${B}?ds=local`);
  await expect(header.locator('[data-badge="sampling"]')).toHaveText(
    'Sampled at 25% (th=c), each span stands for ~4',
  );
  await expect(header.locator('[data-badge="not-sampled"]')).toHaveText('Sampled flag off on 1 span');
});

test('the settings page estimates what head and tail sampling would keep, as computed by hand', async ({
  page,
}) => {
  // Bytes per span are what the store encoded: read from the endpoint, the rest is hand-computed.
  const answer = (await (
    await fetch(`${app.url}api/ds/local/api/tracelight/observed-traffic?slowMs=1000`)
  ).json()) as {
    observed: { bytesPerSpan: number };
  };
  const bytesPerSpan = answer.observed.bytesPerSpan;
  await page.goto(`${app.url}settings`);
  const estimate = page.getByTestId('sampling-estimate');
  // 5 spans in 2 traces; (2 − 1) traces over 10 s.
  await expect(estimate.getByTestId('observed-spans-per-trace')).toHaveText('2.5');
  await expect(estimate.getByTestId('observed-traces-per-second')).toHaveText('0.1');
  await expect(estimate.getByTestId('observed-window')).toHaveText('2 traces in 10 s');
  await expect(estimate.getByTestId('observed-bytes-per-span')).toHaveText(
    Math.round(bytesPerSpan).toLocaleString('en-US'),
  );
  const cells = (id: string) => estimate.getByTestId(id).locator('td');
  // Everything: 0.1 × 86,400 = 8,640 traces, × 2.5 = 21,600 spans a day.
  await expect(cells('estimate-all')).toHaveText(['100%', '~8,640', '~21,600', /./]);
  // Head at 10 %: 864 traces, 2,160 spans.
  await expect(cells('estimate-head')).toHaveText(['10%', '~864', '~2,160', /./]);
  // Tail: errors and > 1000 ms kept whole (A is 2 s: 1 of 2), the rest at 10 %: 0.5 + 0.5 × 0.1 = 55 %
  // → 4,752 traces, 11,880 spans.
  await expect(cells('estimate-tail')).toHaveText(['55%', '~4,752', '~11,880', /./]);

  const head = page.getByRole('spinbutton', { name: 'Head sampling rate, percent of traces kept' });
  await head.fill('1');
  await expect(cells('estimate-head')).toHaveText(['1%', '~86', '~216', /./]);
  await head.fill('200');
  await expect(cells('estimate-head')).toHaveText(['Enter a rate between 0 and 100 %']);

  // Slower than 5 s: nothing is slow or failed, so the tail keeps 10 %: 864 traces.
  await page.getByRole('spinbutton', { name: 'Slow trace threshold, milliseconds' }).fill('5000');
  await expect(cells('estimate-tail')).toHaveText(['10%', '~864', '~2,160', /./]);
  // Back to 1 s, but slow traces no longer kept whole: the same 10 %.
  await page.getByRole('spinbutton', { name: 'Slow trace threshold, milliseconds' }).fill('1000');
  await page.getByRole('checkbox', { name: 'Keep every slow trace' }).uncheck();
  await expect(cells('estimate-tail')).toHaveText(['10%', '~864', '~2,160', /./]);
  // The rest at 50 % with slow traces kept: 0.5 + 0.5 × 0.5 = 75 % → 6,480 traces, 16,200 spans.
  await page.getByRole('checkbox', { name: 'Keep every slow trace' }).check();
  await page.getByRole('spinbutton', { name: 'Tail sampling rate for the rest, percent' }).fill('50');
  await expect(cells('estimate-tail')).toHaveText(['75%', '~6,480', '~16,200', /./]);
});

test('search shows the estimated real count beside the sampled one', async ({ page }) => {
  await page.goto(`${app.url}search?ds=local&q=${encodeURIComponent('{}')}&from=now-1h&to=now`);
  await expect(page.getByTestId('results-summary')).toHaveText(/^2 traces · /);
  // 1/0.05 + 1/0.25 = 20 + 4.
  await expect(page.getByTestId('results-sampled')).toHaveText('~24 requests; 2 kept at 5%–25%');
  // Only trace B (25 %): 4.
  await page.goto(
    `${app.url}search?ds=local&q=${encodeURIComponent('{ name = "GET /cart" && duration < 1s }')}&from=now-1h&to=now`,
  );
  await expect(page.getByTestId('results-summary')).toHaveText(/^1 trace · /);
  await expect(page.getByTestId('results-sampled')).toHaveText('~4 requests; 1 kept at 25%');
});

test('the services page shows the estimated real spans beside the sampled rates', async ({ page }) => {
  await page.goto(`${app.url}services?ds=local&from=now-1h&to=now`);
  // 3 spans × 20 + 2 spans × 4 = 68.
  await expect(page.getByTestId('services-sampled')).toHaveText(
    'Estimated real spans in this window: cart ~68 (5 kept)',
  );
});

test('a file of traces whose roots carry thresholds: the picker shows the estimate', async ({ page }) => {
  const file = JSON.stringify({
    resourceSpans: [...JSON.parse(bodyA).resourceSpans, ...JSON.parse(bodyB).resourceSpans],
  });
  await page.goto(app.url);
  await page.getByTestId('open-file-input').setInputFiles({
    name: 'sampled.json',
    mimeType: 'application/json',
    buffer: Buffer.from(file),
  });
  await expect(page.getByTestId('trace-picker-count')).toHaveText('2 traces');
  await expect(page.getByTestId('trace-picker-sampled')).toHaveText('~24 requests; 2 kept at 5%–25%');
});

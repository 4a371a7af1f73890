// Values too long for a URL: a span whose service name is 100 kB still finds its logs (the Loki query
// goes as a form POST through the gateway to the embedded local-logs); one of 1 MB is said to be too
// long instead of being sent (it used to be a GET answered 431). A filter= of 4,000 nested
// parentheses is an ordinary parse error, not two uncaught RangeErrors.
import { randomBytes } from 'node:crypto';
import { freePort } from './support/free-port';
import { expect, test } from './support/test';
import { startTracelight, type Tracelight } from './support/tracelight';

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const LONG = `svc-${'l'.repeat(100_000)}`;
const HUGE = `svc-${'h'.repeat(1024 * 1024)}`;
const LONG_TRACE = hex(16);
const HUGE_TRACE = hex(16);
const LONG_SPAN = hex(8);
const HUGE_SPAN = hex(8);

let app: Tracelight;
let otlp: string;

const attr = (key: string, value: string) => ({ key, value: { stringValue: value } });

async function post(path: string, body: unknown) {
  const response = await fetch(`${otlp}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status, await response.text()).toBe(200);
}

function traceOf(service: string, traceId: string, spanId: string, startNs: bigint) {
  return {
    resourceSpans: [
      {
        resource: { attributes: [attr('service.name', service)] },
        scopeSpans: [
          {
            scope: { name: 'e2e' },
            spans: [
              {
                traceId,
                spanId,
                name: 'GET /long',
                kind: 2,
                startTimeUnixNano: startNs.toString(),
                endTimeUnixNano: (startNs + 200_000_000n).toString(),
              },
            ],
          },
        ],
      },
    ],
  };
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  const otlpPort = await freePort();
  otlp = `http://127.0.0.1:${otlpPort}`;
  app = await startTracelight({
    config: { server: { embedded: true } },
    args: [
      '--otlp-port',
      String(otlpPort),
      '--no-demo',
      ...(process.env.TRACELIGHT_E2E_DIST ? ['--dist', process.env.TRACELIGHT_E2E_DIST] : []),
    ],
  });
  const startNs = BigInt(Date.now() - 1000) * 1_000_000n;
  await post('/v1/traces', traceOf(LONG, LONG_TRACE, LONG_SPAN, startNs));
  await post('/v1/traces', traceOf(HUGE, HUGE_TRACE, HUGE_SPAN, startNs));
  await post('/v1/logs', {
    resourceLogs: [
      {
        resource: { attributes: [attr('service.name', LONG)] },
        scopeLogs: [
          {
            scope: { name: 'e2e' },
            logRecords: [
              {
                timeUnixNano: (startNs + 50_000_000n).toString(),
                body: { stringValue: 'found despite the long name' },
                traceId: LONG_TRACE,
                spanId: LONG_SPAN,
              },
            ],
          },
        ],
      },
    ],
  });
});

test.afterAll(async () => {
  await app?.stop();
});

test("a 100 kB service name's logs are fetched with a POST and shown", async ({ page }) => {
  const methods: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/loki/api/v1/query_range')) methods.push(request.method());
  });
  await page.goto(`${app.url}trace/${LONG_TRACE}?ds=local&span=${LONG_SPAN}`);
  const logs = page.getByTestId('span-logs');
  await expect(logs.getByTestId('log-line-text')).toHaveText('found despite the long name');
  expect(methods).toContain('POST');
  expect(methods).not.toContain('GET');
});

test('a 1 MB service name is said to be too long to look up, and nothing is sent', async ({ page }) => {
  const sent: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/loki/api/v1/')) sent.push(request.url().slice(0, 80));
  });
  await page.goto(`${app.url}trace/${HUGE_TRACE}?ds=local&span=${HUGE_SPAN}`);
  await expect(page.getByTestId('span-logs-error')).toContainText('The query is too long to send');
  await expect(page.getByTestId('span-panel')).toContainText('GET /long');
  expect(sent).toEqual([]);
});

test('a filter= of 4,000 nested parentheses is a parse error on screen, not a crash', async ({ page }) => {
  const filter = `{ ${'('.repeat(4000)}duration > 1ms${')'.repeat(4000)} }`;
  // Parentheses need no escaping in a query string: the URL stays under the server's 16 KiB header limit.
  const encoded = encodeURIComponent(filter).replaceAll('%28', '(').replaceAll('%29', ')');
  await page.goto(`${app.url}trace/${LONG_TRACE}?ds=local&filter=${encoded}`);
  await expect(page.getByTestId('trace-filter-error')).toContainText('nests too deeply');
  await expect(page.locator(`[role="treegrid"] [role="row"][data-span-id="${LONG_SPAN}"]`)).toBeVisible();
});

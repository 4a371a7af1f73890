// The trace page's loading bar while a big trace's body arrives from a datasource: the replay upstream
// sends half of Tempo's recorded 2,000-span answer (1,214,532 bytes, with its Content-Length) and holds
// the rest until the test lets it go, so the bar is seen mid-body without depending on a timing.
import { type ReplayUpstream, startReplayUpstream } from './support/replay-upstream';
import { expect, test } from './support/test';
import { startTracelight, type Tracelight } from './support/tracelight';

const BIG_TRACE = '5f8d122418e0697eae4509d2a6e3ba20';
const BODY_BYTES = 1_214_532;
const HELD_AT = 700_000;

let upstream: ReplayUpstream;
let app: Tracelight;
let release: () => void = () => {};

test.beforeAll(async () => {
  upstream = await startReplayUpstream({ sets: ['tempo'] });
  app = await startTracelight({
    config: {
      server: { otlpPort: 0, embedded: false },
      datasources: [{ name: 'tempo', type: 'tempo', url: upstream.url, default: true }],
    },
    args: process.env.TRACELIGHT_E2E_DIST ? ['--dist', process.env.TRACELIGHT_E2E_DIST] : [],
  });
});

test.afterAll(async () => {
  release();
  await app?.stop();
  await upstream?.stop();
});

test('a trace fetched from Tempo shows the bytes received on a progress bar, then the trace', async ({
  page,
}) => {
  upstream.override(`/api/v2/traces/${BIG_TRACE}`, {
    holdAfterBytes: HELD_AT,
    resume: new Promise<void>((resolve) => {
      release = resolve;
    }),
  });
  await page.goto(`${app.url}trace/${BIG_TRACE}?ds=tempo`);
  const bar = page.getByRole('progressbar', { name: 'Bytes received' });
  await expect(bar).toHaveAttribute('aria-valuemax', String(BODY_BYTES));
  // Reports come every 256 KiB, so with 700,000 bytes sent the bar stands past the first report.
  await expect
    .poll(async () => Number(await bar.getAttribute('aria-valuenow')))
    .toBeGreaterThanOrEqual(256 * 1024);
  expect(Number(await bar.getAttribute('aria-valuenow'))).toBeLessThanOrEqual(HELD_AT);
  await expect(page.getByTestId('trace-loading')).toContainText('of 1.16 MB');
  release();
  await expect(page.getByTestId('trace-loading')).toBeHidden();
  await expect(page.getByRole('treegrid')).toBeVisible();
});

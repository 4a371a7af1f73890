// Browser benchmark of stitching (issue 18; a script, not a test): a producer trace and 20 consumer
// traces of 1,000 spans each, every consumer's root linking to the producer span, served by a
// Tempo-shaped test upstream through the real server; headless Chromium opens
// `/trace/<producer>?with=<20 IDs>` and the page's long tasks are recorded. Prints, per run, the time
// from the producer's first rows to all 20 linked traces listed as loaded, and the longest
// main-thread task in that stretch (the budget: the page never freezes, no task > 50 ms).
// Run: npx tsx bench/stitch-browser.ts (needs `npm run build`). BENCH_RUNS=3 by default.
import { chromium } from 'playwright-core';
import { startReplayUpstream } from '../e2e/support/replay-upstream.ts';
import { startTracelight } from '../e2e/support/tracelight.ts';
import { findChromium } from '../scripts/find-chromium.mjs';
import { seededRandom } from '../src/model/seeded-random.ts';
import { generatedLinkedSpans, otlp, type S } from '../src/worker/testing/linked-traces.ts';
import { median } from './measure.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SPANS = 1000;
const LINKED = 20;
const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

const spansOf = (t: number, random: () => number, link?: { traceId: string; spanId: string }) =>
  generatedLinkedSpans(t, SPANS, random, link);

async function main() {
  const upstream = await startReplayUpstream({ sets: ['tempo'] });
  const random = seededRandom(18);
  const producer = hex(0xabc1, 32);
  const link = { traceId: producer, spanId: hex(2, 16) };
  const serve = (traceId: string, spans: S[]) =>
    upstream.override(`/api/v2/traces/${traceId}`, {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ trace: otlp(traceId, spans) }),
    });
  serve(producer, spansOf(0, random));
  const linked: string[] = [];
  for (let t = 1; t <= LINKED; t++) {
    const id = hex(0xabc1 + t, 32);
    linked.push(id);
    serve(id, spansOf(t, random, link));
  }
  const app = await startTracelight({
    config: {
      server: { otlpPort: 0, grpcPort: 0, embedded: false },
      datasources: [{ name: 'tempo', type: 'tempo', url: upstream.url, default: true }],
    },
    args: process.env.TRACELIGHT_E2E_DIST ? ['--dist', process.env.TRACELIGHT_E2E_DIST] : [],
  });
  const browser = await chromium.launch({
    executablePath: findChromium(),
    args: ['--no-sandbox', '--disable-gpu'],
  });
  const stitchMs: number[] = [];
  const taskMs: number[] = [];
  try {
    for (let run = 0; run < RUNS; run++) {
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      await context.addInitScript({
        content: `window.__longTasks = [];
          new PerformanceObserver((list) => {
            for (const e of list.getEntries()) window.__longTasks.push([e.startTime, e.duration]);
          }).observe({ type: 'longtask', buffered: true });`,
      });
      const page = await context.newPage();
      await page.goto(`${app.url}trace/${producer}?ds=tempo&with=${linked.join(',')}`);
      await page
        .locator('[role="treegrid"] [role="row"][data-span-id]')
        .first()
        .waitFor({ timeout: 120_000 });
      const rowsAt = await page.evaluate(() => performance.now());
      await page.waitForFunction(
        (n) => document.querySelectorAll('[data-linked-trace-row][data-state="loaded"]').length === n,
        LINKED,
        { timeout: 120_000, polling: 'raf' },
      );
      const figures = await page.evaluate((from) => {
        const w = window as unknown as { __longTasks: [number, number][] };
        const during = w.__longTasks.filter(([start, d]) => start + d >= from).map(([, d]) => d);
        return { doneAt: performance.now(), longest: Math.max(0, ...during) };
      }, rowsAt);
      stitchMs.push(figures.doneAt - rowsAt);
      taskMs.push(figures.longest);
      await context.close();
    }
  } finally {
    await browser.close();
    await app.stop();
    await upstream.stop();
  }
  console.log(
    `stitch in the browser: ${LINKED} linked traces x ${SPANS} spans onto a ${SPANS}-span producer; ` +
      `first rows to all listed as loaded: median ${median(stitchMs).toFixed(0)} ms ` +
      `(runs ${stitchMs.map((n) => n.toFixed(0)).join(', ')}); longest main-thread task meanwhile: ` +
      `median ${median(taskMs).toFixed(0)} ms (runs ${taskMs.map((n) => n.toFixed(0)).join(', ')}); machine loaded`,
  );
}

await main();

// Page weight (`npx tsx bench/page-weight.ts`, also run by `npm run bench:browser`'s neighbours by
// hand): the gzipped JavaScript each first page downloads before its first paint and after it, on
// the built app with the embedded demo. Issue 20's goal: every first page ≤ 250 KB gzipped before
// first paint, the search page usable with a plain query box before Monaco arrives. A worker's script
// (the trace page's decoder) has a column of its own: whether it starts before the first paint is a
// race, and it runs off the main thread. `--files` lists every script. Printed, never tested.
import { chromium } from '@playwright/test';
import { startTracelight } from '../e2e/support/tracelight.ts';
import { CHROMIUM_ARGS, findChromium } from '../scripts/find-chromium.mjs';

const BUDGET_KB = 250;

interface Weight {
  beforePaintKB: number;
  /** Each JS file: gzipped size, before or after first paint, name (printed with `--files`). */
  list: string[];
  afterPaintKB: number;
  /** Worker scripts, whenever they were fetched. */
  workerKB: number;
  firstPaintMs: number;
  files: number;
}

async function main() {
  const app = await startTracelight({
    config: { server: { embedded: true, otlpPort: 0 } },
    args: process.env.TRACELIGHT_E2E_DIST ? ['--dist', process.env.TRACELIGHT_E2E_DIST] : [],
  });
  const browser = await chromium.launch({
    executablePath: findChromium(),
    args: CHROMIUM_ARGS,
  });
  try {
    const search = await fetch(`${app.url}api/ds/local/api/search?q=${encodeURIComponent('{ }')}&limit=1`);
    const { traces } = (await search.json()) as { traces: { traceID: string }[] };
    const pages: [string, string][] = [
      ['home', ''],
      ['search', `search?ds=local&q=${encodeURIComponent('{ status = error }')}`],
      ['trace', `trace/${traces[0].traceID}?ds=local`],
      ['settings', 'settings'],
    ];
    console.log(
      'page       JS before first paint (gz)   after (gz)   worker (gz)   first paint   files   goal',
    );
    for (const [label, path] of pages) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${app.url}${path}`, { waitUntil: 'networkidle' });
      await page.waitForTimeout(1500);
      const weight = await page.evaluate((): Weight => {
        const paint = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN;
        let before = 0;
        let after = 0;
        let worker = 0;
        let files = 0;
        const list: string[] = [];
        for (const e of performance.getEntriesByType('resource') as PerformanceResourceTiming[]) {
          if (!/\.js(\?|$)/.test(e.name)) continue;
          files++;
          list.push(
            `${(e.encodedBodySize / 1024).toFixed(1).padStart(7)} KB ${e.startTime <= paint ? 'before' : 'after '} ${e.name.replace(/^.*\//, '')}`,
          );
          if (/\.worker-/.test(e.name)) worker += e.encodedBodySize;
          else if (e.startTime <= paint) before += e.encodedBodySize;
          else after += e.encodedBodySize;
        }
        return {
          beforePaintKB: before / 1024,
          afterPaintKB: after / 1024,
          workerKB: worker / 1024,
          firstPaintMs: paint,
          files,
          list,
        };
      });
      console.log(
        `${label.padEnd(10)} ${weight.beforePaintKB.toFixed(0).padStart(8)} KB${' '.repeat(19)}${weight.afterPaintKB
          .toFixed(0)
          .padStart(
            6,
          )} KB   ${weight.workerKB.toFixed(0).padStart(7)} KB   ${weight.firstPaintMs.toFixed(0).padStart(6)} ms   ${String(weight.files).padStart(5)}   <= ${BUDGET_KB} KB before paint`,
      );
      if (process.argv.includes('--files')) for (const line of weight.list) console.log(`    ${line}`);
      await context.close();
    }
  } finally {
    await browser.close();
    await app.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});

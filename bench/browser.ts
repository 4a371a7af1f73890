// Browser benchmark (`npm run bench:browser`): generated traces served by a Tempo-shaped test
// upstream through the real server, driven in headless Chromium. Prints medians of 3 runs.
// A script, not a test: budgets (issue 5) are goals to compare against, never failures.
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { type Browser, type CDPSession, chromium, type Page } from 'playwright-core';
import { startReplayUpstream } from '../e2e/support/replay-upstream.ts';
import { startTracelight } from '../e2e/support/tracelight.ts';
import { findChromium } from '../scripts/find-chromium.mjs';
import { WireWriter } from '../src/formats/protobuf-writer.ts';
import {
  encodeOtlpJsonBytes,
  encodeOtlpProtobuf,
  generateResourceSpans,
  generateSkeleton,
} from './generate.ts';

interface Case {
  label: string;
  shape: 'mixed' | 'wide';
  spans: number;
  encoding: 'protobuf' | 'json';
}

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const ONLY = process.env.BENCH_ONLY; // e.g. "100k" to run the cases whose label contains it
/** `--burn`: every case again with a busy-looping child process holding one core (issue 20). */
const BURN = process.argv.includes('--burn');
/** `BENCH_SCROLL=wheel`: the scroll case moves 3 rows a frame for 180 frames instead of the whole trace in 3 s. */
const SCROLL_WHEEL = process.env.BENCH_SCROLL === 'wheel';
const ALL_CASES: Case[] = [
  { label: '1k protobuf', shape: 'mixed', spans: 1_000, encoding: 'protobuf' },
  { label: '10k protobuf', shape: 'mixed', spans: 10_000, encoding: 'protobuf' },
  { label: '10k json', shape: 'mixed', spans: 10_000, encoding: 'json' },
  { label: '100k protobuf', shape: 'mixed', spans: 100_000, encoding: 'protobuf' },
  { label: '100k json', shape: 'mixed', spans: 100_000, encoding: 'json' },
  { label: '300k json', shape: 'mixed', spans: 300_000, encoding: 'json' },
  { label: '1M protobuf', shape: 'mixed', spans: 1_000_000, encoding: 'protobuf' },
  { label: '50k children protobuf', shape: 'wide', spans: 50_001, encoding: 'protobuf' },
];
const CASES = ALL_CASES.filter((c) => !ONLY || c.label.includes(ONLY));

interface Figures {
  firstRowsMs: number;
  firstRowsPolledMs: number;
  floorMs: number;
  longestTaskMs: number;
  scroll: FrameStats;
  zoom: FrameStats;
  collapseAllMs: number;
  expandAllMs: number;
  collapseSubtreeMs: number;
  selectMs: number;
  findMs: number;
  heapMb: number;
  workerHeapMb: number;
  /** ArrayBuffer (and external string) backing stores of the page and the worker, outside both heaps. */
  buffersMb: number;
  reachedLastRow: boolean;
  /** ms from navigation start to each `tracelight:*` mark and to the end of key requests. */
  phases: Record<string, number>;
  /** DOM elements per waterfall row (the row itself included) at first rows. */
  nodesPerRow: number;
}

interface FrameStats {
  median: number;
  p95: number;
  over50: number;
  /** Main-thread ms per frame (CDP Performance.getMetrics deltas over the frames): style recalc. */
  styleMs: number;
  layoutMs: number;
  scriptMs: number;
  /** All main-thread tasks' ms per frame. */
  taskMs: number;
}

/** Cumulative main-thread seconds by kind, from CDP Performance.getMetrics. */
async function mainThreadSeconds(session: CDPSession): Promise<Record<string, number>> {
  const { metrics } = (await session.send('Performance.getMetrics')) as {
    metrics: Array<{ name: string; value: number }>;
  };
  const out: Record<string, number> = {};
  for (const m of metrics) out[m.name] = m.value;
  return out;
}

/** Tempo v2's TraceByIDResponse: field 1 (trace) holding a Trace whose field 1 is the batches. */
function tempoV2Protobuf(tracesData: Uint8Array): Uint8Array {
  const w = new WireWriter(tracesData.byteLength + 16);
  w.bytesField(1, tracesData, true);
  return w.finish();
}

function median(values: number[]): number {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

async function frameStatsDuring(page: Page, action: () => Promise<void>): Promise<FrameStats> {
  await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __frameLoop: boolean };
    w.__frames = [];
    w.__frameLoop = true;
    const tick = (t: number) => {
      w.__frames.push(t);
      if (w.__frameLoop) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const session = await page.context().newCDPSession(page);
  await session.send('Performance.enable');
  const before = await mainThreadSeconds(session);
  await action();
  const frames = await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __frameLoop: boolean };
    w.__frameLoop = false;
    return w.__frames;
  });
  const after = await mainThreadSeconds(session);
  await session.detach().catch(() => {});
  const intervals = frames.slice(1).map((t, i) => t - frames[i]);
  intervals.sort((a, b) => a - b);
  const perFrame = (name: string) =>
    intervals.length > 0 ? ((after[name] - before[name]) * 1000) / intervals.length : Number.NaN;
  return {
    median: intervals[Math.floor(intervals.length / 2)] ?? Number.NaN,
    p95: intervals[Math.floor(intervals.length * 0.95)] ?? Number.NaN,
    over50: intervals.filter((d) => d > 50).length,
    styleMs: perFrame('RecalcStyleDuration'),
    layoutMs: perFrame('LayoutDuration'),
    scriptMs: perFrame('ScriptDuration'),
    taskMs: perFrame('TaskDuration'),
  };
}

type Interaction =
  | { kind: 'button'; name: string; until: 'fewer' | 'all' }
  | { kind: 'collapse-first' }
  | { kind: 'select-third' }
  | { kind: 'find'; text: string };

/**
 * ms from an input in the page to the first paint after its effect is on screen. The page's CSP
 * forbids eval, so the interactions are spelled out here rather than passed as code.
 */
async function inputToPaint(page: Page, interaction: Interaction, spans: number): Promise<number> {
  return page.evaluate(
    ({ interaction, spans }) =>
      new Promise<number>((resolve) => {
        const grid = () => document.querySelector('[role="treegrid"]');
        const rowCount = () => Number(grid()?.getAttribute('aria-rowcount'));
        let done: () => boolean;
        const t0 = performance.now();
        if (interaction.kind === 'button') {
          const button = Array.from(document.querySelectorAll('button')).find(
            (b) => b.textContent === interaction.name,
          );
          button?.click();
          done = interaction.until === 'fewer' ? () => rowCount() < spans : () => rowCount() === spans;
        } else if (interaction.kind === 'collapse-first') {
          const toggle = document.querySelector(
            '[role="treegrid"] [role="row"][aria-rowindex="1"] button[aria-label="Collapse"]',
          ) as HTMLButtonElement | null;
          toggle?.click();
          done = () => rowCount() < spans;
        } else if (interaction.kind === 'select-third') {
          (
            document.querySelector('[role="treegrid"] [role="row"][aria-rowindex="3"]') as HTMLElement | null
          )?.click();
          done = () => {
            const panel = document.querySelector('[data-testid="span-panel"]');
            return panel !== null && !(panel.textContent ?? '').includes('Loading details');
          };
        } else {
          const input = document.querySelector('input[type="search"]') as HTMLInputElement;
          const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
          setValue?.call(input, interaction.text);
          input.dispatchEvent(new Event('input', { bubbles: true }));
          done = () => document.querySelector('[role="row"][data-match="1"]') !== null;
        }
        const check = () => {
          if (performance.now() - t0 > 20_000) return resolve(Number.NaN);
          if (done()) requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0), 0));
          else requestAnimationFrame(check);
        };
        check();
      }),
    { interaction, spans },
  );
}

interface HeapUsage {
  /** JS heap in use, MB. */
  heapMb: number;
  /** Backing stores of ArrayBuffers and external strings, outside the JS heap, MB. */
  buffersMb: number;
}

const NO_USAGE: HeapUsage = { heapMb: Number.NaN, buffersMb: Number.NaN };

type RawHeapUsage = { usedSize: number; backingStorageSize?: number };

function usageOf(raw: RawHeapUsage | undefined): HeapUsage {
  if (!raw) return NO_USAGE;
  return { heapMb: raw.usedSize / 2 ** 20, buffersMb: (raw.backingStorageSize ?? Number.NaN) / 2 ** 20 };
}

/** The page's own heap and ArrayBuffer backing stores (CDP Runtime.getHeapUsage on the page target). */
async function pageHeapUsage(page: Page): Promise<HeapUsage> {
  const session = await page.context().newCDPSession(page);
  try {
    // Collected first: what is still reachable, not the garbage (a 300 MB fetched body) awaiting a GC.
    await session.send('HeapProfiler.collectGarbage').catch(() => {});
    return usageOf((await session.send('Runtime.getHeapUsage')) as RawHeapUsage);
  } catch {
    return NO_USAGE;
  } finally {
    await session.detach().catch(() => {});
  }
}

async function workerHeapUsage(page: Page): Promise<HeapUsage> {
  const session = await page.context().browser()!.newBrowserCDPSession();
  try {
    const { targetInfos } = (await session.send('Target.getTargets')) as {
      targetInfos: Array<{ targetId: string; type: string; url: string }>;
    };
    const worker = targetInfos.find((t) => t.type === 'worker' && t.url.includes('trace.worker'));
    if (!worker) return NO_USAGE;
    const { sessionId } = (await session.send('Target.attachToTarget', {
      targetId: worker.targetId,
      flatten: false,
    })) as { sessionId: string };
    const reply = new Promise<HeapUsage>((resolve) => {
      session.on('Target.receivedMessageFromTarget', (event: { message: string }) => {
        const message = JSON.parse(event.message) as { id?: number; result?: RawHeapUsage };
        if (message.id === 2) resolve(usageOf(message.result));
      });
    });
    // A GC first (replies in order), so the figure is what the worker still holds.
    for (const [id, method] of [
      [1, 'HeapProfiler.collectGarbage'],
      [2, 'Runtime.getHeapUsage'],
    ] as const)
      await session.send('Target.sendMessageToTarget', {
        sessionId,
        message: JSON.stringify({ id, method }),
      });
    return await Promise.race([reply, new Promise<HeapUsage>((r) => setTimeout(() => r(NO_USAGE), 5000))]);
  } catch {
    return NO_USAGE;
  } finally {
    await session.detach().catch(() => {});
  }
}

/**
 * Where the load's time went, read from the page's timeline right after the first rows: the app's
 * scripts, the runtime config, the worker's script (its end), the page's `tracelight:*` marks
 * (worker progress as the main thread receives it), and the first rows themselves.
 */
async function loadPhases(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => {
    const w = window as unknown as { __firstRowsAt?: number };
    const out: Record<string, number> = {
      'rows-in-dom': w.__firstRowsAt ?? Number.NaN,
      'rows-seen': performance.now(),
    };
    for (const e of performance.getEntriesByType('resource') as PerformanceResourceTiming[]) {
      const at = Math.round(e.responseEnd);
      if (/config\.json/.test(e.name)) out['config-requested'] ??= Math.round(e.startTime);
      if (/config\.json/.test(e.name)) out['config-fetched'] ??= at;
      else if (e.name.includes('trace.worker')) out['worker-script'] ??= at;
      else if (/\/assets\/index-[^/]*\.js$/.test(e.name)) out['app-script'] ??= at;
    }
    for (const m of performance.getEntriesByType('mark'))
      if (m.name.startsWith('tracelight:')) out[m.name.slice('tracelight:'.length)] ??= m.startTime;
    // The HTML's arrival, and the trace request after it (issue 20: "within 50 ms of the HTML arriving").
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    if (nav) out.html = nav.responseEnd;
    if (nav && out.requested !== undefined) out['requested-after-html'] = out.requested - nav.responseEnd;
    for (const k of Object.keys(out)) out[k] = Math.round(out[k]);
    return out;
  });
}

const step = (what: string) => {
  if (process.env.BENCH_VERBOSE) console.error(`  ${new Date().toISOString().slice(11, 19)} ${what}`);
};

async function runOnce(page: Page, url: string, payloadUrl: string, c: Case): Promise<Figures> {
  await page.goto('about:blank');
  const t0 = Date.now();
  await page.goto(url);
  await page.waitForSelector('[role="treegrid"] [role="row"][data-span-id]', { timeout: 180_000 });
  // Seen by Playwright's polling, which backs off to 500 ms between looks: up to that much late.
  const firstRowsPolledMs = Date.now() - t0;
  // In the page: navigation start to the first paint with rows in the DOM (see the init script).
  await page.waitForFunction(
    () => (window as unknown as { __firstRowsPaintedAt?: number }).__firstRowsPaintedAt,
  );
  const firstRowsMs = await page.evaluate(
    () => (window as unknown as { __firstRowsPaintedAt: number }).__firstRowsPaintedAt,
  );
  const phases = await loadPhases(page);
  if (process.env.BENCH_VERBOSE)
    step(
      `long tasks (start+ms): ${await page.evaluate(() => (window as unknown as { __longTaskSpans: string[] }).__longTaskSpans.join(' '))}`,
    );
  step('longestTaskMs');
  const longestTaskMs = await page.evaluate(() => {
    const w = window as unknown as { __longTasks?: number[] };
    return Math.max(0, ...(w.__longTasks ?? []));
  });
  const nodesPerRow = await page.evaluate(() => {
    const rows = document.querySelectorAll('[role="treegrid"] [role="row"][data-span-id]');
    let nodes = 0;
    for (const r of rows) nodes += r.querySelectorAll('*').length + 1;
    return rows.length > 0 ? nodes / rows.length : Number.NaN;
  });
  // Both targets collect their garbage first, so the heap figure below is after a GC too.
  const worker = await workerHeapUsage(page);
  const pageUsage = await pageHeapUsage(page);
  console.error(
    `  ${c.label}: ArrayBuffers page ${fmt(pageUsage.buffersMb)} MB, worker ${fmt(worker.buffersMb)} MB; worker heap ${fmt(worker.heapMb)} MB`,
  );
  const heapMb = await page.evaluate(() => {
    const memory = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory;
    return memory ? memory.usedJSHeapSize / 2 ** 20 : Number.NaN;
  });

  // The floor: the same payload fetched through the gateway and decoded bare in the page.
  step('floorMs');
  const floorMs = await page.evaluate(
    async ({ payloadUrl, json }) => {
      const t = performance.now();
      const response = await fetch(payloadUrl, {
        headers: { Accept: json ? 'application/json' : 'application/protobuf' },
      });
      if (json) JSON.parse(await response.text());
      else await response.arrayBuffer();
      return performance.now() - t;
    },
    { payloadUrl, json: c.encoding === 'json' },
  );

  step('scroll');
  const scroll = await frameStatsDuring(page, async () => {
    await page.evaluate(
      ({ wheel }) =>
        new Promise<void>((resolve) => {
          // The treegrid is its own scroll container (it was an inner div once).
          const el = document.querySelector('[data-testid="waterfall"]') as HTMLElement | null;
          if (!el) return resolve();
          // DOM changes under the treegrid while scrolling: a figure the machine's load moves little.
          const w = window as unknown as { __scrollMutations?: number; __scrollFrames?: number };
          w.__scrollMutations = 0;
          w.__scrollFrames = 0;
          const observer = new MutationObserver((records) => {
            w.__scrollMutations = (w.__scrollMutations ?? 0) + records.length;
          });
          observer.observe(el, { subtree: true, childList: true, attributes: true, characterData: true });
          const start = performance.now();
          const step = () => {
            w.__scrollFrames = (w.__scrollFrames ?? 0) + 1;
            const f = (performance.now() - start) / 3000;
            // wheel: 3 rows (72 px) every frame for 180 frames from the top, as a mouse wheel moves
            // (by frame, not by time, so the DOM work is the same on a loaded machine); else the
            // whole height in 3 s (~550 rows a frame at 100k, every frame a new window).
            const frames = w.__scrollFrames ?? 0;
            el.scrollTop = wheel ? frames * 72 : f * (el.scrollHeight - el.clientHeight);
            if (wheel ? frames < 180 : f < 1) requestAnimationFrame(step);
            else {
              observer.disconnect();
              resolve();
            }
          };
          requestAnimationFrame(step);
        }),
      { wheel: SCROLL_WHEEL },
    );
  });
  const mutations = await page.evaluate(() => {
    const w = window as unknown as { __scrollMutations?: number; __scrollFrames?: number };
    return { records: w.__scrollMutations ?? 0, frames: w.__scrollFrames ?? 0 };
  });
  console.error(
    `  ${c.label}: scroll DOM mutation records ${mutations.records} over ${mutations.frames} frames (${(mutations.records / Math.max(1, mutations.frames)).toFixed(1)} a frame)`,
  );
  // Let the last scroll event render before looking for the last row.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const reachedLastRow = await page.evaluate(() => {
    const rows = document.querySelectorAll('[role="treegrid"] [role="row"][aria-rowindex]');
    const count = Number(document.querySelector('[role="treegrid"]')?.getAttribute('aria-rowcount'));
    return Array.from(rows).some((r) => Number(r.getAttribute('aria-rowindex')) === count);
  });

  step('box');
  const box = await page.getByTestId('overview').boundingBox();
  const zoom = await frameStatsDuring(page, async () => {
    if (!box) return;
    const end = Date.now() + 3000;
    let i = 0;
    while (Date.now() < end) {
      const from = box.x + (((i * 37) % 60) / 100) * box.width;
      await page.mouse.move(from, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(from + box.width * 0.3, box.y + box.height / 2, { steps: 3 });
      await page.mouse.up();
      i++;
    }
  });
  await page.getByRole('button', { name: 'Reset zoom' }).click();

  const collapseAllMs = await inputToPaint(
    page,
    { kind: 'button', name: 'Collapse all', until: 'fewer' },
    c.spans,
  );
  const expandAllMs = await inputToPaint(page, { kind: 'button', name: 'Expand all', until: 'all' }, c.spans);
  // The first row's subtree (the root; in the wide shape, its 50,000 children).
  const collapseSubtreeMs = await inputToPaint(page, { kind: 'collapse-first' }, c.spans);
  await inputToPaint(page, { kind: 'button', name: 'Expand all', until: 'all' }, c.spans);
  step('selectMs');
  const selectMs = await inputToPaint(page, { kind: 'select-third' }, c.spans);
  const name = await page.evaluate(() => {
    const r = document.querySelector(
      '[role="treegrid"] [role="row"][aria-rowindex="5"] [role="gridcell"] .opacity-80',
    );
    return r?.textContent ?? 'GET';
  });
  step('findMs');
  const findMs = await inputToPaint(page, { kind: 'find', text: name }, c.spans);
  return {
    firstRowsMs,
    firstRowsPolledMs,
    floorMs,
    longestTaskMs,
    scroll,
    zoom,
    collapseAllMs,
    expandAllMs,
    collapseSubtreeMs,
    selectMs,
    findMs,
    heapMb,
    workerHeapMb: worker.heapMb,
    buffersMb: pageUsage.buffersMb + worker.buffersMb,
    reachedLastRow,
    phases,
    nodesPerRow,
  };
}

/**
 * The page's probes, as a string (tsx adds `__name` helpers to functions, which the page lacks):
 * long tasks, and the first paint after `rowSelector` matches.
 */
function initScript(rowSelector: string): string {
  return `globalThis.__name = (f) => f;
            window.__longTasks = [];
            window.__longTaskSpans = [];
            new PerformanceObserver((list) => {
              for (const e of list.getEntries()) {
                window.__longTasks.push(e.duration);
                window.__longTaskSpans.push(Math.round(e.startTime) + '+' + Math.round(e.duration));
              }
            }).observe({ type: 'longtask', buffered: true });
            new MutationObserver((_, observer) => {
              if (!document.querySelector(${JSON.stringify(rowSelector)})) return;
              window.__firstRowsAt = performance.now();
              observer.disconnect();
              requestAnimationFrame(() => setTimeout(() => { window.__firstRowsPaintedAt = performance.now(); }, 0));
            }).observe(document, { childList: true, subtree: true });`;
}

const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

/** Two generated traces of one size compared (issue 16): different seeds, the same services and shape. */
const COMPARE_CASES = [10_000, 100_000].filter((spans) => !ONLY || `${spans / 1000}k compare`.includes(ONLY));

interface CompareFigures {
  paintMs: number;
  /** Navigation start to the later side's `received` (both tables on the main thread). */
  loadedMs: number;
  longestTaskMs: number;
  /** The longest task from the later side's arrival to the paint: the compare screen's own. */
  screenTaskMs: number;
  diffMs: number;
  /** The diff's arrival to the first paint of the tree (rows, React, layout). */
  drawMs: number;
  nodes: number;
  /** The first trace request's mark minus the HTML's responseEnd (issue 20: ≤ 50 ms). */
  requestedMs: number;
}

type Upstream = Awaited<ReturnType<typeof startReplayUpstream>>;

const TRACE_DIR = process.env.BENCH_TRACE;
const TRACE_CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8.execute',
  'blink.user_timing',
  'loading',
  'disabled-by-default-v8.cpu_profiler',
];

function serveTrace(upstream: Upstream, spans: number, seed: number): string {
  const skeleton = generateSkeleton('mixed', spans, seed);
  const traceId = skeleton.traceId.padStart(32, '0');
  upstream.override(`/api/v2/traces/${traceId}`, {
    status: 200,
    headers: { 'content-type': 'application/protobuf' },
    body: tempoV2Protobuf(encodeOtlpProtobuf(generateResourceSpans(skeleton, seed))),
  });
  return traceId;
}

/** Navigation to the first paint of the compare screen's rows, the longest main-thread task until then, the diff (request to answer, copies included). */
async function compareCase(
  browser: Awaited<ReturnType<typeof chromium.launch>>,
  appUrl: string,
  upstream: Upstream,
  spans: number,
): Promise<string> {
  upstream.clearOverrides();
  const a = serveTrace(upstream, spans, 1042);
  const b = serveTrace(upstream, spans, 2042);
  const results: CompareFigures[] = [];
  for (let run = 0; run < RUNS; run++) {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    await context.addInitScript({
      content: initScript('[data-testid="compare-tree"] [role="row"][data-node]'),
    });
    const page = await context.newPage();
    try {
      // BENCH_TRACE=<dir>: a Chromium trace of each run (main thread, workers, network, JS samples),
      // to open in DevTools' Performance panel; decision 0246's breakdown was read from these. The
      // figures of a traced run carry the tracing's own cost.
      if (TRACE_DIR) {
        await page.goto('about:blank');
        await browser.startTracing(page, { categories: TRACE_CATEGORIES });
      }
      await page.goto(`${appUrl}compare/${a}/${b}?dsA=tempo&dsB=tempo`);
      await page.waitForFunction(
        () => (window as unknown as { __firstRowsPaintedAt?: number }).__firstRowsPaintedAt,
        undefined,
        { timeout: 180_000 },
      );
      if (TRACE_DIR) {
        const file = `${TRACE_DIR}/compare-${spans}-run${run + 1}.json`;
        writeFileSync(file, await browser.stopTracing());
        console.error(`trace: ${file}`);
      }
      if (process.env.BENCH_VERBOSE)
        step(
          `compare long tasks (start+ms): ${await page.evaluate(() => (window as unknown as { __longTaskSpans: string[] }).__longTaskSpans.join(' '))}; phases: ${JSON.stringify(await loadPhases(page))}`,
        );
      results.push(
        await page.evaluate(() => {
          const w = window as unknown as { __firstRowsPaintedAt: number; __longTaskSpans: string[] };
          const marks = (name: string) =>
            performance.getEntriesByName(`tracelight:${name}`).map((e) => e.startTime);
          const mark = (name: string) => marks(name)[0] ?? Number.NaN;
          const committed = performance.getEntriesByName('tracelight:compare-committed')[0] as
            | PerformanceMark
            | undefined;
          const paintMs = w.__firstRowsPaintedAt;
          const loadedMs = Math.max(...marks('received'));
          // Long tasks as start+duration, up to the paint.
          const tasks = w.__longTaskSpans
            .map((t) => t.split('+').map(Number))
            .filter(([start]) => start <= paintMs);
          return {
            paintMs,
            loadedMs,
            longestTaskMs: Math.max(0, ...tasks.map(([, d]) => d)),
            screenTaskMs: Math.max(
              0,
              ...tasks.filter(([start, d]) => start + d > loadedMs).map(([, d]) => d),
            ),
            diffMs: mark('compared') - mark('compare-requested'),
            drawMs: paintMs - mark('compared'),
            nodes: (committed?.detail as { nodes?: number } | undefined)?.nodes ?? Number.NaN,
            requestedMs:
              mark('requested') -
              ((performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined)
                ?.responseEnd ?? Number.NaN),
          };
        }),
      );
    } catch (err) {
      console.error(`${spans} compare run ${run + 1} failed:`, err instanceof Error ? err.message : err);
    } finally {
      await context.close();
    }
  }
  const m = (pick: (f: CompareFigures) => number) => median(results.map(pick));
  return [
    `${spans / 1000}k + ${spans / 1000}k`.padEnd(22),
    fmt(m((f) => f.paintMs)).padStart(8),
    fmt(m((f) => f.loadedMs)).padStart(7),
    fmt(m((f) => f.diffMs)).padStart(7),
    fmt(m((f) => f.drawMs)).padStart(7),
    fmt(m((f) => f.longestTaskMs)).padStart(6),
    fmt(m((f) => f.screenTaskMs)).padStart(7),
    fmt(m((f) => f.nodes)).padStart(7),
    fmt(m((f) => f.requestedMs)).padStart(4),
    String(results.length).padStart(4),
  ].join(' ');
}

/** A child process that spins until killed: one core busy while the browser cases run again. */
function startBurner(): ChildProcess {
  return spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
}

/** Chromium's own floor: an empty page's navigation start to its first paint (median ms). */
async function emptyPageFloorMs(browser: Browser, baseUrl: string): Promise<number> {
  const out: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    try {
      await page.goto('about:blank');
      // A page of the same origin that is not the app: the server answers it without the SPA's scripts.
      await page.route(`${baseUrl}__empty`, (route) =>
        route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><p>empty</p>' }),
      );
      await page.goto(`${baseUrl}__empty`);
      // A string, not a function: tsx adds `__name` helpers to named functions, which the page lacks.
      const firstPaint = await page.evaluate(`new Promise((resolve) => {
        const look = () => {
          const entry = performance.getEntriesByName('first-paint')[0];
          if (entry) resolve(entry.startTime);
          else requestAnimationFrame(look);
        };
        look();
      })`);
      out.push(Number(firstPaint));
    } finally {
      await context.close();
    }
  }
  return median(out);
}

/** One case's medians, for the goal lines. */
interface CaseMedians {
  label: string;
  burnt: boolean;
  spans: number;
  firstRowsMs: number;
  floorMs: number;
  scrollP95: number;
  scrollOver50: number;
  zoomP95: number;
  zoomOver50: number;
  memoryMb: number;
}

function goalLines(cases: CaseMedians[], chromiumFloorMs: number): string[] {
  const out: string[] = [];
  const verdict = (ok: boolean) => (ok ? 'met' : 'not met');
  const when = (c: CaseMedians) => (c.burnt ? 'one core busy' : 'quiet');
  for (const c of cases) {
    const tag = `${c.label} (${when(c)})`;
    if (c.spans === 1_000)
      out.push(
        `goal: 1,000 spans first rows ≤ 150 ms — ${tag}: ${fmt(c.firstRowsMs)} ms (${verdict(c.firstRowsMs <= 150)}); Chromium's empty-page floor ${fmt(chromiumFloorMs)} ms`,
      );
    if (c.spans === 10_000)
      out.push(
        `goal: 10,000 spans first rows ≤ 300 ms quiet — ${tag}: ${fmt(c.firstRowsMs)} ms (${verdict(c.firstRowsMs <= 300)})`,
      );
    if (c.spans >= 100_000)
      out.push(
        `goal: first rows ≤ 1.5× fetch + decode floor — ${tag}: ${fmt(c.firstRowsMs)} ms vs floor ${fmt(c.floorMs)} ms = ${(c.firstRowsMs / c.floorMs).toFixed(2)}× (${verdict(c.firstRowsMs <= 1.5 * c.floorMs)})`,
      );
    if (c.spans === 100_000 || c.spans === 1_000_000) {
      const limit = c.burnt ? 25 : 17;
      out.push(
        `goal: scroll and zoom p95 ≤ ${limit} ms, no frame over 50 ms — ${tag}: scroll p95 ${fmt(c.scrollP95, 1)} ms, ${fmt(c.scrollOver50)} over 50; zoom p95 ${fmt(c.zoomP95, 1)} ms, ${fmt(c.zoomOver50)} over 50 (${verdict(c.scrollP95 <= limit && c.zoomP95 <= limit && c.scrollOver50 === 0 && c.zoomOver50 === 0)})`,
      );
      const cap = c.spans === 100_000 ? 100 : 600;
      out.push(
        `goal: JS memory (page heap + worker heap + their ArrayBuffers) ≤ ${cap} MB — ${tag}: ${fmt(c.memoryMb)} MB (${verdict(c.memoryMb <= cap)})`,
      );
    }
  }
  return out;
}

async function main() {
  const upstream = await startReplayUpstream({ sets: ['tempo'] });
  const app = await startTracelight({
    config: {
      server: { otlpPort: 0, embedded: false },
      datasources: [{ name: 'tempo', type: 'tempo', url: upstream.url, default: true }],
    },
    // A build of one's own (e.g. `npx vite build --outDir /tmp/x`), so parallel builds of dist/ don't interfere.
    args: process.env.TRACELIGHT_E2E_DIST ? ['--dist', process.env.TRACELIGHT_E2E_DIST] : [],
  });
  const browser = await chromium.launch({
    executablePath: findChromium(),
    args: ['--no-sandbox', '--disable-gpu', '--enable-precise-memory-info', '--js-flags=--expose-gc'],
  });
  const rows: string[] = [];
  const phaseRows: string[] = [];
  const frameRows: string[] = [];
  const compareRows: string[] = [];
  const medians: CaseMedians[] = [];
  let chromiumFloorMs = Number.NaN;
  let burner: ChildProcess | undefined;
  try {
    chromiumFloorMs = await emptyPageFloorMs(browser, app.url);
    for (const burnt of BURN ? [false, true] : [false]) {
      if (burnt) burner = startBurner();
      for (const c of CASES) {
        const label = burnt ? `${c.label} burnt` : c.label;
        // A seed per case, so no two cases share a trace ID (and a URL).
        const seed = 42 + CASES.indexOf(c);
        const skeleton = generateSkeleton(c.shape, c.spans, seed);
        const traceId = skeleton.traceId.padStart(32, '0');
        const resourceSpans = () => generateResourceSpans(skeleton, seed);
        const body =
          c.encoding === 'protobuf'
            ? tempoV2Protobuf(encodeOtlpProtobuf(resourceSpans()))
            : Buffer.concat([
                Buffer.from('{"trace":'),
                Buffer.from(encodeOtlpJsonBytes(resourceSpans())),
                Buffer.from('}'),
              ]);
        upstream.clearOverrides();
        upstream.override(`/api/v2/traces/${traceId}`, {
          status: 200,
          headers: {
            'content-type': c.encoding === 'protobuf' ? 'application/protobuf' : 'application/json',
          },
          body,
        });
        const results: Figures[] = [];
        for (let run = 0; run < RUNS; run++) {
          const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
          // A string, not a function: tsx adds `__name` helpers to functions, which the page lacks.
          await context.addInitScript({
            content: initScript('[role="treegrid"] [role="row"][data-span-id]'),
          });
          const page = await context.newPage();
          if (process.env.BENCH_VERBOSE) page.on('console', (m) => step(`console: ${m.text()}`));
          try {
            results.push(
              await runOnce(
                page,
                `${app.url}trace/${traceId}?ds=tempo`,
                `${app.url}api/ds/tempo/api/v2/traces/${traceId}`,
                c,
              ),
            );
          } catch (err) {
            console.error(`${label} run ${run + 1} failed:`, err instanceof Error ? err.message : err);
          } finally {
            await context.close();
          }
        }
        const m = (pick: (f: Figures) => number) => median(results.map(pick));
        medians.push({
          label: c.label,
          burnt,
          spans: c.spans,
          firstRowsMs: m((f) => f.firstRowsMs),
          floorMs: m((f) => f.floorMs),
          scrollP95: m((f) => f.scroll.p95),
          scrollOver50: m((f) => f.scroll.over50),
          zoomP95: m((f) => f.zoom.p95),
          zoomOver50: m((f) => f.zoom.over50),
          memoryMb: m((f) => f.heapMb + f.workerHeapMb + f.buffersMb),
        });
        rows.push(
          [
            label.padEnd(22),
            `${(body.byteLength / 2 ** 20).toFixed(1)} MB`.padStart(9),
            fmt(m((f) => f.firstRowsMs)).padStart(7),
            fmt(m((f) => f.firstRowsPolledMs)).padStart(6),
            fmt(m((f) => f.floorMs)).padStart(6),
            fmt(m((f) => f.longestTaskMs)).padStart(6),
            `${fmt(
              m((f) => f.scroll.median),
              1,
            )}/${fmt(
              m((f) => f.scroll.p95),
              1,
            )}/${fmt(m((f) => f.scroll.over50))}`.padStart(14),
            `${fmt(
              m((f) => f.zoom.median),
              1,
            )}/${fmt(
              m((f) => f.zoom.p95),
              1,
            )}/${fmt(m((f) => f.zoom.over50))}`.padStart(14),
            fmt(m((f) => f.collapseAllMs)).padStart(6),
            fmt(m((f) => f.expandAllMs)).padStart(6),
            fmt(m((f) => f.collapseSubtreeMs)).padStart(6),
            fmt(m((f) => f.selectMs)).padStart(6),
            fmt(m((f) => f.findMs)).padStart(6),
            fmt(m((f) => f.heapMb)).padStart(6),
            fmt(m((f) => f.workerHeapMb)).padStart(7),
            fmt(m((f) => f.buffersMb)).padStart(6),
            (results.length > 0 && results.every((f) => f.reachedLastRow) ? 'yes' : 'no').padStart(5),
            String(results.length).padStart(4),
          ].join(' '),
        );
        frameRows.push(
          `${label.padEnd(22)} scroll: style ${fmt(
            m((f) => f.scroll.styleMs),
            2,
          )}, layout ${fmt(
            m((f) => f.scroll.layoutMs),
            2,
          )}, script ${fmt(
            m((f) => f.scroll.scriptMs),
            2,
          )}, all tasks ${fmt(
            m((f) => f.scroll.taskMs),
            2,
          )}; zoom: style ${fmt(
            m((f) => f.zoom.styleMs),
            2,
          )}, layout ${fmt(
            m((f) => f.zoom.layoutMs),
            2,
          )}, script ${fmt(
            m((f) => f.zoom.scriptMs),
            2,
          )}, all tasks ${fmt(
            m((f) => f.zoom.taskMs),
            2,
          )}; ${fmt(
            m((f) => f.nodesPerRow),
            1,
          )} DOM nodes per row`,
        );
        const phaseNames = [...new Set(results.flatMap((f) => Object.keys(f.phases)))];
        phaseNames.sort((a, b) => m((f) => f.phases[a] ?? Number.NaN) - m((f) => f.phases[b] ?? Number.NaN));
        phaseRows.push(
          `${label.padEnd(22)} ${phaseNames.map((p) => `${p} ${fmt(m((f) => f.phases[p] ?? Number.NaN))}`).join(', ')}`,
        );
        console.error(`done: ${label}`);
      }
      burner?.kill();
      burner = undefined;
    }
    for (const spans of COMPARE_CASES) {
      compareRows.push(await compareCase(browser, app.url, upstream, spans));
      console.error(`done: ${spans / 1000}k compare`);
    }
  } finally {
    burner?.kill();
    await browser.close();
    await app.stop();
    await upstream.stop();
  }
  const header = [
    'case'.padEnd(22),
    'payload'.padStart(9),
    'rows ms'.padStart(7),
    'polled'.padStart(6),
    'floor'.padStart(6),
    'task'.padStart(6),
    'scroll med/p95/>50'.padStart(14),
    'zoom med/p95/>50'.padStart(14),
    'coll'.padStart(6),
    'exp'.padStart(6),
    'root-c'.padStart(6),
    'select'.padStart(6),
    'find'.padStart(6),
    'heapMB'.padStart(6),
    'wrkMB'.padStart(7),
    'bufMB'.padStart(6),
    'last'.padStart(5),
    'runs'.padStart(4),
  ].join(' ');
  console.log(
    `Medians of ${RUNS} runs (ms unless noted); rows ms = navigation start to the first paint with rows,` +
      ' in the page; polled = the same seen from Playwright (up to 500 ms late, the figure before 2026-11-22);' +
      ' task = longest main-thread task before first rows; heapMB = the page heap, wrkMB = the worker heap,' +
      ' bufMB = ArrayBuffer backing stores of both (CDP Runtime.getHeapUsage backingStorageSize).',
  );
  console.log(header);
  for (const r of rows) console.log(r);
  console.log('\nLoad phases (median ms from navigation start):');
  for (const r of phaseRows) console.log(r);
  console.log('\nWhere a frame goes (main-thread ms per frame, CDP Performance.getMetrics, median of runs):');
  for (const r of frameRows) console.log(r);
  if (compareRows.length > 0) {
    console.log(
      '\nCompare (issue 16; budgets: 10k+10k first paint ≤ 500 ms; 100k+100k diff ≤ 1 s, first paint ≤ 2.5 s, no task > 50 ms).' +
        '\npaint = navigation start to the first paint of the merged tree; loaded = navigation start to the later' +
        " side's table on the main thread; diff = compare request to answer (B's copy included); draw = answer to" +
        ' paint; task = longest main-thread task until the paint; screen = the longest of those after both sides' +
        ' arrived (the compare screen’s own); req = the first trace request after the HTML arrived (goal ≤ 50 ms).',
    );
    console.log(
      [
        'case'.padEnd(22),
        'paint ms'.padStart(8),
        'loaded'.padStart(7),
        'diff ms'.padStart(7),
        'draw'.padStart(7),
        'task'.padStart(6),
        'screen'.padStart(7),
        'nodes'.padStart(7),
        'req'.padStart(4),
        'runs'.padStart(4),
      ].join(' '),
    );
    for (const r of compareRows) console.log(r);
  }
  console.log(
    `\nGoals (issue 20; machine loaded: other helpers share the cores${BURN ? '; "burnt" rows ran with a busy-looping child process on one core' : '; add --burn for rows with one core busy'}):`,
  );
  for (const line of goalLines(medians, chromiumFloorMs)) console.log(line);
}

await main();

// Issue 19, defects 4, 14 and 19, where a user sees them: the flame graph of the demo's declined
// checkout (18 spans) draws every span on its own frame, marks the critical path visibly in the dark
// theme and marks errors; a zoomed waterfall leaves no label fragments at the window's left edge; a
// file holding one span twice flags both rows "duplicate span ID".
// The demo trace is found the way the embedded backend makes it: the same seeded generator, run here.
import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { seedDemoTraces } from '../server/embedded/demo-traces.ts';
import type { OtlpResourceSpans, OtlpSpan } from '../server/embedded/otlp/types.ts';
import { expect, test } from './support/test';
import { startTracelight, type Tracelight } from './support/tracelight';

interface DemoCheckout {
  traceId: string;
  spans: OtlpSpan[];
  startNs: bigint;
  durationNs: number;
}

/** The first declined checkout of the demo data: 18 spans, parallel stock and payment calls, errors. */
function declinedCheckout(): DemoCheckout {
  const traces: OtlpResourceSpans[][] = [];
  seedDemoTraces((batches) => traces.push(batches), Date.now(), 40);
  for (const batches of traces) {
    const spans = batches.flatMap((b) => b.scopeSpans.flatMap((s) => s.spans));
    if (!spans.some((s) => s.name === 'payment.Charge' && s.status.message === 'card declined by issuer'))
      continue;
    let startNs = spans[0].startTimeUnixNano;
    let endNs = spans[0].endTimeUnixNano;
    for (const span of spans) {
      if (span.startTimeUnixNano < startNs) startNs = span.startTimeUnixNano;
      if (span.endTimeUnixNano > endNs) endNs = span.endTimeUnixNano;
    }
    return { traceId: spans[0].traceId, spans, startNs, durationNs: Number(endNs - startNs) };
  }
  throw new Error('the demo data has no declined checkout');
}

const demo = declinedCheckout();
const spanNamed = (name: string, kind: number) => {
  const span = demo.spans.find((s) => s.name === name && s.kind === kind);
  if (!span) throw new Error(`no ${name} in the demo checkout`);
  return span;
};
/** ms from the trace's start. */
const msOf = (ns: bigint) => Number(ns - demo.startNs) / 1e6;
const duplicateFile = readFileSync(
  new URL('../../shared/fixtures/jaeger/legacy/otlp2jaeger-out.json', import.meta.url),
);

let app: Tracelight;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  app = await startTracelight({
    args: process.env.TRACELIGHT_E2E_DIST ? ['--dist', process.env.TRACELIGHT_E2E_DIST] : [],
  });
});

test.afterAll(async () => {
  await app?.stop();
});

async function openTrace(page: Page, theme: 'light' | 'dark', query: string) {
  await page.addInitScript((value) => window.localStorage.setItem('tracelight.theme', value), theme);
  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.goto(`${app.url}trace/${demo.traceId}?ds=local&${query}`);
}

/** The canvas pixel at (x, y) CSS px, as [r, g, b, alpha]. */
function pixel(canvas: Locator, x: number, y: number): Promise<number[]> {
  return canvas.evaluate(
    (c: HTMLCanvasElement, at) => {
      const ratio = c.width / c.getBoundingClientRect().width;
      const data = c
        .getContext('2d')
        ?.getImageData(Math.round(at.x * ratio), Math.round(at.y * ratio), 1, 1).data;
      return data ? [data[0], data[1], data[2], data[3]] : [];
    },
    { x, y },
  );
}

/** The first opaque background colour behind the canvas, as [r, g, b] (Tailwind's oklch read back through a canvas). */
function backgroundBehind(canvas: Locator): Promise<number[]> {
  return canvas.evaluate((c) => {
    const probe = document.createElement('canvas').getContext('2d', { willReadFrequently: true });
    if (!probe) return [];
    for (let e: Element | null = c; e; e = e.parentElement) {
      const colour = getComputedStyle(e).backgroundColor;
      probe.clearRect(0, 0, 1, 1);
      probe.fillStyle = colour;
      probe.fillRect(0, 0, 1, 1);
      const [r, g, b, a] = probe.getImageData(0, 0, 1, 1).data;
      if (a > 128) return [r, g, b];
    }
    return [];
  });
}

/** Waits until the root's frame (lane 0, the whole width) is painted; returns the canvas box. */
async function painted(canvas: Locator) {
  await expect(canvas).toBeVisible();
  const box = await canvas.boundingBox();
  if (!box) throw new Error('no canvas');
  await expect.poll(async () => (await pixel(canvas, box.width / 2, 8))[3]).toBe(255);
  return box;
}

/** WCAG contrast ratio of two sRGB colours. */
function contrast(a: number[], b: number[]): number {
  const luminance = (rgb: number[]) => {
    const [r, g, bl] = rgb.slice(0, 3).map((v) => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

// The flame graph's geometry (FlameGraphView.tsx): 20 px lanes, a 14 px frame from y + 1, the
// critical-path bar 3 px high under it from y + 16; an error's 2 px outline runs along the frame's top.
const LANE = 20;
const CP_BAR_Y = 17;
const OUTLINE_Y = 2;

for (const theme of ['dark', 'light'] as const) {
  test(`in the ${theme} theme the flame graph's critical-path bar stands out from the background`, async ({
    page,
  }) => {
    await openTrace(page, theme, 'view=flame&cp=1');
    const canvas = page.getByTestId('flame-canvas');
    const box = await painted(canvas);
    // The root (lane 0, the whole width) is on the critical path from end to end.
    const mark = await pixel(canvas, box.width / 2, CP_BAR_Y);
    const background = await backgroundBehind(canvas);
    expect(contrast(mark, background), `mark ${mark} on ${background}`).toBeGreaterThanOrEqual(3);
  });
}

test('the flame graph draws all 18 spans of the checkout: parallel calls on their own lanes', async ({
  page,
}) => {
  await openTrace(page, 'light', 'view=flame');
  const canvas = page.getByTestId('flame-canvas');
  await expect(canvas).toHaveAttribute('data-frames', '18');
  const box = await canvas.boundingBox();
  if (!box) throw new Error('no canvas');
  // Stock and payment run at the same time under checkout: painted on one row, payment covered the
  // reservation. Both must answer a hover at a moment when both run, on different lanes.
  const reserve = spanNamed('inventory.Reserve', 3);
  const charge = spanNamed('payment.Charge', 3);
  const atMs = (msOf(reserve.startTimeUnixNano) + msOf(reserve.endTimeUnixNano)) / 2;
  expect(atMs).toBeGreaterThan(msOf(charge.startTimeUnixNano));
  const x = (atMs / (demo.durationNs / 1e6)) * box.width;
  const hover = page.getByTestId('flame-hover');
  const found: Record<string, number> = {};
  const lanes = Math.floor(box.height / LANE);
  for (let lane = 0; lane < lanes && Object.keys(found).length < 2; lane++) {
    await canvas.hover({ position: { x, y: lane * LANE + 8 } });
    const text = (await hover.count()) > 0 ? await hover.textContent() : '';
    for (const name of ['inventory.Reserve', 'payment.Charge'])
      if (text?.startsWith(`${name}checkout`) && found[name] === undefined) found[name] = lane;
  }
  expect(Object.keys(found).sort()).toEqual(['inventory.Reserve', 'payment.Charge']);
  expect(found['inventory.Reserve']).not.toBe(found['payment.Charge']);
});

test('error frames are outlined red and their hover card says error', async ({ page }) => {
  await openTrace(page, 'dark', 'view=flame');
  const canvas = page.getByTestId('flame-canvas');
  const box = await painted(canvas);
  // The root answered HTTP 402: an error frame across the whole width.
  const [r, g, b] = await pixel(canvas, box.width / 2, OUTLINE_Y);
  expect(r, `outline ${[r, g, b]}`).toBeGreaterThan(180);
  expect(g).toBeLessThan(90);
  expect(b).toBeLessThan(90);
  await canvas.hover({ position: { x: box.width / 2, y: 8 } });
  await expect(page.getByTestId('flame-hover')).toContainText('! Error: HTTP 402');
});

test('a zoomed waterfall puts no duration label left of the window', async ({ page }) => {
  // Zoom in from just after auth.Verify ended: its label, right of its bar, would straddle the edge.
  const auth = spanNamed('auth.Verify', 3);
  const fromMs = msOf(auth.endTimeUnixNano) + 0.5;
  const toMs = demo.durationNs / 1e6;
  await openTrace(page, 'light', `zoom=${fromMs.toFixed(3)}-${toMs.toFixed(3)}`);
  const rows = page.locator('[role="treegrid"] [role="row"][data-span-id]');
  await expect(rows).toHaveCount(18);
  // Spans that ended before the window have no label at all.
  await expect(
    rows.and(page.locator(`[data-span-id="${auth.spanId}"]`)).locator('[data-duration-label]'),
  ).toHaveCount(0);
  const outside = await page.locator('[data-duration-label]').evaluateAll((labels) =>
    labels
      .map((label) => {
        const area = (label.parentElement as HTMLElement).getBoundingClientRect();
        const box = label.getBoundingClientRect();
        return { text: label.textContent, left: box.left - area.left, right: area.right - box.right };
      })
      .filter((l) => l.left < -0.5 || l.right < -0.5),
  );
  expect(outside).toEqual([]);
  expect(await page.locator('[data-duration-label]').count()).toBeGreaterThan(10);
});

test('a span the file holds twice is flagged on both rows, in the hover card and the span panel', async ({
  page,
}) => {
  await page.goto(app.url);
  await page.getByTestId('open-file-input').setInputFiles({
    name: 'otlp2jaeger-out.json',
    mimeType: 'application/json',
    buffer: duplicateFile,
  });
  const rows = page.locator('[role="treegrid"] [role="row"][data-span-id="e127af99e3b3e074"]');
  await expect(rows).toHaveCount(2);
  await expect(page.getByTestId('trace-header')).toContainText('2 spans with a duplicate ID');
  for (const row of await rows.all())
    await expect(row.locator('[data-duplicate-id]')).toHaveText('duplicate span ID');
  await rows.nth(1).hover();
  await expect(page.getByRole('tooltip')).toContainText(
    'duplicate span ID: another span of this trace has the same span ID',
  );
  // Picking the second copy selects it, not the first, and its panel says why it is marked.
  await rows.nth(1).click();
  await expect(rows.nth(1)).toHaveAttribute('aria-selected', 'true');
  await expect(rows.nth(0)).toHaveAttribute('aria-selected', 'false');
  await expect(page.getByTestId('span-panel')).toContainText(
    'duplicate span ID: another span of this trace also has the ID e127af99e3b3e074',
  );
});

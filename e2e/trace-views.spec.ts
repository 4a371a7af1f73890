// The trace screen's other views (critical-path list, statistics, flame graph, insights, JSON)
// against the real server, with traces served by the replay upstream as a Tempo would.
// ASCII cases are drawn here, turned into OTLP JSON, and the model's critical path (computed in
// this process with the same analysis code) is what the page must list.
import { readFileSync } from 'node:fs';
import { criticalPath } from '../src/analysis/critical-path.ts';
import { asciiTrace } from '../src/analysis/testing/ascii-trace.ts';
import { type SpanTable, StatusCode } from '../src/model/types.ts';
import { type ReplayUpstream, startReplayUpstream } from './support/replay-upstream';
import { expect, test } from './support/test';
import { startTracelight, type Tracelight } from './support/tracelight';

const CASE_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN = {
  root: '1000000000000001',
  a: '1000000000000002',
  b: '1000000000000003',
  d: '1000000000000004',
  c: '1000000000000005',
};
const caseBody = readFileSync(new URL('./fixtures/trace-critical-path.otlp.json', import.meta.url), 'utf8');
// The Tempo recordings: the error trace as protobuf, the clock-skew trace as JSON.
const PROTOBUF_TRACE = '2bafbe17c123c304432c535342f87d81';
const SKEW_TRACE = '3f4645ab705f0e6bc3a5d919b4bc2e0e';
const skewBody = readFileSync(
  new URL('../../shared/fixtures/tempo/tempo-trace-v2-clockskew-json.body', import.meta.url),
  'utf8',
);
/** Span IDs in a Tempo JSON body (base64 there), as hex. */
const hexSpanIds = (body: string) =>
  new Set(
    [...body.matchAll(/"spanId":"([^"]+)"/g)].map((m) =>
      /^[0-9a-f]{16}$/.test(m[1]) ? m[1] : Buffer.from(m[1], 'base64').toString('hex'),
    ),
  );

const ASCII_CASES: Record<string, string> = {
  sequential: `
A   |==============================|   svc=web server
 B   |=====|                           svc=api client
 C          |========|                 svc=api client
  D          |===|                     svc=db
 E                    |=====|          svc=web
`,
  parallel: `
A   |==============================|   svc=gateway server
 B    |==============|                 svc=orders client
 C    |=====================|          svc=users client
  D    |=====|                         svc=db
  E           |===========|            svc=cache
`,
  deep: `
A   |====================|   svc=a
 B   |=================|     svc=b
  C   |==============|       svc=c
   D   |===========|         svc=d error
    E   |====|               svc=e
`,
};

const spanIdOf = (row: number) => (row + 1).toString(16).padStart(16, '0');

/** An ASCII case as an OTLP JSON document: times in ms from a fixed start, IDs from the rows. */
function otlpOfAscii(traceId: string, drawing: string) {
  const drawn = asciiTrace(drawing, 1_000_000);
  const t: SpanTable = drawn.trace.table;
  const base = 1_700_000_000_000_000_000n;
  const spans = [];
  for (let row = 0; row < t.count; row++) {
    const start = base + BigInt(t.start[row]);
    spans.push({
      resource: t.strings[t.service[row]] || 'svc',
      span: {
        traceId,
        spanId: spanIdOf(row),
        ...(t.parent[row] >= 0 ? { parentSpanId: spanIdOf(t.parent[row]) } : {}),
        name: drawn.nameOf(row),
        kind: t.kind[row] || 1,
        startTimeUnixNano: start.toString(),
        endTimeUnixNano: (start + BigInt(t.duration[row])).toString(),
        status: t.status[row] === StatusCode.Error ? { code: 2, message: 'failed' } : {},
      },
    });
  }
  const byService = new Map<string, object[]>();
  for (const { resource, span } of spans) byService.set(resource, [...(byService.get(resource) ?? []), span]);
  const body = {
    resourceSpans: [...byService].map(([service, list]) => ({
      resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
      scopeSpans: [{ scope: { name: 'ascii' }, spans: list }],
    })),
  };
  const path = criticalPath(drawn.trace);
  const segments = [];
  for (let i = 0; i < path.segmentCount; i++) {
    segments.push(`${spanIdOf(path.segmentRow[i])} ${path.segmentEnd[i] - path.segmentStart[i]}`);
  }
  return { body: JSON.stringify(body), segments };
}

let upstream: ReplayUpstream;
let app: Tracelight;
const asciiTraces = new Map<string, { traceId: string; segments: string[] }>();

test.beforeAll(async () => {
  upstream = await startReplayUpstream({ sets: ['tempo'] });
  upstream.override(`/api/v2/traces/${CASE_TRACE}`, {
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: `{"trace":${caseBody}}`,
  });
  let n = 1;
  for (const [name, drawing] of Object.entries(ASCII_CASES)) {
    const traceId = `a5c11000000000000000000000000${String(n++).padStart(3, '0')}`;
    const { body, segments } = otlpOfAscii(traceId, drawing);
    upstream.override(`/api/v2/traces/${traceId}`, {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: `{"trace":${body}}`,
    });
    asciiTraces.set(name, { traceId, segments });
  }
  app = await startTracelight({
    config: {
      server: { otlpPort: 0, embedded: false },
      datasources: [{ name: 'tempo', type: 'tempo', url: upstream.url, default: true }],
    },
    args: process.env.TRACELIGHT_E2E_DIST ? ['--dist', process.env.TRACELIGHT_E2E_DIST] : [],
  });
});

test.afterAll(async () => {
  await app?.stop();
  await upstream?.stop();
});

const waterfallRow = (page: import('@playwright/test').Page, spanId: string) =>
  page.locator(`[role="treegrid"] [role="row"][data-span-id="${spanId}"]`);

test('the critical-path list matches the model’s segments for the ASCII cases', async ({ page }) => {
  for (const [name, { traceId, segments }] of asciiTraces) {
    await page.goto(`${app.url}trace/${traceId}?ds=tempo&view=critical-path`);
    const rows = page.locator('[data-testid="critical-path-view"] [role="row"][data-segment]');
    await expect(rows, name).toHaveCount(segments.length);
    const listed = await rows.evaluateAll((els) =>
      els.map((el) => `${el.getAttribute('data-span-id')} ${el.getAttribute('data-segment-ns')}`),
    );
    expect(listed, name).toEqual(segments);
  }
  // Sorted by segment time, longest first; a click opens the span in the waterfall.
  const { traceId } = asciiTraces.get('sequential') ?? { traceId: '' };
  await page.goto(`${app.url}trace/${traceId}?ds=tempo&view=critical-path`);
  await page.getByRole('button', { name: 'Segment time' }).click();
  const rows = page.locator('[data-testid="critical-path-view"] [role="row"][data-segment]');
  const sequential = asciiTraces.get('sequential')?.segments ?? [];
  const longest = Math.max(...sequential.map((segment) => Number(segment.split(' ')[1])));
  await expect(rows.first()).toHaveAttribute('data-segment-ns', String(longest));
  const times = await rows.evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-segment-ns'))));
  expect(times).toEqual([...times].sort((x, y) => y - x));
  const first = rows.first();
  const spanId = (await first.getAttribute('data-span-id')) ?? '';
  await first.getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`span=${spanId}`));
  await expect(page).not.toHaveURL(/view=/);
  await expect(waterfallRow(page, spanId)).toHaveAttribute('aria-selected', 'true');
});

test('the critical-path header gives the total and the dark share', async ({ page }) => {
  await page.goto(`${app.url}trace/${CASE_TRACE}?ds=tempo&view=critical-path`);
  // Root 0-10, 30-40 and 80-100 ms and b 55-80 ms are dark: 65 of 100 ms.
  await expect(page.getByTestId('critical-path-summary')).toContainText('Critical path 100 ms in 6 segments');
  await expect(page.getByTestId('critical-path-summary')).toContainText('dark share 65.0 %');
});

test('statistics totals equal the sum of durations, and a row filters the waterfall', async ({ page }) => {
  // root 100 + a 20 + b 40 + d 8 + c 15 ms.
  const sum = (100 + 20 + 40 + 8 + 15) * 1e6;
  await page.goto(`${app.url}trace/${CASE_TRACE}?ds=tempo&view=stats`);
  const totals = page.getByTestId('stats-totals');
  await expect(totals).toHaveAttribute('data-total-ns', String(sum));
  await expect(totals).toHaveAttribute('data-count', '5');
  const perService = await page
    .locator('[data-testid="stats-view"] tbody tr')
    .evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-total-ns'))));
  expect(perService.reduce((a, b) => a + b, 0)).toBe(sum);
  await page.getByLabel('By service and operation').check();
  await expect(page.locator('[data-testid="stats-view"] tbody tr')).toHaveCount(5);
  await expect(totals).toHaveAttribute('data-total-ns', String(sum));
  // Sorting by errors puts the failing INSERT first.
  await page.getByRole('button', { name: 'Errors' }).click();
  await expect(page.locator('[data-testid="stats-view"] tbody tr').first()).toHaveAttribute(
    'data-operation',
    'INSERT payment',
  );
  await page.getByLabel('By service', { exact: true }).check();
  await page.locator('[data-testid="stats-view"] tbody tr[data-service="db"]').click();
  await expect(page).not.toHaveURL(/view=/);
  // Only the db span and its ancestors show.
  const rows = page.locator('[role="treegrid"] [role="row"][data-span-id]');
  await expect(rows).toHaveCount(3);
  await expect(waterfallRow(page, SPAN.c)).toBeVisible();
  await expect(waterfallRow(page, SPAN.d)).toHaveCount(0);
});

test('statistics grouping and sort and the critical-path sort stay in the URL across a reload', async ({
  page,
}) => {
  await page.goto(`${app.url}trace/${CASE_TRACE}?ds=tempo&view=stats&orgId=3`);
  const statsRows = page.locator('[data-testid="stats-view"] tbody tr');
  await expect(statsRows).toHaveCount(4);
  const historyLength = await page.evaluate(() => window.history.length);
  await page.getByLabel('By service and operation').check();
  await expect(page).toHaveURL(/group=operation/);
  await page.getByRole('button', { name: 'Errors' }).click();
  await expect(page).toHaveURL(/sort=-errors/);
  await page.getByRole('button', { name: 'Errors' }).click();
  await expect(page).toHaveURL(/sort=errors/);
  // Replaced, not pushed; the unknown parameter kept.
  expect(await page.evaluate(() => window.history.length)).toBe(historyLength);
  await expect(page).toHaveURL(/orgId=3/);
  await page.reload();
  await expect(statsRows).toHaveCount(5);
  await expect(page.getByLabel('By service and operation')).toBeChecked();
  await expect(page.locator('[data-testid="stats-view"] th[aria-sort="ascending"]')).toHaveText(/Errors/);
  // Ascending by errors: the failing INSERT comes last.
  await expect(statsRows.last()).toHaveAttribute('data-operation', 'INSERT payment');

  await page.goto(`${app.url}trace/${CASE_TRACE}?ds=tempo&view=critical-path`);
  const segments = page.locator('[data-testid="critical-path-view"] [role="row"][data-segment]');
  await expect(segments).toHaveCount(6);
  await page.getByRole('button', { name: 'Segment time' }).click();
  await expect(page).toHaveURL(/cpsort=-time/);
  await page.reload();
  await expect(
    page.locator('[data-testid="critical-path-view"] [aria-sort="descending"]').first(),
  ).toContainText('Segment time');
  // b's 25 ms (55-80) leads.
  const times = await segments.evaluateAll((els) =>
    els.map((el) => Number(el.getAttribute('data-segment-ns'))),
  );
  expect(times).toEqual([...times].sort((x, y) => y - x));
  expect(times[0]).toBe(25e6);
  // Back to the default order: the parameter leaves the URL.
  await page.getByRole('button', { name: '#' }).click();
  await expect(page).not.toHaveURL(/cpsort=/);
});

test('a flame-graph click zooms into the frame, a breadcrumb zooms back out', async ({ page }) => {
  await page.goto(`${app.url}trace/${CASE_TRACE}?ds=tempo&view=flame`);
  const canvas = page.getByTestId('flame-canvas');
  await expect(canvas).toBeVisible();
  const box = await canvas.boundingBox();
  if (!box) throw new Error('no canvas');
  // Depth 1 (20 px rows), at 20 ms of 100: "load cart" (a, 10-30 ms).
  await canvas.hover({ position: { x: box.width * 0.2, y: 30 } });
  await expect(page.getByTestId('flame-hover')).toContainText('load cart');
  await canvas.click({ position: { x: box.width * 0.2, y: 30 } });
  await expect(page).toHaveURL(new RegExp(`flame=${SPAN.a}`));
  await expect(canvas).toHaveAttribute('data-root', SPAN.a);
  const crumbs = page.getByTestId('flame-crumb');
  await expect(crumbs).toHaveText(['Whole trace', 'frontend GET /checkout', 'frontend load cart']);
  // Zoomed into a (10-30 ms), its child-less frame fills the width; the root is no longer drawn.
  await canvas.hover({ position: { x: box.width * 0.9, y: 10 } });
  await expect(page.getByTestId('flame-hover')).toContainText('load cart');
  // The zoom is shareable: a reload keeps it.
  await page.reload();
  await expect(page.getByTestId('flame-canvas')).toHaveAttribute('data-root', SPAN.a);
  await page.getByTestId('flame-crumb').filter({ hasText: 'GET /checkout' }).click();
  await expect(page.getByTestId('flame-canvas')).toHaveAttribute('data-root', SPAN.root);
  await page.getByTestId('flame-crumb').filter({ hasText: 'Whole trace' }).click();
  await expect(page).not.toHaveURL(/flame=/);
  await expect(page.getByTestId('flame-canvas')).toHaveAttribute('data-root', '');
  // Keyboard: the canvas takes focus; Down moves to a child, Enter zooms, Backspace zooms out.
  await page.getByTestId('flame-canvas').focus();
  await page.keyboard.press('ArrowDown');
  await expect(page).toHaveURL(/span=/);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/flame=/);
  await page.keyboard.press('Backspace');
  await expect(page).not.toHaveURL(/flame=1000000000000002/);
});

test('every insight links to a span that exists', async ({ page }) => {
  for (const [traceId, known] of [
    [CASE_TRACE, new Set(Object.values(SPAN))],
    [SKEW_TRACE, hexSpanIds(skewBody)],
  ] as const) {
    await page.goto(`${app.url}trace/${traceId}?ds=tempo&view=insights`);
    const insights = page.locator('[data-testid="insights-view"] li[data-insight]');
    await expect(insights.first()).toBeVisible();
    const kinds = await insights.evaluateAll((els) => els.map((el) => el.getAttribute('data-insight')));
    if (traceId === CASE_TRACE) expect(kinds).toEqual(expect.arrayContaining(['dark-gap', 'error-origin']));
    else expect(kinds).toContain('clock-skew');
    const links = page.locator('[data-testid="insights-view"] a[data-span-id]');
    const ids = [
      ...new Set(await links.evaluateAll((els) => els.map((el) => el.getAttribute('data-span-id') ?? ''))),
    ];
    expect(ids.length).toBeGreaterThan(0);
    for (const li of await insights.all()) await expect(li.locator('a[data-span-id]').first()).toBeVisible();
    for (const id of ids) expect(known.has(id), id).toBe(true);
    // Each link opens its span, selected, in the waterfall.
    for (const id of ids.slice(0, 5)) {
      await page.goto(`${app.url}trace/${traceId}?ds=tempo&view=insights`);
      await page.locator(`[data-testid="insights-view"] a[data-span-id="${id}"]`).first().click();
      await expect(page).toHaveURL(new RegExp(`span=${id}`));
      await expect(waterfallRow(page, id)).toHaveAttribute('aria-selected', 'true');
    }
  }
  // The error origin of the case is the INSERT (c), with its one-line reason.
  await page.goto(`${app.url}trace/${CASE_TRACE}?ds=tempo&view=insights`);
  const origin = page.locator('li[data-insight="error-origin"]');
  await expect(origin.locator('a[data-span-id]')).toHaveAttribute('data-span-id', SPAN.c);
  await expect(origin).toContainText('where the failure started');
});

test('the JSON view of a protobuf-loaded trace shows hex IDs, searches and downloads', async ({ page }) => {
  await page.goto(`${app.url}trace/${PROTOBUF_TRACE}?ds=tempo&view=json`);
  await expect(page.getByTestId('json-origin')).toHaveAttribute('data-origin', 'otlp');
  const lines = page.getByTestId('json-lines');
  // Search scrolls to the first match: the first span's IDs, in hex.
  await page.getByLabel('Search the JSON').fill('"traceId"');
  await expect(page.getByTestId('json-count')).toContainText(/1 of \d+ lines/);
  await page.getByLabel('Search the JSON').press('Enter');
  await expect(lines).toContainText(`"traceId": "${PROTOBUF_TRACE}"`);
  await expect(lines).toContainText(/"spanId": "[0-9a-f]{16}"/);
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download JSON' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`trace-${PROTOBUF_TRACE}.json`);
  const path = await download.path();
  const doc = JSON.parse(readFileSync(path, 'utf8')) as {
    resourceSpans: Array<{ scopeSpans: Array<{ spans: Array<{ spanId: string; traceId: string }> }> }>;
  };
  const spans = doc.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans));
  expect(spans.length).toBeGreaterThan(0);
  for (const span of spans) {
    expect(span.traceId).toBe(PROTOBUF_TRACE);
    expect(span.spanId).toMatch(/^[0-9a-f]{16}$/);
  }
});

test('the JSON view of a JSON answer is the backend’s body, following the selected span', async ({
  page,
}) => {
  await page.goto(`${app.url}trace/${CASE_TRACE}?ds=tempo&view=json&span=${SPAN.c}`);
  await expect(page.getByTestId('json-origin')).toHaveAttribute('data-origin', 'backend');
  await expect(page.getByTestId('json-lines')).toContainText(`"spanId": "${SPAN.c}"`);
  await expect(page.getByTestId('json-lines').locator('[data-selected]')).toContainText(SPAN.c);
});

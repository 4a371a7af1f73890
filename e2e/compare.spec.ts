// Trace compare (issue 16) on the embedded demo data: two checkouts picked in the search results
// open the compare screen with its headline, merged tree and details; a reload keeps the selected
// node and the collapsed set; "Compare with a typical trace" picks a trace with the same root
// operation and says so.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './support/test';
import { startTracelight, type Tracelight } from './support/tracelight';

let app: Tracelight;

// Two traces of the real Tempo dataset, each a file of its own (Tempo's answer, `{"trace": …}`).
const dataset = gunzipSync(
  readFileSync(new URL('../../shared/fixtures/tempo/dataset/tempo-traces-v2.jsonl.gz', import.meta.url)),
)
  .toString('utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .slice(0, 2)
  .map((l) => JSON.parse(l) as { traceID: string; response: unknown });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  app = await startTracelight({
    args: process.env.TRACELIGHT_E2E_DIST ? ['--dist', process.env.TRACELIGHT_E2E_DIST] : [],
  });
});

test.afterAll(async () => {
  await app?.stop();
});

const CHECKOUTS = `{ trace:rootName = "POST /api/checkout" }`;
const results = (page: Page) =>
  page.getByRole('table', { name: 'Traces found' }).locator('tbody tr[data-trace-id]');
const tree = (page: Page) => page.getByRole('treegrid', { name: 'Merged tree of A and B' });
const treeRows = (page: Page) => tree(page).locator('[role="row"][data-node]');
/**
 * What the reader waits for before reading the tree: the compare screen, after both loads and the
 * diff. Under a loaded machine that can take longer than an assertion's default wait.
 */
const screenShown = (page: Page) =>
  expect(page.getByTestId('compare-screen')).toBeVisible({ timeout: 30_000 });

test('two checkouts from the search results compare, and a reload keeps node and collapsed set', async ({
  page,
}) => {
  await page.goto(`${app.url}search?ds=local&q=${encodeURIComponent(CHECKOUTS)}&from=now-3h&to=now`);
  await expect(results(page).first()).toBeVisible();
  const first = results(page).nth(0);
  const second = results(page).nth(1);
  const ids = [await first.getAttribute('data-trace-id'), await second.getAttribute('data-trace-id')];
  await first.getByRole('checkbox').check();
  await expect(page.getByText('Select two traces to compare them.')).toBeVisible();
  await second.getByRole('checkbox').check();
  await page.getByTestId('compare-selected').click();

  await expect(page).toHaveURL(/\/compare\/[0-9a-f]{32}\/[0-9a-f]{32}\?dsA=local&dsB=local/);
  await screenShown(page);
  const shown = [
    await page.getByTestId('compare-side-a').getByRole('link').first().textContent(),
    await page.getByTestId('compare-side-b').getByRole('link').first().textContent(),
  ];
  expect(shown.sort()).toEqual([...ids].sort());
  await expect(page.getByTestId('compare-headline')).toHaveText(
    /^(B took .+ (longer|less)|A and B took the same time)/,
  );
  // The root is matched on both sides and leads the tree.
  const root = treeRows(page).first();
  await expect(root).toHaveAttribute('aria-level', '1');
  await expect(root).toContainText('gateway POST /api/checkout');
  await expect(root).toHaveAttribute('data-change', 'matched');
  await expect(root.locator('[data-column="spans"]')).toHaveText('1 → 1');

  // Keyboard: select the root, then its first child; collapse the root.
  await tree(page).focus();
  await page.keyboard.press('ArrowDown');
  await expect(root).toHaveAttribute('aria-selected', 'true');
  const rowCount = await treeRows(page).count();
  expect(rowCount).toBeGreaterThan(3);
  await page.keyboard.press('ArrowRight');
  const child = treeRows(page).nth(1);
  await expect(child).toHaveAttribute('aria-selected', 'true');
  await expect(child).toHaveAttribute('aria-level', '2');
  await expect(page.getByTestId('compare-details').getByRole('heading')).toHaveText(
    (await child.locator('span[title]').first().getAttribute('title')) ?? 'no title',
  );
  // The child has children: Left collapses it, Left again goes to the root, a third collapses that.
  await expect(child).toHaveAttribute('aria-expanded', 'true');
  await page.keyboard.press('ArrowLeft');
  await expect(child).toHaveAttribute('aria-expanded', 'false');
  await page.keyboard.press('ArrowLeft');
  await expect(root).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowLeft');
  await expect(root).toHaveAttribute('aria-expanded', 'false');
  await expect(treeRows(page)).toHaveCount(1);
  await expect(page).toHaveURL(/[?&]node=0(&|$)/);
  await expect(page).toHaveURL(/[?&]collapsed=0\.\d+(&|$)/);

  await page.reload();
  await screenShown(page);
  await expect(treeRows(page)).toHaveCount(1);
  await expect(treeRows(page).first()).toHaveAttribute('aria-selected', 'true');
  await expect(treeRows(page).first()).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByTestId('compare-details')).toBeVisible();
  // A collapsed root carries its subtree's span counts.
  const spans = await treeRows(page).first().locator('[data-column="spans"]').textContent();
  expect(spans).toMatch(/^\d+ → \d+$/);
  expect(Number(spans?.split(' → ')[0])).toBeGreaterThan(1);
  // Expanding the root shows the child still collapsed.
  await tree(page).focus();
  await page.keyboard.press('ArrowRight');
  await expect(treeRows(page).nth(1)).toHaveAttribute('aria-expanded', 'false');

  // Strips: the base draws the spans; hovering a row lights its node's spans in both strips, and a
  // span hovered in strip A lights its row in the tree.
  const litPixels = (side: 'a' | 'b', layer: 'base' | 'over') =>
    page.evaluate(
      ({ side, layer }) => {
        const base = document.querySelector(`[data-testid="compare-strip-${side}"]`) as HTMLCanvasElement;
        const canvas = (layer === 'base' ? base : base.nextElementSibling) as HTMLCanvasElement;
        const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? [];
        let lit = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i] > 0) lit++;
        return lit;
      },
      { side, layer },
    );
  await expect.poll(() => litPixels('a', 'base')).toBeGreaterThan(100);
  await expect.poll(() => litPixels('b', 'base')).toBeGreaterThan(100);
  await page.getByRole('button', { name: 'Clear the selection' }).click();
  await page.mouse.move(0, 0);
  await expect.poll(() => litPixels('a', 'over')).toBe(0);
  await expect.poll(() => litPixels('b', 'over')).toBe(0);
  await treeRows(page).first().hover();
  await expect.poll(() => litPixels('a', 'over')).toBeGreaterThan(0);
  await expect.poll(() => litPixels('b', 'over')).toBeGreaterThan(0);
  const strip = await page.getByTestId('compare-strip-a').boundingBox();
  if (!strip) throw new Error('no strip A');
  // The root's line: the top of the strip, near its start.
  await page.mouse.move(strip.x + 4, strip.y + 1);
  await expect(treeRows(page).first()).toHaveClass(/bg-slate-100/);
  await expect.poll(() => litPixels('b', 'over')).toBeGreaterThan(0);

  // The headline's node: collapse everything above it again, then "Show … in the tree" opens the
  // way to it and selects it.
  await tree(page).focus();
  await page.keyboard.press('Home');
  // Left acts on the selected row: wait until Home has selected the root.
  await expect(treeRows(page).first()).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowLeft');
  await expect(treeRows(page)).toHaveCount(1);
  const show = page.getByRole('button', { name: /^Show .+ in the tree$/ }).first();
  const label = ((await show.textContent()) ?? '').replace(/^Show /, '').replace(/ in the tree$/, '');
  await show.click();
  const shownRow = tree(page).locator('[role="row"][aria-selected="true"]');
  await expect(shownRow).toHaveCount(1);
  await expect(shownRow.locator('span[title]').first()).toHaveAttribute('title', label);
  await expect(page).not.toHaveURL(/[?&]collapsed=0(\.|&|$)/);
});

for (const ds of ['local', 'local-jaeger']) {
  test(`"Compare with a typical trace" (${ds}) picks the median trace with the same root operation and says why`, async ({
    page,
  }) => {
    await page.goto(`${app.url}search?ds=local&q=${encodeURIComponent(CHECKOUTS)}&from=now-3h&to=now`);
    await expect(results(page).first()).toBeVisible();
    const id = (await results(page).first().getAttribute('data-trace-id')) ?? '';
    await page.goto(`${app.url}trace/${id}?ds=${ds}`);
    await expect(page.getByTestId('trace-screen')).toBeVisible();
    await page.getByRole('button', { name: 'Compare with…' }).click();
    // Tempo's search, to ask again below (the Jaeger side is checked by what it shows).
    const searched =
      ds === 'local' ? page.waitForRequest((r) => /\/api\/ds\/local\/api\/search\?/.test(r.url())) : null;
    await page.getByTestId('compare-typical').click();

    await expect(page).toHaveURL(
      new RegExp(`/compare/[0-9a-f]{32}/${id}\\?dsA=${ds}&dsB=${ds}&.*baseline=typical`),
    );
    await expect(page.getByTestId('compare-side-b').getByRole('link').first()).toHaveText(id);
    await expect(page.getByTestId('compare-side-a')).toContainText('gateway POST /api/checkout');
    const a = await page.getByTestId('compare-side-a').getByRole('link').first().textContent();
    expect(a).not.toBe(id);
    await expect(page.getByTestId('typical-note')).toContainText(
      new RegExp(
        `A is the typical trace: the median duration \\(.+\\) of \\d+ other traces of gateway POST /api/checkout in ${ds}`,
      ),
    );
    const request = await searched;
    if (request) {
      // The same search asked here: A is the nearest-rank median of its checkouts other than B.
      expect(request.url()).toContain(
        encodeURIComponent('trace:rootName = "POST /api/checkout"').slice(0, 10),
      );
      const body = (await (await fetch(request.url())).json()) as {
        traces: { traceID: string; rootTraceName: string; durationMs?: number }[];
      };
      const peers = body.traces
        .map((t) => ({ id: t.traceID.padStart(32, '0'), ms: t.durationMs ?? 0, root: t.rootTraceName }))
        .filter((t) => t.id !== id && t.root === 'POST /api/checkout')
        .sort((x, y) => x.ms - y.ms || x.id.localeCompare(y.id));
      expect(peers.length).toBeGreaterThan(2);
      expect(a).toBe(peers[Math.ceil(peers.length / 2) - 1].id);
    }
    // Another candidate can be picked.
    const select = page.getByLabel('Pick another baseline');
    expect(await select.locator('option').count()).toBeGreaterThan(1);
    const other = await select.locator('option').first().getAttribute('value');
    await select.selectOption(other ?? '');
    await expect(page).toHaveURL(new RegExp(`/compare/${other}/${id}\\?`));
    await expect(page.getByTestId('typical-note')).toContainText('A was picked from');
  });
}

for (const theme of ['light', 'dark'] as const) {
  test(`the compare screen has no WCAG violations (${theme} theme), a node selected`, async ({ page }) => {
    await page.addInitScript((value) => window.localStorage.setItem('tracelight.theme', value), theme);
    await page.goto(`${app.url}search?ds=local&q=${encodeURIComponent(CHECKOUTS)}&from=now-3h&to=now`);
    await expect(results(page).nth(1)).toBeVisible();
    const [a, b] = [
      await results(page).nth(0).getAttribute('data-trace-id'),
      await results(page).nth(1).getAttribute('data-trace-id'),
    ];
    await page.goto(`${app.url}compare/${a}/${b}?dsA=local&dsB=local&node=3`);
    await expect(page.getByTestId('compare-details')).toBeVisible();
    const { violations } = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();
    expect(
      violations.map(
        (v) =>
          `${v.id}: ${v.nodes
            .slice(0, 3)
            .map((n) => n.target.join(' '))
            .join(' | ')} ${v.nodes[0]?.failureSummary ?? ''}`,
      ),
    ).toEqual([]);
  });
}

test('two traces opened from files compare: the trace page offers a file as A', async ({ page }) => {
  const [first, second] = dataset;
  const idOf = (line: (typeof dataset)[number]) => line.traceID.padStart(32, '0');
  await page.goto(app.url);
  await page.getByTestId('open-file-input').setInputFiles({
    name: 'one.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(first.response)),
  });
  await expect(page).toHaveURL(`${app.url}trace/${idOf(first)}?file=1`);
  await page.getByRole('button', { name: 'Compare with…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Compare this trace with another' });
  // A file's trace has no datasource to find a typical one in.
  await expect(dialog.getByTestId('compare-typical')).toHaveCount(0);
  await dialog.getByTestId('open-file-input').setInputFiles({
    name: 'two.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(second.response)),
  });
  await expect(page).toHaveURL(`${app.url}compare/${idOf(second)}/${idOf(first)}?fileA=2&fileB=1`);
  await expect(page.getByTestId('compare-side-a').getByRole('link').first()).toHaveText(idOf(second));
  await expect(page.getByTestId('compare-side-b').getByRole('link').first()).toHaveText(idOf(first));
  await expect(page.getByTestId('compare-headline')).toHaveText(
    /^(B took .+ (longer|less)|A and B took the same time)/,
  );
  await expect(treeRows(page).first()).toBeVisible();
});

test('a side no datasource has says so under its label, while the other side loads', async ({ page }) => {
  await page.goto(`${app.url}search?ds=local&q=${encodeURIComponent(CHECKOUTS)}&from=now-3h&to=now`);
  await expect(results(page).first()).toBeVisible();
  const id = await results(page).first().getAttribute('data-trace-id');
  const missing = '0000000000000000000000000000abcd';
  await page.goto(`${app.url}compare/${missing}/${id}`);
  const sideA = page.getByRole('region', { name: 'Trace A (baseline)' });
  await expect(sideA.getByTestId('trace-failure')).toContainText('Trace not found');
  await expect(page.getByRole('region', { name: 'Trace B' })).toContainText(`Loaded ${id}`);
  await expect(page.getByTestId('compare-screen')).toHaveCount(0);
});

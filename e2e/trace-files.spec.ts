// Traces opened from files, several to a file: the list to pick from, sorted and searched with
// TraceQL in the workers that hold the traces. The files are lines of the real Tempo dataset
// (../shared/fixtures/tempo/dataset/), and Tempo's own answers to the same queries say which traces
// must remain.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { Page } from '@playwright/test';
import { expect, test } from './support/test';
import { startTracelight, type Tracelight } from './support/tracelight';

const DATASET = new URL('../../shared/fixtures/tempo/dataset/', import.meta.url);
const dataset = gunzipSync(readFileSync(new URL('tempo-traces-v2.jsonl.gz', DATASET)))
  .toString('utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as { traceID: string; response: unknown });
// Two JSON Lines files of 20 traces each, one Tempo answer (`{"trace": …}`) a line.
const FILES = [dataset.slice(0, 20), dataset.slice(20, 40)];
const fileBody = (lines: typeof dataset) =>
  Buffer.from(lines.map((l) => JSON.stringify(l.response)).join('\n'));
const inFiles = new Set(FILES.flat().map((l) => l.traceID.padStart(32, '0')));

const conformance = JSON.parse(
  gunzipSync(readFileSync(new URL('conformance.json.gz', DATASET))).toString('utf8'),
) as Array<{ query: string; body: { traces: Array<{ traceID: string }> } }>;
/** The traces of our files Tempo returned for a query. */
function tempoMatches(query: string): string[] {
  const answer = conformance.find((c) => c.query === query);
  if (!answer) throw new Error(`no recorded answer to ${query}`);
  return answer.body.traces.map((t) => t.traceID.padStart(32, '0')).filter((id) => inFiles.has(id));
}

let app: Tracelight;

test.beforeAll(async () => {
  app = await startTracelight({
    config: { server: { otlpPort: 0, embedded: false }, datasources: [] },
    args: process.env.TRACELIGHT_E2E_DIST ? ['--dist', process.env.TRACELIGHT_E2E_DIST] : [],
  });
});

test.afterAll(async () => {
  await app?.stop();
});

const listed = (page: Page) => page.locator('[data-testid="trace-picker"] tbody tr[data-trace-id]');

async function search(page: Page, query: string) {
  // Monaco replaces the plain field once its chunk is in; type into whichever is there then.
  const editor = page.locator('[data-testid="trace-picker"] [data-editor="monaco"] .monaco-editor');
  await expect(editor).toBeVisible();
  await editor.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(query);
  await page.keyboard.press('Enter');
}

test('a TraceQL search narrows the traces of two files to those Tempo matched; one opens', async ({
  page,
}) => {
  await page.goto(app.url);
  await page.getByTestId('open-file-input').setInputFiles(
    FILES.map((lines, i) => ({
      name: `traces-${i + 1}.jsonl`,
      mimeType: 'application/x-ndjson',
      buffer: fileBody(lines),
    })),
  );
  const picker = page.getByRole('dialog', { name: 'Pick a trace' });
  await expect(picker).toContainText('hold 40 traces');
  await expect(listed(page)).toHaveCount(40);

  // Sortable by duration (longest first, then shortest) and start.
  await picker.getByRole('button', { name: 'Duration' }).click();
  const durations = () =>
    listed(page).evaluateAll((rows) =>
      rows.map((r) => Number(r.querySelector('[data-duration-ns]')?.getAttribute('data-duration-ns'))),
    );
  const longestFirst = await durations();
  expect(longestFirst).toEqual([...longestFirst].sort((a, b) => b - a));
  await picker.getByRole('button', { name: 'Duration' }).click();
  const shortestFirst = await durations();
  expect(shortestFirst).toEqual([...shortestFirst].sort((a, b) => a - b));

  const query = '{ status = error }';
  const expected = tempoMatches(query);
  expect(expected.length).toBeGreaterThan(0);
  expect(expected.length).toBeLessThan(40);
  await search(page, query);
  await expect(page.getByTestId('trace-picker-count')).toContainText(`${expected.length} of 40 traces match`);
  const remaining = await listed(page).evaluateAll((rows) =>
    rows.map((r) => r.getAttribute('data-trace-id')),
  );
  expect(new Set(remaining)).toEqual(new Set(expected));
  for (const count of await listed(page).evaluateAll((rows) =>
    rows.map((r) => Number(r.getAttribute('data-matched'))),
  ))
    expect(count).toBeGreaterThan(0);
  // Traces from both files remain (each file's worker answered for its own traces).
  const fromSecond = expected.filter((id) => FILES[1].some((l) => l.traceID.padStart(32, '0') === id));
  expect(fromSecond.length).toBeGreaterThan(0);
  expect(fromSecond.length).toBeLessThan(expected.length);

  // A broken query is said inline; the list stays as it was.
  await search(page, '{ status = }');
  await expect(page.getByTestId('trace-picker-error')).toBeVisible();

  // A structural query, then pick one of its traces: it opens on the trace page.
  const structural = '{ .service.name = "checkout" } >> { status = error }';
  const structuralExpected = tempoMatches(structural);
  expect(structuralExpected.length).toBeGreaterThan(0);
  await search(page, structural);
  await expect(page.getByTestId('trace-picker-count')).toContainText(
    `${structuralExpected.length} of 40 traces match`,
  );
  const chosen = structuralExpected[structuralExpected.length - 1];
  await listed(page)
    .and(page.locator(`[data-trace-id="${chosen}"]`))
    .getByRole('button')
    .click();
  await expect(page).toHaveURL(new RegExp(`/trace/${chosen}\\?file=\\d+$`));
  await expect(page.locator('[role="treegrid"] [role="row"][data-span-id]').first()).toBeVisible();
  await expect(page.getByTestId('trace-failure')).toHaveCount(0);
});

test('the trace page’s toolbar offers the same list, and Close ends it', async ({ page }) => {
  await page.goto(app.url);
  await page.getByTestId('open-file-input').setInputFiles({
    name: 'one.jsonl',
    mimeType: 'application/x-ndjson',
    buffer: fileBody(FILES[0].slice(0, 1)),
  });
  const first = FILES[0][0].traceID.padStart(32, '0');
  await expect(page).toHaveURL(new RegExp(`/trace/${first}\\?file=\\d+$`));
  await expect(page.locator('[role="treegrid"] [role="row"][data-span-id]').first()).toBeVisible();
  await page.getByTestId('open-file-input').setInputFiles({
    name: 'more.jsonl',
    mimeType: 'application/x-ndjson',
    buffer: fileBody(FILES[1]),
  });
  const picker = page.getByRole('dialog', { name: 'Pick a trace' });
  await expect(picker).toContainText('more.jsonl holds 20 traces');
  await expect(picker).toBeInViewport();
  await picker.getByRole('button', { name: 'Close' }).click();
  await expect(picker).toHaveCount(0);
  await page.getByTestId('open-file-input').setInputFiles({
    name: 'more.jsonl',
    mimeType: 'application/x-ndjson',
    buffer: fileBody(FILES[1]),
  });
  const target = FILES[1][3].traceID.padStart(32, '0');
  await listed(page)
    .and(page.locator(`[data-trace-id="${target}"]`))
    .getByRole('button')
    .click();
  await expect(page).toHaveURL(new RegExp(`/trace/${target}\\?file=\\d+$`));
  await expect(page.getByRole('main')).toContainText(target);
});

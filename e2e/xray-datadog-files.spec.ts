// An AWS X-Ray segment document and a Datadog v0.4 payload, opened as files: each shows its waterfall
// with the critical path on the spans the model puts it on. The files are the recorded samples in
// ../shared/fixtures/xray/ and ../shared/fixtures/datadog/ (see their READMEs).
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { decodeTrace } from '../src/formats/index.ts';
import { expect, test } from './support/test';
import { startTracelight, type Tracelight } from './support/tracelight';
import { type ExpectedWaterfall, expectedWaterfall, expectWaterfall } from './support/waterfall';

const FIXTURES = new URL('../../shared/fixtures/', import.meta.url);
const XRAY = readFileSync(new URL('xray/otelcol_ddbSample.txt', FIXTURES));
const DATADOG = readFileSync(new URL('datadog/ddtracepy_otel_flask_distributed.json', FIXTURES));

/** What the model says: the trace ID, every span ID, and those on the critical path. */
function expected(body: Buffer, fileName: string): ExpectedWaterfall {
  return expectedWaterfall(decodeTrace(body, { fileName }).traces[0]);
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

async function openFile(page: Page, name: string, buffer: Buffer, mimeType: string) {
  await page.goto(app.url);
  await page.getByTestId('open-file-input').setInputFiles({ name, mimeType, buffer });
}

async function expectFileWaterfall(page: Page, want: ExpectedWaterfall) {
  await expect(page).toHaveURL(`${app.url}trace/${want.traceId}?file=1`);
  await expectWaterfall(page, want);
}

test('an X-Ray segment document opens as a waterfall with its critical path, both ID forms in the header', async ({
  page,
}) => {
  const want = expected(XRAY, 'ddbSample.txt');
  expect(want.traceId).toBe('5f29ab21d4ebf299219a65bd5c31d6da');
  await openFile(page, 'ddbSample.json', XRAY, 'application/json');
  await expectFileWaterfall(page, want);
  const header = page.getByTestId('trace-header');
  await expect(header.getByTestId('trace-id')).toHaveText('5f29ab21d4ebf299219a65bd5c31d6da');
  await expect(header.getByTestId('trace-id-xray')).toHaveText('X-Ray 1-5f29ab21-d4ebf299219a65bd5c31d6da');
  // The faulted DynamoDB PutItem is an error span named by its subsegment.
  await expect(header).toContainText('DDB');
});

test('a Datadog v0.4 payload opens as a waterfall with its critical path; resource is the operation shown', async ({
  page,
}) => {
  const want = expected(DATADOG, 'traces.json');
  expect(want.traceId).toBe('69f39d67000000000000000000000000');
  await openFile(page, 'traces.json', DATADOG, 'application/json');
  await expectFileWaterfall(page, want);
  await expect(page.getByTestId('trace-header').getByTestId('trace-id-xray')).toHaveCount(0);
  await expect(page.locator('[role="treegrid"]')).toContainText('GET /otel');
});

// The recorded Tempo dataset (../shared/fixtures/tempo/dataset), for tests over real traces.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { parseOtlpJson } from '../otlp/otlp-json.ts';
import type { TraceStore } from '../store.ts';

export const FIXTURES = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../shared/fixtures',
);

/** Reads a gzipped file of the dataset as text. */
export function datasetText(name: string): string {
  return gunzipSync(readFileSync(path.join(FIXTURES, 'tempo/dataset', name))).toString('utf8');
}

/** Ingests every recorded trace (881 of them) into `store`. */
export function ingestRecordedTraces(store: TraceStore): void {
  for (const line of datasetText('tempo-traces-v2.jsonl.gz').split('\n')) {
    if (line) store.ingest(parseOtlpJson((JSON.parse(line) as { response: unknown }).response).batches);
  }
}

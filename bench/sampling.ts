// Benchmark of the sampling figures (a script, not a test; decisions 0333–0335): the worker's
// per-trace sampling summary on decoded generated traces (one pass over the flag column plus the
// roots' details), and the embedded endpoints over a store of small traces. Prints medians (best).
// Run: npx tsx bench/sampling.ts

import { createEmbedded } from '../server/embedded/index.ts';
import { observedTraffic, sampledCountsResponse } from '../server/embedded/sampling-estimate.ts';
import { decodeTrace } from '../src/formats/index.ts';
import { samplingSummary } from '../src/worker/sampling-summary.ts';
import { makeBatches } from './embedded-traffic.ts';
import { encodeOtlpProtobuf, generateResourceSpans, generateSkeleton } from './generate.ts';
import { timeCell } from './measure.ts';

console.log('Machine loaded: figures are from a shared machine; read the best column as the floor.\n');
console.log('| work | ms median (best) |');
console.log('| --- | ---: |');
for (const count of [100_000, 1_000_000]) {
  const bytes = encodeOtlpProtobuf(generateResourceSpans(generateSkeleton('mixed', count, 42), 42));
  const trace = decodeTrace(bytes, { contentType: 'application/x-protobuf' }).traces[0];
  console.log(
    `| samplingSummary, ${count.toLocaleString('en-US')} spans | ${timeCell(5, () => samplingSummary(trace), 12)} |`,
  );
}

const backend = await createEmbedded({ otlpPort: 0, demo: false, queryWorkers: 0 });
const traces = 20_000;
for (let first = 0; first < traces; first += 1000)
  backend.accept(makeBatches(first, 1000, 10, 1_700_000_000_000_000_000n));
const ids = Array.from({ length: 1000 }, (_, t) => (t + 1).toString(16).padStart(32, '0')).join(',');
console.log(
  `| observedTraffic, ${traces.toLocaleString('en-US')} stored traces | ${timeCell(5, () => observedTraffic(backend.store, 1e9), 12)} |`,
);
console.log(
  `| sampled-counts per service, ${traces.toLocaleString('en-US')} stored traces | ${timeCell(5, () => sampledCountsResponse(backend.store, new URLSearchParams()), 12)} |`,
);
console.log(
  `| sampled-counts, 1,000 trace IDs | ${timeCell(5, () => sampledCountsResponse(backend.store, new URLSearchParams({ traceIds: ids })), 12)} |`,
);
await backend.close();

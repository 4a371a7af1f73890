// The embedded service-graph metrics' cost (decision 0272), against the store's own: 20,000 traces x
// 10 spans (200 requests of 100 traces) noted by the ingest listener with the clock pinned (so nothing
// settles on the way), then one settle pairing them all; beside it, the same requests into a bare
// TraceStore. Then /metrics rendering and a map query over the result.
// Run: npx tsx bench/service-graph-metrics.ts   (prints figures, never fails)
import { ServiceGraphMetrics } from '../server/embedded/metrics/service-graph.ts';
import { DEFAULT_LIMITS, TraceStore } from '../server/embedded/store.ts';
import { makeBatches } from './embedded-traffic.ts';

const nowMs = Date.now();
const baseNs = BigInt(nowMs - 1_800_000) * 1_000_000n;
const requests = Array.from({ length: 200 }, (_, r) => makeBatches(r * 100, 100, 10, baseNs));
const spans = requests.reduce((n, b) => n + b.reduce((m, rs) => m + rs.scopeSpans[0].spans.length, 0), 0);

const store = new TraceStore(DEFAULT_LIMITS);
let t = performance.now();
for (const batches of requests) store.ingest(batches);
const storeMs = performance.now() - t;

const graph = new ServiceGraphMetrics(undefined, () => nowMs);
graph.settle();
t = performance.now();
for (const batches of requests) graph.observe(batches);
const observeMs = performance.now() - t;
const pending = graph.pendingTraces;
t = performance.now();
graph.flush();
const settleMs = performance.now() - t;
t = performance.now();
const lines = graph.render().length;
const renderMs = performance.now() - t;
t = performance.now();
const map = graph.query(nowMs - 3_600_000, nowMs);
const queryMs = performance.now() - t;

const perSpan = (ms: number) => `${((ms / spans) * 1000).toFixed(2)} µs/span`;
console.log(
  `${spans.toLocaleString('en')} spans in ${pending.toLocaleString('en')} traces (machine loaded):`,
);
console.log(`  bare TraceStore ingest ${storeMs.toFixed(0)} ms (${perSpan(storeMs)})`);
console.log(
  `  service graph: noting spans ${observeMs.toFixed(0)} ms (${perSpan(observeMs)}), pairing ${settleMs.toFixed(0)} ms (${perSpan(settleMs)})`,
);
console.log(
  `  render ${lines} lines ${renderMs.toFixed(1)} ms; map query over the hour (${map.edges.length} edges) ${queryMs.toFixed(1)} ms`,
);

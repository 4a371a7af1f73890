// Benchmark of stitching (a script, not a test; issue 18, decision 0285): a producer trace and 20
// consumer traces of 1,000 spans each, every consumer's root linking to the producer span, in one
// payload; the worker engine loads the producer, then stitches the 20 in (combined table, the
// analyses on the traces apart, the tree in preorder, the copy for transfer). All of that runs in the
// trace worker; the main thread only receives the transferred buffers, so the figure below is time
// the page stays responsive through, not a frozen frame.
// Run: npx tsx bench/stitch.ts [--quick]
import { decodeTrace } from '../src/formats/index.ts';
import { seededRandom } from '../src/model/seeded-random.ts';
import { adjustTraceSkew, analyseTrace } from '../src/worker/analyse.ts';
import { createTraceEngine } from '../src/worker/engine.ts';
import type { LoadedTrace, WorkerReply, WorkerRequest } from '../src/worker/protocol.ts';
import { generatedLinkedSpans, otlp } from '../src/worker/testing/linked-traces.ts';
import { median } from './measure.ts';

const quick = process.argv.includes('--quick');
const SPANS = 1000;
const LINKED = 20;
const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

const spansOf = (t: number, random: () => number, link?: { traceId: string; spanId: string }) =>
  generatedLinkedSpans(t, SPANS, random, link);

const random = seededRandom(18);
const producerId = hex(1, 32);
const producerSpan = hex(2, 16);
const traces = [otlp(producerId, spansOf(0, random))];
const linkedIds: string[] = [];
for (let t = 1; t <= LINKED; t++) {
  const id = hex(t + 1, 32);
  linkedIds.push(id);
  traces.push(otlp(id, spansOf(t, random, { traceId: producerId, spanId: producerSpan })));
}
const payload = new TextEncoder().encode(
  JSON.stringify({ resourceSpans: traces.flatMap((t) => t.resourceSpans) }),
);

async function once(): Promise<{ ms: number; rows: number }> {
  const replies = new Map<number, WorkerReply>();
  const handle = createTraceEngine({
    decode: decodeTrace,
    analyse: analyseTrace,
    adjustSkew: adjustTraceSkew,
    post: (reply) => {
      if (!reply.type.includes('progress')) replies.set(reply.id, reply);
    },
    yieldToEvents: () => Promise.resolve(),
  });
  const settle = async (id: number) => {
    while (!replies.has(id)) await new Promise((resolve) => setTimeout(resolve, 0));
    return replies.get(id) as WorkerReply;
  };
  const send = (r: WorkerRequest) => handle(r);
  send({
    type: 'load',
    id: 1,
    source: { kind: 'bytes', bytes: payload.slice().buffer, label: 'bench' },
    options: { adjustSkew: false, pickTraceId: producerId },
  });
  await settle(1);
  const t0 = performance.now();
  send({ type: 'stitch', id: 2, traceIds: linkedIds, datasources: [], options: { adjustSkew: false } });
  const reply = await settle(2);
  const ms = performance.now() - t0;
  if (reply.type !== 'loaded') throw new Error(`stitch failed: ${JSON.stringify(reply)}`);
  const trace: LoadedTrace = reply.trace;
  if (trace.stitch?.traces.length !== LINKED + 1) throw new Error('not every trace stitched');
  return { ms, rows: trace.table.count };
}

const runs = quick ? 3 : 9;
const times: number[] = [];
let rows = 0;
for (let i = 0; i < runs; i++) {
  const r = await once();
  times.push(r.ms);
  rows = r.rows;
}
console.log(
  `stitch: ${LINKED} linked traces x ${SPANS} spans onto a ${SPANS}-span producer (${rows} rows), in the worker: ` +
    `median ${median(times).toFixed(0)} ms, best ${Math.min(...times).toFixed(0)} ms over ${runs} runs (machine loaded)`,
);

// Benchmark of redaction in the worker (a script, not a test; decision 0318): a generated 100,000-span
// trace as OTLP JSON, every tenth span with a `url.full` carrying a query string and an e-mail in an
// attribute. Prints decode alone, what first paint waits for with the default rules (the redacted
// table), the count for the header badge that runs after it, and a find over every span read through
// the rules or not (before and after the count marks the rows no rule changes).
// Run: npx tsx bench/redaction-worker.ts [--quick]
import { decodeTrace } from '../src/formats/index.ts';
import type { Trace } from '../src/model/types.ts';
import { createRedactor } from '../src/redact/rules.ts';
import { redactionCounter, redactTrace } from '../src/redact/trace.ts';
import { findInRange } from '../src/worker/find-attributes.ts';
import { encodeOtlpJsonBytes, generateResourceSpans, generateSkeleton } from './generate.ts';
import { time } from './measure.ts';

const quick = process.argv.includes('--quick');
const SPANS = quick ? 20_000 : 100_000;
const RUNS = quick ? 2 : 5;

const skeleton = generateSkeleton('mixed', SPANS, 42);
const batches = [...generateResourceSpans(skeleton, 42)];
let n = 0;
for (const rs of batches)
  for (const ss of rs.scopeSpans)
    for (const span of ss.spans) {
      if (n++ % 10 !== 0) continue;
      span.attributes.push(
        { key: 'url.full', value: { stringValue: `https://shop.example/api?user=u${n}&token=t${n}` } },
        { key: 'enduser.note', value: { stringValue: `contact user${n}@example.com` } },
      );
    }
const bytes = encodeOtlpJsonBytes(batches);
const redactor = createRedactor();

const decode = (): Trace => decodeTrace(bytes, { contentType: 'application/json' }).traces[0];
const trace = decode();
console.log(
  `${trace.counts.spans} spans, ${(bytes.byteLength / 1e6).toFixed(1)} MB OTLP JSON (machine loaded)`,
);

const fmt = (t: { median: number; best: number }) => `${t.median.toFixed(0)} ms (best ${t.best.toFixed(0)})`;
const decodeTime = time(RUNS, () => void decode());
console.log(`decode: ${fmt(decodeTime)}`);
let total = 0;
// What first paint waits for: the table's strings redacted, the details store wrapped (decision 0318).
const eagerTime = time(RUNS, () => void redactTrace(trace, redactor));
console.log(`redactTrace before first paint (the table's strings; details on read): ${fmt(eagerTime)}`);
const share = (eagerTime.median / decodeTime.median) * 100;
console.log(`load with the default rules adds ${share.toFixed(1)} % to decode (medians)`);
// After first paint, in chunks: every span's details through the rules once, for the badge.
const countTime = time(RUNS, () => {
  const { marks } = redactTrace(trace, redactor);
  const counter = redactionCounter(trace, redactor, marks);
  while (!counter.step(4_000)) {}
  total = counter.finish().total;
});
console.log(`count after first paint (4,000-row chunks, not waited for): ${fmt(countTime)}; ${total} values`);

const find = (t: Trace) => () => void findInRange(t.details, 'checkout', 0, t.table.count, []);
console.log(`find over every span, as decoded: ${fmt(time(RUNS, find(trace)))}`);
const before = redactTrace(trace, redactor).trace;
console.log(`find over every span, through the rules, before the count: ${fmt(time(RUNS, find(before)))}`);
const after = redactTrace(trace, redactor);
redactionCounter(trace, redactor, after.marks).finish();
console.log(
  `find over every span, through the rules, after the count: ${fmt(time(RUNS, find(after.trace)))}`,
);

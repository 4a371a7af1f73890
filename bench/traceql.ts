// Benchmark of the TraceQL engine (a script, not a test): parse + evaluate over one 100k-span
// trace from bench/generate.ts, decoded by the real decoder. Run: npx tsx bench/traceql.ts [--quick]
// Prints medians. Budget (issue 7): ≤ 100 ms per query over 100k spans.
import { decodeTrace } from '../src/formats/index.ts';
import type { Trace } from '../src/model/types.ts';
import { evaluate, parseTraceQL } from '../src/traceql/index.ts';
import { encodeOtlpJson, generateTrace } from './generate.ts';

const quick = process.argv.includes('--quick');
const RUNS = quick ? 3 : 9;
const BUDGET_MS = 100;

function load(shape: 'mixed' | 'chain', spans: number): Trace {
  const decoded = decodeTrace(encodeOtlpJson(generateTrace(shape, spans, 7)));
  if (decoded.traces.length !== 1)
    throw new Error(`generator gave ${decoded.traces.length} traces: ${decoded.error}`);
  return decoded.traces[0];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function bench(label: string, trace: Trace, query: string): boolean {
  const times: number[] = [];
  let matched = 0;
  for (let i = 0; i < RUNS + 1; i++) {
    const t0 = performance.now();
    const parsed = parseTraceQL(query);
    if (!parsed.ok) throw new Error(`${query}: ${parsed.errors[0].message}`);
    const result = evaluate(parsed.ast, trace);
    const elapsed = performance.now() - t0;
    if (i > 0) times.push(elapsed); // the first run warms the JIT and the details store
    matched = result.spansets.reduce((n, s) => n + s.rows.length, 0);
  }
  const m = median(times);
  const ok = m <= BUDGET_MS;
  console.log(
    `${label.padEnd(34)} ${m.toFixed(1).padStart(7)} ms  (${matched} spans matched of ${trace.table.count})  ${ok ? 'ok' : `OVER ${BUDGET_MS} ms`}  ${query}`,
  );
  return ok;
}

const mixed = load('mixed', 100_000);
const chain = load('chain', 100_000);
const results = [
  bench(
    'filter (intrinsic + attribute)',
    mixed,
    '{ span.http.response.status_code >= 500 && duration > 1ms }',
  ),
  bench('filter (resource + regex)', mixed, '{ resource.service.name = "checkout" && name =~ "GET.*" }'),
  bench('filter (attribute only)', mixed, '{ span.http.route =~ "/api/checkout/1.*" }'),
  bench('structural (descendant)', mixed, '{ resource.service.name = "frontend" } >> { status = error }'),
  bench(
    'structural + pipeline',
    mixed,
    '{ kind = server } > { kind = client } | by(resource.service.name) | count() > 2',
  ),
  bench('structural on a 100k-deep chain', chain, '{ span:parentID = nil } >> { status = error }'),
];
if (results.some((ok) => !ok)) process.exitCode = 1;

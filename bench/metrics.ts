// TraceQL metrics benchmark (issue 15's budgets): the embedded backend holding 100,000 traces / 1M
// spans spread over one hour, and the budgeted /api/metrics/query_range requests over that hour with
// Tempo's default step, each cold (first) and warm (second). Timed twice: on a query worker through
// the `local` datasource (the path the app's requests take), and on the main thread through
// `backend.tempo.handle`, where the heap and RSS are read around each request.
// Run: npx tsx bench/metrics.ts   (prints figures, budgets beside them, never fails on a timing)

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createEmbedded, type EmbeddedInstance } from '../server/embedded/index.ts';
import type { InProcessRequest, InProcessResponse } from '../server/gateway/in-process.ts';
import { makeBatches } from './embedded-traffic.ts';
import { median } from './measure.ts';

const TRACES = 100_000;
const SPANS_PER_TRACE = 10;
const HOUR_S = 3600;

interface Request {
  q: string;
  instant?: boolean;
}

interface Budgeted {
  label: string;
  /** Requests sent together, level after level (the services page sends four per level). */
  levels: Request[][];
  budgetMs: number;
}

const SERVICE = 'resource.service.name';

/** The services page's queries for one level, as src/features/services sends them. */
function servicesPage(service: string | undefined): Request[] {
  const scope = service === undefined ? '' : `${SERVICE} = "${service}"`;
  const groupBy = service === undefined ? SERVICE : 'name';
  const all = scope ? `{ ${scope} }` : '{ }';
  const failed = `{ ${scope ? `${scope} && ` : ''}status = error }`;
  const quantiles = `${all} | quantile_over_time(duration, .5, .95, .99) by (${groupBy})`;
  return [
    { q: `${all} | rate() by (${groupBy})` },
    { q: `${failed} | rate() by (${groupBy})` },
    { q: quantiles, instant: true },
    { q: quantiles },
  ];
}

const BUDGETED: Budgeted[] = [
  { label: 'rate by service', levels: [[{ q: `{ } | rate() by (${SERVICE})` }]], budgetMs: 1000 },
  {
    label: 'errors by service, name',
    levels: [[{ q: `{ status = error } | count_over_time() by (${SERVICE}, name)` }]],
    budgetMs: 1000,
  },
  {
    label: 'quantiles by service',
    levels: [[{ q: `{ } | quantile_over_time(duration, .5, .95, .99) by (${SERVICE})` }]],
    budgetMs: 1500,
  },
  {
    label: 'services page (all services, then payment; four at a time as the page sends them)',
    levels: [servicesPage(undefined), servicesPage('payment')],
    budgetMs: 2000,
  },
];

type Handle = (r: InProcessRequest) => Promise<InProcessResponse>;

function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}

// A full GC between measurements, without needing --expose-gc on the command line.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as (() => void) | undefined;

async function request(
  handle: Handle,
  q: string,
  window: { startS: number; endS: number },
  instant: boolean,
): Promise<{ series: number; samples: number }> {
  const query = new URLSearchParams({ q, start: String(window.startS), end: String(window.endS) });
  const res = await handle({
    method: 'GET',
    path: instant ? '/api/metrics/query' : '/api/metrics/query_range',
    query,
    headers: {},
    signal: new AbortController().signal,
  });
  if (res.status !== 200) throw new Error(`${q} answered ${res.status}: ${String(res.body)}`);
  const body = JSON.parse(String(res.body)) as { series: { samples?: unknown[] }[] };
  let samples = 0;
  for (const s of body.series) samples += s.samples?.length ?? 1;
  return { series: body.series.length, samples };
}

async function main(): Promise<void> {
  // Whole seconds, so the hour's edges are exact in the request.
  const baseS = Math.floor(Date.now() / 1000) - HOUR_S - 60;
  const baseNs = BigInt(baseS) * 1_000_000_000n;
  const spacingNs = BigInt((HOUR_S * 1e9) / TRACES);
  const backend: EmbeddedInstance = await createEmbedded({
    otlpPort: 0,
    demo: false,
    limits: { maxTraces: 200_000, maxBytes: 4 * 1024 ** 3 },
  });
  const t0 = performance.now();
  for (let first = 0; first < TRACES; first += 500)
    backend.store.ingest(makeBatches(first, 500, SPANS_PER_TRACE, baseNs, spacingNs));
  console.log(
    `loaded ${backend.store.size.toLocaleString('en')} traces, ${backend.store.spans.toLocaleString('en')} spans over ${HOUR_S} s, ${mib(backend.store.bytes)} stored, in ${(performance.now() - t0).toFixed(0)} ms (machine loaded)`,
  );
  const window = { startS: baseS, endS: baseS + HOUR_S };
  const local = backend.datasources.find((d) => d.name === 'local');
  if (!local) throw new Error('no local datasource');
  // Let the workers take in the store before timing them.
  await request(
    local.handle,
    '{ name = "warm-up" } | count_over_time()',
    { startS: baseS, endS: baseS + 1 },
    false,
  );

  const paths: [string, Handle][] = [
    ['query worker (local datasource)', local.handle],
    ['main thread (tempo.handle)', (r) => backend.tempo.handle(r)],
  ];
  console.log(
    `\nwindow ${HOUR_S} s, Tempo's default step (14 s, 259 samples); figures in ms, machine loaded`,
  );
  for (const [pathLabel, handle] of paths) {
    console.log(`\n${pathLabel}:`);
    console.log(
      '| query | cold | warm (best of 3) | warm median | CPU, warm best | budget | series | samples | heap delta | retained | RSS delta |',
    );
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const b of BUDGETED) {
      const wall: number[] = [];
      const cpu: number[] = [];
      let series = 0;
      let samples = 0;
      let heapDelta = 0;
      let retained = 0;
      let rssDelta = 0;
      for (let pass = 0; pass < 4; pass++) {
        gc?.();
        const before = process.memoryUsage();
        const cpuBefore = process.cpuUsage();
        const start = performance.now();
        series = 0;
        samples = 0;
        // The page sends a level's requests together; the next level after the first answers.
        for (const level of b.levels) {
          const answers = await Promise.all(
            level.map((r) => request(handle, r.q, window, r.instant ?? false)),
          );
          for (const got of answers) {
            series += got.series;
            samples += got.samples;
          }
        }
        wall.push(performance.now() - start);
        const used = process.cpuUsage(cpuBefore);
        cpu.push((used.user + used.system) / 1000);
        const after = process.memoryUsage();
        heapDelta = Math.max(heapDelta, after.heapUsed - before.heapUsed);
        rssDelta = Math.max(rssDelta, after.rss - before.rss);
        gc?.();
        retained = Math.max(retained, process.memoryUsage().heapUsed - before.heapUsed);
      }
      const warm = wall.slice(1);
      const best = Math.min(...warm);
      const over = (ms: number) => (ms > b.budgetMs ? ' (over)' : '');
      console.log(
        `| ${b.label} | ${wall[0].toFixed(0)}${over(wall[0])} | ${best.toFixed(0)}${over(best)} | ${median(warm).toFixed(0)} | ${Math.min(...cpu.slice(1)).toFixed(0)} | ${b.budgetMs} | ${series} | ${samples.toLocaleString('en')} | ${mib(heapDelta)} | ${gc ? mib(retained) : 'n/a'} | ${mib(rssDelta)} |`,
      );
    }
  }
  console.log(
    "\nms of wall time; CPU: the process's user + system time over the request(s), all threads (the figure the other helpers' load disturbs least). heap delta: heap in use after the request(s) minus before (garbage not yet collected included); retained: the same after a full GC; RSS delta: process RSS after minus before; on the worker path these are the main thread's only.",
  );

  // Memory against the spans read: the same query over a quarter, half and all of the hour, on the
  // main thread. Bounded by series × steps means the retained figure does not grow with the spans.
  console.log('\nrate by service over growing windows (main thread):');
  console.log('| window | spans in window | ms | series × samples | heap delta | retained |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const fraction of [0.25, 0.5, 1]) {
    const w = { startS: baseS, endS: baseS + Math.round(HOUR_S * fraction) };
    gc?.();
    const before = process.memoryUsage().heapUsed;
    const start = performance.now();
    const got = await request((r) => backend.tempo.handle(r), `{ } | rate() by (${SERVICE})`, w, false);
    const took = performance.now() - start;
    const after = process.memoryUsage().heapUsed;
    gc?.();
    const kept = process.memoryUsage().heapUsed - before;
    console.log(
      `| ${w.endS - w.startS} s | ${Math.round(TRACES * SPANS_PER_TRACE * fraction).toLocaleString('en')} | ${took.toFixed(0)} | ${got.samples.toLocaleString('en')} | ${mib(after - before)} | ${gc ? mib(kept) : 'n/a'} |`,
    );
  }
  await backend.close();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});

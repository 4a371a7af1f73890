// Embedded queries under load (issue 14): five heavy TraceQL searches (`{ name =~ ".*zzz.*" }`, which
// no pre-filter can prune) in flight over ~430,000 spans, while /healthz is polled every 20 ms and a
// 10-span OTLP protobuf request is sent every 50 ms; p50/p99 of both, with the query workers off
// (queries on the event loop, as before) and on. Then five clients that give up after 1 s.
// Run: npx tsx bench/queries.ts   (prints figures; the goal is printed beside them, never enforced)

import { createEmbedded, type EmbeddedInstance } from '../server/embedded/index.ts';
import { encodeTracesData } from '../server/embedded/otlp/otlp-protobuf.ts';
import {
  formatLatencies,
  HEAVY_TRACEQL,
  latencies,
  loadTraces,
  probeWhile,
  serve,
  traceBatches,
} from '../server/embedded/query/testing/load.ts';

const TRACES = 43_000; // x 10 spans: the 430k
const GOAL = 'goal p99 <= 100 ms';

async function underLoad(workers: number): Promise<void> {
  const backend: EmbeddedInstance = await createEmbedded({
    otlpPort: 'ephemeral',
    demo: false,
    queryWorkers: workers,
    limits: { maxTraces: 200_000, maxBytes: 4 * 1024 ** 3 },
  });
  const t0 = performance.now();
  loadTraces(backend, TRACES);
  const label = workers === 0 ? 'workers off (event loop)' : `${workers} query workers`;
  console.log(
    `[${label}] loaded ${backend.store.spans.toLocaleString('en')} spans in ${(performance.now() - t0).toFixed(0)} ms`,
  );
  const { app, origin } = await serve(backend);
  const search = (signal?: AbortSignal) =>
    fetch(`${origin}/api/ds/local/api/search?${new URLSearchParams({ q: HEAVY_TRACEQL, limit: '20' })}`, {
      signal,
    });
  // Warm the workers (their first query also compiles the code paths).
  await fetch(`${origin}/api/ds/local/api/search?q=%7B%7D&limit=1`).then((r) => r.text());

  const ingestUrl = `http://127.0.0.1:${backend.otlpPort}/v1/traces`;
  let n = 0;
  let failures = 0;
  /** A probe that fails (the event loop was blocked past the client's patience) counts, not throws. */
  const counted = (probe: () => Promise<void>) => () => probe().catch(() => void failures++);
  const started = performance.now();
  const heavy = Promise.all(Array.from({ length: 5 }, () => search().then((r) => r.text())));
  const [health, ingest] = await Promise.all([
    probeWhile(
      heavy,
      20,
      counted(async () => {
        await (await fetch(`${origin}/healthz`)).text();
      }),
    ),
    probeWhile(
      heavy,
      50,
      counted(async () => {
        const body = encodeTracesData(traceBatches(10_000_000 + n++, 1, 10));
        await (
          await fetch(ingestUrl, {
            method: 'POST',
            body: new Uint8Array(body),
            headers: { 'content-type': 'application/x-protobuf' },
          })
        ).arrayBuffer();
      }),
    ),
  ]);
  console.log(
    `[${label}] 5 x ${HEAVY_TRACEQL} over ${backend.store.spans.toLocaleString('en')} spans: ${(performance.now() - started).toFixed(0)} ms for all five, RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`,
  );
  console.log(`[${label}] ${formatLatencies('/healthz', latencies(health))}; ${GOAL}`);
  console.log(`[${label}] ${formatLatencies('ingest', latencies(ingest))}; ${GOAL}`);
  if (failures) console.log(`[${label}] ${failures} probe requests failed (connection reset while blocked)`);

  // Clients that give up after 1 s: how long until the server answers /healthz again and the
  // workers are free.
  const controllers = Array.from({ length: 5 }, () => new AbortController());
  // Measured from when they gave up (a blocked event loop fires the 1 s timer late).
  const abortedAt = performance.now() + 1_000;
  const gaveUp = controllers.map((c) => search(c.signal).catch(() => undefined));
  await new Promise((r) => setTimeout(r, 1_000));
  for (const c of controllers) c.abort();
  await (await fetch(`${origin}/healthz`)).text();
  const healthAfter = performance.now() - abortedAt;
  await Promise.all(gaveUp);
  let freed = performance.now() - abortedAt;
  if (backend.queryPool) {
    while (backend.queryPool.load.running > 0) await new Promise((r) => setTimeout(r, 5));
    freed = performance.now() - abortedAt;
  }
  console.log(
    `[${label}] 5 clients gave up after 1 s: /healthz answered ${healthAfter.toFixed(0)} ms later, search work ended ${freed.toFixed(0)} ms later`,
  );
  await app.close();
  await backend.close();
}

async function main(): Promise<void> {
  await underLoad(0);
  await underLoad(2);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});

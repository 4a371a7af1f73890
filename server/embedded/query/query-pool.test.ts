import { afterEach, describe, expect, it } from 'vitest';
import { LogStore } from '../logs/log-store.ts';
import { TraceStore } from '../store.ts';
import { FragmentArena } from './fragment-arena.ts';
import { DEFAULT_QUERY_CAPS, type QueryCaps } from './query-caps.ts';
import { type QueryOutcome, QueryPool } from './query-pool.ts';
import { HEAVY_TRACEQL, traceBatches } from './testing/load.ts';

let pool: QueryPool | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

function setUp(caps: Partial<QueryCaps> = {}, graceMs?: number, maxTraces = 1_000_000) {
  // Small blocks, so eviction empties some and the workers are told to drop them.
  const arena = new FragmentArena(64 * 1024);
  const store = new TraceStore({ maxTraces, maxBytes: 1024 ** 3 }, arena);
  const logs = new LogStore();
  pool = new QueryPool({
    store,
    arena,
    logs,
    logLimits: logs.limits,
    caps: { ...DEFAULT_QUERY_CAPS, ...caps },
    workers: 1,
    ...(graceMs !== undefined ? { graceMs } : {}),
  });
  return { store, arena, pool };
}

/** The traces a worker finds; without `q`, the legacy search that reads summaries only (fast). */
async function traceIds(p: QueryPool, q?: string): Promise<string[]> {
  const outcome = await p.run({
    api: 'tempo',
    method: 'GET',
    path: '/api/search',
    query: new URLSearchParams({ ...(q ? { q } : {}), limit: '100000' }).toString(),
    headers: {},
  });
  if (outcome.kind !== 'done') throw new Error(`search ended ${outcome.kind}`);
  return (JSON.parse(String(outcome.response.body)) as { traces: { traceID: string }[] }).traces
    .map((t) => t.traceID)
    .sort();
}

const idsOf = (store: TraceStore) => Array.from(store.records(), (r) => r.traceId).sort();

describe('the query pool keeps its workers in step with the store', () => {
  it('sees every commit before the next query, evictions and late spans included', async () => {
    const { store, arena, pool } = setUp({}, undefined, 3_000);
    store.ingest(traceBatches(0, 2_000, 5));
    expect(await traceIds(pool)).toEqual(idsOf(store));
    // 2,000 more: the oldest 1,000 are evicted, and with them whole arena blocks.
    let dropped = 0;
    arena.onDrop(() => dropped++);
    store.ingest(traceBatches(2_000, 2_000, 5));
    expect(store.size).toBe(3_000);
    expect(dropped).toBeGreaterThan(0);
    expect(await traceIds(pool)).toEqual(idsOf(store));
    // A late span of a stored trace: the worker reads the trace's new fragment too.
    const late = traceBatches(3_999, 1, 1);
    late[0].scopeSpans[0].spans[0].spanId = 'ffffffffffffffff';
    late[0].scopeSpans[0].spans[0].name = 'late-zzz';
    store.ingest(late);
    expect(await traceIds(pool, '{ name = "late-zzz" }')).toEqual([(4_000).toString(16).padStart(32, '0')]);
    store.clear();
    expect(await traceIds(pool)).toEqual([]);
  }, 60_000);

  it('replaces a worker that does not stop in time, and the new one sees the whole store', async () => {
    // No grace, and a newest trace of 200,000 spans, read with no checkpoint inside it: the worker is
    // still in that trace when the query is stopped, so it is killed.
    const { store, pool } = setUp({}, 0);
    store.ingest(traceBatches(0, 6_000, 10));
    store.ingest(traceBatches(6_000, 1, 200_000));
    expect(await traceIds(pool)).toHaveLength(6_001); // the worker is up and has applied the store
    const stop = new AbortController();
    const heavy = pool.run(
      {
        api: 'tempo',
        method: 'GET',
        path: '/api/search',
        query: new URLSearchParams({ q: HEAVY_TRACEQL }).toString(),
        headers: {},
      },
      stop.signal,
    );
    await new Promise((r) => setTimeout(r, 80)); // decoding the big trace
    stop.abort();
    const outcome: QueryOutcome = await heavy;
    expect(outcome.kind).toBe('aborted');
    expect(pool.replaced).toBe(1);
    // Changes made while the new worker is sent the snapshot reach it too, after it.
    store.ingest(traceBatches(7_000, 10, 10));
    expect(await traceIds(pool)).toEqual(idsOf(store));
    expect(await traceIds(pool, '{ name = "operation-12" && span.http.route = "/api/items/16" }')).toEqual(
      idsOf(store).filter((id) => store.get(id)?.spanCount === 200_000),
    );
  }, 60_000);
});

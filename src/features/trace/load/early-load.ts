// A trace load started at boot (src/app/boot.ts, decision 0320), before the trace page's chunk has
// arrived: the worker's script, the trace's fetch and its decoding overlap the page's code instead of
// following it. The page's loader (use-trace-load.ts) adopts it when it asks for the same thing —
// same trace, datasources, window and skew switch — and otherwise takes only the worker and cancels
// the rest. Unclaimed for a while (the URL led elsewhere), everything is let go. The compare page
// (`/compare/<A>/<B>`, decision 0244) starts one per side from datasources, each claimed by its key.
import type { RuntimeConfig } from '../../../datasources/config.ts';
import { TRACE_DATASOURCE_TYPES } from '../../../datasources/config.ts';
import { datasourceBaseUrl } from '../../../datasources/http.ts';
import { parseCompareUrl } from '../../../routes/compare-url.ts';
import { parseTraceUrl } from '../../../routes/trace-url.ts';
import { type LoadOutcome, TraceWorkerClient } from '../../../worker/client.ts';
import type { DatasourceTarget, Progress } from '../../../worker/protocol.ts';

const UNCLAIMED_LIFETIME_MS = 10_000;

/** What a datasource load asks for; two loads with the same key fetch the same trace the same way. */
export interface TraceLoadKey {
  traceId: string;
  datasources: readonly string[];
  start?: number;
  end?: number;
  skewAdjust: boolean;
}

export interface EarlyLoad {
  outcome: Promise<LoadOutcome>;
  /** The last progress so far, then every later one. Returns an unsubscribe. */
  follow: (listener: (progress: Progress) => void) => () => void;
  abort: () => void;
}

interface Waiting {
  client: TraceWorkerClient;
  key: string | null;
  load: EarlyLoad | null;
  timer: ReturnType<typeof setTimeout>;
}

/** The loads started at boot and not claimed yet (one for a trace page, one per side for a compare). */
let waiting: Waiting[] = [];

/** What a boot-time load asks for, read from the URL. */
interface EarlyRequest {
  traceId: string;
  ds?: string;
  start?: number;
  end?: number;
  skewAdjust: boolean;
}

/** The datasource loads a route path names: a trace page's trace, or each side of a compare. */
function earlyRequests(routePath: string, search: string): EarlyRequest[] {
  const trace = /^\/?trace\/([^/]+)\/?$/.exec(routePath);
  const compare = /^\/?compare\/([^/]+)\/([^/]+)\/?$/.exec(routePath);
  try {
    if (trace) {
      const parsed = parseTraceUrl(decodeURIComponent(trace[1]), search);
      if (!parsed.ok || parsed.state.file !== undefined) return [];
      const { traceId, ds, start, end, skewAdjust } = parsed.state;
      return [{ traceId, ds, start, end, skewAdjust }];
    }
    if (compare) {
      const parsed = parseCompareUrl(decodeURIComponent(compare[1]), decodeURIComponent(compare[2]), search);
      if (!parsed.ok) return [];
      return [parsed.state.a, parsed.state.b].flatMap((side) =>
        side && side.file === undefined ? [{ ...side, skewAdjust: false }] : [],
      );
    }
  } catch {
    // A malformed escape in the path: nothing to start.
  }
  return [];
}

export function loadKey(key: TraceLoadKey): string {
  return JSON.stringify([key.traceId, key.datasources, key.start ?? null, key.end ?? null, key.skewAdjust]);
}

/** The trace datasources a load asks: the named one, or every one when the URL names none. */
export function traceTargets(
  config: RuntimeConfig,
  ds: string | undefined,
  baseUri: string,
): DatasourceTarget[] {
  return config.datasources
    .filter((d) => TRACE_DATASOURCE_TYPES.includes(d.type) && (!ds || d.name === ds))
    .map((d) => ({
      name: d.name,
      type: d.type as DatasourceTarget['type'],
      displayName: d.displayName,
      baseUrl: datasourceBaseUrl(d.name, baseUri),
      embedded: d.embedded,
    }));
}

/**
 * Starts the worker for `/trace/<id>` (not a `file=` trace, which has its own), or one per side of
 * `/compare/<A>/<B>`, and the loads themselves when the config is at hand. `routePath` is the path
 * below the router's basename.
 */
export function startEarlyTraceLoad(
  routePath: string,
  search: string,
  config: RuntimeConfig | undefined,
  baseUri: string,
  create: () => TraceWorkerClient = () => new TraceWorkerClient(),
): void {
  if (waiting.length > 0) return;
  for (const request of earlyRequests(routePath, search)) {
    const client = create();
    const timer = setTimeout(() => {
      const entry = waiting.find((w) => w.client === client);
      if (!entry) return;
      entry.load?.abort();
      waiting = waiting.filter((w) => w !== entry);
      client.dispose();
    }, UNCLAIMED_LIFETIME_MS);
    const entry: Waiting = { client, key: null, load: null, timer };
    waiting.push(entry);
    if (!config) continue;
    const { traceId, ds, start, end, skewAdjust } = request;
    const targets = traceTargets(config, ds, baseUri);
    if (targets.length === 0) continue;
    entry.key = loadKey({ traceId, datasources: targets.map((t) => t.name), start, end, skewAdjust });
    markLoadPhase('requested');
    entry.load = followLoad((onProgress, signal) =>
      client.load(
        {
          kind: 'datasources',
          traceId,
          datasources: targets,
          start,
          end,
          label: ds ?? 'all trace datasources',
        },
        { adjustSkew: skewAdjust },
        onProgress,
        signal,
      ),
    );
  }
}

/**
 * The boot's worker, once, with its load when that load is the one `key` names (a different one is
 * cancelled). Null when nothing was started or it is gone.
 */
export function takeEarlyTraceLoad(
  key: TraceLoadKey | null,
): { client: TraceWorkerClient; load: EarlyLoad | null } | null {
  if (waiting.length === 0) return null;
  const wanted = key === null ? null : loadKey(key);
  const entry = waiting.find((w) => w.key !== null && w.key === wanted) ?? waiting[0];
  waiting = waiting.filter((w) => w !== entry);
  const { client, load, timer } = entry;
  const matches = wanted !== null && entry.key === wanted;
  clearTimeout(timer);
  if (load && !matches) load.abort();
  return { client, load: matches ? load : null };
}

function followLoad(
  start: (onProgress: (p: Progress) => void, signal: AbortSignal) => Promise<LoadOutcome>,
): EarlyLoad {
  const controller = new AbortController();
  let last: Progress | null = null;
  const listeners = new Set<(p: Progress) => void>();
  const outcome = start((progress) => {
    markLoadPhase(progress.phase);
    last = progress;
    for (const listener of listeners) listener(progress);
  }, controller.signal);
  return {
    outcome,
    follow: (listener) => {
      if (last) listener(last);
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    abort: () => controller.abort(),
  };
}

/**
 * `tracelight:<phase>` marks on the page's timeline (DevTools' Timings track, and the browser
 * bench reads them): where the time between navigation and the first rows goes.
 */
export function markLoadPhase(phase: string) {
  performance.mark(`tracelight:${phase}`);
}

// The one owner of the trace page's workers and its load state. Three kinds of worker show here:
// - the page's datasource worker, one for every datasource load while the page lives (its datasource
//   clients remember what they learned — Jaeger v3 or legacy, Tempo without v2 — from one trace to
//   the next, decision 0114), terminated when the page is left;
// - a trace opened from a file on this page, whose worker is the page's unless the app-wide store
//   took it;
// - a trace opened elsewhere (home page), held by the app-wide store.
// A file's trace is asked for by its file number and ID (`file`, decision 0180), never from datasources.
// A new load replaces the datasource worker's trace; the skew switch re-analyses in place.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useRuntimeConfig } from '../../../queries/config.ts';
import type { TraceTime } from '../../../routes/trace-window.ts';
import { rememberRecentTrace } from '../../../state/recent-traces.ts';
import { type LoadOutcome, TraceWorkerClient } from '../../../worker/client.ts';
import type { DatasourceTarget, LoadedTrace, LoadFailure, Progress } from '../../../worker/protocol.ts';
import { createOpenedTraces, type OpenedTrace, useOpenedTraces } from '../../open-file/index.ts';
import { loadedTraceTime } from '../trace-time.ts';
import { type EarlyLoad, markLoadPhase, takeEarlyTraceLoad, traceTargets } from './early-load.ts';

export type LoadState =
  | { status: 'loading'; progress: Progress | null }
  | { status: 'loaded'; client: TraceWorkerClient; trace: LoadedTrace; fileName?: string }
  | { status: 'failed'; failure: LoadFailure }
  /** The URL names a file this tab no longer holds (a reload, or a link from another tab). */
  | { status: 'file-missing'; file: number };

/** What the page asks for: a trace ID, optionally in one datasource and time window. */
export interface TraceLoadRequest {
  traceId: string;
  /** The trace comes from the n-th file opened in this tab. */
  file?: number;
  ds?: string;
  start?: number;
  end?: number;
  skewAdjust: boolean;
  /** Linked traces to stitch in (URL `with`, already cut to the number loaded at a time). */
  stitchWith?: readonly string[];
  /** The critical path runs across the stitched set (URL `xcp`). */
  crossTracePath?: boolean;
}

export interface TraceLoad {
  state: LoadState;
  /** Linked traces being fetched for stitching (done of total), or null. */
  stitching: { done: number; total: number } | null;
  /** Hands a trace opened from a file on this page to the page (its worker is ours now); gives its file number. */
  adoptOpened: (opened: OpenedTrace) => number;
  /** Fetches the trace again from its datasources (a trace still arriving); files cannot be. */
  reload: () => void;
  /** Shows the loaded trace's values as decoded, or redacted again (decision 0319; not in the URL). */
  setReveal: (reveal: boolean) => void;
}

export function useTraceLoad(request: TraceLoadRequest): TraceLoad {
  const { traceId, file, ds, start, end, skewAdjust: skew } = request;
  const cross = request.crossTracePath ?? false;
  const stitchKey = (request.stitchWith ?? []).join(',');
  const config = useRuntimeConfig();
  const opened = useOpenedTraces();
  // Without the app-wide store (tests, embedding without the shell) the page keeps its own.
  const [own] = useState(createOpenedTraces);
  const store = opened ?? own;
  const [local, setLocal] = useState<OpenedTrace | null>(null);
  const [state, setState] = useState<LoadState>({ status: 'loading', progress: null });
  const [generation, setGeneration] = useState(0);
  const [reveal, setReveal] = useState(false);
  // Another trace opens redacted again.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the trace changes
  useEffect(() => setReveal(false), [traceId, file]);

  const targets = useMemo((): DatasourceTarget[] | null => {
    if (!config.data) return null;
    return traceTargets(config.data, ds, document.baseURI);
  }, [config.data, ds]);

  // A file-opened trace's worker belongs to this page unless the app-wide store took it.
  useEffect(
    () => () => {
      if (local && !opened) local.client.dispose();
    },
    [local, opened],
  );

  const fromFile = file === undefined ? null : (store.get(traceId, file) ?? null);

  const datasourceWorker = useRef<TraceWorkerClient | null>(null);
  useEffect(
    () => () => {
      datasourceWorker.current?.dispose();
      datasourceWorker.current = null;
    },
    [],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: reload only when what to fetch changes
  useEffect(() => {
    if (!traceId || fromFile) return;
    if (file !== undefined) {
      setState({ status: 'file-missing', file });
      return;
    }
    // Started before the runtime config arrives (at boot, when the URL named this page: then the
    // load may be under way already), so the worker's script loads while config.json does.
    let early: EarlyLoad | null = null;
    if (!datasourceWorker.current) {
      const key = targets && {
        traceId,
        datasources: targets.map((t) => t.name),
        start,
        end,
        skewAdjust: skew,
      };
      const taken = takeEarlyTraceLoad(key);
      datasourceWorker.current = taken?.client ?? new TraceWorkerClient();
      early = taken?.load ?? null;
    }
    if (!targets) return;
    const client = datasourceWorker.current;
    const abort = new AbortController();
    let live = true;
    setState({ status: 'loading', progress: null });
    const onProgress = (progress: Progress) => {
      markLoadPhase(progress.phase);
      if (live) setState({ status: 'loading', progress });
    };
    let unfollow = () => {};
    let loading: Promise<LoadOutcome>;
    if (early) {
      unfollow = early.follow(onProgress);
      loading = early.outcome;
    } else {
      markLoadPhase('requested');
      loading = client.load(
        {
          kind: 'datasources',
          traceId,
          datasources: targets,
          start,
          end,
          label: ds ?? 'all trace datasources',
        },
        { adjustSkew: skew },
        onProgress,
        abort.signal,
      );
    }
    void loading.then((outcome) => {
      markLoadPhase('received');
      if (!live) return;
      if (outcome.ok) rememberLoaded(outcome.trace, ds);
      setState(
        outcome.ok
          ? { status: 'loaded', client, trace: outcome.trace }
          : { status: 'failed', failure: outcome.failure },
      );
    });
    return () => {
      live = false;
      abort.abort();
      early?.abort();
      unfollow();
    };
  }, [traceId, file, targets, start, end, fromFile, generation]);

  useEffect(() => {
    if (!fromFile) return;
    setState({
      status: 'loaded',
      client: fromFile.client,
      trace: fromFile.trace,
      fileName: fromFile.fileName,
    });
  }, [fromFile]);

  // Clock-skew adjustment, the critical path across stitched traces and the reveal switch: same
  // worker, fresh table.
  const loaded = state.status === 'loaded' ? state : null;
  const stitchedKey = loaded?.trace.stitch?.asked.join(',') ?? '';
  useEffect(() => {
    if (!loaded) return;
    const crossNow = loaded.trace.stitch ? loaded.trace.stitch.crossTracePath : cross;
    const redaction = loaded.trace.redaction;
    const revealed = reveal && redaction?.mayReveal === true;
    const revealedNow = redaction?.revealed ?? false;
    if (loaded.trace.skewAdjusted === skew && crossNow === cross && revealedNow === revealed) return;
    // A stitch under way sends its own table with these options.
    if (stitchedKey !== stitchKey) return;
    let live = true;
    void loaded.client
      .reanalyse({
        adjustSkew: skew,
        pickTraceId: loaded.trace.traceId,
        crossTracePath: cross,
        reveal: revealed,
      })
      .then((outcome) => {
        if (live && outcome.ok) setState({ ...loaded, trace: outcome.trace });
      });
    return () => {
      live = false;
    };
  }, [loaded, skew, cross, reveal, stitchKey, stitchedKey]);

  // The redaction count runs in the worker after first paint (decision 0318): the badge says
  // "counting…" until the worker answers, then the figures replace it on the same trace.
  const countPending = loaded?.trace.redaction?.counting === true;
  useEffect(() => {
    if (!loaded || !countPending) return;
    let live = true;
    void loaded.client.redactionCount().then((counted) => {
      if (!live || counted === null || counted.traceId !== loaded.trace.traceId) return;
      setState({ ...loaded, trace: { ...loaded.trace, redaction: counted.redaction } });
    });
    return () => {
      live = false;
    };
  }, [loaded, countPending]);

  // Stitching linked traces in (decision 0284): the worker fetches them and sends a combined table.
  const [stitching, setStitching] = useState<{ done: number; total: number } | null>(null);
  const loadedTraceId = loaded?.trace.traceId;
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-stitch only when what to stitch changes
  useEffect(() => {
    if (!loaded || loadedTraceId !== traceId || stitchedKey === stitchKey) return;
    const abort = new AbortController();
    let live = true;
    const ids = stitchKey ? stitchKey.split(',') : [];
    setStitching(ids.length > 0 ? { done: 0, total: ids.length } : null);
    void loaded.client
      .stitch(
        ids,
        targets ?? [],
        { adjustSkew: skew, pickTraceId: loaded.trace.traceId, crossTracePath: cross },
        (p) => live && p.phase === 'fetching' && setStitching({ done: p.done, total: p.total ?? ids.length }),
        abort.signal,
      )
      .then((outcome) => {
        if (!live) return;
        setStitching(null);
        if (outcome.ok) setState({ ...loaded, trace: outcome.trace });
      });
    return () => {
      live = false;
      abort.abort();
      setStitching(null);
    };
  }, [loaded?.client, loadedTraceId, traceId, stitchKey, stitchedKey, targets]);

  const adoptOpened = (result: OpenedTrace) => {
    const number = store.put(result);
    setLocal((previous) => {
      if (previous && previous.client !== result.client && !opened) previous.client.dispose();
      return result;
    });
    return number;
  };
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { state, adoptOpened, stitching, setReveal, reload };
}

/** Adds a trace loaded from a datasource to the home page's recent list (files cannot be reopened). */
function rememberLoaded(trace: LoadedTrace, ds: string | undefined) {
  const t = trace.table;
  const root = trace.roots.length > 0 ? trace.roots[0] : -1;
  rememberRecentTrace({
    traceId: trace.traceId,
    ds: trace.foundIn ?? ds,
    rootService: root >= 0 ? t.strings[t.service[root]] : '',
    rootName: root >= 0 ? t.strings[t.name[root]] : '',
    openedAt: Date.now(),
    ...recentBounds(loadedTraceTime(trace)),
  });
}

function recentBounds(time: TraceTime | undefined) {
  return time?.kind === 'bounds' ? { startUnixMs: time.startUnixMs, endUnixMs: time.endUnixMs } : {};
}

// `/trace/:traceId`: finds the trace (in the named datasource, or in every trace datasource at
// once), loads it in a worker of its own (terminated on leave) and shows it; files opened in the
// browser land here too. Loading, not-found and backend errors are part of this page.
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router';
import { TRACE_DATASOURCE_TYPES } from '../../datasources/config.ts';
import { datasourceBaseUrl } from '../../datasources/http.ts';
import { useRuntimeConfig } from '../../queries/config.ts';
import { tracePath } from '../../routes/trace-url.ts';
import { rememberRecentTrace } from '../../state/recent-traces.ts';
import { Notice } from '../../ui/Notice.tsx';
import { TraceWorkerClient } from '../../worker/client.ts';
import type { DatasourceTarget, LoadedTrace, LoadFailure, Progress } from '../../worker/protocol.ts';
import { type OpenedResult, OpenFiles } from '../open-file/OpenFiles.tsx';
import { useOpenedTraces } from '../open-file/opened-traces.tsx';
import { TraceScreen } from './TraceScreen.tsx';
import { useTraceUrl } from './use-trace-url.ts';

type LoadState =
  | { status: 'loading'; progress: Progress | null }
  | { status: 'loaded'; client: TraceWorkerClient; trace: LoadedTrace }
  | { status: 'failed'; failure: LoadFailure };

export function TracePage() {
  const { parsed, update } = useTraceUrl();
  const config = useRuntimeConfig();
  const opened = useOpenedTraces();
  const [local, setLocal] = useState<OpenedResult | null>(null);
  const [state, setState] = useState<LoadState>({ status: 'loading', progress: null });
  const { ref: fillRef, height: fillHeight } = useFillViewport();

  const traceId = parsed.ok ? parsed.state.traceId : '';
  const ds = parsed.ok ? parsed.state.ds : undefined;
  const start = parsed.ok ? parsed.state.start : undefined;
  const end = parsed.ok ? parsed.state.end : undefined;
  const skew = parsed.ok ? parsed.state.skewAdjust : false;

  const targets = useMemo((): DatasourceTarget[] | null => {
    if (!config.data) return null;
    return config.data.datasources
      .filter((d) => TRACE_DATASOURCE_TYPES.includes(d.type) && (!ds || d.name === ds))
      .map((d) => ({
        name: d.name,
        type: d.type as DatasourceTarget['type'],
        displayName: d.displayName,
        baseUrl: datasourceBaseUrl(d.name, document.baseURI),
      }));
  }, [config.data, ds]);

  // A file-opened trace's worker belongs to this page unless the app-wide store took it.
  useEffect(
    () => () => {
      if (local && !opened) local.client.dispose();
    },
    [local, opened],
  );

  const fromFile = local && local.trace.traceId === traceId ? local : (opened?.get(traceId) ?? null);

  // One worker for the page's datasource loads, terminated when the page is left: its datasource
  // clients remember what they learned (Jaeger v3 or legacy, Tempo without v2) from one trace to the
  // next. A new load replaces the worker's trace; the skew switch re-analyses in place, below.
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
    // Started before the runtime config arrives, so the worker's script loads while config.json does.
    datasourceWorker.current ??= new TraceWorkerClient();
    if (!targets) return;
    const client = datasourceWorker.current;
    markLoadPhase('requested');
    const abort = new AbortController();
    let live = true;
    setState({ status: 'loading', progress: null });
    void client
      .load(
        {
          kind: 'datasources',
          traceId,
          datasources: targets,
          start,
          end,
          label: ds ?? 'all trace datasources',
        },
        { adjustSkew: skew },
        (progress) => {
          markLoadPhase(progress.phase);
          if (live) setState({ status: 'loading', progress });
        },
        abort.signal,
      )
      .then((outcome) => {
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
    };
  }, [traceId, targets, start, end, fromFile]);

  useEffect(() => {
    if (!fromFile) return;
    setState({ status: 'loaded', client: fromFile.client, trace: fromFile.trace });
  }, [fromFile]);

  // Clock-skew adjustment: same worker, fresh table.
  const loaded = state.status === 'loaded' ? state : null;
  useEffect(() => {
    if (!loaded || loaded.trace.skewAdjusted === skew) return;
    let live = true;
    void loaded.client.reanalyse({ adjustSkew: skew, pickTraceId: loaded.trace.traceId }).then((outcome) => {
      if (live && outcome.ok) setState({ status: 'loaded', client: loaded.client, trace: outcome.trace });
    });
    return () => {
      live = false;
    };
  }, [loaded, skew]);

  if (!parsed.ok) {
    return (
      <div className="mx-auto flex max-w-2xl flex-col gap-3 p-8">
        <title>Invalid trace ID · Tracelight</title>
        <h1 className="text-2xl font-semibold">Not a trace ID</h1>
        <Notice tone="error">
          <p>
            <code className="font-mono break-all">{parsed.rawTraceId}</code> is not a trace ID. {parsed.error}
          </p>
        </Notice>
        <p>
          <Link to="/" className="underline">
            Go to the home page
          </Link>
        </p>
      </div>
    );
  }

  const onOpened = (result: OpenedResult) => {
    opened?.put(result);
    setLocal((previous) => {
      if (previous && previous.client !== result.client && !opened) previous.client.dispose();
      return result;
    });
    update(
      { traceId: result.trace.traceId, ds: undefined, span: undefined, zoom: undefined, find: '' },
      'push',
    );
  };
  const openFiles = <OpenFiles compact onOpened={onOpened} />;
  const hrefOf = (path: string) => new URL(path.replace(/^\/+/, ''), document.baseURI).href;

  return (
    <div ref={fillRef} className="flex min-h-0 flex-col" style={{ height: fillHeight }}>
      <title>{`Trace ${traceId.slice(0, 8)} · Tracelight`}</title>
      {state.status === 'loaded' ? (
        <TraceScreen
          trace={state.trace}
          client={state.client}
          url={parsed.state}
          update={update}
          hrefOf={hrefOf}
          toolbarExtra={parsed.state.embed ? null : openFiles}
        />
      ) : (
        <div className="mx-auto flex w-full max-w-3xl flex-col gap-3 p-6">
          {config.isError ? (
            <Notice tone="error">Could not read the server's configuration: {String(config.error)}</Notice>
          ) : null}
          {state.status === 'loading' ? <Loading traceId={traceId} progress={state.progress} /> : null}
          {state.status === 'failed' ? <Failure traceId={traceId} failure={state.failure} ds={ds} /> : null}
          <OpenFiles onOpened={onOpened} />
        </div>
      )}
    </div>
  );
}

/**
 * `tracelight:<phase>` marks on the page's timeline (DevTools' Timings track, and the browser
 * bench reads them): where the time between navigation and the first rows goes.
 */
function markLoadPhase(phase: string) {
  performance.mark(`tracelight:${phase}`);
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
  });
}

function Loading(props: { traceId: string; progress: Progress | null }) {
  const p = props.progress;
  const words: Record<Progress['phase'], string> = {
    fetching: 'Fetching',
    decoding: 'Decoding',
    analysing: 'Analysing',
    transferring: 'Preparing the view',
  };
  const amount =
    p && p.phase === 'fetching' && p.done > 0
      ? ` ${(p.done / 1e6).toFixed(1)} MB${p.total ? ` of ${(p.total / 1e6).toFixed(1)} MB` : ''}`
      : p && p.phase === 'analysing' && p.total
        ? ` ${p.total.toLocaleString('en-US')} spans`
        : '';
  return (
    <div role="status" aria-live="polite" data-testid="trace-loading">
      <p>
        {p ? words[p.phase] : 'Looking for'} trace <span className="font-mono">{props.traceId}</span>
        {amount}…
      </p>
      {p?.total && p.phase === 'fetching' ? (
        <progress className="w-full" value={p.done} max={p.total} />
      ) : (
        <progress className="w-full" />
      )}
    </div>
  );
}

function Failure(props: { traceId: string; failure: LoadFailure; ds: string | undefined }) {
  const f = props.failure;
  const answers = f.kind === 'not-found' || f.kind === 'datasource' ? (f.answers ?? []) : [];
  const title =
    f.kind === 'not-found'
      ? 'Trace not found'
      : f.kind === 'http' || f.kind === 'datasource'
        ? 'The backend answered with an error'
        : f.kind === 'decode'
          ? 'The trace could not be read'
          : 'The trace could not be loaded';
  return (
    <section aria-label={title} data-testid="trace-failure">
      <h1 className="mb-2 text-xl font-semibold">{title}</h1>
      <Notice tone={f.kind === 'not-found' ? 'warning' : 'error'}>
        <p>
          <span className="font-mono">{props.traceId}</span>:{' '}
          {f.kind === 'http' || (f.kind === 'datasource' && f.status)
            ? `HTTP ${f.kind === 'http' ? f.status : f.status} — `
            : ''}
          {f.message}
        </p>
      </Notice>
      {answers.length > 0 ? (
        <>
          <h2 className="mt-3 font-semibold">Datasources asked</h2>
          <ul className="list-disc pl-5 text-sm" data-testid="datasource-answers">
            {answers.map((a) => (
              <li key={a.datasource}>
                <Link className="underline" to={tracePath({ traceId: props.traceId, ds: a.datasource })}>
                  {a.datasource}
                </Link>
                :{' '}
                {a.outcome === 'not-found'
                  ? 'not found'
                  : a.outcome === 'cancelled'
                    ? 'not waited for'
                    : 'error'}
                {a.status ? ` (HTTP ${a.status})` : ''} — {a.message}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {f.kind === 'not-found' && answers.length === 0 ? (
        <p className="mt-2 text-sm">
          {props.ds
            ? `Datasource ${props.ds} is not configured as a trace datasource.`
            : 'No trace datasource is configured.'}{' '}
          You can open a trace file instead.
        </p>
      ) : null}
    </section>
  );
}

/** The page fills the viewport below the app chrome, so the waterfall scrolls inside, virtualized. */
function useFillViewport() {
  const ref = useRef<HTMLDivElement>(null);
  const [height, setHeight] = useState<number | string>('100dvh');
  useLayoutEffect(() => {
    const measure = () => {
      const top = ref.current?.getBoundingClientRect().top ?? 0;
      setHeight(Math.max(320, window.innerHeight - Math.max(0, top + window.scrollY)));
    };
    measure();
    window.addEventListener('resize', measure);
    return () => window.removeEventListener('resize', measure);
  }, []);
  return { ref, height };
}

// `/compare/:traceA/:traceB` (issue 16): each side found and loaded in its own worker by the trace
// screen's loader (a datasource, every trace datasource, or a file of this tab), the diff computed
// in A's worker, which reads its own table of A and a copy of B's (0242, 0246), then the compare screen.
// `/compare/typical/:traceB` first finds A (TypicalBaseline, 0245).
import { useEffect, useState } from 'react';
import type { CompareHeadline, CompareRows, TraceDiff } from '../../analysis/compare/index.ts';
import type { CompareSideRef } from '../../routes/compare-url.ts';
import { Notice } from '../../ui/Notice.tsx';
import type { TraceWorkerClient } from '../../worker/client.ts';
import type { LoadedTrace } from '../../worker/protocol.ts';
import {
  FileTraceMissing,
  InvalidTraceId,
  type LoadState,
  TraceLoadFailure,
  TraceLoading,
  useTraceLoad,
} from '../trace/index.ts';
import { CompareScreen } from './CompareScreen.tsx';
import { TypicalBaseline } from './TypicalBaseline.tsx';
import { useCompareUrl } from './use-compare-url.ts';

export function ComparePage() {
  const { parsed } = useCompareUrl();
  if (!parsed.ok) return <InvalidTraceId rawTraceId={parsed.rawTraceId} error={parsed.error} />;
  const { a, b } = parsed.state;
  // Keyed by B: finding the typical A keeps B's load.
  return <CompareLoad key={`${b.file ?? ''}/${b.traceId}`} a={a} b={b} />;
}

function useSide(side: CompareSideRef | undefined): LoadState {
  // No ID (A still to be found): the loader waits.
  return useTraceLoad({
    traceId: side?.traceId ?? '',
    file: side?.file,
    ds: side?.ds,
    start: side?.start,
    end: side?.end,
    skewAdjust: false,
  }).state;
}

type DiffState =
  | { status: 'computing' }
  | { status: 'done'; diff: TraceDiff; headline: CompareHeadline; rows: CompareRows }
  | { status: 'failed' };

function useDiff(client: TraceWorkerClient | null, a: LoadedTrace | null, b: LoadedTrace | null): DiffState {
  const [state, setState] = useState<DiffState>({ status: 'computing' });
  useEffect(() => {
    if (!client || !a || !b) return;
    let live = true;
    setState({ status: 'computing' });
    // On the page's timeline for bench/browser.ts: the diff's cost, B's copy included.
    performance.mark('tracelight:compare-requested');
    // `client` is the worker that loaded A: it reads its own table of A.
    void client.compare(a, b, { aLoadedHere: true }).then((reply) => {
      performance.mark('tracelight:compared');
      if (!live) return;
      setState(
        reply
          ? { status: 'done', diff: reply.diff, headline: reply.headline, rows: reply.rows }
          : { status: 'failed' },
      );
    });
    return () => {
      live = false;
    };
  }, [client, a, b]);
  return state;
}

function CompareLoad({ a, b }: { a: CompareSideRef | undefined; b: CompareSideRef }) {
  const { parsed, update } = useCompareUrl();
  const sideA = useSide(a);
  const sideB = useSide(b);
  const loadedA = sideA.status === 'loaded' ? sideA : null;
  const loadedB = sideB.status === 'loaded' ? sideB : null;
  const diff = useDiff(loadedA?.client ?? null, loadedA?.trace ?? null, loadedB?.trace ?? null);
  const title = `Compare ${a ? a.traceId.slice(0, 8) : 'typical'} · ${b.traceId.slice(0, 8)} · Tracelight`;

  if (parsed.ok && a && loadedA && loadedB && diff.status === 'done') {
    return (
      <>
        <title>{title}</title>
        <CompareScreen
          url={parsed.state}
          update={update}
          a={{ ref: a, trace: loadedA.trace, client: loadedA.client }}
          b={{ ref: b, trace: loadedB.trace, client: loadedB.client }}
          diff={diff.diff}
          headline={diff.headline}
          rows={diff.rows}
        />
      </>
    );
  }
  return (
    <div className="mx-auto flex w-full max-w-3xl flex-col gap-4 p-6" data-testid="compare-loading">
      <title>{title}</title>
      <h1 className="text-xl font-semibold">Compare traces</h1>
      {a ? (
        <SideStatus label="A (baseline)" side={a} state={sideA} />
      ) : loadedB ? (
        <TypicalBaseline b={{ ref: b, trace: loadedB.trace, client: loadedB.client }} update={update} />
      ) : (
        <p>A: the typical trace for B, looked for once B is loaded.</p>
      )}
      <SideStatus label="B" side={b} state={sideB} />
      {loadedA && loadedB ? (
        diff.status === 'failed' ? (
          <Notice tone="error">The two traces could not be compared: the worker stopped.</Notice>
        ) : (
          <p role="status">Comparing…</p>
        )
      ) : null}
    </div>
  );
}

function SideStatus({ label, side, state }: { label: string; side: CompareSideRef; state: LoadState }) {
  return (
    <section aria-label={`Trace ${label}`} className="flex flex-col gap-1">
      <h2 className="text-sm font-medium">Trace {label}</h2>
      {state.status === 'loading' ? <TraceLoading traceId={side.traceId} progress={state.progress} /> : null}
      {state.status === 'loaded' ? (
        <p className="text-sm">
          Loaded <span className="font-mono">{side.traceId}</span> ({state.trace.counts.spans} spans).
        </p>
      ) : null}
      {state.status === 'failed' ? (
        <TraceLoadFailure
          traceId={side.traceId}
          failure={state.failure}
          ds={side.ds}
          window={{ start: side.start, end: side.end }}
        />
      ) : null}
      {state.status === 'file-missing' ? <FileTraceMissing traceId={side.traceId} /> : null}
    </section>
  );
}

// `/trace/:traceId`: finds the trace (in the named datasource, or in every trace datasource at
// once), loads it in a worker (load/use-trace-load.ts owns the workers) and shows it; files opened
// in the browser land here too. Loading, not-found and backend errors are part of this page.

import { useEffect, useState } from 'react';
import { DEFAULT_LINKED_TRACES } from '../../contracts/config-values.ts';
import { useRuntimeConfig } from '../../queries/config.ts';
import { NO_FOLD_PARAMS, NO_QUICK_FILTER_PARAMS } from '../../routes/trace-view-params.ts';
import { Notice } from '../../ui/Notice.tsx';
import { type OpenedResult, OpenFiles } from '../open-file/index.ts';
import { CompareWith } from './CompareWith.tsx';
import { preloadCorrelationSections } from './correlation-sections.tsx';
import { ExportTrace } from './ExportTrace.tsx';
import { InvalidTraceId } from './InvalidTraceId.tsx';
import { FileTraceMissing, TraceLoadFailure, TraceLoading } from './load/LoadStatus.tsx';
import { useTraceLoad } from './load/use-trace-load.ts';
import { TraceScreen } from './TraceScreen.tsx';
import { useFillViewport } from './use-fill-viewport.ts';
import { useTraceUrl } from './use-trace-url.ts';

export function TracePage() {
  const { parsed, update } = useTraceUrl();
  const config = useRuntimeConfig();
  const { ref: fillRef, height: fillHeight } = useFillViewport();
  const traceId = parsed.ok ? parsed.state.traceId : '';
  const ds = parsed.ok ? parsed.state.ds : undefined;
  // Linked traces stitched in (`with`): a page of them at a time, "Load more" for the next.
  const page = config.data?.linkedTraces ?? DEFAULT_LINKED_TRACES;
  const [more, setMore] = useState<{ traceId: string; limit: number } | null>(null);
  const stitchLimit = more?.traceId === traceId ? more.limit : page;
  const withIds = parsed.ok ? (parsed.state.with ?? []) : [];
  const { state, adoptOpened, stitching, setReveal, reload } = useTraceLoad({
    traceId,
    file: parsed.ok ? parsed.state.file : undefined,
    ds,
    start: parsed.ok ? parsed.state.start : undefined,
    end: parsed.ok ? parsed.state.end : undefined,
    skewAdjust: parsed.ok ? parsed.state.skewAdjust : false,
    stitchWith: withIds.slice(0, stitchLimit),
    crossTracePath: parsed.ok ? parsed.state.crossTracePath : false,
  });
  const loaded = state.status === 'loaded';
  useEffect(() => {
    if (loaded) preloadCorrelationSections();
  }, [loaded]);

  if (!parsed.ok) return <InvalidTraceId rawTraceId={parsed.rawTraceId} error={parsed.error} />;

  const onOpened = (result: OpenedResult) => {
    const file = adoptOpened(result);
    update(
      {
        traceId: result.trace.traceId,
        file,
        ds: undefined,
        span: undefined,
        zoom: undefined,
        find: '',
        quick: NO_QUICK_FILTER_PARAMS,
        fold: NO_FOLD_PARAMS,
      },
      'push',
    );
  };
  const openFiles = <OpenFiles compact windowDrops onOpened={onOpened} />;
  const { file, start, end } = parsed.state;
  const compareWith = (
    <CompareWith
      self={{ traceId, file, ds: state.status === 'loaded' ? (state.trace.foundIn ?? ds) : ds, start, end }}
      adoptOpened={adoptOpened}
    />
  );
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
          sourceFile={state.fileName}
          onReload={parsed.state.file === undefined ? reload : undefined}
          onReveal={setReveal}
          stitch={
            withIds.length > 0
              ? {
                  asked: withIds,
                  limit: stitchLimit,
                  loadMore: () => setMore({ traceId, limit: stitchLimit + page }),
                  progress: stitching,
                }
              : undefined
          }
          headerActions={
            parsed.state.embed ? null : (
              <>
                <ExportTrace trace={state.trace} client={state.client} />
                {compareWith}
              </>
            )
          }
          toolbarExtra={parsed.state.embed ? null : openFiles}
        />
      ) : (
        <div className="mx-auto flex w-full max-w-3xl flex-col gap-3 p-6">
          {config.isError ? (
            <Notice tone="error">Could not read the server's configuration: {String(config.error)}</Notice>
          ) : null}
          {state.status === 'loading' ? <TraceLoading traceId={traceId} progress={state.progress} /> : null}
          {state.status === 'failed' ? (
            <TraceLoadFailure
              traceId={traceId}
              failure={state.failure}
              ds={ds}
              window={{ start: parsed.state.start, end: parsed.state.end }}
            />
          ) : null}
          {state.status === 'file-missing' ? <FileTraceMissing traceId={traceId} /> : null}
          <OpenFiles windowDrops onOpened={onOpened} />
        </div>
      )}
    </div>
  );
}

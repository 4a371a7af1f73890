// "Compare with a typical trace" on screen (decision 0245): with B loaded, its peers are searched
// for and the median one becomes A (the URL is replaced, with `baseline=typical`); the note says
// which trace was picked and why, and lets the user pick another of the peers.
import { useEffect, useMemo } from 'react';
import type { TraceSummary } from '../../datasources/types.ts';
import { useRuntimeConfig } from '../../queries/config.ts';
import { useTraceSearch } from '../../queries/search.ts';
import type { TraceDatasourceRef } from '../../queries/trace-clients.ts';
import { boundsOfMillis, traceWindow } from '../../routes/trace-window.ts';
import { formatDurationMs, formatTimestamp } from '../../ui/format.ts';
import { Notice } from '../../ui/Notice.tsx';
import { controlBase, focusRing } from '../../ui/styles.ts';
import { loadedTraceTime } from '../trace/index.ts';
import type { CompareSideView } from './side-view.ts';
import { pickTypical, TYPICAL_MARGIN_MS, type TypicalQuery, typicalSearchRequest } from './typical.ts';
import type { UpdateCompareUrl } from './use-compare-url.ts';

type TypicalState =
  | { status: 'unavailable'; reason: string }
  | { status: 'searching'; query: TypicalQuery }
  | { status: 'failed'; query: TypicalQuery; message: string }
  | { status: 'found'; query: TypicalQuery; candidates: TraceSummary[]; median: number };

function rootOf(trace: CompareSideView['trace']) {
  const t = trace.table;
  const root = trace.roots.length > 0 ? trace.roots[0] : -1;
  return root < 0 ? null : { rootService: t.strings[t.service[root]], rootName: t.strings[t.name[root]] };
}

function useTypical(b: CompareSideView): TypicalState {
  const config = useRuntimeConfig();
  const name = b.trace.foundIn ?? b.ref.ds;
  const datasource = useMemo((): TraceDatasourceRef | undefined => {
    const found = config.data?.datasources.find((d) => d.name === name);
    return found && (found.type === 'tempo' || found.type === 'jaeger' || found.type === 'zipkin')
      ? { name: found.name, type: found.type }
      : undefined;
  }, [config.data, name]);
  const query = useMemo((): TypicalQuery | undefined => {
    const root = rootOf(b.trace);
    const time = loadedTraceTime(b.trace);
    if (!datasource || !root || time?.kind !== 'bounds') return undefined;
    return {
      datasource,
      ...root,
      fromMs: time.startUnixMs - TYPICAL_MARGIN_MS,
      // From B alone (no `now`): the note after the pick reads the same search from the cache.
      toMs: time.endUnixMs + TYPICAL_MARGIN_MS,
    };
  }, [datasource, b.trace]);
  const root = rootOf(b.trace);
  const search = useTraceSearch(query && typicalSearchRequest(query));
  if (b.ref.file !== undefined)
    return { status: 'unavailable', reason: 'B was opened from a file: no datasource to search.' };
  if (!root) return { status: 'unavailable', reason: 'B has no root span to match others by.' };
  if (!query)
    return {
      status: 'unavailable',
      reason: config.data ? `B’s datasource ${name ?? ''} cannot be searched.` : 'Reading the configuration…',
    };
  if (search.isError) return { status: 'failed', query, message: search.error.message };
  if (!search.data) return { status: 'searching', query };
  const pick = pickTypical(search.data.result.traces, { traceId: b.trace.traceId, ...root });
  return { status: 'found', query, ...pick };
}

function sideOf(candidate: TraceSummary, ds: string) {
  return {
    traceId: candidate.traceId,
    ds,
    ...traceWindow(
      boundsOfMillis(candidate.startUnixMs, candidate.durationMs) ?? { kind: 'instant', atUnixMs: 0 },
    ),
  };
}

function queryText(query: TypicalQuery) {
  return `${query.rootService} ${query.rootName} in ${query.datasource.name} between ${formatTimestamp(query.fromMs)} and ${formatTimestamp(query.toMs)}`;
}

/** Shown while A is being found for `/compare/typical/<B>`; replaces the URL once it is. */
export function TypicalBaseline({ b, update }: { b: CompareSideView; update: UpdateCompareUrl }) {
  const state = useTypical(b);
  const found = state.status === 'found' && state.median >= 0 ? state.candidates[state.median] : null;
  const ds = state.status === 'found' ? state.query.datasource.name : '';
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per pick (the summary object is new each render)
  useEffect(() => {
    if (found) update({ a: sideOf(found, ds), baseline: 'typical' }, 'replace');
  }, [found?.traceId, ds, update]);
  return (
    <section
      aria-label="Finding a typical trace"
      className="flex flex-col gap-2"
      data-testid="typical-search"
    >
      {state.status === 'searching' ? (
        <p role="status">Looking for other traces of {queryText(state.query)}…</p>
      ) : null}
      {state.status === 'unavailable' ? (
        <Notice tone="warning">No typical trace: {state.reason}</Notice>
      ) : null}
      {state.status === 'failed' ? (
        <Notice tone="error">
          The search for other traces of {queryText(state.query)} failed: {state.message}
        </Notice>
      ) : null}
      {state.status === 'found' && state.median < 0 ? (
        <Notice tone="warning">No other trace of {queryText(state.query)} was found to compare with.</Notice>
      ) : null}
    </section>
  );
}

/** Which trace A is and why, with the other peers to pick from (URL `baseline=typical`). */
export function TypicalNote({
  a,
  b,
  update,
}: {
  a: CompareSideView;
  b: CompareSideView;
  update: UpdateCompareUrl;
}) {
  const state = useTypical(b);
  if (state.status !== 'found' || state.candidates.length === 0)
    return state.status === 'searching' ? <p className="text-xs">Reading the other candidates…</p> : null;
  const median = state.candidates[state.median];
  const at = state.candidates.findIndex((c) => c.traceId === a.trace.traceId);
  const ds = state.query.datasource.name;
  return (
    <div
      className="flex flex-wrap items-center gap-2 rounded border border-slate-300 p-2 text-xs dark:border-slate-700"
      data-testid="typical-note"
    >
      <p>
        {at === state.median
          ? `A is the typical trace: the median duration (${formatDurationMs(median.durationMs)}) of ${state.candidates.length} other traces of ${queryText(state.query)}.`
          : `A was picked from ${state.candidates.length} other traces of ${queryText(state.query)}; their median is ${formatDurationMs(median.durationMs)}.`}
      </p>
      <label className="flex items-center gap-1">
        Pick another baseline
        <select
          className={`${controlBase} ${focusRing} py-0.5 text-xs`}
          value={at >= 0 ? state.candidates[at].traceId : ''}
          onChange={(event) => {
            const picked = state.candidates.find((c) => c.traceId === event.target.value);
            if (picked) update({ a: sideOf(picked, ds), node: undefined, collapsed: [] }, 'push');
          }}
        >
          {at < 0 ? <option value="">{a.trace.traceId.slice(0, 8)}</option> : null}
          {state.candidates.map((c, i) => (
            <option key={c.traceId} value={c.traceId}>
              {formatDurationMs(c.durationMs)} · {formatTimestamp(c.startUnixMs)} · {c.traceId.slice(0, 8)}
              {i === state.median ? ' (median)' : ''}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

// The loaded trace: header, view tabs, find and filters, overview, waterfall and details panel.
// React holds view state only (expanded bitset, widths, filters); rows read the table by index.
import {
  type KeyboardEvent as ReactKeyboardEvent,
  useCallback,
  useDeferredValue,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
} from 'react';
import { useRuntimeConfig } from '../../queries/config.ts';
import type { TraceUrlState, TraceView } from '../../routes/trace-url.ts';
import { TRACE_VIEWS, tracePath } from '../../routes/trace-url.ts';
import type { TraceWorkerClient } from '../../worker/client.ts';
import type { LoadedTrace } from '../../worker/protocol.ts';
import type { FilterOutcome } from '../../worker/traceql-filter.ts';
import { TraceLogsView } from '../trace-logs/TraceLogsView';
import { useTraceLogMarkers } from '../trace-logs/use-trace-log-markers';
import { FindBar } from './FindBar.tsx';
import { orderedUnion, rowsMatchingNames } from './find/find-names.ts';
import { matchMask, NO_QUICK_FILTERS, type QuickFilters } from './find/quick-filters.ts';
import { Overview } from './Overview.tsx';
import { serviceColours } from './palette.ts';
import { ShortcutsDialog } from './ShortcutsDialog.tsx';
import { SpanPanel } from './SpanPanel.tsx';
import { TraceFilterBox } from './TraceFilterBox.tsx';
import { TraceHeader } from './TraceHeader.tsx';
import {
  allCollapsed,
  allExpanded,
  type ExpandedSet,
  expandedToDepth,
  revealed,
  toggled,
} from './tree/expanded.ts';
import { visibleRows, withAncestors } from './tree/visible-rows.ts';
import { isOtherTraceView, TraceViews } from './views/TraceViews.tsx';
import { logTimesByRow } from './waterfall/log-marks.ts';
import { rowOfSpanId, rowSpanId } from './waterfall/span-id.ts';
import { type TimeWindow, Waterfall } from './waterfall/Waterfall.tsx';

interface TraceScreenProps {
  trace: LoadedTrace;
  client: TraceWorkerClient;
  url: TraceUrlState;
  update: (patch: Partial<TraceUrlState>, mode?: 'replace' | 'push') => void;
  /** Absolute link for a path like `/trace/<id>?…`. */
  hrefOf: (path: string) => string;
  toolbarExtra?: React.ReactNode;
}

const VIEW_LABELS: Record<TraceView, string> = {
  waterfall: 'Waterfall',
  'critical-path': 'Critical path',
  stats: 'Statistics',
  flame: 'Flame graph',
  insights: 'Insights',
  logs: 'Logs',
  json: 'JSON',
};

/** The view switches the URL carries (`cp`, `dark`, `skew`), in toolbar order. */
const URL_TOGGLES = [
  ['criticalPath', 'Critical path'],
  ['darkTime', 'Dark time'],
  ['skewAdjust', 'Adjust clock skew'],
] as const satisfies ReadonlyArray<readonly [keyof TraceUrlState, string]>;

export function TraceScreen(props: TraceScreenProps) {
  const { trace, client, url, update } = props;
  const table = trace.table;
  // null: everything expanded (the initial state, no bitset needed until something collapses).
  const [expanded, setExpanded] = useState<ExpandedSet | null>(null);
  const [nameWidth, setNameWidth] = useState(360);
  const [panelWidth, setPanelWidth] = useState(420);
  const [filters, setFilters] = useState<QuickFilters>(NO_QUICK_FILTERS);
  const [showOnlyMatches, setShowOnlyMatches] = useState(false);
  const [attributeRows, setAttributeRows] = useState<Uint32Array | null>(null);
  const [findProgress, setFindProgress] = useState<number | null>(null);
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  const findInput = useRef<HTMLInputElement>(null);
  const idPrefix = useId();
  const panelId = `${idPrefix}-panel`;
  const tabId = (view: TraceView) => `${idPrefix}-tab-${view}`;

  // A new table (another trace, or the skew switch) starts fully expanded.
  const [expandedFor, setExpandedFor] = useState(table);
  if (expandedFor !== table) {
    setExpandedFor(table);
    setExpanded(null);
  }

  const preorder = trace.preorder;
  const preorderPos = trace.preorderPosition;
  const colours = useMemo(() => serviceColours(table.strings, table.service), [table]);
  const selectedRow = useMemo(() => rowOfSpanId(table, url.span), [table, url.span]);

  // Attribute find runs in the worker; names and services match at once on this thread.
  useEffect(() => {
    const text = url.find.trim();
    setAttributeRows(null);
    if (!text) return;
    let live = true;
    const timer = setTimeout(() => {
      const { id, result } = client.find(text, (done, total) => live && setFindProgress(done / total));
      void result.then((r) => {
        if (!live) return;
        setFindProgress(null);
        if (!r.cancelled) setAttributeRows(r.rows);
      });
      cleanup = () => client.cancel(id);
    }, 150);
    let cleanup = () => {};
    return () => {
      live = false;
      clearTimeout(timer);
      cleanup();
      setFindProgress(null);
    };
  }, [client, url.find]);

  // The TraceQL filter runs in the worker; the answer is tied to the query and the table it ran on.
  const [filterAnswer, setFilterAnswer] = useState<{
    query: string;
    table: typeof table;
    outcome: FilterOutcome;
  } | null>(null);
  useEffect(() => {
    const query = url.filter.trim();
    if (!query) return;
    let live = true;
    void client.filter(query).then((outcome) => {
      if (live) setFilterAnswer({ query, table, outcome });
    });
    return () => {
      live = false;
    };
  }, [client, url.filter, table]);
  const filterOutcome =
    url.filter.trim() && filterAnswer?.query === url.filter.trim() && filterAnswer.table === table
      ? filterAnswer.outcome
      : null;
  const filterRows = filterOutcome?.ok ? filterOutcome.rows : null;

  const nameRows = useMemo(() => rowsMatchingNames(table, url.find), [table, url.find]);
  const findRows = useMemo(() => {
    if (!url.find.trim()) return null;
    return attributeRows
      ? orderedUnion(table.count, preorder, nameRows, attributeRows)
      : orderedUnion(table.count, preorder, nameRows);
  }, [table, preorder, nameRows, attributeRows, url.find]);
  const mask = useMemo(
    () => matchMask(table, trace.analyses, filters, findRows, filterRows),
    [table, trace.analyses, filters, findRows, filterRows],
  );
  const matches = useMemo(() => {
    if (!mask) return new Uint32Array(0);
    return preorder.filter((row) => mask[row] === 1);
  }, [mask, preorder]);
  const include = useMemo(
    () => (showOnlyMatches && mask ? withAncestors(table, matches) : null),
    [showOnlyMatches, mask, matches, table],
  );
  const rows = useMemo(
    () =>
      expanded === null && include === null
        ? preorder
        : visibleRows(table, trace.roots, expanded ?? allExpanded(table), include),
    [table, trace.roots, expanded, include, preorder],
  );

  const window: TimeWindow = useMemo(() => {
    if (!url.zoom) return { from: 0, to: trace.durationNs };
    return { from: url.zoom.startMs * 1e6, to: Math.min(trace.durationNs, url.zoom.endMs * 1e6) };
  }, [url.zoom, trace.durationNs]);

  const select = useCallback(
    (row: number) => {
      if (row < 0) return update({ span: undefined });
      setExpanded((set) => (set === null ? null : revealed(table, set, row)));
      update({ span: rowSpanId(table, row) });
    },
    [table, update],
  );
  const toggle = useCallback(
    (row: number) => setExpanded((set) => toggled(set ?? allExpanded(table), row)),
    [table],
  );
  const expand = useCallback(
    (row: number, value: boolean) =>
      setExpanded((set) => {
        const isExpanded = set === null || set[row] === 1;
        if (isExpanded === value) return set;
        return toggled(set ?? allExpanded(table), row);
      }),
    [table],
  );

  const matchIndex = selectedRow >= 0 ? matches.indexOf(selectedRow) : -1;
  const step = (delta: number) => {
    if (matches.length === 0) return;
    let next: number;
    if (matchIndex >= 0) next = (matchIndex + delta + matches.length) % matches.length;
    else {
      // From the selection (or the top), the next match in tree order.
      const from = selectedRow >= 0 ? preorderPos[selectedRow] : -1;
      next =
        delta > 0
          ? matches.findIndex((r) => preorderPos[r] > from)
          : findLastIndex(matches, (r) => preorderPos[r] < from);
      if (next < 0) next = delta > 0 ? 0 : matches.length - 1;
    }
    select(matches[next]);
  };

  // The first commit of a table on the page's timeline (see `markLoadPhase` in TracePage).
  useEffect(() => {
    performance.mark('tracelight:screen-committed', { detail: { spans: table.count } });
  }, [table]);

  // Global shortcuts: `/` find, Esc closes the panel, `?` lists the shortcuts.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      const typing =
        target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.isContentEditable);
      if (event.key === 'Escape') {
        if (shortcutsOpen) setShortcutsOpen(false);
        else if (!typing && url.span) update({ span: undefined });
        return;
      }
      if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === '/') {
        event.preventDefault();
        findInput.current?.focus();
      } else if (event.key === '?') {
        event.preventDefault();
        setShortcutsOpen(true);
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [shortcutsOpen, url.span, update]);

  const services = useMemo(
    () => [...colours.keys()].sort((a, b) => table.strings[a].localeCompare(table.strings[b])),
    [colours, table],
  );
  const serviceNames = useMemo(() => services.map((i) => table.strings[i]), [services, table]);
  const traceDatasource = trace.foundIn ?? url.ds;
  const config = useRuntimeConfig();
  const completionDatasource =
    config.data?.datasources.find((d) => d.name === traceDatasource)?.type === 'tempo'
      ? (traceDatasource ?? '')
      : '';
  const selectSpanId = useCallback((id: string) => select(rowOfSpanId(table, id)), [select, table]);
  const logMarkersInput = useMemo(
    () => ({
      traceDatasource,
      traceId: trace.traceId,
      startUnixNano: trace.startUnixNano,
      durationNs: trace.durationNs,
      table,
    }),
    [trace, traceDatasource, table],
  );
  // Deferred past the first paint: placing markers indexes every span ID (~80 ms at 100k spans),
  // even before any log line arrives (null first: an undefined initial value would not defer).
  // Never for another table than the one shown.
  const deferredLogMarkersInput = useDeferredValue<typeof logMarkersInput | null>(logMarkersInput, null);
  const markers = useTraceLogMarkers(
    deferredLogMarkersInput?.table === table ? deferredLogMarkersInput : undefined,
  );
  const logTimes = useMemo(() => logTimesByRow(markers), [markers]);
  const spanLink = (row: number) =>
    props.hrefOf(
      tracePath({ traceId: url.traceId, ds: url.ds, view: url.view, span: rowSpanId(table, row) }),
    );

  return (
    <div className="flex h-full min-h-0 flex-col" data-testid="trace-screen">
      {url.embed ? null : <TraceHeader trace={trace} embed={url.embed} />}
      <nav
        aria-label="Trace views"
        className="flex flex-wrap items-center gap-1 border-b border-gray-300 px-2 dark:border-gray-700"
      >
        <ViewTabs
          active={url.view}
          panelId={panelId}
          tabId={tabId}
          onActivate={(view) => update({ view }, 'push')}
        />
        <div className="ml-auto flex items-center gap-2 text-xs">
          {URL_TOGGLES.map(([key, label]) => (
            <label key={key} className="flex items-center gap-1">
              <input
                type="checkbox"
                checked={url[key]}
                onChange={(e) => update({ [key]: e.target.checked })}
              />
              {label}
            </label>
          ))}
          {props.toolbarExtra}
        </div>
      </nav>
      <div
        role="tabpanel"
        id={panelId}
        aria-labelledby={tabId(url.view)}
        className="flex min-h-0 flex-1 flex-col"
      >
        {isOtherTraceView(url.view) ? (
          <TraceViews
            trace={trace}
            client={client}
            url={url}
            update={update}
            selectedRow={selectedRow}
            colours={colours}
            mask={mask}
            openInWaterfall={(row) => {
              setExpanded((set) => (set === null ? null : revealed(table, set, row)));
              update({ span: rowSpanId(table, row), view: 'waterfall' }, 'push');
            }}
            filterWaterfall={(service, operation) => {
              setFilters({ ...NO_QUICK_FILTERS, service: table.strings.indexOf(service) });
              setShowOnlyMatches(true);
              update({ view: 'waterfall', find: operation ?? '' }, 'push');
            }}
            spanHref={(row) =>
              props.hrefOf(tracePath({ traceId: url.traceId, ds: url.ds, span: rowSpanId(table, row) }))
            }
          />
        ) : url.view === 'logs' ? (
          <TraceLogsView
            traceDatasource={traceDatasource}
            traceId={trace.traceId}
            startUnixNano={trace.startUnixNano}
            durationNs={trace.durationNs}
            services={serviceNames}
            onSelectSpan={(id) => {
              const row = rowOfSpanId(table, id);
              if (row < 0) return;
              setExpanded((set) => (set === null ? null : revealed(table, set, row)));
              update({ span: id, view: 'waterfall' }, 'push');
            }}
          />
        ) : (
          <>
            <FindBar
              inputRef={findInput}
              text={url.find}
              onText={(find) => update({ find })}
              matchCount={matches.length}
              matchIndex={matchIndex}
              searching={findProgress}
              onNext={() => step(1)}
              onPrevious={() => step(-1)}
              filters={filters}
              onFilters={setFilters}
              services={services}
              strings={table.strings}
              colours={colours}
              showOnly={showOnlyMatches}
              onShowOnly={setShowOnlyMatches}
              onCollapseAll={() => setExpanded(allCollapsed(table))}
              onExpandAll={() => setExpanded(null)}
              onExpandToDepth={(d) => setExpanded(expandedToDepth(table, d))}
              maxDepth={trace.counts.maxDepth}
              filterActive={filterRows !== null}
              filterBox={
                <TraceFilterBox
                  value={url.filter}
                  onApply={(filter) => update({ filter })}
                  completionDatasource={completionDatasource}
                  matchCount={filterRows ? filterRows.length : null}
                  error={filterOutcome && !filterOutcome.ok ? filterOutcome.error : null}
                />
              }
            />
            <Overview
              trace={trace}
              preorder={preorderPos}
              colours={colours}
              window={window}
              showCriticalPath={url.criticalPath}
              onZoom={(w) => update({ zoom: w ? { startMs: w.from / 1e6, endMs: w.to / 1e6 } : undefined })}
            />
            <div className="flex min-h-0 flex-1">
              <Waterfall
                trace={trace}
                rows={rows}
                expanded={expanded}
                selectedRow={selectedRow}
                highlight={showOnlyMatches ? null : mask}
                window={window}
                showCriticalPath={url.criticalPath}
                showDarkTime={url.darkTime}
                colours={colours}
                logTimes={logTimes}
                nameWidth={nameWidth}
                onNameWidth={setNameWidth}
                onSelect={select}
                onToggle={toggle}
                onExpand={expand}
              />
              {selectedRow >= 0 ? (
                <SpanPanel
                  trace={trace}
                  client={client}
                  row={selectedRow}
                  width={panelWidth}
                  onWidth={setPanelWidth}
                  onClose={() => update({ span: undefined })}
                  spanLink={spanLink(selectedRow)}
                  linkTo={(traceId, spanId) => props.hrefOf(tracePath({ traceId, ds: url.ds, span: spanId }))}
                  traceDatasource={traceDatasource}
                  onSelectSpan={selectSpanId}
                />
              ) : null}
            </div>
          </>
        )}
      </div>
      {shortcutsOpen ? <ShortcutsDialog onClose={() => setShortcutsOpen(false)} /> : null}
    </div>
  );
}

/**
 * The view tabs, as the ARIA tabs pattern has them: only the active tab is in the Tab order; Left and
 * Right (wrapping), Home and End move to another tab and activate it.
 */
function ViewTabs(props: {
  active: TraceView;
  panelId: string;
  tabId: (view: TraceView) => string;
  onActivate: (view: TraceView) => void;
}) {
  const { active, panelId, tabId, onActivate } = props;
  const onKeyDown = (event: ReactKeyboardEvent<HTMLDivElement>) => {
    const at = TRACE_VIEWS.indexOf(active);
    const last = TRACE_VIEWS.length - 1;
    const to =
      event.key === 'ArrowRight'
        ? (at + 1) % TRACE_VIEWS.length
        : event.key === 'ArrowLeft'
          ? (at + last) % TRACE_VIEWS.length
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? last
              : -1;
    if (to < 0 || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    const view = TRACE_VIEWS[to];
    // Every tab is always rendered: focus moves now, the URL and the panel follow.
    event.currentTarget.querySelector<HTMLElement>(`[id="${tabId(view)}"]`)?.focus();
    if (view !== active) onActivate(view);
  };
  return (
    <div role="tablist" aria-label="Trace views" className="flex gap-1" onKeyDown={onKeyDown}>
      {TRACE_VIEWS.map((v) => (
        <button
          key={v}
          id={tabId(v)}
          type="button"
          role="tab"
          aria-selected={active === v}
          aria-controls={panelId}
          tabIndex={active === v ? 0 : -1}
          className={`px-2 py-1 text-sm ${active === v ? 'border-b-2 border-blue-600 font-semibold' : 'opacity-80'}`}
          onClick={() => onActivate(v)}
        >
          {VIEW_LABELS[v]}
        </button>
      ))}
    </div>
  );
}

function findLastIndex(list: Uint32Array, test: (row: number) => boolean): number {
  for (let i = list.length - 1; i >= 0; i--) if (test(list[i])) return i;
  return -1;
}

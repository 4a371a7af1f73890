// The loaded trace: header, view tabs, find and filters, overview, waterfall and details panel.
// React holds view state only, one hook per job (state/); rows read the table by index.
import { type ReactNode, useCallback, useEffect, useId, useMemo } from 'react';
import { DEFAULT_LINK_MARGIN_S } from '../../routes/trace-links-params.ts';
import type { TraceUrlState, TraceView } from '../../routes/trace-url.ts';
import type { FoldParams, QuickFilterParams } from '../../routes/trace-view-params.ts';
import type { TraceWorkerClient } from '../../worker/client.ts';
import type { LoadedTrace } from '../../worker/protocol.ts';
import { useRedactor } from '../redaction/index.ts';
import { TraceLogsView } from '../trace-logs';
import { serviceOnly } from './find/quick-filters.ts';
import { ChainsNotice } from './links/ChainsPanels.tsx';
import { HopsBreadcrumb, LinkedFromChip } from './links/LinksPanels.tsx';
import { orphansBadge } from './links/links-text.ts';
import { chainMarks, type TraceMarks, TraceMarksContext } from './links/trace-marks.tsx';
import { useBrokenChains } from './links/use-broken-chains.ts';
import { useLinkedFrom } from './links/use-linked-from.ts';
import { serviceColours } from './palette.ts';
import { ShortcutsDialog } from './ShortcutsDialog.tsx';
import { useExpansion } from './state/use-expansion.ts';
import { useFind } from './state/use-find.ts';
import { useLogTimes } from './state/use-log-times.ts';
import { useMatches } from './state/use-matches.ts';
import { usePaneWidths } from './state/use-pane-widths.ts';
import { useSiblingFolding } from './state/use-sibling-folding.ts';
import { type UpdateTraceUrl, useSpanSelection } from './state/use-span-selection.ts';
import { useSubtreeFocus } from './state/use-subtree-focus.ts';
import { useTraceShortcuts } from './state/use-trace-shortcuts.ts';
import { useTraceqlFilter } from './state/use-traceql-filter.ts';
import { LinkedTracesList, ShowLinkedTraces, type StitchState } from './stitch/LinkedTraces.tsx';
import { TraceHeader } from './TraceHeader.tsx';
import { TraceToolbar } from './TraceToolbar.tsx';
import { traceLinks } from './trace-links.ts';
import { loadedTraceTime } from './trace-time.ts';
import { isOtherTraceView, TraceViews } from './views/TraceViews.tsx';
import { WaterfallPane } from './WaterfallPane.tsx';
import { rowOfSpanId } from './waterfall/span-id.ts';

interface TraceScreenProps {
  trace: LoadedTrace;
  client: TraceWorkerClient;
  url: TraceUrlState;
  update: UpdateTraceUrl;
  /** Absolute link for a path like `/trace/<id>?…`. */
  hrefOf: (path: string) => string;
  /** The name of the local file the trace came from (URL `file=`). */
  sourceFile?: string;
  toolbarExtra?: ReactNode;
  /** Trace-level actions shown in the header after the trace ID (export, compare). */
  headerActions?: ReactNode;
  /** Fetches the trace again (a trace still arriving); absent for files. */
  onReload?: () => void;
  /** Linked traces stitched in (URL `with`): the list above the views. */
  stitch?: StitchState;
  /** The header's reveal switch (decision 0319). */
  onReveal?: (reveal: boolean) => void;
}

export function TraceScreen(props: TraceScreenProps) {
  const { trace, client, url, update } = props;
  const table = trace.table;
  const idPrefix = useId();
  const panelId = `${idPrefix}-panel`;
  const tabId = (view: TraceView) => `${idPrefix}-tab-${view}`;

  const onFold = useCallback((fold: FoldParams) => update({ fold }), [update]);
  const onQuick = useCallback((quick: QuickFilterParams) => update({ quick }), [update]);
  const expansion = useExpansion(table, url.fold, onFold);
  const folding = useSiblingFolding(trace, url, update);
  const focus = useSubtreeFocus(table, url.focus, update);
  const foldingReveal = folding.revealPatch;
  const focusReveal = focus.revealPatch;
  const revealPatch = useCallback(
    (row: number) => ({ ...foldingReveal(row), ...focusReveal(row) }),
    [foldingReveal, focusReveal],
  );
  const selection = useSpanSelection(table, url.span, update, expansion.reveal, revealPatch);
  const find = useFind(trace, client, url.find);
  const filter = useTraceqlFilter(client, table, url.filter);
  const matches = useMatches(
    trace,
    url.quick,
    onQuick,
    find.rows,
    filter.rows,
    selection.selectedRow,
    selection.select,
  );
  const widths = usePaneWidths();
  const clearSelection = useCallback(() => update({ span: undefined }), [update]);
  const shortcuts = useTraceShortcuts(Boolean(url.span), clearSelection);

  const colours = useMemo(() => serviceColours(table.strings, table.service), [table]);
  const services = useMemo(
    () => [...colours.keys()].sort((a, b) => table.strings[a].localeCompare(table.strings[b])),
    [colours, table],
  );
  const serviceNames = useMemo(() => services.map((i) => table.strings[i]), [services, table]);
  const traceDatasource = trace.foundIn ?? url.ds;
  const redactor = useRedactor();
  const links = traceLinks(url, table, loadedTraceTime(trace), props.hrefOf, redactor ?? 'pending');
  const spanHref = links.spanLink;
  const logTimes = useLogTimes(trace, traceDatasource);
  const linkedFrom = useLinkedFrom({
    trace,
    client,
    traceDatasource,
    file: url.file,
    linkMarginS: url.linkMargin,
  });
  const chains = useBrokenChains(client, trace);
  const marks = useMemo(
    (): TraceMarks => ({
      linkedFrom: linkedFrom.data?.linked.bySpan ?? null,
      ...chainMarks(chains),
      lookup: linkedFrom.isPending && linkedFrom.fetchStatus === 'idle' ? 'off' : linkedFrom.status,
    }),
    [linkedFrom.data, linkedFrom.isPending, linkedFrom.fetchStatus, linkedFrom.status, chains],
  );
  const openSpanLink = (row: number) => (
    <a
      href={spanHref(row)}
      className="text-blue-700 underline dark:text-blue-300"
      onClick={(event) => {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
        event.preventDefault();
        selection.openInWaterfall(row);
      }}
    >
      {table.strings[table.service[row]]} {table.strings[table.name[row]]}
    </a>
  );

  // The first commit of a table on the page's timeline (see `markLoadPhase` in load/use-trace-load.ts).
  useEffect(() => {
    performance.mark('tracelight:screen-committed', { detail: { spans: table.count } });
  }, [table]);

  return (
    <TraceMarksContext.Provider value={marks}>
      <div className="flex h-full min-h-0 flex-col" data-testid="trace-screen">
        {url.embed ? null : (
          <HopsBreadcrumb hops={url.hops ?? []} hopLink={links.hopLink} traceId={trace.traceId} />
        )}
        {url.embed ? null : (
          <TraceHeader
            trace={trace}
            embed={url.embed}
            sourceFile={props.sourceFile}
            onOpenSpan={selection.openInWaterfall}
            spanHref={spanHref}
            onReveal={props.onReveal}
            orphans={
              chains && chains.orphans.length > 0
                ? {
                    text: orphansBadge(chains.orphans),
                    title:
                      'Opens the first such span. Each carries a "missing parent" mark; Insights explains each one.',
                    onOpen: () => selection.openInWaterfall(chains.orphans[0].row),
                  }
                : undefined
            }
            actions={props.headerActions}
            besideBadges={
              linkedFrom.isPending && linkedFrom.fetchStatus === 'idle' ? null : (
                <LinkedFromChip
                  ownTraceId={trace.traceId}
                  table={table}
                  linkTo={links.linkTo}
                  marginS={url.linkMargin ?? DEFAULT_LINK_MARGIN_S}
                  lookup={{
                    status: linkedFrom.status,
                    error: linkedFrom.error,
                    data: linkedFrom.data,
                    refetch: () => void linkedFrom.refetch(),
                  }}
                />
              )
            }
          >
            <ChainsNotice
              table={table}
              traceId={trace.traceId}
              onReload={props.onReload}
              spanLink={openSpanLink}
            />
          </TraceHeader>
        )}
        <TraceToolbar
          url={url}
          update={update}
          panelId={panelId}
          tabId={tabId}
          extra={
            <>
              {url.embed ? null : (
                <ShowLinkedTraces
                  trace={trace}
                  asked={url.with ?? []}
                  crossTracePath={url.crossTracePath ?? false}
                  linkingIn={linkedFrom.data?.linked.otherTraces}
                  update={update}
                />
              )}
              {props.toolbarExtra}
            </>
          }
        />
        {props.stitch ? (
          <LinkedTracesList
            trace={trace}
            stitch={props.stitch}
            ds={traceDatasource}
            hrefOf={props.hrefOf}
            onOpenSpan={selection.openInWaterfall}
          />
        ) : null}
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
              selectedRow={selection.selectedRow}
              colours={colours}
              mask={matches.mask}
              openInWaterfall={selection.openInWaterfall}
              filterWaterfall={(service, operation) => {
                update({ view: 'waterfall', find: operation ?? '', quick: serviceOnly(service) }, 'push');
              }}
              spanHref={spanHref}
            />
          ) : url.view === 'logs' ? (
            <TraceLogsView
              traceDatasource={traceDatasource}
              traceId={trace.traceId}
              startUnixNano={trace.startUnixNano}
              durationNs={trace.durationNs}
              services={serviceNames}
              onSelectSpan={(id) => selection.openInWaterfall(rowOfSpanId(table, id))}
            />
          ) : (
            <WaterfallPane
              trace={trace}
              client={client}
              url={url}
              update={update}
              links={links}
              sourceFile={props.sourceFile}
              traceDatasource={traceDatasource}
              colours={colours}
              services={services}
              expansion={expansion}
              selection={selection}
              find={find}
              filter={filter}
              matches={matches}
              logTimes={logTimes}
              widths={widths}
              findInput={shortcuts.findInput}
              folding={folding}
              focus={focus}
            />
          )}
        </div>
        {shortcuts.dialogOpen ? <ShortcutsDialog onClose={shortcuts.closeDialog} /> : null}
      </div>
    </TraceMarksContext.Provider>
  );
}

// The waterfall view: find and filters, the overview, the waterfall and the selected span's panel.
// The state it shows is the screen's (it outlives a switch to another view); this only lays it out.
import { type RefObject, useMemo } from 'react';
import { groupsContaining } from '../../analysis/index.ts';
import { useRuntimeConfig } from '../../queries/config.ts';
import type { TraceUrlState } from '../../routes/trace-url.ts';
import type { TraceWorkerClient } from '../../worker/client.ts';
import type { LoadedTrace } from '../../worker/protocol.ts';
import { FindBar } from './FindBar.tsx';
import { Overview } from './Overview.tsx';
import { SpanPanel } from './SpanPanel.tsx';
import type { Expansion } from './state/use-expansion.ts';
import type { FindState } from './state/use-find.ts';
import type { Matches } from './state/use-matches.ts';
import type { PaneWidths } from './state/use-pane-widths.ts';
import type { SiblingFolding } from './state/use-sibling-folding.ts';
import type { SpanSelection, UpdateTraceUrl } from './state/use-span-selection.ts';
import type { SubtreeFocus } from './state/use-subtree-focus.ts';
import type { TraceqlFilterState } from './state/use-traceql-filter.ts';
import { TraceFilterBox } from './TraceFilterBox.tsx';
import type { TraceLinks } from './trace-links.ts';
import { allExpanded } from './tree/expanded.ts';
import { visibleRows } from './tree/visible-rows.ts';
import { FocusBar } from './waterfall/FocusBar.tsx';
import { focusWindowOf } from './waterfall/time-window.ts';
import { Waterfall } from './waterfall/Waterfall.tsx';
import type { WaterfallFolding } from './waterfall/waterfall-folding.ts';

export interface WaterfallPaneProps {
  trace: LoadedTrace;
  client: TraceWorkerClient;
  url: TraceUrlState;
  update: UpdateTraceUrl;
  links: TraceLinks;
  /** The local file the trace came from, if it did. */
  sourceFile?: string;
  traceDatasource: string | undefined;
  colours: Map<number, string>;
  /** Service string indices, sorted by name. */
  services: number[];
  expansion: Expansion;
  selection: SpanSelection;
  find: FindState;
  filter: TraceqlFilterState;
  matches: Matches;
  logTimes: Map<number, number[]>;
  widths: PaneWidths;
  findInput: RefObject<HTMLInputElement | null>;
  folding: SiblingFolding;
  focus: SubtreeFocus;
}

export function WaterfallPane(props: WaterfallPaneProps) {
  const { trace, url, update, expansion, selection, matches, filter, folding, focus } = props;
  const { table, preorder } = trace;
  const completionDatasource = useCompletionDatasource(props.traceDatasource);
  const { expanded } = expansion;
  const include = matches.include;
  const { groups, unfolded } = folding;
  const focusRow = focus.row;
  const rows = useMemo(
    () =>
      expanded === null && include === null && groups === null && focusRow < 0
        ? preorder
        : visibleRows(
            table,
            focusRow >= 0 ? Uint32Array.of(focusRow) : trace.roots,
            expanded ?? allExpanded(table),
            include,
            groups ? { groups, unfolded } : undefined,
          ),
    [table, trace.roots, expanded, include, preorder, groups, unfolded, focusRow],
  );
  const window = useMemo(
    () => focusWindowOf(url.zoom, trace.durationNs, focusRow >= 0 ? table : null, focusRow),
    [url.zoom, trace.durationNs, table, focusRow],
  );
  const { selectedRow } = selection;
  const mask = matches.showOnly ? null : matches.mask;
  const matched = useMemo(
    () => (groups && mask ? groupsContaining(table, groups, (row) => mask[row] === 1) : null),
    [table, groups, mask],
  );
  const waterfallFolding = useMemo<WaterfallFolding | null>(
    () =>
      groups
        ? {
            groups,
            unfolded,
            critical: folding.critical,
            failing: folding.failing,
            matched,
            groupId: folding.groupId,
            // The cursor moves onto the group row, so no span stays selected beside it.
            toggle: (g) => folding.toggle(g, selectedRow >= 0 ? { span: undefined } : {}),
          }
        : null,
    [groups, unfolded, folding, matched, selectedRow],
  );

  return (
    <>
      <FindBar
        inputRef={props.findInput}
        text={url.find}
        onText={(find) => update({ find })}
        matchCount={matches.rows.length}
        matchIndex={matches.index}
        searching={props.find.progress}
        onNext={() => matches.step(1)}
        onPrevious={() => matches.step(-1)}
        filters={matches.filters}
        onFilters={matches.setFilters}
        services={props.services}
        strings={table.strings}
        colours={props.colours}
        showOnly={matches.showOnly}
        onShowOnly={matches.setShowOnly}
        onCollapseAll={expansion.collapseAll}
        onExpandAll={expansion.expandAll}
        onExpandToDepth={expansion.expandToDepth}
        maxDepth={trace.counts.maxDepth}
        filterActive={filter.rows !== null}
        filterBox={
          <TraceFilterBox
            value={url.filter}
            onApply={(f) => update({ filter: f })}
            completionDatasource={completionDatasource}
            matchCount={filter.rows ? filter.rows.length : null}
            error={filter.outcome && !filter.outcome.ok ? filter.outcome.error : null}
          />
        }
      />
      <Overview
        trace={trace}
        preorder={trace.preorderPosition}
        colours={props.colours}
        window={window}
        showCriticalPath={url.criticalPath}
        onZoom={(w) => {
          // Focused and not zoomed, the overview's window is the focus: "Reset zoom" shows the whole trace.
          if (!w && !url.zoom && focusRow >= 0) focus.focusOn(-1);
          else update({ zoom: w ? { startMs: w.from / 1e6, endMs: w.to / 1e6 } : undefined });
        }}
      />
      {focusRow >= 0 ? <FocusBar table={table} row={focusRow} onFocus={focus.focusOn} /> : null}
      <div className="flex min-h-0 flex-1">
        <Waterfall
          trace={trace}
          rows={rows}
          expanded={expanded}
          selectedRow={selectedRow}
          highlight={mask}
          window={window}
          showCriticalPath={url.criticalPath}
          showDarkTime={url.darkTime}
          colours={props.colours}
          logTimes={props.logTimes}
          nameWidth={props.widths.name}
          onNameWidth={props.widths.setName}
          onSelect={selection.select}
          onToggle={expansion.toggle}
          onExpand={expansion.expand}
          folding={waterfallFolding}
          depthOffset={focusRow >= 0 ? table.depth[focusRow] : 0}
          focusRow={focusRow}
          onFocus={focus.focusOn}
        />
        {selectedRow >= 0 ? (
          <SpanPanel
            trace={trace}
            client={props.client}
            row={selectedRow}
            width={props.widths.panel}
            onWidth={props.widths.setPanel}
            onClose={() => update({ span: undefined })}
            spanLink={props.links.stateLink(selectedRow)}
            linkWithheld={props.links.withheld}
            sourceFile={props.sourceFile}
            linkTo={props.links.linkTo}
            traceDatasource={props.traceDatasource}
            onSelectSpan={selection.selectSpanId}
            actions={
              <button
                type="button"
                data-testid="focus-subtree"
                className="rounded border border-gray-400 px-1.5 hover:bg-gray-100 disabled:opacity-60 dark:border-gray-600 dark:hover:bg-gray-800"
                aria-pressed={selectedRow === focusRow}
                disabled={selectedRow === focusRow}
                onClick={() => focus.focusOn(selectedRow)}
              >
                Focus on this subtree
              </button>
            }
          />
        ) : null}
      </div>
    </>
  );
}

/** TraceQL completion asks the trace's datasource, when it is a Tempo; '' turns completion off. */
function useCompletionDatasource(traceDatasource: string | undefined): string {
  const config = useRuntimeConfig();
  const type = config.data?.datasources.find((d) => d.name === traceDatasource)?.type;
  return type === 'tempo' ? (traceDatasource ?? '') : '';
}

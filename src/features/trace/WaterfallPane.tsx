// The waterfall view: find and filters, the overview, the waterfall and the selected span's panel.
// The state it shows is the screen's (it outlives a switch to another view); this only lays it out.
import { type RefObject, useMemo } from 'react';
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
import type { SpanSelection, UpdateTraceUrl } from './state/use-span-selection.ts';
import type { TraceqlFilterState } from './state/use-traceql-filter.ts';
import { TraceFilterBox } from './TraceFilterBox.tsx';
import type { TraceLinks } from './trace-links.ts';
import { allExpanded } from './tree/expanded.ts';
import { visibleRows } from './tree/visible-rows.ts';
import { timeWindowOf } from './waterfall/time-window.ts';
import { Waterfall } from './waterfall/Waterfall.tsx';

export interface WaterfallPaneProps {
  trace: LoadedTrace;
  client: TraceWorkerClient;
  url: TraceUrlState;
  update: UpdateTraceUrl;
  links: TraceLinks;
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
}

export function WaterfallPane(props: WaterfallPaneProps) {
  const { trace, url, update, expansion, selection, matches, filter } = props;
  const { table, preorder } = trace;
  const completionDatasource = useCompletionDatasource(props.traceDatasource);
  const { expanded } = expansion;
  const include = matches.include;
  const rows = useMemo(
    () =>
      expanded === null && include === null
        ? preorder
        : visibleRows(table, trace.roots, expanded ?? allExpanded(table), include),
    [table, trace.roots, expanded, include, preorder],
  );
  const window = useMemo(() => timeWindowOf(url.zoom, trace.durationNs), [url.zoom, trace.durationNs]);
  const { selectedRow } = selection;

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
        onZoom={(w) => update({ zoom: w ? { startMs: w.from / 1e6, endMs: w.to / 1e6 } : undefined })}
      />
      <div className="flex min-h-0 flex-1">
        <Waterfall
          trace={trace}
          rows={rows}
          expanded={expanded}
          selectedRow={selectedRow}
          highlight={matches.showOnly ? null : matches.mask}
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
            linkTo={props.links.linkTo}
            traceDatasource={props.traceDatasource}
            onSelectSpan={selection.selectSpanId}
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

// The waterfall: an ARIA treegrid whose rows are drawn only for the visible window of the
// visible-row list, reading the span table by index. Scroll height is scaled past the browser's
// maximum element height (src/ui/virtual/use-virtual-rows.ts). Entries past the table's rows are
// groups of repeated siblings (decision 0191), drawn by GroupRow.
import { ticks as timeTicks } from 'd3';
import { type KeyboardEvent, memo, useCallback, useEffect, useMemo, useState } from 'react';
import { formatDuration } from '../../../ui/format.ts';
import { useDragWidth } from '../../../ui/use-drag-width.ts';
import { useVirtualRows } from '../../../ui/virtual/use-virtual-rows.ts';
import type { LoadedTrace } from '../../../worker/protocol.ts';
import { HoverMarks } from '../links/trace-marks.tsx';
import { entryGroup, groupEntry } from '../tree/group-entries.ts';
import { DuplicateIdLine, hasDuplicateId } from './duplicate-id.tsx';
import { GroupRow } from './GroupRow.tsx';
import { hasSpanLinks, SpanLinksLine } from './span-links-mark.tsx';
import { StitchedHoverLines } from './stitch-marks.tsx';
import type { TimeWindow } from './time-window.ts';
import { TIMELINE_PAD_LEFT_PX, TIMELINE_PAD_RIGHT_PX } from './timeline-geometry.ts';
import { WaterfallRow } from './WaterfallRow.tsx';
import type { WaterfallFolding } from './waterfall-folding.ts';

export const ROW_HEIGHT = 24;
const TIMELINE_TICKS = 5;
/** The column header row, sticky at the top of the scrolling treegrid (h-6). */
const HEADER_HEIGHT = 24;

export interface WaterfallProps {
  trace: LoadedTrace;
  rows: Uint32Array;
  /** null: every row expanded. */
  expanded: Uint8Array | null;
  selectedRow: number;
  /** Rows matched by find/filters in highlight mode; null when nothing is asked. */
  highlight: Uint8Array | null;
  window: TimeWindow;
  showCriticalPath: boolean;
  showDarkTime: boolean;
  colours: Map<number, string>;
  /** Times (ns from the trace start) of the trace's log lines, by the row they sit on. */
  logTimes?: Map<number, number[]>;
  nameWidth: number;
  onNameWidth: (px: number) => void;
  onSelect: (row: number) => void;
  onToggle: (row: number) => void;
  onExpand: (row: number, expand: boolean) => void;
  /** Groups of repeated siblings in `rows` (decision 0191); absent when folding is off. */
  folding?: WaterfallFolding | null;
  /** Rows are indented from this depth (the focused subtree's root, decision 0192). */
  depthOffset?: number;
  /** `f` focuses the selected span's subtree, Backspace its parent's (-1: the whole trace). */
  onFocus?: (row: number) => void;
  /** The focused row, -1 for none. */
  focusRow?: number;
}

export function Waterfall(props: WaterfallProps) {
  const { trace, rows, selectedRow, nameWidth, onNameWidth, onSelect, onToggle, onExpand } = props;
  const { folding, onFocus } = props;
  const focusRow = props.focusRow ?? -1;
  const depthOffset = props.depthOffset ?? 0;
  const table = trace.table;
  // The cursor sits on a group row without selecting a span (a group has no span panel); selecting
  // a span, from here or anywhere, moves it back to that span.
  const [cursorGroup, setCursorGroup] = useState(-1);
  const activeGroup = folding ? cursorGroup : -1;
  const [cursorFor, setCursorFor] = useState({ table, selectedRow });
  if (cursorFor.table !== table || cursorFor.selectedRow !== selectedRow) {
    setCursorFor({ table, selectedRow });
    if (cursorFor.table !== table || selectedRow >= 0) setCursorGroup(-1);
  }
  const virtual = useVirtualRows<HTMLDivElement>({
    rowCount: rows.length,
    rowHeight: ROW_HEIGHT,
    stickyTop: HEADER_HEIGHT,
  });
  const { first, last, layerFirst, viewportHeight, reveal } = virtual;
  // The scroller's width without its scrollbar (the header scrolls with the rows, so it matches them).
  const scrollerWidth = virtual.viewportWidth;
  const [hover, setHover] = useState<{ row: number; x: number; y: number } | null>(null);

  // Keep the selected row in view when it changes (keyboard, find next/previous, deep link).
  const selectedEntry = activeGroup >= 0 ? groupEntry(table, activeGroup) : selectedRow;
  const selectedIndex = useMemo(() => indexOfRow(rows, selectedEntry), [rows, selectedEntry]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new row list (expand, filter) re-reveals the selection
  useEffect(() => {
    if (selectedIndex >= 0) reveal(selectedIndex);
  }, [selectedIndex, rows, reveal]);

  const onKeyDown = useCallback(
    (event: KeyboardEvent<HTMLDivElement>) => {
      if (rows.length === 0) return;
      const at = Math.max(selectedIndex, 0);
      const page = Math.max(1, Math.floor(viewportHeight / ROW_HEIGHT) - 1);
      const select = (i: number) => {
        const entry = rows[Math.min(rows.length - 1, Math.max(0, i))];
        const g = entryGroup(table, entry);
        if (g < 0) onSelect(entry);
        else {
          setCursorGroup(g);
          if (selectedRow >= 0) onSelect(-1);
        }
      };
      const hasKids = (row: number) => table.childStart[row + 1] > table.childStart[row];
      if (activeGroup >= 0 && folding && onGroupKey(event.key, activeGroup, folding, select, at, onSelect)) {
        event.preventDefault();
        return;
      }
      let handled = true;
      switch (event.key) {
        case 'ArrowDown':
        case 'j':
          select(selectedIndex < 0 ? 0 : at + 1);
          break;
        case 'ArrowUp':
        case 'k':
          select(at - 1);
          break;
        case 'PageDown':
          select(at + page);
          break;
        case 'PageUp':
          select(at - page);
          break;
        case 'Home':
          select(0);
          break;
        case 'End':
          select(rows.length - 1);
          break;
        case 'Enter':
        case ' ':
          if (selectedRow >= 0 && hasKids(selectedRow)) onToggle(selectedRow);
          break;
        case 'ArrowRight':
          if (selectedRow >= 0 && hasKids(selectedRow)) {
            if (props.expanded === null || props.expanded[selectedRow]) select(at + 1);
            else onExpand(selectedRow, true);
          }
          break;
        case 'ArrowLeft':
          if (
            selectedRow >= 0 &&
            hasKids(selectedRow) &&
            (props.expanded === null || props.expanded[selectedRow] === 1)
          )
            onExpand(selectedRow, false);
          else if (selectedRow >= 0 && table.parent[selectedRow] >= 0) onSelect(table.parent[selectedRow]);
          break;
        case 'f':
          if (onFocus && selectedRow >= 0) onFocus(selectedRow);
          else handled = false;
          break;
        case 'Backspace':
          if (onFocus && focusRow >= 0) onFocus(table.parent[focusRow]);
          else handled = false;
          break;
        default:
          handled = false;
      }
      if (handled) event.preventDefault();
    },
    [
      rows,
      selectedIndex,
      selectedRow,
      viewportHeight,
      onSelect,
      onToggle,
      onExpand,
      props.expanded,
      table,
      activeGroup,
      folding,
      onFocus,
      focusRow,
    ],
  );

  const toggleGroup = folding?.toggle;
  const activateGroup = useCallback(
    (group: number) => {
      setCursorGroup(group);
      toggleGroup?.(group);
    },
    [toggleGroup],
  );

  const timelinePx = Math.max(1, scrollerWidth - nameWidth - TIMELINE_PAD_LEFT_PX - TIMELINE_PAD_RIGHT_PX);
  // Keyed by span, not by slot: recycling a scrolled-out row's elements for the one scrolled in
  // measured slower (decision 0329).
  const rendered = [];
  for (let i = first; i < last; i++) {
    const row = rows[i];
    const g = folding ? entryGroup(table, row) : -1;
    if (folding && g >= 0) {
      const member = table.children[folding.groups.memberFrom[g]];
      rendered.push(
        <GroupRow
          key={`g${g}`}
          trace={trace}
          groups={folding.groups}
          group={g}
          groupId={folding.groupId(g)}
          index={i}
          top={(i - layerFirst) * ROW_HEIGHT}
          height={ROW_HEIGHT}
          unfolded={folding.unfolded[g] === 1}
          selected={g === activeGroup}
          critical={folding.critical[g] === 1}
          failing={folding.failing[g] === 1}
          highlighted={folding.matched !== null && folding.matched[g] === 1}
          dimmed={folding.matched !== null && folding.matched[g] !== 1}
          window={props.window}
          showCriticalPath={props.showCriticalPath}
          colour={props.colours.get(table.service[member]) ?? '#888'}
          timelinePx={timelinePx}
          nameWidth={nameWidth}
          depthOffset={depthOffset}
          onActivate={activateGroup}
        />,
      );
      continue;
    }
    rendered.push(
      <WaterfallRow
        key={row}
        trace={trace}
        row={row}
        index={i}
        top={(i - layerFirst) * ROW_HEIGHT}
        height={ROW_HEIGHT}
        expanded={props.expanded === null || props.expanded[row] === 1}
        selected={row === selectedRow}
        highlighted={props.highlight !== null && props.highlight[row] === 1}
        dimmed={props.highlight !== null && props.highlight[row] !== 1}
        window={props.window}
        showCriticalPath={props.showCriticalPath}
        showDarkTime={props.showDarkTime}
        colour={props.colours.get(table.service[row]) ?? '#888'}
        logTimes={props.logTimes?.get(row)}
        timelinePx={timelinePx}
        nameWidth={nameWidth}
        depthOffset={depthOffset}
        onSelect={onSelect}
        onToggle={onToggle}
        onHover={setHover}
      />,
    );
  }

  // The focusable treegrid is itself the scroll container, with the header row sticky at its top: a
  // scrolling region inside a focusable widget is one a keyboard cannot reach in every browser (axe's
  // scrollable-region-focusable), and here the keys that move the selection also scroll it.
  return (
    <div
      ref={virtual.ref}
      role="treegrid"
      aria-label="Spans of the trace"
      aria-rowcount={rows.length}
      aria-multiselectable={false}
      aria-activedescendant={
        selectedIndex < 0
          ? undefined
          : activeGroup >= 0
            ? `span-group-${activeGroup}`
            : selectedRow >= 0
              ? `span-row-${selectedRow}`
              : undefined
      }
      tabIndex={0}
      onKeyDown={onKeyDown}
      onScroll={virtual.onScroll}
      onMouseLeave={() => setHover(null)}
      data-testid="waterfall"
      className="relative min-h-0 flex-1 overflow-y-auto overflow-x-hidden outline-none focus-visible:ring-2 focus-visible:ring-blue-500"
    >
      <WaterfallHeader window={props.window} nameWidth={nameWidth} onNameWidth={onNameWidth} />
      <div style={{ height: virtual.spacerHeight, position: 'relative' }}>
        <div
          className="sticky overflow-hidden contain-strict"
          style={{ top: HEADER_HEIGHT, height: viewportHeight }}
        >
          {/* Rows sit at fixed offsets from the layer's anchor row and only this layer moves, so a
              scroll re-renders only the rows entering the window (decision 0329). */}
          <div style={{ transform: `translateY(${virtual.layerShift}px)` }}>{rendered}</div>
        </div>
      </div>
      {rows.length === 0 ? <p className="p-4 text-sm opacity-70">No spans match.</p> : null}
      {hover ? <HoverCard trace={trace} {...hover} /> : null}
    </div>
  );
}

function indexOfRow(rows: Uint32Array, row: number): number {
  return row < 0 ? -1 : rows.indexOf(row);
}

/** Keys on a group row: Enter/Space and → unfold (→ again steps in), ← folds or goes to the parent. */
function onGroupKey(
  key: string,
  group: number,
  folding: WaterfallFolding,
  select: (index: number) => void,
  at: number,
  onSelect: (row: number) => void,
): boolean {
  const unfolded = folding.unfolded[group] === 1;
  switch (key) {
    case 'Enter':
    case ' ':
      folding.toggle(group);
      return true;
    case 'ArrowRight':
      if (unfolded) select(at + 1);
      else folding.toggle(group);
      return true;
    case 'ArrowLeft':
      if (unfolded) folding.toggle(group);
      else onSelect(folding.groups.parent[group]);
      return true;
    default:
      return false;
  }
}

// Memoized: the waterfall re-renders on every scroll, its header only when the window or width moves.
const WaterfallHeader = memo(function WaterfallHeader(props: {
  window: TimeWindow;
  nameWidth: number;
  onNameWidth: (px: number) => void;
}) {
  const { window, nameWidth, onNameWidth } = props;
  // d3's 1-2-5 steps, about five labels across the window (ns from the trace start).
  const ticks = timeTicks(window.from, window.to, TIMELINE_TICKS);
  const span = window.to - window.from || 1;
  const startDrag = useDragWidth({ width: nameWidth, onWidth: onNameWidth, min: 120, max: 900, edge: 'end' });
  return (
    // No aria-rowindex: the span rows are numbered 1…n (aria-rowcount) and 0 is not a valid index.
    <div
      role="row"
      tabIndex={-1}
      className="sticky top-0 z-10 flex shrink-0 border-b border-gray-300 bg-slate-50 text-xs dark:border-gray-700 dark:bg-slate-950"
      style={{ height: HEADER_HEIGHT }}
    >
      <div
        role="columnheader"
        tabIndex={-1}
        className="relative flex items-center px-2 font-semibold"
        style={{ width: nameWidth }}
      >
        Service · operation
        <div
          role="separator"
          aria-orientation="vertical"
          aria-label="Resize the name column"
          aria-valuenow={nameWidth}
          tabIndex={-1}
          onPointerDown={startDrag}
          className="absolute top-0 right-0 h-full w-1.5 cursor-col-resize bg-gray-300 hover:bg-blue-500 dark:bg-gray-700"
        />
      </div>
      <div
        role="columnheader"
        tabIndex={-1}
        className="relative flex-1 overflow-hidden"
        aria-label="Timeline"
      >
        <div
          className="absolute inset-y-0"
          style={{ left: TIMELINE_PAD_LEFT_PX, right: TIMELINE_PAD_RIGHT_PX }}
        >
          {ticks.map((t) => {
            const at = ((t - window.from) / span) * 100;
            // Labels near the right end sit left of their line, so the last one is never cut.
            return (
              <span
                key={t}
                className={`absolute top-0 h-full whitespace-nowrap border-gray-300 dark:border-gray-700 ${at > 90 ? 'border-r pr-1' : 'border-l pl-1'}`}
                style={at > 90 ? { right: `${100 - at}%` } : { left: `${at}%` }}
              >
                {formatDuration(t)}
              </span>
            );
          })}
        </div>
      </div>
    </div>
  );
});

function HoverCard(props: { trace: LoadedTrace; row: number; x: number; y: number }) {
  const { trace, row } = props;
  const t = trace.table;
  const a = trace.analyses;
  return (
    <div
      role="tooltip"
      className="pointer-events-none fixed z-50 max-w-sm rounded border border-gray-300 bg-white p-2 text-xs shadow-lg dark:border-gray-600 dark:bg-gray-900"
      style={{ left: props.x + 12, top: props.y + 12 }}
    >
      <div className="font-semibold break-all">{t.strings[t.name[row]]}</div>
      <div className="opacity-80">{t.strings[t.service[row]]}</div>
      <div>Duration {formatDuration(t.duration[row])}</div>
      <div>Starts at {formatDuration(t.start[row])}</div>
      <div>Self time {formatDuration(a.selfTime[row])}</div>
      {a.darkTime[row] > 0 ? <div>Dark time {formatDuration(a.darkTime[row])}</div> : null}
      {a.cpTime[row] > 0 ? <div>On the critical path {formatDuration(a.cpTime[row])}</div> : null}
      {hasDuplicateId(t, row) ? <DuplicateIdLine /> : null}
      {hasSpanLinks(t, row) ? <SpanLinksLine /> : null}
      <HoverMarks table={t} row={row} />
      {trace.stitch ? <StitchedHoverLines trace={trace} row={row} /> : null}
    </div>
  );
}

// One waterfall row: the indented name cell with guide lines and the timeline cell with the span
// bar, its critical-path segments, dark gaps (hatched), event ticks and duration label.
import { memo, type ReactNode } from 'react';
import { SpanFlag } from '../../../model/types.ts';
import { formatDuration } from '../../../ui/format.ts';
import type { LoadedTrace } from '../../../worker/protocol.ts';
import { RowMarks } from '../links/trace-marks.tsx';
import { textColourOn } from '../palette.ts';
import { DuplicateIdChip, hasDuplicateId } from './duplicate-id.tsx';
import { IndentGuides } from './IndentGuides.tsx';
import { labelWidthPct, placeLabel } from './label-place.ts';
import { mergeIntoRuns, runOpacity } from './runs.ts';
import { rowSpanId } from './span-id.ts';
import { hasSpanLinks, SpanLinksChip } from './span-links-mark.tsx';
import { LINKED_ROW_CLASS, LinkedTraceChip, queueMarks, traceIndexOf } from './stitch-marks.tsx';
import type { TimeWindow } from './time-window.ts';
import { TIMELINE_PAD_LEFT_PX, TIMELINE_PAD_RIGHT_PX } from './timeline-geometry.ts';

const MAX_EVENT_TICKS = 64;
const MAX_LOG_TICKS = 64;
const identity = (k: number) => k;
/** The toggle button's width (w-4). */
const TOGGLE_PX = 16;

interface RowProps {
  trace: LoadedTrace;
  row: number;
  index: number;
  top: number;
  height: number;
  expanded: boolean;
  selected: boolean;
  highlighted: boolean;
  dimmed: boolean;
  window: TimeWindow;
  showCriticalPath: boolean;
  showDarkTime: boolean;
  colour: string;
  /** Width of the timeline's drawing area in CSS px (marks merge per pixel). */
  timelinePx: number;
  /** This row's log lines, ns from the trace start, sorted. */
  logTimes?: readonly number[];
  nameWidth: number;
  /** Indentation starts at this depth (a focused subtree's root, decision 0192). */
  depthOffset?: number;
  onSelect: (row: number) => void;
  onToggle: (row: number) => void;
  onHover: (hover: { row: number; x: number; y: number } | null) => void;
}

const HATCH = 'repeating-linear-gradient(135deg, rgba(0,0,0,0.55) 0 2px, rgba(255,255,255,0.35) 2px 5px)';

export const WaterfallRow = memo(function WaterfallRow(props: RowProps) {
  const { trace, row, window } = props;
  const t = trace.table;
  const a = trace.analyses;
  const depth = t.depth[row] - (props.depthOffset ?? 0);
  const hasChildren = t.childStart[row + 1] > t.childStart[row];
  const isError = (t.flags[row] & SpanFlag.Error) !== 0;
  const span = window.to - window.from || 1;
  const pct = (ns: number) => ((ns - window.from) / span) * 100;
  const start = t.start[row];
  const duration = Math.max(0, t.duration[row]);
  const left = pct(start);
  const width = Math.max((duration / span) * 100, 0.15);
  const cpCount = a.cpRowStart[row + 1] - a.cpRowStart[row];
  const gapCount = a.darkGapStart[row + 1] - a.darkGapStart[row];

  // Marks closer than a pixel merge into one run, fainter where they only sprinkle it.
  const pxNs = span / Math.max(1, props.timelinePx);
  const widthOf = (from: number, to: number) => `max(${((to - from) / span) * 100}%, 1px)`;
  const marks: ReactNode[] = [];
  if (props.showDarkTime && gapCount > 0) {
    const gapStart = a.darkGapStart[row];
    const runs = mergeIntoRuns(gapStart, a.darkGapStart[row + 1], identity, a.darkGapFrom, a.darkGapTo, pxNs);
    runs.forEach((run) => {
      marks.push(
        <span
          key={`d${run.from}`}
          data-dark-gap=""
          title={`Dark time ${formatDuration(run.covered)}`}
          className="absolute top-1 bottom-1"
          style={{
            left: `${pct(run.from)}%`,
            width: widthOf(run.from, run.to),
            background: HATCH,
            opacity: runOpacity(run),
          }}
        />,
      );
    });
  }
  if (props.showCriticalPath && cpCount > 0) {
    const runs = mergeIntoRuns(
      a.cpRowStart[row],
      a.cpRowStart[row + 1],
      (k) => a.cpRowIndex[k],
      a.cpStartNs,
      a.cpEndNs,
      pxNs,
    );
    runs.forEach((run) => {
      marks.push(
        <span
          key={`c${run.from}`}
          data-cp-segment=""
          className="absolute bottom-0 h-1.5 bg-black dark:bg-white"
          style={{ left: `${pct(run.from)}%`, width: widthOf(run.from, run.to), opacity: runOpacity(run) }}
        />,
      );
    });
  }
  const eventsFrom = t.eventStart[row];
  const eventsTo = Math.min(t.eventStart[row + 1], eventsFrom + MAX_EVENT_TICKS);
  for (let e = eventsFrom; e < eventsTo; e++) {
    marks.push(
      <span
        key={`e${e}`}
        data-event-tick=""
        className="absolute top-0 h-2 w-0.5 bg-gray-900 dark:bg-gray-100"
        style={{ left: `${pct(t.eventTime[e])}%` }}
      />,
    );
  }

  if (trace.stitch) marks.push(...queueMarks(trace, row, pct));
  const traceIndex = traceIndexOf(trace, row);

  const logTimes = props.logTimes ?? [];
  for (let i = 0; i < Math.min(logTimes.length, MAX_LOG_TICKS); i++) {
    marks.push(
      <span
        key={`l${i}`}
        data-log-mark=""
        title="Log line"
        className="absolute bottom-0 h-2.5 w-0.5 bg-amber-500 dark:bg-amber-300"
        style={{ left: `${pct(logTimes[i])}%` }}
      />,
    );
  }

  // Undimmed, the bar and marks sit in the cell directly: one wrapper fewer per row.
  const drawing = (
    <>
      <span
        data-bar=""
        className={`absolute top-1 bottom-1 rounded-sm ${isError ? 'ring-2 ring-red-600' : ''}`}
        style={{ left: `${left}%`, width: `${width}%`, background: props.colour }}
      />
      {marks}
    </>
  );
  const durationText = formatDuration(duration);
  const label = placeLabel(left, left + width, labelWidthPct(durationText, props.timelinePx));
  const background = props.selected
    ? 'bg-blue-100 dark:bg-blue-900/60'
    : props.highlighted
      ? 'bg-yellow-100 dark:bg-yellow-900/40'
      : 'hover:bg-gray-100 dark:hover:bg-gray-800';

  return (
    // Keys reach the row through the treegrid (aria-activedescendant), not the row itself.
    // `contain-strict`: the row's size is its own (absolute, left/right 0, a fixed height), so a row
    // entering the window restyles, lays out and paints alone (decision 0365).
    // biome-ignore lint/a11y/useKeyWithClickEvents: keyboard handled by the treegrid container
    <div
      role="row"
      tabIndex={-1}
      id={`span-row-${row}`}
      aria-level={depth + 1}
      aria-expanded={hasChildren ? props.expanded : undefined}
      aria-selected={props.selected}
      aria-rowindex={props.index + 1}
      data-span-id={rowSpanId(t, row)}
      data-critical={cpCount > 0 ? '1' : undefined}
      data-dark={gapCount > 0 && a.darkTime[row] > 0 ? '1' : undefined}
      data-error={isError ? '1' : undefined}
      data-match={props.highlighted ? '1' : undefined}
      data-trace-index={traceIndex > 0 ? traceIndex : undefined}
      className={`absolute right-0 left-0 flex cursor-default text-xs contain-strict ${traceIndex > 0 ? LINKED_ROW_CLASS : ''} ${background} ${props.dimmed ? 'text-slate-600 dark:text-slate-400' : ''} ${props.selected ? 'outline outline-2 -outline-offset-2 outline-blue-600' : ''}`}
      style={{ top: props.top, height: props.height }}
      onClick={() => props.onSelect(row)}
      onMouseEnter={(e) => props.onHover({ row, x: e.clientX, y: e.clientY })}
      onMouseLeave={() => props.onHover(null)}
    >
      <div
        role="gridcell"
        tabIndex={-1}
        className="relative flex shrink-0 items-center overflow-hidden pr-2"
        style={{ width: props.nameWidth }}
      >
        {/* A leaf's toggle space is the guides' own width: one element fewer per row (decision 0329). */}
        <IndentGuides depth={depth} extra={hasChildren ? 0 : TOGGLE_PX} />
        {hasChildren ? (
          <button
            type="button"
            tabIndex={-1}
            aria-label={props.expanded ? 'Collapse' : 'Expand'}
            className="w-4 shrink-0 text-center"
            onClick={(e) => {
              e.stopPropagation();
              props.onToggle(row);
            }}
          >
            {props.expanded ? '▾' : '▸'}
          </button>
        ) : null}
        <span
          aria-hidden="true"
          className="mr-1 inline-block h-3 w-1.5 shrink-0 rounded-sm"
          style={{ background: props.colour }}
        />
        {isError ? (
          <span className="mr-1 shrink-0 font-bold text-red-600" title="Error">
            !
          </span>
        ) : null}
        <span className="truncate">
          <span className="font-medium">{t.strings[t.service[row]]}</span>{' '}
          <span className={props.dimmed ? undefined : 'opacity-80'}>{t.strings[t.name[row]]}</span>
        </span>
        {hasDuplicateId(t, row) ? <DuplicateIdChip /> : null}
        {hasSpanLinks(t, row) ? <SpanLinksChip /> : null}
        <RowMarks table={t} row={row} />
        {traceIndex > 0 ? <LinkedTraceChip trace={trace} row={row} /> : null}
        {hasChildren && !props.expanded ? (
          <span className="ml-1 shrink-0 rounded bg-gray-200 px-1 text-slate-800 dark:bg-gray-700 dark:text-slate-200">
            {t.childStart[row + 1] - t.childStart[row]}
          </span>
        ) : null}
      </div>
      <div
        role="gridcell"
        tabIndex={-1}
        className="relative flex-1 overflow-hidden border-l border-gray-200 dark:border-gray-700"
      >
        <div
          className="absolute inset-y-0"
          style={{ left: TIMELINE_PAD_LEFT_PX, right: TIMELINE_PAD_RIGHT_PX }}
        >
          {/* A row outside the find/filter match fades its drawing; its text only turns grey, so it
              stays readable (an opacity on the whole row took its text below 4.5:1 contrast). */}
          {props.dimmed ? <span className="opacity-40">{drawing}</span> : drawing}
          {label ? (
            <span
              data-duration-label={label.place}
              className={`absolute flex items-center px-1 whitespace-nowrap ${label.place === 'inside' ? 'top-1 bottom-1 rounded-sm' : 'top-0 h-full'}`}
              style={
                label.place === 'right'
                  ? { left: `${label.left}%` }
                  : label.place === 'left'
                    ? { right: `${label.right}%` }
                    : {
                        // On a chip of the bar's colour, so hatching under it never hides the figure.
                        right: `${label.right}%`,
                        color: textColourOn(props.colour),
                        background: props.colour,
                      }
              }
            >
              {durationText}
            </span>
          ) : null}
        </div>
      </div>
    </div>
  );
});

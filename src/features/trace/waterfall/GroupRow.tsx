// The row of a group of repeated siblings (decision 0191): "SELECT ×200 · total 1.2 s · p50 3 ms ·
// 3 errors", a faint bar from the first member's start to the last one's end with the members drawn
// on it (merged per pixel), and the critical path's segments through them. Click or Enter unfolds it.
import { memo, type ReactNode } from 'react';
import { groupsAbove, type SiblingGroups } from '../../../analysis/index.ts';
import { SpanFlag } from '../../../model/types.ts';
import { formatDuration } from '../../../ui/format.ts';
import type { LoadedTrace } from '../../../worker/protocol.ts';
import { IndentGuides } from './IndentGuides.tsx';
import { CRITICAL_PATH_MARK, ERROR_BAR_RING, ERROR_NAME_MARK, SPAN_BAR } from './row-marks.ts';
import { mergeIntoRuns, runOpacity } from './runs.ts';
import type { TimeWindow } from './time-window.ts';
import { TIMELINE_PAD_LEFT_PX, TIMELINE_PAD_RIGHT_PX } from './timeline-geometry.ts';

const MAX_ERROR_TICKS = 64;

export interface GroupRowProps {
  trace: LoadedTrace;
  groups: SiblingGroups;
  group: number;
  /** The span ID the URL knows the group by (its first member's). */
  groupId: string;
  index: number;
  top: number;
  height: number;
  unfolded: boolean;
  selected: boolean;
  /** It holds a critical-path span, an error span, a find match (members or below them). */
  critical: boolean;
  failing: boolean;
  highlighted: boolean;
  dimmed: boolean;
  window: TimeWindow;
  showCriticalPath: boolean;
  colour: string;
  timelinePx: number;
  nameWidth: number;
  depthOffset: number;
  onActivate: (group: number) => void;
}

/** "×200 · total 1.2 s · p50 3 ms · 3 errors": what the group row says after the operation. */
export function groupSummary(groups: SiblingGroups, group: number): string {
  const count = groups.memberTo[group] - groups.memberFrom[group];
  const errors = groups.errors[group];
  return [
    `×${count}`,
    `total ${formatDuration(groups.total[group])}`,
    `p50 ${formatDuration(groups.p50[group])}`,
    ...(errors > 0 ? [`${errors} ${errors === 1 ? 'error' : 'errors'}`] : []),
  ].join(' · ');
}

export const GroupRow = memo(function GroupRow(props: GroupRowProps) {
  const { trace, groups, group, window } = props;
  const t = trace.table;
  const from = groups.memberFrom[group];
  const to = groups.memberTo[group];
  const first = t.children[from];
  const depth = t.depth[first] - props.depthOffset;
  const span = window.to - window.from || 1;
  const pct = (ns: number) => ((ns - window.from) / span) * 100;
  const left = pct(groups.start[group]);
  const width = Math.max(((groups.end[group] - groups.start[group]) / span) * 100, 0.15);
  const summary = groupSummary(groups, group);
  const label = `${t.strings[t.service[first]]} ${t.strings[t.name[first]]} ${summary}`;

  const background = props.selected
    ? 'bg-blue-100 dark:bg-blue-900/60'
    : props.highlighted
      ? 'bg-yellow-100 dark:bg-yellow-900/40'
      : 'hover:bg-gray-100 dark:hover:bg-gray-800';
  // The count goes right of the bar when there is room, else left of it, else on it (as a span's duration).
  const labelPlace: 'right' | 'left' | 'inside' =
    left + width <= 88 ? 'right' : left >= 12 ? 'left' : 'inside';

  return (
    // Keys reach the row through the treegrid (aria-activedescendant), not the row itself.
    // biome-ignore lint/a11y/useKeyWithClickEvents: keyboard handled by the treegrid container
    <div
      role="row"
      tabIndex={-1}
      id={`span-group-${group}`}
      aria-level={depth + 1}
      aria-expanded={props.unfolded}
      aria-selected={props.selected}
      aria-rowindex={props.index + 1}
      aria-label={label}
      data-group-id={props.groupId}
      data-critical={props.critical ? '1' : undefined}
      data-error={props.failing ? '1' : undefined}
      data-match={props.highlighted ? '1' : undefined}
      className={`absolute right-0 left-0 flex cursor-pointer text-xs contain-strict ${background} ${props.dimmed ? 'text-slate-600 dark:text-slate-400' : ''} ${props.selected ? 'outline outline-2 -outline-offset-2 outline-blue-600' : ''}`}
      style={{ top: props.top, height: props.height }}
      onClick={() => props.onActivate(group)}
    >
      <div
        role="gridcell"
        tabIndex={-1}
        className="relative flex shrink-0 items-center overflow-hidden pr-2"
        style={{ width: props.nameWidth }}
        title={label}
      >
        <IndentGuides depth={depth} />
        <span aria-hidden="true" className="w-4 shrink-0 text-center">
          {props.unfolded ? '▾' : '▸'}
        </span>
        <span
          aria-hidden="true"
          className="mr-1 inline-block h-3 w-1.5 shrink-0 rounded-sm"
          style={{ background: props.colour, boxShadow: `2px 0 0 ${props.colour}` }}
        />
        {props.failing ? (
          <span className={`mr-1 shrink-0 ${ERROR_NAME_MARK}`} title="Holds an error">
            !
          </span>
        ) : null}
        <span className="truncate">
          <span className="font-medium">{t.strings[t.service[first]]}</span>{' '}
          <span className={props.dimmed ? undefined : 'opacity-80'}>{t.strings[t.name[first]]}</span>{' '}
          <span data-group-summary="" className="font-semibold">
            {summary}
          </span>
        </span>
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
          <span className={props.dimmed ? 'opacity-40' : undefined}>
            <span
              data-bar=""
              data-group-bar=""
              className={`${SPAN_BAR} ${props.failing ? ERROR_BAR_RING : ''}`}
              style={{
                left: `${left}%`,
                width: `${width}%`,
                background: `color-mix(in srgb, ${props.colour} 25%, transparent)`,
              }}
            />
            <GroupMarks
              trace={trace}
              groups={groups}
              group={group}
              window={window}
              timelinePx={props.timelinePx}
              colour={props.colour}
              showCriticalPath={props.showCriticalPath}
              critical={props.critical}
            />
          </span>
          <span
            data-group-count={labelPlace}
            className={`absolute flex items-center px-1 whitespace-nowrap ${labelPlace === 'inside' ? 'top-1 bottom-1 rounded-sm bg-white/85 dark:bg-gray-900/85' : 'top-0 h-full'}`}
            style={
              labelPlace === 'right'
                ? { left: `${left + width}%` }
                : labelPlace === 'left'
                  ? { right: `${100 - left}%` }
                  : { left: `${Math.max(0, left)}%` }
            }
          >
            {`×${to - from}`}
          </span>
        </div>
      </div>
    </div>
  );
});

/**
 * The members on the group's bar, failing ones ticked red, and the critical path through them: work
 * over every member (a group can hold 100k), so its own memo, which scrolling does not touch.
 */
const GroupMarks = memo(function GroupMarks(props: {
  trace: LoadedTrace;
  groups: SiblingGroups;
  group: number;
  window: TimeWindow;
  timelinePx: number;
  colour: string;
  showCriticalPath: boolean;
  critical: boolean;
}) {
  const { trace, groups, group, window } = props;
  const t = trace.table;
  const from = groups.memberFrom[group];
  const to = groups.memberTo[group];
  const span = window.to - window.from || 1;
  const pct = (ns: number) => ((ns - window.from) / span) * 100;
  const pxNs = span / Math.max(1, props.timelinePx);
  const widthOf = (a: number, b: number) => `max(${((b - a) / span) * 100}%, 1px)`;
  const marks: ReactNode[] = [];
  const memberStart = new Float64Array(to - from);
  const memberEnd = new Float64Array(to - from);
  for (let k = from; k < to; k++) {
    const row = t.children[k];
    memberStart[k - from] = t.start[row];
    memberEnd[k - from] = t.start[row] + Math.max(0, t.duration[row]);
  }
  for (const run of mergeIntoRuns(0, to - from, (k) => k, memberStart, memberEnd, pxNs)) {
    marks.push(
      <span
        key={`m${run.from}`}
        data-member-run=""
        className="absolute top-1 bottom-1"
        style={{
          left: `${pct(run.from)}%`,
          width: widthOf(run.from, run.to),
          background: props.colour,
          opacity: runOpacity(run),
        }}
      />,
    );
  }
  // Which members failed, as red ticks over the bar (merged per pixel like the members).
  if (groups.errors[group] > 0) {
    let shown = 0;
    let lastPx = Number.NEGATIVE_INFINITY;
    for (let k = from; k < to && shown < MAX_ERROR_TICKS; k++) {
      const row = t.children[k];
      if (!(t.flags[row] & SpanFlag.Error) || t.start[row] - lastPx < pxNs) continue;
      lastPx = t.start[row];
      shown++;
      marks.push(
        <span
          key={`e${row}`}
          data-error-tick=""
          className="absolute top-0 h-2 w-0.5 bg-red-600"
          style={{ left: `${pct(t.start[row])}%` }}
        />,
      );
    }
  }
  if (props.showCriticalPath && props.critical) {
    const cp = criticalSegmentsIn(trace, groups, group);
    const runs = mergeIntoRuns(0, cp.from.length, (k) => k, cp.from, cp.to, pxNs);
    for (const run of runs) {
      marks.push(
        <span
          key={`c${run.from}`}
          data-cp-segment=""
          className={CRITICAL_PATH_MARK}
          style={{ left: `${pct(run.from)}%`, width: widthOf(run.from, run.to), opacity: runOpacity(run) }}
        />,
      );
    }
  }

  return <>{marks}</>;
});

/** The critical path's segments (time order) on the group's members or below them. */
function criticalSegmentsIn(
  trace: LoadedTrace,
  groups: SiblingGroups,
  group: number,
): { from: Float64Array; to: Float64Array } {
  const a = trace.analyses;
  const start = groups.start[group];
  const end = groups.end[group];
  // Segments are in time order and do not overlap: find the first ending after the group starts.
  let lo = 0;
  let hi = a.cpEndNs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a.cpEndNs[mid] <= start) lo = mid + 1;
    else hi = mid;
  }
  const from: number[] = [];
  const to: number[] = [];
  for (let k = lo; k < a.cpStartNs.length && a.cpStartNs[k] < end; k++) {
    if (groupsAbove(trace.table, groups, a.cpRow[k]).includes(group)) {
      from.push(a.cpStartNs[k]);
      to.push(a.cpEndNs[k]);
    }
  }
  return { from: Float64Array.from(from), to: Float64Array.from(to) };
}

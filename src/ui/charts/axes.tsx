// The one chart style's axes: d3 scales choose and place the ticks (`scale.ticks()`, or values the
// chart picks itself), React draws them. Every chart labels its ticks the same way.
import type { ReactNode } from 'react';

export interface AxisTick {
  key: string;
  /** Position along the axis (px, the scale's range). */
  at: number;
  label: string;
}

/** What a d3 continuous scale (linear, log, time) offers an axis. */
export interface TickScale<T> {
  (value: T): number | undefined;
  ticks(count?: number): T[];
}

/** The ticks of `scale`: its own `ticks(count)`, or `values` when the chart chooses them. */
export function axisTicks<T extends number | Date>(
  scale: TickScale<T>,
  format: (value: T) => string,
  options: { count?: number; values?: readonly T[] } = {},
): AxisTick[] {
  const values = options.values ?? scale.ticks(options.count);
  return values.map((value) => ({ key: String(+value), at: scale(value) ?? 0, label: format(value) }));
}

const LABEL = 'fill-slate-600 text-[10px] dark:fill-slate-400';
const GRID = 'stroke-slate-200 dark:stroke-slate-700';
const TICK_SIZE = 6;

interface AxisProps {
  ticks: readonly AxisTick[];
  /** Draw the axis line from `from` to `to` px (the scale's range) with a tick mark at each label. */
  line?: { from: number; to: number };
  /** Draw a grid line across the plot, `grid` px long, at each tick. */
  grid?: number;
}

/** A horizontal axis, labels below; place it at the plot's bottom edge. */
export function AxisBottom(props: AxisProps & { y: number }) {
  const { ticks, line, grid } = props;
  return (
    <g transform={`translate(0,${props.y})`} data-axis="bottom">
      {line ? (
        <path d={`M${line.from},${TICK_SIZE}V0H${line.to}V${TICK_SIZE}`} fill="none" stroke="currentColor" />
      ) : null}
      {ticks.map((tick) => (
        <g key={tick.key} transform={`translate(${tick.at},0)`}>
          {grid ? <line y2={-grid} className={GRID} /> : null}
          {line ? <line y2={TICK_SIZE} stroke="currentColor" /> : null}
          <AxisLabel y={TICK_SIZE + 3} dy="0.71em" anchor="middle">
            {tick.label}
          </AxisLabel>
        </g>
      ))}
    </g>
  );
}

/** A vertical axis, labels to the left; place it at the plot's left edge. */
export function AxisLeft(props: AxisProps) {
  const { ticks, line, grid } = props;
  return (
    <g data-axis="left">
      {line ? (
        <path
          d={`M${-TICK_SIZE},${line.from}H0V${line.to}H${-TICK_SIZE}`}
          fill="none"
          stroke="currentColor"
        />
      ) : null}
      {ticks.map((tick) => (
        <g key={tick.key} transform={`translate(0,${tick.at})`}>
          {grid ? <line x2={grid} className={GRID} /> : null}
          {line ? <line x2={-TICK_SIZE} stroke="currentColor" /> : null}
          <AxisLabel x={-(TICK_SIZE + 3)} dy="0.32em" anchor="end">
            {tick.label}
          </AxisLabel>
        </g>
      ))}
    </g>
  );
}

function AxisLabel(props: {
  x?: number;
  y?: number;
  dy: string;
  anchor: 'middle' | 'end';
  children: ReactNode;
}) {
  return (
    <text x={props.x} y={props.y} dy={props.dy} textAnchor={props.anchor} className={LABEL}>
      {props.children}
    </text>
  );
}

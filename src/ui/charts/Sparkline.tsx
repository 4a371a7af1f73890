// A small line over a window, for table cells: no axes, the same d3 scales as the big charts. The
// figure itself is in the cell's text; the line is decoration with a label for screen readers.
import { line as d3line, scaleLinear } from 'd3';

export interface SparklineProps {
  /** [epoch ms, value] in time order. */
  points: ReadonlyArray<readonly [number, number]>;
  fromMs: number;
  toMs: number;
  /** Said by screen readers, e.g. "Request rate over the window". */
  label: string;
  /** Tailwind stroke class. */
  className?: string;
  width?: number;
  height?: number;
}

export function Sparkline({
  points,
  fromMs,
  toMs,
  label,
  className,
  width = 96,
  height = 24,
}: SparklineProps) {
  const max = points.reduce((m, [, v]) => (Number.isFinite(v) && v > m ? v : m), 0);
  const x = scaleLinear()
    .domain([fromMs, Math.max(toMs, fromMs + 1)])
    .range([1, width - 1]);
  const y = scaleLinear()
    .domain([0, max > 0 ? max : 1])
    .range([height - 2, 2]);
  const path = d3line<readonly [number, number]>()
    .defined(([, v]) => Number.isFinite(v))
    .x(([t]) => x(t))
    .y(([, v]) => y(v))(points);
  return (
    <svg width={width} height={height} role="img" aria-label={label} className="overflow-visible">
      <path
        d={path ?? ''}
        fill="none"
        strokeWidth={1.5}
        className={className ?? 'stroke-sky-600 dark:stroke-sky-400'}
      />
    </svg>
  );
}

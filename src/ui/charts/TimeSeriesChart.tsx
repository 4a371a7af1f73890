// A time-series chart drawn with d3 scales and shapes into React-rendered SVG (axes from ./axes): lines, a legend that
// hides and shows series, a crosshair with every series' value at the pointer, a marked moment, and
// exemplars as dots with a hover card; clicking a dot hands it to the caller.
import { bisector, line as d3line, scaleLinear, scaleTime, schemeTableau10 } from 'd3';
import { type KeyboardEvent, type PointerEvent, useEffect, useMemo, useRef, useState } from 'react';
import { formatTimestamp } from '../format';
import { AxisBottom, AxisLeft, axisTicks } from './axes';
import { type ChartUnit, formatTime, formatValue } from './format';

export interface ChartPoint {
  /** Epoch milliseconds. */
  t: number;
  v: number;
}

export interface ChartSeries {
  id: string;
  label: string;
  points: readonly ChartPoint[];
}

export interface ChartExemplar {
  id: string;
  /** The plotted series it belongs to (coloured like it); undefined: drawn neutral. */
  seriesId?: string;
  t: number;
  v: number;
  labels: Readonly<Record<string, string>>;
  /** Short text for the dot's accessible name, e.g. "trace 2bafbe17…". */
  title: string;
}

export interface TimeSeriesChartProps {
  series: readonly ChartSeries[];
  exemplars?: readonly ChartExemplar[];
  /** Epoch ms; the x domain (defaults to the data's extent). */
  fromMs?: number;
  toMs?: number;
  unit?: ChartUnit;
  height?: number;
  /** A moment to mark with a vertical line (e.g. when the trace happened). */
  marker?: { t: number; label: string };
  label: string;
  onExemplarClick?: (exemplar: ChartExemplar) => void;
  /** Hide the legend (small multiples). */
  compact?: boolean;
}

const MARGIN = { top: 8, right: 12, bottom: 22, left: 64 };
const byTime = bisector<ChartPoint, number>((point) => point.t);

export function seriesColor(index: number): string {
  return schemeTableau10[index % schemeTableau10.length];
}

function useWidth() {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(600);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    setWidth(element.clientWidth || 600);
    const observer = new ResizeObserver((entries) => setWidth(entries[0]?.contentRect.width || 600));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width] as const;
}

export function TimeSeriesChart(props: TimeSeriesChartProps) {
  const { series, exemplars = [], unit = 'none', height = 220 } = props;
  const [containerRef, width] = useWidth();
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());
  const [hoverMs, setHoverMs] = useState<number | undefined>();
  const [activeExemplar, setActiveExemplar] = useState<ChartExemplar | undefined>();

  const colorOf = useMemo(() => {
    const colors = new Map(series.map((s, index) => [s.id, seriesColor(index)]));
    return (id: string | undefined) => (id !== undefined ? colors.get(id) : undefined) ?? '#64748b';
  }, [series]);
  const visible = series.filter((s) => !hidden.has(s.id));
  const visibleExemplars = exemplars.filter((e) => e.seriesId === undefined || !hidden.has(e.seriesId));

  const { x, y } = useMemo(() => {
    let minT = props.fromMs ?? Number.POSITIVE_INFINITY;
    let maxT = props.toMs ?? Number.NEGATIVE_INFINITY;
    let minV = 0;
    let maxV = Number.NEGATIVE_INFINITY;
    for (const s of visible) {
      for (const p of s.points) {
        if (props.fromMs === undefined) minT = Math.min(minT, p.t);
        if (props.toMs === undefined) maxT = Math.max(maxT, p.t);
        if (Number.isFinite(p.v)) {
          minV = Math.min(minV, p.v);
          maxV = Math.max(maxV, p.v);
        }
      }
    }
    for (const e of visibleExemplars) if (Number.isFinite(e.v)) maxV = Math.max(maxV, e.v);
    if (!Number.isFinite(minT) || !Number.isFinite(maxT)) {
      minT = Date.now() - 3_600_000;
      maxT = Date.now();
    }
    if (minT === maxT) maxT = minT + 60_000;
    if (!Number.isFinite(maxV) || maxV === minV) maxV = minV + 1;
    const innerWidth = Math.max(10, width - MARGIN.left - MARGIN.right);
    const innerHeight = Math.max(10, height - MARGIN.top - MARGIN.bottom);
    return {
      x: scaleTime().domain([minT, maxT]).range([0, innerWidth]),
      y: scaleLinear().domain([minV, maxV]).nice().range([innerHeight, 0]),
    };
  }, [visible, visibleExemplars, props.fromMs, props.toMs, width, height]);

  const innerWidth = x.range()[1];
  const innerHeight = y.range()[0];
  const spanMs = x.domain()[1].getTime() - x.domain()[0].getTime();
  const path = d3line<ChartPoint>()
    .defined((p) => Number.isFinite(p.v))
    .x((p) => x(p.t))
    .y((p) => y(p.v));

  const nearest = (points: readonly ChartPoint[], t: number): ChartPoint | undefined => {
    if (points.length === 0) return undefined;
    const index = byTime.center(points as ChartPoint[], t);
    return points[index];
  };

  const onPointer = (event: PointerEvent<SVGRectElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    setHoverMs(x.invert(event.clientX - box.left).getTime());
  };

  const hoverRows =
    hoverMs === undefined
      ? []
      : visible.flatMap((s) => {
          const point = nearest(s.points, hoverMs);
          return point ? [{ series: s, point }] : [];
        });
  const hoverAt = hoverRows[0]?.point.t ?? hoverMs;

  const onDotKey = (event: KeyboardEvent<SVGCircleElement>, exemplar: ChartExemplar) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      props.onExemplarClick?.(exemplar);
    }
  };

  return (
    <figure className="relative w-full" aria-label={props.label} ref={containerRef}>
      {/* With exemplar buttons inside, the chart is a group: an image may not hold controls. */}
      <svg
        width={width}
        height={height}
        role={visibleExemplars.length > 0 ? 'group' : 'img'}
        aria-label={props.label}
        className="block"
      >
        <g transform={`translate(${MARGIN.left},${MARGIN.top})`}>
          <AxisLeft ticks={axisTicks(y, (tick) => formatValue(tick, unit), { count: 5 })} grid={innerWidth} />
          <AxisBottom
            y={innerHeight}
            ticks={axisTicks(x, (tick) => formatTime(tick.getTime(), spanMs), {
              count: Math.max(2, Math.floor(innerWidth / 90)),
            })}
          />
          {props.marker && (
            <g data-testid="chart-marker">
              <line
                x1={x(props.marker.t)}
                x2={x(props.marker.t)}
                y2={innerHeight}
                className="stroke-amber-500"
                strokeWidth={2}
                strokeDasharray="4 3"
              />
              <title>{props.marker.label}</title>
            </g>
          )}
          {visible.map((s) => (
            <path
              key={s.id}
              d={path(s.points as ChartPoint[]) ?? ''}
              fill="none"
              stroke={colorOf(s.id)}
              strokeWidth={1.5}
            />
          ))}
          {hoverAt !== undefined && (
            <line
              x1={x(hoverAt)}
              x2={x(hoverAt)}
              y2={innerHeight}
              className="stroke-slate-400"
              pointerEvents="none"
            />
          )}
          <rect
            width={innerWidth}
            height={innerHeight}
            fill="transparent"
            onPointerMove={onPointer}
            onPointerLeave={() => setHoverMs(undefined)}
          />
          {visibleExemplars.map((exemplar) =>
            Number.isFinite(exemplar.v) ? (
              <circle
                key={exemplar.id}
                data-testid="exemplar"
                role="button"
                tabIndex={0}
                aria-label={`Exemplar: ${exemplar.title}, ${formatValue(exemplar.v, unit)}`}
                cx={x(exemplar.t)}
                cy={y(exemplar.v)}
                r={activeExemplar?.id === exemplar.id ? 6 : 4}
                fill={colorOf(exemplar.seriesId)}
                stroke="white"
                strokeWidth={1}
                className="cursor-pointer"
                onPointerEnter={() => setActiveExemplar(exemplar)}
                onPointerLeave={() => setActiveExemplar(undefined)}
                onFocus={() => setActiveExemplar(exemplar)}
                onBlur={() => setActiveExemplar(undefined)}
                onClick={() => props.onExemplarClick?.(exemplar)}
                onKeyDown={(event) => onDotKey(event, exemplar)}
              />
            ) : null,
          )}
        </g>
      </svg>
      {activeExemplar && (
        <div
          role="tooltip"
          data-testid="exemplar-card"
          className="pointer-events-none absolute z-10 max-w-sm rounded border border-slate-300 bg-white p-2 text-xs shadow dark:border-slate-600 dark:bg-slate-900"
          style={{
            left: Math.min(width - 240, MARGIN.left + x(activeExemplar.t) + 8),
            top: Math.max(0, MARGIN.top + y(activeExemplar.v) - 10),
          }}
        >
          <p className="font-semibold">
            {formatValue(activeExemplar.v, unit)} at {formatTimestamp(activeExemplar.t)}
          </p>
          <dl className="mt-1 grid grid-cols-[max-content_1fr] gap-x-2 font-mono">
            {Object.entries(activeExemplar.labels).map(([key, value]) => (
              <div key={key} className="contents">
                <dt className="opacity-70">{key}</dt>
                <dd className="break-all">{value}</dd>
              </div>
            ))}
          </dl>
          <p className="mt-1 opacity-70">Click to open the trace</p>
        </div>
      )}
      {hoverAt !== undefined && hoverRows.length > 0 && !activeExemplar && (
        <div
          data-testid="chart-hover"
          className="pointer-events-none absolute z-10 rounded border border-slate-300 bg-white/95 p-2 text-xs shadow dark:border-slate-600 dark:bg-slate-900/95"
          style={{ left: Math.min(width - 220, MARGIN.left + x(hoverAt) + 10), top: MARGIN.top }}
        >
          <p className="font-semibold">{formatTimestamp(hoverAt)}</p>
          <ul>
            {hoverRows.slice(0, 12).map(({ series: s, point }) => (
              <li key={s.id} className="flex items-center gap-1.5">
                <span className="inline-block size-2 rounded-full" style={{ background: colorOf(s.id) }} />
                <span className="max-w-48 truncate">{s.label}</span>
                <span className="ml-auto pl-2 font-mono">{formatValue(point.v, unit)}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      {!props.compact && series.length > 0 && (
        <figcaption>
          <ul aria-label="Legend" className="mt-1 flex flex-wrap gap-x-3 gap-y-1 text-xs">
            {series.map((s) => (
              <li key={s.id}>
                <button
                  type="button"
                  aria-pressed={!hidden.has(s.id)}
                  className={`flex items-center gap-1 ${hidden.has(s.id) ? 'opacity-40' : ''}`}
                  onClick={() =>
                    setHidden((current) => {
                      const next = new Set(current);
                      if (next.has(s.id)) next.delete(s.id);
                      else next.add(s.id);
                      return next;
                    })
                  }
                >
                  <span className="inline-block h-0.5 w-3" style={{ background: colorOf(s.id) }} />
                  <span className="font-mono">{s.label}</span>
                </button>
              </li>
            ))}
          </ul>
        </figcaption>
      )}
    </figure>
  );
}

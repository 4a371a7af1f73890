// Start time against duration, one dot per trace: size = span count, red = has errors. Brushing a time
// span narrows the search window; clicking a dot opens the trace. d3 scales place the ticks and d3
// draws the brush; React draws the axes (src/ui/charts/axes) and the dots (they are few: a search
// returns at most its limit).
import * as d3 from 'd3';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { TraceSummary } from '../../datasources/types';
import { AxisBottom, AxisLeft, axisTicks } from '../../ui/charts/axes';
import { formatDurationMs } from '../../ui/format';
import { DOT_PADDING_PX, logDurationTicks, timeTickLabel, wantsLogScale } from './scatter-scale';

export interface ResultsScatterProps {
  traces: readonly TraceSummary[];
  fromMs: number;
  toMs: number;
  onOpen(trace: TraceSummary): void;
  onBrush(fromMs: number, toMs: number): void;
}

const HEIGHT = 220;
const MARGIN = { top: 10, right: 16, bottom: 28, left: 56 };

export function ResultsScatter({ traces, fromMs, toMs, onOpen, onBrush }: ResultsScatterProps) {
  // undefined: chosen from the durations (scatter-scale.ts) until the user ticks or unticks the box.
  const [logChoice, setLogChoice] = useState<boolean>();
  const autoLog = useMemo(() => wantsLogScale(traces.map((t) => t.durationMs)), [traces]);
  const log = logChoice ?? autoLog;
  const [width, setWidth] = useState(800);
  const boxRef = useRef<HTMLDivElement>(null);
  const brushRef = useRef<SVGGElement>(null);
  const logId = useId();

  useEffect(() => {
    const box = boxRef.current;
    if (!box) return;
    const observer = new ResizeObserver((entries) => {
      const next = Math.max(320, Math.floor(entries[0]?.contentRect.width ?? 800));
      setWidth(next);
    });
    observer.observe(box);
    return () => observer.disconnect();
  }, []);

  const innerWidth = width - MARGIN.left - MARGIN.right;
  const innerHeight = HEIGHT - MARGIN.top - MARGIN.bottom;

  const scales = useMemo(() => {
    const starts = traces.map((t) => t.startUnixMs);
    const lo = Math.min(fromMs, ...starts);
    const hi = Math.max(toMs, ...starts);
    const x = d3.scaleTime().domain([lo, hi]).range([0, innerWidth]);
    const maxDuration = Math.max(1, ...traces.map((t) => t.durationMs));
    const positive = traces.map((t) => t.durationMs).filter((d) => d > 0);
    const minPositive = positive.length > 0 ? Math.min(...positive) : 0.001;
    const y = log
      ? d3
          .scaleLog()
          .domain([Math.max(0.001, minPositive / 1.5), maxDuration * 1.2])
          .range([innerHeight - DOT_PADDING_PX, DOT_PADDING_PX])
          .clamp(true)
      : d3
          .scaleLinear()
          .domain([0, maxDuration * 1.1])
          .range([innerHeight - DOT_PADDING_PX, DOT_PADDING_PX])
          .nice();
    const maxSpans = Math.max(1, ...traces.map((t) => t.spanCount ?? 1));
    const r = d3.scaleSqrt().domain([1, maxSpans]).range([3.5, 11]).clamp(true);
    return { x, y, r };
  }, [traces, fromMs, toMs, log, innerWidth, innerHeight]);

  const xTicks = axisTicks(scales.x, timeTickLabel, { count: Math.max(2, innerWidth / 110) });
  const [yLo, yHi] = scales.y.domain() as [number, number];
  const yTicks = axisTicks(
    scales.y,
    (value) => (value === 0 ? '0' : formatDurationMs(value)),
    log ? { values: logDurationTicks(yLo, yHi, Math.max(2, Math.floor(innerHeight / 22))) } : { count: 5 },
  );
  const [yFrom, yTo] = scales.y.range() as [number, number];

  // The brush: a horizontal selection of time. The dots sit above its overlay so they stay clickable.
  const onBrushRef = useRef(onBrush);
  onBrushRef.current = onBrush;
  useEffect(() => {
    const node = brushRef.current;
    if (!node) return;
    const brush = d3
      .brushX()
      .extent([
        [0, 0],
        [innerWidth, innerHeight],
      ])
      .on('end', (event: d3.D3BrushEvent<unknown>) => {
        const selection = event.selection as [number, number] | null;
        if (!selection || !event.sourceEvent) return;
        const [a, b] = selection.map((px) => scales.x.invert(px).getTime());
        d3.select(node).call(brush.move, null);
        if (a !== undefined && b !== undefined && b - a >= 1000)
          onBrushRef.current(Math.floor(a), Math.ceil(b));
      });
    d3.select(node).call(brush);
    return () => {
      d3.select(node).on('.brush', null).selectAll('*').remove();
    };
  }, [scales, innerWidth, innerHeight]);

  return (
    <figure className="flex flex-col gap-1">
      <div className="flex items-center justify-between gap-2">
        <figcaption className="text-sm text-slate-700 dark:text-slate-300">
          Start time against duration · dot size = spans ·{' '}
          <span className="text-red-700 dark:text-red-400">red</span> = errors · drag across to narrow the
          time range
        </figcaption>
        <label htmlFor={logId} className="flex items-center gap-1.5 text-sm">
          <input id={logId} type="checkbox" checked={log} onChange={(e) => setLogChoice(e.target.checked)} />
          Log scale
          {logChoice === undefined && autoLog && (
            <span className="text-xs text-slate-600 dark:text-slate-400">(durations span over 100×)</span>
          )}
        </label>
      </div>
      <div ref={boxRef} className="w-full">
        <svg
          width={width}
          height={HEIGHT}
          role="img"
          aria-label={`Scatter plot of ${traces.length} traces: start time against duration`}
          className="text-slate-700 dark:text-slate-300"
          data-testid="results-scatter"
        >
          <g transform={`translate(${MARGIN.left},${MARGIN.top})`}>
            <AxisBottom y={innerHeight} ticks={xTicks} line={{ from: 0, to: innerWidth }} />
            <AxisLeft ticks={yTicks} line={{ from: yFrom, to: yTo }} />
            <g ref={brushRef} data-testid="scatter-brush" />
            <g>
              {traces.map((trace) => {
                const error = (trace.errorCount ?? 0) > 0;
                return (
                  // biome-ignore lint/a11y/noStaticElementInteractions: the table below is the keyboard path
                  <circle
                    key={trace.traceId}
                    data-trace-id={trace.traceId}
                    cx={scales.x(trace.startUnixMs)}
                    cy={scales.y(Math.max(trace.durationMs, log ? 0.001 : 0))}
                    r={scales.r(trace.spanCount ?? 1)}
                    className={`cursor-pointer stroke-white/70 ${
                      error ? 'fill-red-600/75 dark:fill-red-500/80' : 'fill-sky-600/60 dark:fill-sky-400/70'
                    } hover:stroke-slate-900 dark:stroke-slate-900/60 dark:hover:stroke-white`}
                    onClick={() => onOpen(trace)}
                  >
                    <title>
                      {`${trace.rootService || '?'} ${trace.rootName} · ${formatDurationMs(trace.durationMs)}${
                        trace.spanCount !== undefined ? ` · ${trace.spanCount} spans` : ''
                      }${error ? ` · ${trace.errorCount} errors` : ''}`}
                    </title>
                  </circle>
                );
              })}
            </g>
          </g>
        </svg>
      </div>
    </figure>
  );
}

// Start time against duration, one dot per trace: size = span count, red = has errors, a grey ring =
// errors unknown. The time axis fits the results (with padding) unless the user asks for the full
// searched range; while fitted, a strip under the plot shows where the results sit in that range
// (decision 0177). Brushing a time span narrows the search window; clicking a dot opens the trace. d3
// scales place the ticks and d3 draws the brush; React draws the axes (src/ui/charts/axes) and the
// dots (they are few: a search returns at most its limit).
import * as d3 from 'd3';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { type ErrorFact, errorFact } from '../../datasources/summaries';
import type { TraceSummary } from '../../datasources/types';
import { Button } from '../../ui/Button';
import { AxisBottom, AxisLeft, axisTicks } from '../../ui/charts/axes';
import { formatDurationMs } from '../../ui/format';
import {
  DOT_PADDING_PX,
  fitIsNarrower,
  fitTimeDomain,
  fullTimeDomain,
  logDurationTicks,
  type TimeDomain,
  timeTickLabel,
  wantsLogScale,
} from './scatter-scale';

export interface ResultsScatterProps {
  traces: readonly TraceSummary[];
  fromMs: number;
  toMs: number;
  onOpen(trace: TraceSummary): void;
  onBrush(fromMs: number, toMs: number): void;
}

const HEIGHT = 220;
const MARGIN = { top: 10, right: 16, bottom: 28, left: 56 };
const OVERVIEW_HEIGHT = 34;
/** A pressed toggle of the time-axis pair. */
const PRESSED =
  'aria-pressed:border-sky-700 aria-pressed:bg-sky-100 aria-pressed:text-sky-950 dark:aria-pressed:border-sky-300 dark:aria-pressed:bg-sky-950 dark:aria-pressed:text-sky-50';
/** Radius of a dot whose span count is unknown: mid-sized, so it is neither "small" nor "big". */
const UNKNOWN_SPANS_RADIUS = 6;

const DOT_CLASS: Record<ErrorFact, string> = {
  errors:
    'stroke-white/70 fill-red-600/75 hover:stroke-slate-900 dark:fill-red-500/80 dark:stroke-slate-900/60 dark:hover:stroke-white',
  none: 'stroke-white/70 fill-sky-600/60 hover:stroke-slate-900 dark:fill-sky-400/70 dark:stroke-slate-900/60 dark:hover:stroke-white',
  unknown:
    'fill-slate-500/20 stroke-slate-600 [stroke-width:1.5] hover:stroke-slate-900 dark:fill-slate-300/20 dark:stroke-slate-300 dark:hover:stroke-white',
};

function dotTitle(trace: TraceSummary, fact: ErrorFact): string {
  const spans = trace.spanCount !== undefined ? ` · ${trace.spanCount} spans` : ' · spans unknown';
  const errors =
    fact === 'errors' ? ` · ${trace.errorCount} errors` : fact === 'unknown' ? ' · errors unknown' : '';
  return `${trace.rootService || '?'} ${trace.rootName} · ${formatDurationMs(trace.durationMs)}${spans}${errors}`;
}

const rangeText = ([a, b]: TimeDomain) => `${timeTickLabel(new Date(a))}–${timeTickLabel(new Date(b))}`;

export function ResultsScatter({ traces, fromMs, toMs, onOpen, onBrush }: ResultsScatterProps) {
  // undefined: chosen from the durations (scatter-scale.ts) until the user ticks or unticks the box.
  const [logChoice, setLogChoice] = useState<boolean>();
  const [axis, setAxis] = useState<'fit' | 'full'>('fit');
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

  const domains = useMemo(() => {
    const starts = traces.map((t) => t.startUnixMs);
    const full = fullTimeDomain(starts, fromMs, toMs);
    const fit = fitTimeDomain(starts, full);
    return { full, fit, fitOffered: fitIsNarrower(fit, full) };
  }, [traces, fromMs, toMs]);
  const fitted = axis === 'fit' && domains.fitOffered;
  const shown = fitted ? domains.fit : domains.full;

  const scales = useMemo(() => {
    const x = d3.scaleTime().domain([shown[0], shown[1]]).range([0, innerWidth]);
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
  }, [traces, shown, log, innerWidth, innerHeight]);
  const anyUnknown = traces.some((t) => errorFact(t) === 'unknown');

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
          <span className="text-red-700 dark:text-red-400">red</span> = errors
          {anyUnknown && ' · grey ring = errors unknown'} · drag across to narrow the time range
        </figcaption>
        <div className="flex items-center gap-3">
          {domains.fitOffered && (
            <div role="group" aria-label="Time axis" className="flex items-center gap-1">
              <Button
                className={PRESSED}
                aria-pressed={fitted}
                onClick={() => setAxis('fit')}
                title={`Fit the time axis to the results (${rangeText(domains.fit)})`}
              >
                Fit results
              </Button>
              <Button
                className={PRESSED}
                aria-pressed={!fitted}
                onClick={() => setAxis('full')}
                title={`Show the whole searched range (${rangeText(domains.full)})`}
              >
                Full range
              </Button>
            </div>
          )}
          <label htmlFor={logId} className="flex items-center gap-1.5 text-sm">
            <input
              id={logId}
              type="checkbox"
              checked={log}
              onChange={(e) => setLogChoice(e.target.checked)}
            />
            Log scale
            {logChoice === undefined && autoLog && (
              <span className="text-xs text-slate-600 dark:text-slate-400">(durations span over 100×)</span>
            )}
          </label>
        </div>
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
                const fact = errorFact(trace);
                return (
                  // biome-ignore lint/a11y/noStaticElementInteractions: the table below is the keyboard path
                  <circle
                    key={trace.traceId}
                    data-trace-id={trace.traceId}
                    data-errors={fact}
                    cx={scales.x(trace.startUnixMs)}
                    cy={scales.y(Math.max(trace.durationMs, log ? 0.001 : 0))}
                    r={trace.spanCount === undefined ? UNKNOWN_SPANS_RADIUS : scales.r(trace.spanCount)}
                    className={`cursor-pointer ${DOT_CLASS[fact]}`}
                    onClick={() => onOpen(trace)}
                  >
                    <title>{dotTitle(trace, fact)}</title>
                  </circle>
                );
              })}
            </g>
          </g>
        </svg>
        {fitted && (
          <RangeOverview
            traces={traces}
            full={domains.full}
            fit={domains.fit}
            width={width}
            innerWidth={innerWidth}
          />
        )}
      </div>
    </figure>
  );
}

/** The whole searched range as a strip: a tick per result, and the band the fitted plot shows. */
function RangeOverview(props: {
  traces: readonly TraceSummary[];
  full: TimeDomain;
  fit: TimeDomain;
  width: number;
  innerWidth: number;
}) {
  const { full, fit, innerWidth } = props;
  const x = d3.scaleLinear().domain([full[0], full[1]]).range([0, innerWidth]).clamp(true);
  const bandFrom = x(fit[0]);
  const bandWidth = Math.max(3, x(fit[1]) - bandFrom);
  return (
    <svg
      width={props.width}
      height={OVERVIEW_HEIGHT}
      role="img"
      aria-label={`Searched range ${rangeText(full)}; the plot shows ${rangeText(fit)}, where the results are`}
      className="text-slate-700 dark:text-slate-300"
      data-testid="scatter-overview"
    >
      <g transform={`translate(${MARGIN.left},0)`}>
        <text x={-6} y={15} textAnchor="end" className="fill-current text-[11px]">
          Range
        </text>
        <rect
          x={0}
          y={8}
          width={innerWidth}
          height={10}
          rx={2}
          className="fill-slate-200 dark:fill-slate-700"
        />
        <rect
          data-testid="scatter-overview-window"
          x={bandFrom}
          y={5}
          width={bandWidth}
          height={16}
          rx={2}
          className="fill-sky-500/25 stroke-sky-700 dark:fill-sky-400/25 dark:stroke-sky-300"
        />
        {props.traces.map((trace) => (
          <line
            key={trace.traceId}
            x1={x(trace.startUnixMs)}
            x2={x(trace.startUnixMs)}
            y1={9}
            y2={17}
            className={
              errorFact(trace) === 'errors'
                ? 'stroke-red-700 dark:stroke-red-400'
                : 'stroke-slate-700 dark:stroke-slate-200'
            }
          />
        ))}
        <text x={0} y={OVERVIEW_HEIGHT - 1} className="fill-current text-[11px]">
          {timeTickLabel(new Date(full[0]))}
        </text>
        <text x={innerWidth} y={OVERVIEW_HEIGHT - 1} textAnchor="end" className="fill-current text-[11px]">
          {timeTickLabel(new Date(full[1]))}
        </text>
      </g>
    </svg>
  );
}

// SVG pieces of a graph of services, shared by the trace's Graph view and the system map: each node a
// `<g data-node="<id>">` with SVG `<text>` labels, each edge a `<g data-edge="<from>→<to>">`, both
// focusable buttons with a spoken label (tests and assistive tools find them by these).
import type { KeyboardEvent, ReactNode } from 'react';

const onKey = (activate: (() => void) | undefined) => (event: KeyboardEvent) => {
  if (!activate || (event.key !== 'Enter' && event.key !== ' ')) return;
  event.preventDefault();
  activate();
};

export function GraphSvg(props: { width: number; height: number; label: string; children: ReactNode }) {
  return (
    <div className="overflow-auto rounded border border-gray-200 dark:border-gray-700">
      <svg
        role="group"
        aria-label={props.label}
        width={Math.max(1, props.width)}
        height={Math.max(1, props.height)}
        viewBox={`0 0 ${Math.max(1, props.width)} ${Math.max(1, props.height)}`}
        // A graph a little wider than the page shrinks to fit it (down to 60%, where labels are
        // still legible); a wider one scrolls.
        style={{ maxWidth: '100%', minWidth: Math.round(Math.max(1, props.width) * 0.6), height: 'auto' }}
        className="text-slate-900 dark:text-slate-100"
      >
        <defs>
          <marker
            id="graph-arrow"
            viewBox="0 0 10 10"
            refX="9"
            refY="5"
            markerWidth="7"
            markerHeight="7"
            orient="auto"
          >
            <path d="M0,0 L10,5 L0,10 z" className="fill-slate-500 dark:fill-slate-400" />
          </marker>
          <marker
            id="graph-arrow-failed"
            viewBox="0 0 10 10"
            refX="9"
            refY="5"
            markerWidth="7"
            markerHeight="7"
            orient="auto"
          >
            <path d="M0,0 L10,5 L0,10 z" className="fill-red-600 dark:fill-red-400" />
          </marker>
        </defs>
        {props.children}
      </svg>
    </div>
  );
}

export interface GraphNodeShapeProps {
  id: string;
  title: string;
  subtitle: string;
  /** Centre and size, px. */
  x: number;
  y: number;
  width: number;
  height: number;
  /** 0–1: how much of the node is filled (share of the critical path, or of the requests). */
  fill: number;
  errors: number;
  errorOrigin?: boolean;
  virtual?: boolean;
  selected?: boolean;
  /** The spoken label. */
  label: string;
  onActivate?: () => void;
}

/** Cuts a label to about what fits in `width` px (the full text is in the spoken label and title). */
function cutToWidth(text: string, width: number): string {
  const max = Math.max(4, Math.floor((width - 16) / 7));
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function GraphNodeShape(p: GraphNodeShapeProps) {
  const left = p.x - p.width / 2;
  const top = p.y - p.height / 2;
  const stroke =
    p.errors > 0 ? 'stroke-red-600 dark:stroke-red-400' : 'stroke-slate-500 dark:stroke-slate-400';
  return (
    <g
      data-node={p.id}
      data-errors={p.errors}
      data-error-origin={p.errorOrigin ? 'true' : undefined}
      data-virtual={p.virtual ? 'true' : undefined}
      role="button"
      tabIndex={0}
      aria-label={p.label}
      aria-disabled={p.onActivate ? undefined : true}
      aria-pressed={p.selected}
      className={`${p.onActivate ? 'cursor-pointer' : ''} outline-none focus-visible:[&>rect:first-of-type]:stroke-blue-600 focus-visible:[&>rect:first-of-type]:stroke-[3]`}
      onClick={p.onActivate}
      onKeyDown={onKey(p.onActivate)}
    >
      <title>{p.label}</title>
      <rect
        x={left}
        y={top}
        width={p.width}
        height={p.height}
        rx={6}
        className={`fill-white dark:fill-slate-900 ${stroke}`}
        strokeWidth={p.selected ? 3 : p.errors > 0 ? 2 : 1}
        strokeDasharray={p.virtual ? '5 3' : undefined}
      />
      {p.fill > 0 ? (
        <rect
          x={left + 1}
          y={top + 1}
          width={Math.max(0, Math.min(1, p.fill)) * (p.width - 2)}
          height={p.height - 2}
          rx={5}
          className="fill-blue-200 dark:fill-blue-900"
          data-fill={p.fill.toFixed(3)}
        />
      ) : null}
      <text x={left + 8} y={top + 17} className="fill-current text-[12px] font-semibold">
        {cutToWidth(p.title, p.width)}
      </text>
      <text x={left + 8} y={top + 34} className="fill-current text-[11px]">
        {cutToWidth(p.subtitle, p.width)}
      </text>
      {p.errorOrigin ? (
        <g data-mark="error-origin">
          <circle cx={left + p.width - 2} cy={top + 2} r={8} className="fill-red-600 dark:fill-red-400" />
          <text
            x={left + p.width - 2}
            y={top + 6}
            textAnchor="middle"
            className="fill-white text-[11px] font-bold dark:fill-slate-900"
          >
            !
          </text>
        </g>
      ) : null}
    </g>
  );
}

export interface GraphEdgeShapeProps {
  from: string;
  to: string;
  /** Polyline, px: x0, y0, x1, y1, … */
  points: readonly number[];
  failed: boolean;
  selected?: boolean;
  /** Short text drawn at the middle. */
  text: string;
  label: string;
  onActivate?: () => void;
}

export function GraphEdgeShape(p: GraphEdgeShapeProps) {
  const pts: string[] = [];
  for (let i = 0; i + 1 < p.points.length; i += 2)
    pts.push(`${p.points[i].toFixed(1)},${p.points[i + 1].toFixed(1)}`);
  const mid = Math.floor(p.points.length / 4) * 2;
  const mx = p.points[mid] ?? 0;
  const my = p.points[mid + 1] ?? 0;
  const colour = p.failed ? 'stroke-red-600 dark:stroke-red-400' : 'stroke-slate-500 dark:stroke-slate-400';
  return (
    <g
      data-edge={`${p.from}→${p.to}`}
      data-failed={p.failed ? 'true' : undefined}
      role="button"
      tabIndex={0}
      aria-label={p.label}
      aria-pressed={p.selected === true}
      className="cursor-pointer outline-none focus-visible:[&>polyline]:stroke-blue-600"
      onClick={p.onActivate}
      onKeyDown={onKey(p.onActivate)}
    >
      <title>{p.label}</title>
      {/* A wide transparent line takes the clicks; the thin one is what shows. */}
      <polyline points={pts.join(' ')} fill="none" stroke="transparent" strokeWidth={12} />
      <polyline
        points={pts.join(' ')}
        fill="none"
        className={colour}
        strokeWidth={p.selected ? 3 : 1.5}
        markerEnd={`url(#${p.failed ? 'graph-arrow-failed' : 'graph-arrow'})`}
      />
      <text x={mx} y={my - 4} textAnchor="middle" className="fill-current text-[11px]">
        {p.text}
      </text>
    </g>
  );
}

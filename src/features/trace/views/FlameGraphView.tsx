// The flame graph: an icicle of the span tree on canvas (x = time, width = duration, colour =
// service, overlapping siblings on separate lanes, critical path barred under its frames, errors
// outlined red with a `!`, in the theme's mark colours: decision 0188). Each lane is laid out per
// pixel once per zoom and width and cached; scrolling and hovering only read the cache. Click zooms into a subtree (URL `flame`),
// breadcrumbs zoom back out; arrow keys move the selection and Enter zooms, for keyboard users.
import { type KeyboardEvent, type MouseEvent, useEffect, useMemo, useRef, useState } from 'react';
import { SpanFlag } from '../../../model/types.ts';
import { formatDuration } from '../../../ui/format.ts';
import { useDarkTheme } from '../../../ui/use-dark-theme.ts';
import { useVirtualRows } from '../../../ui/virtual/use-virtual-rows.ts';
import { HoverMarks } from '../links/trace-marks.tsx';
import { MARK_COLOURS, textColourOn } from '../palette.ts';
import { DuplicateIdLine, hasDuplicateId } from '../waterfall/duplicate-id.tsx';
import { rowOfSpanId, rowSpanId } from '../waterfall/span-id.ts';
import { hasSpanLinks, SpanLinksLine } from '../waterfall/span-links-mark.tsx';
import {
  breadcrumbsOf,
  type FlameLaneLayout,
  type FlameRun,
  flameIndex,
  layoutLane,
  runsOf,
} from './flame-layout.ts';
import type { TraceViewProps } from './view-props.ts';

const ROW = 20;
/** A frame's fill; below it, on the background, the critical-path bar. */
const FRAME_HEIGHT = 14;
const CP_HEIGHT = 3;
const ERROR_BADGE = 9;
const MAX_CRUMBS = 8;

export function FlameGraphView(props: TraceViewProps) {
  const { trace, url, update, selectedRow, mask, colours } = props;
  const table = trace.table;
  const index = useMemo(() => flameIndex(table, trace.roots), [table, trace.roots]);
  const root = useMemo(() => rowOfSpanId(table, url.flame), [table, url.flame]);
  const base = root >= 0 ? index.lane[root] : 0;
  const laneCount = root >= 0 ? index.height[root] : index.laneCount;
  const dark = useDarkTheme();
  const canvas = useRef<HTMLCanvasElement>(null);
  // Lanes are the rows: scaled past the browser's element-height cap like every long list.
  const virtual = useVirtualRows<HTMLDivElement>({
    rowCount: laneCount,
    rowHeight: ROW,
    fallbackHeight: 0,
    fallbackWidth: 0,
  });
  const size = useMemo(
    () => ({ width: virtual.viewportWidth, height: virtual.viewportHeight }),
    [virtual.viewportWidth, virtual.viewportHeight],
  );
  const { scrollTop, offset } = virtual;
  const [hover, setHover] = useState<{ row: number; small: number; x: number; y: number } | null>(null);

  const viewport = useMemo(() => {
    const from = root >= 0 ? table.start[root] : 0;
    const to = root >= 0 ? table.start[root] + table.duration[root] : trace.durationNs;
    return { root, from, to: to > from ? to : from + 1, width: Math.max(1, size.width) };
  }, [root, table, trace.durationNs, size.width]);

  // One cache per zoom and width: a lane is laid out the first time it scrolls into view.
  const layouts = useMemo(() => {
    const cache = new Map<number, FlameLaneLayout>();
    return (lane: number) => {
      let layout = cache.get(lane);
      if (!layout) {
        layout = layoutLane(index, table, viewport, lane);
        cache.set(lane, layout);
      }
      return layout;
    };
  }, [index, table, viewport]);
  // The pixel a span's frame starts at, to hang a lowered frame from its parent only once.
  const firstPixel = useMemo(() => {
    const scale = viewport.width / (viewport.to - viewport.from);
    return (row: number) => Math.max(0, Math.floor((table.start[row] - viewport.from) * scale));
  }, [table, viewport]);

  const firstLane = virtual.first;
  const visibleLanes = virtual.last - virtual.first;

  useEffect(() => {
    const c = canvas.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx || size.width <= 0 || size.height <= 0) return;
    const ratio = globalThis.devicePixelRatio || 1;
    c.width = size.width * ratio;
    c.height = size.height * ratio;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, size.width, size.height);
    ctx.font = '11px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    const marks = MARK_COLOURS[dark ? 'dark' : 'light'];
    const shift = offset - firstLane * ROW;
    const yOf = (lane: number) => (lane - base - firstLane) * ROW - shift;
    const drawn = new Set<number>();
    const lanes: { y: number; runs: FlameRun[] }[] = [];
    for (let i = 0; i < visibleLanes; i++) {
      const lane = base + firstLane + i;
      lanes.push({ y: i * ROW - shift, runs: runsOf(layouts(lane)) });
    }
    // A frame pushed below a sibling's lane hangs from its parent by a thin line, drawn first so
    // frames in between paint over it.
    ctx.fillStyle = marks.connector;
    for (const { y, runs } of lanes) {
      for (const run of runs) {
        const parent = table.parent[run.row];
        if (parent < 0 || (root >= 0 && run.row === root)) continue;
        if (index.lane[run.row] <= index.lane[parent] + 1) continue;
        if (run.x !== firstPixel(run.row)) continue;
        const top = yOf(index.lane[parent]) + FRAME_HEIGHT + 1;
        ctx.fillRect(run.x, top, 1, y + 1 - top);
      }
    }
    for (const { y, runs } of lanes) {
      for (const run of runs) {
        const row = run.row;
        drawn.add(row);
        const colour = colours.get(table.service[row]) ?? '#888888';
        const isError = (table.flags[row] & SpanFlag.Error) !== 0;
        const frameWidth = run.width > 2 ? run.width - 1 : run.width;
        ctx.globalAlpha = mask && !mask[row] ? 0.25 : 1;
        ctx.fillStyle = colour;
        ctx.fillRect(run.x, y + 1, frameWidth, FRAME_HEIGHT);
        if (url.criticalPath && trace.analyses.cpTime[row] > 0) {
          // Under the frame, on the page's background: the colour is chosen against that.
          ctx.fillStyle = marks.criticalPath;
          ctx.fillRect(run.x, y + FRAME_HEIGHT + 2, frameWidth, CP_HEIGHT);
        }
        let textX = run.x + 3;
        if (isError) {
          ctx.strokeStyle = marks.error;
          ctx.lineWidth = 2;
          ctx.strokeRect(run.x + 1, y + 2, Math.max(1, frameWidth - 2), FRAME_HEIGHT - 2);
          if (run.width >= ERROR_BADGE + 4) {
            ctx.fillStyle = marks.error;
            ctx.fillRect(run.x + 2, y + 3, ERROR_BADGE, FRAME_HEIGHT - 4);
            ctx.fillStyle = '#ffffff';
            ctx.fillText('!', run.x + 2 + ERROR_BADGE / 2 - 1.5, y + 1 + FRAME_HEIGHT / 2);
            textX += ERROR_BADGE + 1;
          }
        }
        if (row === selectedRow) {
          ctx.strokeStyle = marks.selected;
          ctx.lineWidth = 2;
          ctx.strokeRect(run.x + 1, y + 2, Math.max(1, frameWidth - 2), FRAME_HEIGHT - 2);
        }
        if (run.x + run.width - 4 - textX > 24) {
          ctx.fillStyle = textColourOn(colour);
          ctx.save();
          ctx.beginPath();
          ctx.rect(textX, y, run.x + run.width - 4 - textX, ROW);
          ctx.clip();
          ctx.fillText(table.strings[table.name[row]], textX, y + 1 + FRAME_HEIGHT / 2);
          ctx.restore();
        }
      }
    }
    ctx.globalAlpha = 1;
    c.dataset.frames = String(drawn.size);
  }, [
    layouts,
    size,
    offset,
    firstLane,
    visibleLanes,
    base,
    mask,
    colours,
    table,
    index,
    root,
    firstPixel,
    selectedRow,
    url.criticalPath,
    trace.analyses,
    dark,
  ]);

  const rowAt = (event: MouseEvent<HTMLCanvasElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    const x = Math.floor(event.clientX - rect.left);
    const y = event.clientY - rect.top + offset;
    const lane = base + Math.floor(y / ROW);
    if (x < 0 || x >= viewport.width || lane >= base + laneCount) return null;
    const layout = layouts(lane);
    const row = layout.owner[x];
    return row >= 0
      ? { row, small: layout.small[x], x: event.clientX - rect.left, y: event.clientY - rect.top }
      : null;
  };

  const zoomTo = (row: number) =>
    update({
      flame: row >= 0 ? rowSpanId(table, row) : undefined,
      span: row >= 0 ? rowSpanId(table, row) : url.span,
    });

  const focusRow =
    selectedRow >= 0 ? selectedRow : root >= 0 ? root : trace.roots.length > 0 ? trace.roots[0] : -1;
  const siblingsOf = (row: number): ArrayLike<number> => {
    const parent = table.parent[row];
    return parent < 0
      ? trace.roots
      : table.children.subarray(table.childStart[parent], table.childStart[parent + 1]);
  };
  const onKey = (event: KeyboardEvent<HTMLCanvasElement>) => {
    if (focusRow < 0) return;
    let next = -1;
    if (event.key === 'ArrowUp') next = table.parent[focusRow];
    else if (event.key === 'ArrowDown')
      next =
        table.childStart[focusRow + 1] > table.childStart[focusRow]
          ? table.children[table.childStart[focusRow]]
          : -1;
    else if (event.key === 'ArrowLeft' || event.key === 'ArrowRight') {
      const siblings = siblingsOf(focusRow);
      let at = 0;
      while (at < siblings.length && siblings[at] !== focusRow) at++;
      const to = at + (event.key === 'ArrowLeft' ? -1 : 1);
      next = to >= 0 && to < siblings.length ? siblings[to] : -1;
    } else if (event.key === 'Enter') {
      event.preventDefault();
      zoomTo(focusRow);
      return;
    } else if (event.key === 'Backspace') {
      event.preventDefault();
      zoomTo(root >= 0 ? table.parent[root] : -1);
      return;
    } else return;
    event.preventDefault();
    if (next >= 0) update({ span: rowSpanId(table, next) });
  };

  const crumbs = root >= 0 ? breadcrumbsOf(table, root) : [];
  const shownCrumbs =
    crumbs.length > MAX_CRUMBS
      ? [...crumbs.slice(0, 2), -1, ...crumbs.slice(crumbs.length - (MAX_CRUMBS - 3))]
      : crumbs;
  const label = (row: number) => `${table.strings[table.service[row]]} ${table.strings[table.name[row]]}`;

  return (
    <section
      className="flex min-h-0 flex-1 flex-col text-sm"
      aria-label="Flame graph"
      data-testid="flame-view"
    >
      <nav
        aria-label="Flame graph zoom"
        className="flex flex-wrap items-center gap-1 px-3 py-2"
        data-testid="flame-breadcrumbs"
      >
        <button
          type="button"
          data-testid="flame-crumb"
          data-span-id=""
          className={root < 0 ? 'font-semibold' : 'text-blue-700 hover:underline dark:text-blue-300'}
          aria-current={root < 0 ? 'true' : undefined}
          onClick={() => zoomTo(-1)}
        >
          Whole trace
        </button>
        {shownCrumbs.map((row, i) =>
          row < 0 ? (
            // biome-ignore lint/suspicious/noArrayIndexKey: one ellipsis per list
            <span key={`gap${i}`}>› …</span>
          ) : (
            <span key={row} className="flex items-center gap-1">
              ›
              <button
                type="button"
                data-testid="flame-crumb"
                data-span-id={rowSpanId(table, row)}
                aria-current={row === root ? 'true' : undefined}
                className={
                  row === root ? 'font-semibold' : 'text-blue-700 hover:underline dark:text-blue-300'
                }
                onClick={() => zoomTo(row)}
              >
                {label(row)}
              </button>
            </span>
          ),
        )}
        <span className="ml-auto opacity-70">
          Click a frame to zoom · arrows move · Enter zooms · Backspace zooms out
        </span>
      </nav>
      <div
        ref={virtual.ref}
        className="relative min-h-0 flex-1 overflow-auto"
        onScroll={virtual.onScroll}
        data-testid="flame-scroller"
      >
        <div style={{ height: virtual.spacerHeight, position: 'relative' }}>
          <canvas
            ref={canvas}
            tabIndex={0}
            role="img"
            aria-label={`Flame graph of ${laneCount} rows${root >= 0 ? `, zoomed into ${label(root)}` : ''}. Arrow keys move the selection, Enter zooms into it, Backspace zooms out.`}
            data-testid="flame-canvas"
            data-root={root >= 0 ? rowSpanId(table, root) : ''}
            className="sticky top-0 block focus:outline focus:outline-2 focus:outline-blue-600"
            style={{ width: size.width, height: size.height }}
            onMouseMove={(e) => setHover(rowAt(e))}
            onMouseLeave={() => setHover(null)}
            onClick={(e) => {
              const hit = rowAt(e);
              if (hit) zoomTo(hit.row);
            }}
            onKeyDown={onKey}
          />
        </div>
        {hover ? (
          <div
            role="tooltip"
            data-testid="flame-hover"
            className="pointer-events-none absolute z-10 max-w-sm rounded border border-gray-300 bg-white p-2 text-xs shadow dark:border-gray-600 dark:bg-gray-900"
            style={{
              left: Math.min(hover.x + 12, Math.max(0, size.width - 320)),
              top: hover.y + 12 + scrollTop,
            }}
          >
            <div className="font-semibold">{table.strings[table.name[hover.row]]}</div>
            <div>{table.strings[table.service[hover.row]]}</div>
            <div>
              {formatDuration(table.duration[hover.row])} · self{' '}
              {formatDuration(trace.analyses.selfTime[hover.row])}
              {trace.analyses.cpTime[hover.row] > 0
                ? ` · critical path ${formatDuration(trace.analyses.cpTime[hover.row])}`
                : ''}
            </div>
            {table.flags[hover.row] & SpanFlag.Error ? (
              <div className="font-semibold text-red-700 dark:text-red-300">
                ! Error
                {table.statusMessage[hover.row] ? `: ${table.strings[table.statusMessage[hover.row]]}` : ''}
              </div>
            ) : null}
            {hasDuplicateId(table, hover.row) ? <DuplicateIdLine /> : null}
            {hasSpanLinks(table, hover.row) ? <SpanLinksLine /> : null}
            <HoverMarks table={table} row={hover.row} />
            {hover.small > 1 ? (
              <div className="opacity-70">{hover.small} spans narrower than a pixel here</div>
            ) : null}
          </div>
        ) : null}
      </div>
      <p className="sr-only" aria-live="polite" data-testid="flame-focus">
        {focusRow >= 0 ? `${label(focusRow)}, ${formatDuration(table.duration[focusRow])}` : ''}
      </p>
    </section>
  );
}

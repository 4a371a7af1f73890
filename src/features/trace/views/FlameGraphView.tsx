// The flame graph: an icicle of the span tree on canvas (x = time, width = duration, colour =
// service, critical path underlined). Each depth is laid out per pixel once per zoom and width and
// cached; scrolling and hovering only read the cache. Click zooms into a subtree (URL `flame`),
// breadcrumbs zoom back out; arrow keys move the selection and Enter zooms, for keyboard users.
import { type KeyboardEvent, type MouseEvent, useEffect, useMemo, useRef, useState } from 'react';
import { formatDuration } from '../../../ui/format.ts';
import { useVirtualRows } from '../../../ui/virtual/use-virtual-rows.ts';
import { rowOfSpanId, rowSpanId } from '../waterfall/span-id.ts';
import { breadcrumbsOf, type FlameDepthLayout, flameIndex, layoutDepth, runsOf } from './flame-layout.ts';
import type { TraceViewProps } from './view-props.ts';

const ROW = 20;
const MAX_CRUMBS = 8;

export function FlameGraphView(props: TraceViewProps) {
  const { trace, url, update, selectedRow, mask, colours } = props;
  const table = trace.table;
  const index = useMemo(() => flameIndex(table, trace.roots), [table, trace.roots]);
  const root = useMemo(() => rowOfSpanId(table, url.flame), [table, url.flame]);
  const base = root >= 0 ? index.level[root] : 0;
  const depths = index.maxDepth - base + 1;
  const canvas = useRef<HTMLCanvasElement>(null);
  // Depths are the rows: scaled past the browser's element-height cap like every long list.
  const virtual = useVirtualRows<HTMLDivElement>({
    rowCount: depths,
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

  // One cache per zoom and width: a depth is laid out the first time it scrolls into view.
  const layouts = useMemo(() => {
    const cache = new Map<number, FlameDepthLayout>();
    return (depth: number) => {
      let layout = cache.get(depth);
      if (!layout) {
        layout = layoutDepth(index, table, viewport, depth);
        cache.set(depth, layout);
      }
      return layout;
    };
  }, [index, table, viewport]);

  const firstDepth = virtual.first;
  const visibleDepths = virtual.last - virtual.first;

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
    const shift = offset - firstDepth * ROW;
    for (let i = 0; i < visibleDepths; i++) {
      const depth = base + firstDepth + i;
      const y = i * ROW - shift;
      for (const run of runsOf(layouts(depth))) {
        const row = run.row;
        ctx.globalAlpha = mask && !mask[row] ? 0.25 : 1;
        ctx.fillStyle = colours.get(table.service[row]) ?? '#888';
        ctx.fillRect(run.x, y + 1, run.width > 2 ? run.width - 1 : run.width, ROW - 2);
        if (url.criticalPath && trace.analyses.cpTime[row] > 0) {
          ctx.fillStyle = '#111';
          ctx.fillRect(run.x, y + ROW - 4, run.width, 3);
        }
        if (row === selectedRow) {
          ctx.strokeStyle = '#1d4ed8';
          ctx.lineWidth = 2;
          ctx.strokeRect(run.x + 1, y + 2, Math.max(1, run.width - 3), ROW - 4);
        }
        if (run.width > 40) {
          ctx.fillStyle = '#000';
          ctx.save();
          ctx.beginPath();
          ctx.rect(run.x, y, run.width - 4, ROW);
          ctx.clip();
          ctx.fillText(table.strings[table.name[row]], run.x + 3, y + ROW / 2);
          ctx.restore();
        }
      }
    }
    ctx.globalAlpha = 1;
  }, [
    layouts,
    size,
    offset,
    firstDepth,
    visibleDepths,
    base,
    mask,
    colours,
    table,
    selectedRow,
    url.criticalPath,
    trace.analyses,
  ]);

  const rowAt = (event: MouseEvent<HTMLCanvasElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    const x = Math.floor(event.clientX - rect.left);
    const y = event.clientY - rect.top + offset;
    const depth = base + Math.floor(y / ROW);
    if (x < 0 || x >= viewport.width || depth > index.maxDepth) return null;
    const layout = layouts(depth);
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
            aria-label={`Flame graph of ${depths} levels${root >= 0 ? `, zoomed into ${label(root)}` : ''}. Arrow keys move the selection, Enter zooms into it, Backspace zooms out.`}
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

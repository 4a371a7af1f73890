// The overview strip: every span as per-pixel aggregates (built once per trace and width), the
// critical path in a dark line, and a draggable zoom window that the waterfall follows.
import { type PointerEvent, useEffect, useRef, useState } from 'react';
import type { LoadedTrace } from '../../worker/protocol.ts';
import { buildOverviewGrid, type OverviewGrid } from './overview/aggregate.ts';
import type { TimeWindow } from './waterfall/time-window.ts';

const HEIGHT = 56;

interface OverviewProps {
  trace: LoadedTrace;
  preorder: Uint32Array;
  colours: Map<number, string>;
  window: TimeWindow;
  showCriticalPath: boolean;
  onZoom: (window: TimeWindow | null) => void;
}

export function Overview(props: OverviewProps) {
  const { trace, preorder, colours, window, onZoom } = props;
  const canvas = useRef<HTMLCanvasElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const [drag, setDrag] = useState<{ from: number; to: number } | null>(null);
  const duration = trace.durationNs || 1;

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setWidth(Math.floor(el.clientWidth)));
    observer.observe(el);
    setWidth(Math.floor(el.clientWidth));
    return () => observer.disconnect();
  }, []);

  // Built in its own task after the first rows are painted, so loading a big trace never blocks on it.
  const [grid, setGrid] = useState<OverviewGrid | null>(null);
  useEffect(() => {
    if (width <= 0) return;
    const timer = setTimeout(() => {
      const a = trace.analyses;
      setGrid(
        buildOverviewGrid(trace.table, preorder, trace.durationNs, width, HEIGHT, {
          row: a.cpRow,
          start: a.cpStartNs,
          end: a.cpEndNs,
        }),
      );
    }, 0);
    return () => clearTimeout(timer);
  }, [trace, preorder, width]);

  useEffect(() => {
    const c = canvas.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx || !grid) return;
    c.width = grid.width;
    c.height = grid.height;
    const image = ctx.createImageData(grid.width, grid.height);
    const rgb = new Map<number, [number, number, number]>();
    for (const [index, colour] of colours) rgb.set(index + 1, hexToRgb(colour));
    const data = image.data;
    for (let i = 0; i < grid.service.length; i++) {
      const s = grid.service[i];
      const o = i * 4;
      if (props.showCriticalPath && grid.critical[i]) {
        data[o] = 0;
        data[o + 1] = 0;
        data[o + 2] = 0;
        data[o + 3] = 255;
      } else if (s) {
        const [r, g, b] = rgb.get(s) ?? [136, 136, 136];
        data[o] = r;
        data[o + 1] = g;
        data[o + 2] = b;
        data[o + 3] = 255;
      }
    }
    ctx.putImageData(image, 0, 0);
  }, [grid, colours, props.showCriticalPath]);

  const nsAt = (clientX: number) => {
    const rect = box.current?.getBoundingClientRect();
    if (!rect || rect.width === 0) return 0;
    return Math.min(1, Math.max(0, (clientX - rect.left) / rect.width)) * duration;
  };
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    e.currentTarget.setPointerCapture(e.pointerId);
    const at = nsAt(e.clientX);
    setDrag({ from: at, to: at });
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (drag) setDrag({ from: drag.from, to: nsAt(e.clientX) });
  };
  const onPointerUp = () => {
    if (!drag) return;
    const from = Math.min(drag.from, drag.to);
    const to = Math.max(drag.from, drag.to);
    setDrag(null);
    if (to - from > duration / 1000) onZoom({ from, to });
  };

  const shown = drag ? { from: Math.min(drag.from, drag.to), to: Math.max(drag.from, drag.to) } : window;
  const zoomed = window.from > 0 || window.to < trace.durationNs;
  return (
    <div className="flex items-stretch gap-2 border-b border-gray-300 px-2 py-1 dark:border-gray-700">
      <div
        ref={box}
        role="slider"
        aria-label="Overview: drag to zoom the timeline"
        aria-valuemin={0}
        aria-valuemax={Math.round(trace.durationNs)}
        aria-valuenow={Math.round(window.from)}
        tabIndex={-1}
        data-testid="overview"
        className="relative flex-1 cursor-crosshair select-none"
        style={{ height: HEIGHT }}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
      >
        <canvas
          ref={canvas}
          className="absolute inset-0 h-full w-full"
          style={{ imageRendering: 'pixelated' }}
        />
        {drag || zoomed ? (
          <div
            className="pointer-events-none absolute top-0 h-full border-x-2 border-blue-600 bg-blue-500/20"
            style={{
              left: `${(shown.from / duration) * 100}%`,
              width: `${((shown.to - shown.from) / duration) * 100}%`,
            }}
          />
        ) : null}
      </div>
      <button
        type="button"
        className="self-center rounded border border-gray-300 px-2 py-0.5 text-xs disabled:opacity-40 dark:border-gray-600"
        disabled={!zoomed}
        onClick={() => onZoom(null)}
      >
        Reset zoom
      </button>
    </div>
  );
}

function hexToRgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

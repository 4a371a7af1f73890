// Two waterfall strips, A above B, on one time scale (the longer trace's duration), each span a
// line at its place in the tree's preorder (issue 16). Drawn per pixel into an ImageData, so 100k
// spans cost one pass over the spans and one over the pixels, not 100k canvas calls. The hovered or selected
// node's spans are drawn over both strips: hovering a span in one strip lights its node in the
// other (matched spans linked), and hovering a row of the merged tree lights both.
import { type MouseEvent, useEffect, useRef, useState } from 'react';
import type { TraceDiff } from '../../analysis/compare/index.ts';
import { cleanDuration } from '../../analysis/intervals.ts';
import { formatDuration } from '../../ui/format.ts';
import { useDarkTheme } from '../../ui/use-dark-theme.ts';
import type { LoadedTrace } from '../../worker/protocol.ts';

const STRIP_HEIGHT = 48;

export interface CompareStripsProps {
  diff: TraceDiff;
  a: LoadedTrace;
  b: LoadedTrace;
  /** The node lit in both strips (hovered, else selected). */
  lit: number | undefined;
  onHover: (node: number | undefined) => void;
}

export function CompareStrips(props: CompareStripsProps) {
  const { a, b } = props;
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(800);
  // The width as the resize observer reports it after layout: reading clientWidth during the commit
  // would force the whole new screen's layout inside the commit's task (0246).
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const observer = new ResizeObserver((entries) => {
      const entry = entries[entries.length - 1];
      if (entry) setWidth(Math.max(100, Math.floor(entry.contentRect.width)));
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  const scale = Math.max(a.durationNs, b.durationNs, 1);
  return (
    <section aria-label="A and B on one time scale" className="flex flex-col gap-1 text-xs">
      <div ref={box} className="flex flex-col gap-1">
        <Strip label="A" side="a" trace={a} {...props} scale={scale} width={width} />
        <Strip label="B" side="b" trace={b} {...props} scale={scale} width={width} />
      </div>
      <div
        className="flex justify-between text-slate-600 tabular-nums dark:text-slate-400"
        aria-hidden="true"
      >
        <span>0</span>
        <span>{formatDuration(scale / 2)}</span>
        <span>{formatDuration(scale)}</span>
      </div>
    </section>
  );
}

interface StripProps extends CompareStripsProps {
  label: string;
  side: 'a' | 'b';
  trace: LoadedTrace;
  scale: number;
  width: number;
}

function Strip(props: StripProps) {
  const { trace, side, diff, scale, width, lit } = props;
  const base = useRef<HTMLCanvasElement>(null);
  const over = useRef<HTMLCanvasElement>(null);
  const dark = useDarkTheme();

  // Drawn one task after the commit: the screen's first paint (the tree) does not wait for it.
  useEffect(() => {
    const timer = setTimeout(() => {
      const canvas = base.current;
      const context = canvas?.getContext('2d');
      if (!canvas || !context) return;
      const image = context.createImageData(width, STRIP_HEIGHT);
      const colour = dark ? [148, 163, 184] : [71, 85, 105];
      const t = trace.table;
      const n = t.count;
      // Per pixel line, +1 where a span starts and -1 past where it ends; a running sum per line then
      // says which pixels some span covers: O(spans + pixels), whatever the spans' widths.
      const edges = new Int32Array((width + 1) * STRIP_HEIGHT);
      for (let row = 0; row < n; row++) {
        const y = Math.min(STRIP_HEIGHT - 1, Math.floor((trace.preorderPosition[row] / n) * STRIP_HEIGHT));
        const x0 = Math.min(width - 1, Math.max(0, Math.floor((t.start[row] / scale) * width)));
        const end = Math.ceil(((t.start[row] + cleanDuration(t.duration[row])) / scale) * width);
        const x1 = Math.min(width, Math.max(x0 + 1, end));
        edges[y * (width + 1) + x0]++;
        edges[y * (width + 1) + x1]--;
      }
      for (let y = 0; y < STRIP_HEIGHT; y++) {
        let covered = 0;
        for (let x = 0; x < width; x++) {
          covered += edges[y * (width + 1) + x];
          if (covered <= 0) continue;
          const at = (y * width + x) * 4;
          image.data[at] = colour[0];
          image.data[at + 1] = colour[1];
          image.data[at + 2] = colour[2];
          image.data[at + 3] = 255;
        }
      }
      context.putImageData(image, 0, 0);
    }, 0);
    return () => clearTimeout(timer);
  }, [trace, scale, width, dark]);

  useEffect(() => {
    const canvas = over.current;
    const context = canvas?.getContext('2d');
    if (!canvas || !context) return;
    context.clearRect(0, 0, width, STRIP_HEIGHT);
    if (lit === undefined || lit >= diff.count) return;
    const figures = diff[side];
    const t = trace.table;
    const n = t.count;
    context.fillStyle = dark ? '#38bdf8' : '#0369a1';
    for (let m = figures.memberStart[lit]; m < figures.memberStart[lit + 1]; m++) {
      const row = figures.members[m];
      const y = Math.min(STRIP_HEIGHT - 1, Math.floor((trace.preorderPosition[row] / n) * STRIP_HEIGHT));
      const x0 = (t.start[row] / scale) * width;
      const w = Math.max(2, (cleanDuration(t.duration[row]) / scale) * width);
      context.fillRect(x0, Math.max(0, y - 1), w, 3);
    }
  }, [diff, side, trace, scale, width, lit, dark]);

  /** The deepest span under the pointer among the rows drawn on that pixel line. */
  const nodeAt = (event: MouseEvent<HTMLDivElement>): number | undefined => {
    const rect = event.currentTarget.getBoundingClientRect();
    const x = ((event.clientX - rect.left) / rect.width) * scale;
    const y = Math.floor(((event.clientY - rect.top) / rect.height) * STRIP_HEIGHT);
    const n = trace.table.count;
    const from = Math.floor((y / STRIP_HEIGHT) * n);
    const to = Math.min(n, Math.ceil(((y + 1) / STRIP_HEIGHT) * n));
    const t = trace.table;
    let best = -1;
    for (let p = Math.max(0, from); p < to; p++) {
      const row = trace.preorder[p];
      if (t.start[row] <= x && x <= t.start[row] + cleanDuration(t.duration[row]))
        if (best < 0 || t.depth[row] > t.depth[best]) best = row;
    }
    return best < 0 ? undefined : diff[side].nodeOfRow[best];
  };

  const spans = trace.table.count;
  return (
    <div className="flex items-center gap-2">
      <span className="w-4 font-medium">{props.label}</span>
      {/* biome-ignore lint/a11y/noStaticElementInteractions: pointer hover links the strips, the tree does it for keys */}
      <div
        className="relative flex-1"
        style={{ height: STRIP_HEIGHT }}
        onMouseMove={(event) => props.onHover(nodeAt(event))}
        onMouseLeave={() => props.onHover(undefined)}
      >
        <canvas
          ref={base}
          width={width}
          height={STRIP_HEIGHT}
          role="img"
          aria-label={`Trace ${props.label}: ${spans} spans over ${formatDuration(trace.durationNs)}`}
          className="absolute inset-0 h-full w-full rounded bg-slate-50 dark:bg-slate-900"
          data-testid={`compare-strip-${side}`}
        />
        <canvas
          ref={over}
          width={width}
          height={STRIP_HEIGHT}
          role="img"
          aria-label={`Trace ${props.label}: the hovered or selected node's spans`}
          className="absolute inset-0 h-full w-full"
        />
      </div>
    </div>
  );
}

// The overview's picture as per-pixel aggregates: a grid of `width × height` cells, rows of the
// grid being bands of spans in preorder. Each cell keeps the service of the span that covers it
// and started last (so nested spans show through). Built once per trace and size with difference
// arrays — O(spans + cells) — and painted with one putImageData; never per frame.
import type { SpanTable } from '../../../model/types.ts';

export interface OverviewGrid {
  width: number;
  height: number;
  /** Per cell: service string index + 1 of the covering span, 0 for empty. */
  service: Uint32Array;
  /** Per cell: 1 when a critical-path segment crosses it. */
  critical: Uint8Array;
}

export function buildOverviewGrid(
  table: SpanTable,
  preorder: Uint32Array,
  durationNs: number,
  width: number,
  height: number,
  cp: { row: Uint32Array; start: Float64Array; end: Float64Array },
): OverviewGrid {
  const cells = width * height;
  const service = new Uint32Array(cells);
  const critical = new Uint8Array(cells);
  const coverage = new Int32Array((width + 1) * height);
  // Per cell, the latest-starting span whose start falls in that cell (start offset and service).
  const startAt = new Float64Array(cells).fill(-1);
  const startService = new Uint32Array(cells);
  const n = table.count;
  if (n === 0 || width <= 0 || height <= 0) return { width, height, service, critical };
  const scale = durationNs > 0 ? width / durationNs : 0;
  const band = height / n;
  const xOf = (ns: number) => Math.min(width - 1, Math.max(0, Math.floor(ns * scale)));
  for (let row = 0; row < n; row++) {
    const y = Math.min(height - 1, Math.floor(preorder[row] * band));
    const s = table.start[row];
    const x0 = xOf(s);
    const x1 = xOf(s + Math.max(0, table.duration[row])) + 1;
    coverage[y * (width + 1) + x0]++;
    coverage[y * (width + 1) + x1]--;
    const cell = y * width + x0;
    if (s >= startAt[cell]) {
      startAt[cell] = s;
      startService[cell] = table.service[row] + 1;
    }
  }
  for (let y = 0; y < height; y++) {
    let depth = 0;
    let colour = 0;
    for (let x = 0; x < width; x++) {
      depth += coverage[y * (width + 1) + x];
      const cell = y * width + x;
      if (startService[cell]) colour = startService[cell];
      service[cell] = depth > 0 ? colour : 0;
    }
  }
  for (let i = 0; i < cp.row.length; i++) {
    const y = Math.min(height - 1, Math.floor(preorder[cp.row[i]] * band));
    const x0 = xOf(cp.start[i]);
    const x1 = xOf(cp.end[i]);
    for (let x = x0; x <= x1; x++) critical[y * width + x] = 1;
  }
  return { width, height, service, critical };
}

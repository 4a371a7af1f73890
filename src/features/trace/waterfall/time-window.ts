// The part of the trace the waterfall, its rows and the overview show: offsets from the trace's
// start in nanoseconds. Its own module so the waterfall and its rows do not import each other.
import type { SpanTable } from '../../../model/types.ts';

export interface TimeWindow {
  from: number;
  to: number;
}

/** The URL's zoom (ms from the trace's start) as a window, or the whole trace without one. */
export function timeWindowOf(
  zoom: { startMs: number; endMs: number } | undefined,
  durationNs: number,
): TimeWindow {
  if (!zoom) return { from: 0, to: durationNs };
  return { from: zoom.startMs * 1e6, to: Math.min(durationNs, zoom.endMs * 1e6) };
}

/** The window of a waterfall focused on `focusRow`'s subtree: the URL's zoom, else that span's interval. */
export function focusWindowOf(
  zoom: { startMs: number; endMs: number } | undefined,
  durationNs: number,
  table: SpanTable | null,
  focusRow: number,
): TimeWindow {
  if (zoom || !table || focusRow < 0) return timeWindowOf(zoom, durationNs);
  const from = table.start[focusRow];
  const to = from + Math.max(0, table.duration[focusRow]);
  return { from, to: to > from ? to : from + 1 };
}

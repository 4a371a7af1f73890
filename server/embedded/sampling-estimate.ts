// The inputs of the settings page's sampling and storage estimate (src/analysis/sampling.ts,
// decision 0315), read from what the embedded store holds: spans per trace, stored bytes per span,
// traces per second over the stored window (by trace start), and the share a tail policy keeps
// whole (traces with an error span or lasting longer than `slowNs`).

import type { ObservedTraffic } from '../../src/analysis/sampling.ts';
import type { TraceStore } from './store.ts';

export interface ObservedStore extends ObservedTraffic {
  traces: number;
  spans: number;
  /** Seconds between the first and the last stored trace's start. */
  windowSeconds: number;
}

export function observedTraffic(store: TraceStore, slowNs: number): ObservedStore | undefined {
  let traces = 0;
  let spans = 0;
  let bytes = 0;
  let interesting = 0;
  let first: bigint | undefined;
  let last: bigint | undefined;
  for (const rec of store.records()) {
    traces++;
    spans += rec.spanCount;
    bytes += rec.bytes;
    if (rec.errorCount > 0 || Number(rec.endNs - rec.startNs) > slowNs) interesting++;
    if (first === undefined || rec.startNs < first) first = rec.startNs;
    if (last === undefined || rec.startNs > last) last = rec.startNs;
  }
  if (traces === 0 || first === undefined || last === undefined) return undefined;
  const windowSeconds = Number(last - first) / 1e9;
  return {
    traces,
    spans,
    windowSeconds,
    // One trace, or all at one instant: no rate can be told.
    tracesPerSecond: windowSeconds > 0 ? (traces - 1) / windowSeconds : 0,
    spansPerTrace: spans / traces,
    bytesPerSpan: spans > 0 ? bytes / spans : 0,
    interestingShare: interesting / traces,
  };
}

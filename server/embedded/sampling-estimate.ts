// The inputs of the settings page's sampling and storage estimate (src/analysis/sampling.ts,
// decision 0315), read from what the embedded store holds: spans per trace, stored bytes per span,
// traces per second over the stored window (by trace start), and the share a tail policy keeps
// whole (traces with an error span or lasting longer than `slowNs`).

import { type ObservedTraffic, thresholdProbability } from '../../src/analysis/sampling.ts';
import type { InProcessResponse } from '../gateway/in-process.ts';
import { jsonResponse, secondsParam, textResponse } from './http.ts';
import type { TraceStore } from './store.ts';

export interface ObservedStore extends ObservedTraffic {
  traces: number;
  spans: number;
  /** Seconds between the first and the last stored trace's start. */
  windowSeconds: number;
  /** Share of traces with an error span, and of traces longer than `slowNs` (a tail policy may keep either). */
  errorShare: number;
  slowShare: number;
}

export function observedTraffic(store: TraceStore, slowNs: number): ObservedStore | undefined {
  let traces = 0;
  let spans = 0;
  let bytes = 0;
  let interesting = 0;
  let errors = 0;
  let slow = 0;
  let first: bigint | undefined;
  let last: bigint | undefined;
  for (const rec of store.records()) {
    traces++;
    spans += rec.spanCount;
    bytes += rec.bytes;
    const isError = rec.errorCount > 0;
    const isSlow = Number(rec.endNs - rec.startNs) > slowNs;
    if (isError) errors++;
    if (isSlow) slow++;
    if (isError || isSlow) interesting++;
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
    errorShare: errors / traces,
    slowShare: slow / traces,
  };
}

/**
 * The embedded-only endpoint that serves these figures (decision 0334): Tempo never answers under
 * `/api/tracelight/`, so the `local` datasource's Tempo API stays what Tempo's is.
 */
export const OBSERVED_TRAFFIC_PATH = '/api/tracelight/observed-traffic';

/** Default of `slowMs`, the tail policy's "slower than" threshold. */
export const DEFAULT_SLOW_MS = 1000;

/** `GET /api/tracelight/observed-traffic?slowMs=N`: `{ observed: ObservedStore | null, slowMs }`. */
export function observedTrafficResponse(store: TraceStore, query: URLSearchParams): InProcessResponse {
  const raw = query.get('slowMs');
  const slowMs = raw === null || raw === '' ? DEFAULT_SLOW_MS : Number(raw);
  if (!Number.isFinite(slowMs) || slowMs < 0)
    return textResponse(400, 'invalid slowMs: must be a non-negative number of milliseconds');
  return jsonResponse(200, { slowMs, observed: observedTraffic(store, slowMs * 1e6) ?? null });
}

/**
 * The embedded-only endpoint for sampled counts (decision 0335): for each trace ID asked
 * (`traceIds`, comma-separated, at most MAX_SAMPLED_IDS), the sampling probability its root span's
 * `tracestate` carries (`ot=th:`), or null when it carries none or the trace is not stored.
 */
export const SAMPLED_COUNTS_PATH = '/api/tracelight/sampled-counts';
export const MAX_SAMPLED_IDS = 1000;

export function sampledCountsResponse(store: TraceStore, query: URLSearchParams): InProcessResponse {
  if (!query.has('traceIds')) return servicesResponse(store, query);
  const ids = (query.get('traceIds') ?? '')
    .split(',')
    .map((id) => id.trim().toLowerCase())
    .filter((id) => id !== '');
  if (ids.length > MAX_SAMPLED_IDS) return textResponse(400, `too many traceIds: at most ${MAX_SAMPLED_IDS}`);
  const traces = ids.map((id) => {
    const traceId = /^[0-9a-f]{1,32}$/.test(id) ? id.padStart(32, '0') : id;
    const rec = store.get(traceId);
    const probability = rec ? thresholdProbability(rec.rootTraceState) : undefined;
    return { traceId, probability: probability ?? null };
  });
  return jsonResponse(200, { traces });
}

/**
 * Without `traceIds`: per service, over the traces overlapping `start`–`end` (Unix seconds, both
 * optional), the spans stored and their estimate Σ spans × 1/p of each trace's root probability;
 * `estimated` is null as soon as one of the service's traces carries no threshold.
 */
function servicesResponse(store: TraceStore, query: URLSearchParams): InProcessResponse {
  const start = secondsParam(query, 'start');
  const end = secondsParam(query, 'end');
  if (start === null || end === null) return textResponse(400, 'invalid start or end: must be Unix seconds');
  const byService = new Map<string, { spans: number; estimated: number | null }>();
  for (const rec of store.records()) {
    if (start !== undefined && rec.endNs < start) continue;
    if (end !== undefined && rec.startNs > end) continue;
    const p = thresholdProbability(rec.rootTraceState);
    for (const [service, stat] of rec.services) {
      let row = byService.get(service);
      if (!row) byService.set(service, (row = { spans: 0, estimated: 0 }));
      row.spans += stat.spanCount;
      row.estimated =
        p === undefined || p <= 0 || row.estimated === null ? null : row.estimated + stat.spanCount / p;
    }
  }
  const services = [...byService].map(([service, row]) => ({ service, ...row }));
  services.sort((a, b) => (a.service < b.service ? -1 : a.service > b.service ? 1 : 0));
  return jsonResponse(200, { services });
}

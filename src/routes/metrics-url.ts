// The `/metrics` route's parameters (DESIGN.md, "URLs"): a PromQL query over a time range and step.

import {
  buildSearch,
  durationParam,
  type ExtraParams,
  extraParams,
  textParam,
  toSearchParams,
} from './params';
import { DEFAULT_TIME_RANGE, parseTimeRange, type TimeRange, timeRangeEntries } from './time-range';

export interface MetricsUrlState {
  ds?: string;
  /** PromQL. */
  q: string;
  range: TimeRange;
  /** Query resolution as Prometheus takes it (`15s`, `1m`, or seconds); undefined: chosen from the range. */
  step?: string;
  extra: ExtraParams;
}

export const METRICS_DEFAULTS = {
  q: '',
  range: DEFAULT_TIME_RANGE,
} as const satisfies Partial<MetricsUrlState>;

const KNOWN = new Set(['ds', 'q', 'from', 'to', 'step']);

export function parseMetricsUrl(search: string | URLSearchParams): MetricsUrlState {
  const params = toSearchParams(search);
  return {
    ds: textParam(params, 'ds'),
    q: params.get('q') ?? METRICS_DEFAULTS.q,
    range: parseTimeRange(params, METRICS_DEFAULTS.range),
    step: durationParam(params, 'step', { unitOptional: true }),
    extra: extraParams(params, KNOWN),
  };
}

export function serializeMetricsSearch(state: MetricsUrlState): string {
  return buildSearch(
    [
      ['ds', state.ds || undefined],
      ['q', state.q || undefined],
      ...timeRangeEntries(state.range, METRICS_DEFAULTS.range),
      ['step', state.step],
    ],
    state.extra,
  );
}

export function metricsPath(link: Partial<MetricsUrlState> = {}): string {
  return `/metrics${serializeMetricsSearch({ ...METRICS_DEFAULTS, extra: [], ...link })}`;
}

// The `/logs` route's parameters (DESIGN.md, "URLs"): a LogQL query over a time range.

import { buildSearch, type ExtraParams, extraParams, textParam, toSearchParams } from './params';
import { DEFAULT_TIME_RANGE, parseTimeRange, type TimeRange, timeRangeEntries } from './time-range';

export interface LogsUrlState {
  ds?: string;
  /** LogQL. */
  q: string;
  range: TimeRange;
  extra: ExtraParams;
}

export const LOGS_DEFAULTS = { q: '', range: DEFAULT_TIME_RANGE } as const satisfies Partial<LogsUrlState>;

const KNOWN = new Set(['ds', 'q', 'from', 'to']);

export function parseLogsUrl(search: string | URLSearchParams): LogsUrlState {
  const params = toSearchParams(search);
  return {
    ds: textParam(params, 'ds'),
    q: params.get('q') ?? LOGS_DEFAULTS.q,
    range: parseTimeRange(params, LOGS_DEFAULTS.range),
    extra: extraParams(params, KNOWN),
  };
}

export function serializeLogsSearch(state: LogsUrlState): string {
  return buildSearch(
    [
      ['ds', state.ds || undefined],
      ['q', state.q || undefined],
      ...timeRangeEntries(state.range, LOGS_DEFAULTS.range),
    ],
    state.extra,
  );
}

export function logsPath(link: Partial<LogsUrlState> = {}): string {
  return `/logs${serializeLogsSearch({ ...LOGS_DEFAULTS, extra: [], ...link })}`;
}

// The `/search` route's parameters (DESIGN.md, "URLs"): Tempo's TraceQL search and Jaeger/Zipkin's
// service search share one URL; each backend reads the fields it understands.

import {
  buildSearch,
  durationParam,
  type ExtraParams,
  extraParams,
  intParam,
  textParam,
  toSearchParams,
} from './params';
import { DEFAULT_TIME_RANGE, parseTimeRange, type TimeRange, timeRangeEntries } from './time-range';

export interface SearchUrlState {
  ds?: string;
  /** Tempo: TraceQL query. */
  q: string;
  /** Most traces to return. */
  limit: number;
  /** Tempo: spans per span set. */
  spss: number;
  /** Jaeger/Zipkin. */
  service: string;
  operation: string;
  /** logfmt, e.g. `http.status_code=500 error=true`. */
  tags: string;
  /** Durations as the backends write them: `250ms`, `1.5s`. */
  minDuration?: string;
  maxDuration?: string;
  range: TimeRange;
  /** Tempo metrics queries: the step (`60s`, `5m`, or seconds); absent: the backend chooses. */
  step?: string;
  extra: ExtraParams;
}

export const SEARCH_DEFAULTS = {
  q: '',
  limit: 20,
  spss: 3,
  service: '',
  operation: '',
  tags: '',
  range: DEFAULT_TIME_RANGE,
} as const satisfies Partial<SearchUrlState>;

const KNOWN = new Set([
  'ds',
  'q',
  'limit',
  'spss',
  'service',
  'operation',
  'tags',
  'minDuration',
  'maxDuration',
  'from',
  'to',
  'step',
]);

export function parseSearchUrl(search: string | URLSearchParams): SearchUrlState {
  const params = toSearchParams(search);
  return {
    ds: textParam(params, 'ds'),
    q: params.get('q') ?? SEARCH_DEFAULTS.q,
    limit: intParam(params, 'limit', 1, 100_000) ?? SEARCH_DEFAULTS.limit,
    spss: intParam(params, 'spss', 1, 100_000) ?? SEARCH_DEFAULTS.spss,
    service: params.get('service') ?? SEARCH_DEFAULTS.service,
    operation: params.get('operation') ?? SEARCH_DEFAULTS.operation,
    tags: params.get('tags') ?? SEARCH_DEFAULTS.tags,
    minDuration: durationParam(params, 'minDuration', { unitOptional: false }),
    maxDuration: durationParam(params, 'maxDuration', { unitOptional: false }),
    range: parseTimeRange(params, SEARCH_DEFAULTS.range),
    step: durationParam(params, 'step', { unitOptional: true }),
    extra: extraParams(params, KNOWN),
  };
}

export function serializeSearchSearch(state: SearchUrlState): string {
  return buildSearch(
    [
      ['ds', state.ds || undefined],
      ['q', state.q || undefined],
      ['limit', state.limit === SEARCH_DEFAULTS.limit ? undefined : String(state.limit)],
      ['spss', state.spss === SEARCH_DEFAULTS.spss ? undefined : String(state.spss)],
      ['service', state.service || undefined],
      ['operation', state.operation || undefined],
      ['tags', state.tags || undefined],
      ['minDuration', state.minDuration],
      ['maxDuration', state.maxDuration],
      ...timeRangeEntries(state.range, SEARCH_DEFAULTS.range),
      ['step', state.step],
    ],
    state.extra,
  );
}

/** The app path of a search, e.g. `/search?ds=tempo&q=%7B%7D`. */
export function searchPath(link: Partial<SearchUrlState> = {}): string {
  return `/search${serializeSearchSearch({ ...SEARCH_DEFAULTS, extra: [], ...link })}`;
}

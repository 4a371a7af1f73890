// The `/services` route's parameters (DESIGN.md, "URLs"): the trace datasource, the window, the
// selected service (its operations are shown) and the table's sort.
import {
  buildSearch,
  durationParam,
  type ExtraParams,
  extraParams,
  textParam,
  toSearchParams,
} from './params';
import { DEFAULT_TIME_RANGE, parseTimeRange, type TimeRange, timeRangeEntries } from './time-range';

export const SERVICE_SORT_KEYS = ['errors', 'rate', 'p50', 'p95', 'p99', 'name'] as const;
export type ServiceSortKey = (typeof SERVICE_SORT_KEYS)[number];

export interface ServicesUrlState {
  ds?: string;
  range: TimeRange;
  /** The sparklines' step (`60s`, `5m`, or seconds); absent: the backend chooses. */
  step?: string;
  /** When set, the table lists this service's operations. */
  service?: string;
  sort: ServiceSortKey;
  /** Absent: the key's natural order (most errors, highest rate, slowest first; names A→Z). */
  dir?: 'asc' | 'desc';
  extra: ExtraParams;
}

export const SERVICES_DEFAULTS = { sort: 'errors', range: DEFAULT_TIME_RANGE } as const;

const KNOWN = new Set(['ds', 'from', 'to', 'step', 'service', 'sort', 'dir']);

export function parseServicesUrl(search: string | URLSearchParams): ServicesUrlState {
  const params = toSearchParams(search);
  const sort = params.get('sort');
  return {
    ds: textParam(params, 'ds'),
    range: parseTimeRange(params, SERVICES_DEFAULTS.range),
    step: durationParam(params, 'step', { unitOptional: true }),
    service: params.get('service') ?? undefined,
    sort: (SERVICE_SORT_KEYS as readonly string[]).includes(sort ?? '')
      ? (sort as ServiceSortKey)
      : SERVICES_DEFAULTS.sort,
    dir: params.get('dir') === 'asc' ? 'asc' : params.get('dir') === 'desc' ? 'desc' : undefined,
    extra: extraParams(params, KNOWN),
  };
}

export function serializeServicesSearch(state: ServicesUrlState): string {
  return buildSearch(
    [
      ['ds', state.ds || undefined],
      ...timeRangeEntries(state.range, SERVICES_DEFAULTS.range),
      ['step', state.step],
      ['service', state.service],
      ['sort', state.sort === SERVICES_DEFAULTS.sort ? undefined : state.sort],
      ['dir', state.dir],
    ],
    state.extra,
  );
}

/** The app path of the services page, e.g. `/services?ds=local&service=checkout`. */
export function servicesPath(link: Partial<ServicesUrlState> = {}): string {
  return `/services${serializeServicesSearch({ ...SERVICES_DEFAULTS, extra: [], ...link })}`;
}

/** Whether the table runs from the smallest figure (or A) down. */
export function sortsAscending(sort: ServiceSortKey, dir: 'asc' | 'desc' | undefined): boolean {
  return dir ? dir === 'asc' : sort === 'name';
}

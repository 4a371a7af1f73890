// The `/map` route's parameters (DESIGN.md, "URLs"; decision 0274): the datasource, the window, and
// the selection — a node (`node`) or an edge (`client` and `server`, two parameters so that service
// names holding any character stay unambiguous). Selecting one clears the other.
import { buildSearch, type ExtraParams, extraParams, textParam, toSearchParams } from './params';
import { DEFAULT_TIME_RANGE, parseTimeRange, type TimeRange, timeRangeEntries } from './time-range';

export type MapSelection =
  | { kind: 'node'; id: string }
  | { kind: 'edge'; client: string; server: string }
  | undefined;

export interface MapUrlState {
  ds?: string;
  range: TimeRange;
  selected: MapSelection;
  extra: ExtraParams;
}

export const MAP_DEFAULTS = { range: DEFAULT_TIME_RANGE } as const;

const KNOWN = new Set(['ds', 'from', 'to', 'node', 'client', 'server']);

export function parseMapUrl(search: string | URLSearchParams): MapUrlState {
  const params = toSearchParams(search);
  const node = params.get('node');
  const client = params.get('client');
  const server = params.get('server');
  const selected: MapSelection =
    client !== null && server !== null
      ? { kind: 'edge', client, server }
      : node !== null
        ? { kind: 'node', id: node }
        : undefined;
  return {
    ds: textParam(params, 'ds'),
    range: parseTimeRange(params, MAP_DEFAULTS.range),
    selected,
    extra: extraParams(params, KNOWN),
  };
}

export function serializeMapSearch(state: MapUrlState): string {
  const s = state.selected;
  return buildSearch(
    [
      ['ds', state.ds || undefined],
      ...timeRangeEntries(state.range, MAP_DEFAULTS.range),
      ['node', s?.kind === 'node' ? s.id : undefined],
      ['client', s?.kind === 'edge' ? s.client : undefined],
      ['server', s?.kind === 'edge' ? s.server : undefined],
    ],
    state.extra,
  );
}

/** The app path of the map, e.g. `/map?ds=local&client=gateway&server=checkout`. */
export function mapPath(link: Partial<MapUrlState> = {}): string {
  return `/map${serializeMapSearch({ ...MAP_DEFAULTS, selected: undefined, extra: [], ...link })}`;
}

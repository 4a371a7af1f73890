// The `/trace/<traceId>` route's parameters (DESIGN.md, "URLs"): the one place that parses them,
// knows their defaults and writes them back. Alert links and runbooks point here, so old forms
// (Jaeger's `uiFind`, `uiEmbed=v0`) keep working and unknown parameters survive.

import { formatSpanIdList, normalizeSpanId, normalizeTraceId, parseSpanIdList } from './ids';
import {
  buildSearch,
  type ExtraParams,
  extraParams,
  flagParam,
  flagValue,
  intParam,
  oneOf,
  parseSort,
  sortValue,
  textParam,
  toSearchParams,
  type UrlSort,
} from './params';
import {
  LINK_PARAM_NAMES,
  parseTraceLinkParams,
  type TraceLinkParams,
  traceLinkEntries,
} from './trace-links-params';
import {
  type FoldParams,
  foldEntries,
  NO_FOLD_PARAMS,
  NO_QUICK_FILTER_PARAMS,
  parseFoldParams,
  parseQuickFilterParams,
  type QuickFilterParams,
  quickFilterEntries,
  VIEW_PARAM_NAMES,
} from './trace-view-params';
import { type TraceTime, traceWindow } from './trace-window';

export const TRACE_VIEWS = [
  'waterfall',
  'critical-path',
  'stats',
  'flame',
  'graph',
  'insights',
  'logs',
  'json',
] as const;
export type TraceView = (typeof TRACE_VIEWS)[number];

/** The statistics view's grouping: per service, or per service + operation. */
export const STATS_GROUPS = ['service', 'operation'] as const;
export type StatsGroup = (typeof STATS_GROUPS)[number];

/** Columns of the statistics table as the URL names them (`sort=-total`). */
export const STATS_SORT_COLUMNS = [
  'service',
  'operation',
  'spans',
  'total',
  'self',
  'critical-path',
  'errors',
  'p50',
  'p95',
] as const;
export type StatsSortColumn = (typeof STATS_SORT_COLUMNS)[number];

/** Columns of the critical-path list as the URL names them (`cpsort=-time`). */
export const CP_SORT_COLUMNS = ['order', 'service', 'operation', 'time'] as const;
export type CpSortColumn = (typeof CP_SORT_COLUMNS)[number];

export type { UrlSort } from './params';

export interface TraceZoom {
  /** Offsets from the trace start, in milliseconds. */
  startMs: number;
  endMs: number;
}

/** `with`, `hops` and `lmargin`: following a request across traces (trace-links-params.ts). */
export interface TraceUrlState extends TraceLinkParams {
  /** 32 lowercase hex characters; for a trace from a file (`file`), the ID the file gives it, hex or not. */
  traceId: string;
  /** The trace came from the n-th file opened in this tab (1, 2, …), not from a datasource. */
  file?: number;
  /** Datasource name; undefined means "ask every trace datasource". */
  ds?: string;
  /** Selected span, 16 lowercase hex characters (for a trace from a file, maybe its own non-hex ID). */
  span?: string;
  view: TraceView;
  find: string;
  /** TraceQL filter. */
  filter: string;
  zoom?: TraceZoom;
  /** Flame graph zoom root, a span ID (16 lowercase hex characters). */
  flame?: string;
  /** Waterfall: repeated siblings fold into group rows (`fold`, decision 0191). */
  foldRepeats: boolean;
  /** Waterfall: groups shown unfolded, by their first member's span ID (`unfold`). */
  unfold: readonly string[];
  /** Waterfall: only this span's subtree (`focus`, decision 0192). */
  focus?: string;
  criticalPath: boolean;
  darkTime: boolean;
  skewAdjust: boolean;
  /** Statistics view: grouping (`group`) and sort (`sort`). */
  statsGroup: StatsGroup;
  statsSort: UrlSort<StatsSortColumn>;
  /** Critical-path list: sort (`cpsort`). */
  cpSort: UrlSort<CpSortColumn>;
  /** Waterfall quick filters (`qf`, `qfservice`, `only`). */
  quick: QuickFilterParams;
  /** Waterfall expanded/collapsed set (`depth`, `fold`). */
  fold: FoldParams;
  /** Optional backend time window, Unix seconds. */
  start?: number;
  end?: number;
  /** Hide the app chrome (for iframes). */
  embed: boolean;
  extra: ExtraParams;
}

export const TRACE_DEFAULTS = {
  view: 'waterfall',
  find: '',
  filter: '',
  criticalPath: true,
  darkTime: true,
  skewAdjust: false,
  foldRepeats: true,
  unfold: [],
  statsGroup: 'service',
  statsSort: { column: 'critical-path', descending: true },
  cpSort: { column: 'order', descending: false },
  quick: NO_QUICK_FILTER_PARAMS,
  fold: NO_FOLD_PARAMS,
  embed: false,
} as const satisfies Partial<TraceUrlState>;

export type TraceUrlParseResult =
  | { ok: true; state: TraceUrlState }
  | { ok: false; rawTraceId: string; error: string };

const KNOWN = new Set([
  'ds',
  'span',
  'view',
  'find',
  'filter',
  'zoom',
  'flame',
  'fold',
  'unfold',
  'focus',
  'cp',
  'dark',
  'skew',
  'group',
  'sort',
  'cpsort',
  'start',
  'end',
  'embed',
  'uiFind',
  'file',
  ...VIEW_PARAM_NAMES,
  ...LINK_PARAM_NAMES,
]);

const MAX_UNIX_SECONDS = 253_402_300_799; // 9999-12-31

/** Parses the `:traceId` path segment and the query string of a trace URL. */
export function parseTraceUrl(rawTraceId: string, search: string | URLSearchParams): TraceUrlParseResult {
  const params = toSearchParams(search);
  const file = parseFileParam(params);
  const traceId = normalizeTraceId(rawTraceId) ?? fileId(file, rawTraceId);
  if (!traceId) {
    return {
      ok: false,
      rawTraceId,
      error: 'A trace ID is 1 to 32 hexadecimal characters (0-9, a-f).',
    };
  }
  // Jaeger's `uiEmbed=v0` means embedded; other values are not ours to interpret, so they are kept.
  const jaegerEmbed = params.get('uiEmbed') === 'v0';
  const known = jaegerEmbed ? new Set([...KNOWN, 'uiEmbed']) : KNOWN;
  const view = params.get('view');
  const spanParam = params.get('span');
  const flameParam = params.get('flame');
  const focusParam = params.get('focus');
  return {
    ok: true,
    state: {
      traceId,
      file,
      ds: textParam(params, 'ds'),
      span: spanParam ? (normalizeSpanId(spanParam) ?? fileId(file, spanParam)) : undefined,
      view: isTraceView(view) ? view : TRACE_DEFAULTS.view,
      find: params.get('find') ?? params.get('uiFind') ?? TRACE_DEFAULTS.find,
      filter: params.get('filter') ?? TRACE_DEFAULTS.filter,
      zoom: parseZoom(params.get('zoom')),
      flame: flameParam ? normalizeSpanId(flameParam) : undefined,
      foldRepeats: flagParam(params, 'fold') ?? TRACE_DEFAULTS.foldRepeats,
      unfold: parseSpanIdList(params.get('unfold')),
      focus: focusParam ? normalizeSpanId(focusParam) : undefined,
      criticalPath: flagParam(params, 'cp') ?? TRACE_DEFAULTS.criticalPath,
      darkTime: flagParam(params, 'dark') ?? TRACE_DEFAULTS.darkTime,
      skewAdjust: flagParam(params, 'skew') ?? TRACE_DEFAULTS.skewAdjust,
      statsGroup: oneOf(STATS_GROUPS, params.get('group')) ?? TRACE_DEFAULTS.statsGroup,
      statsSort: parseSort(STATS_SORT_COLUMNS, params.get('sort')) ?? TRACE_DEFAULTS.statsSort,
      cpSort: parseSort(CP_SORT_COLUMNS, params.get('cpsort')) ?? TRACE_DEFAULTS.cpSort,
      quick: parseQuickFilterParams(params),
      fold: parseFoldParams(params),
      start: intParam(params, 'start', 0, MAX_UNIX_SECONDS),
      end: intParam(params, 'end', 0, MAX_UNIX_SECONDS),
      embed: flagParam(params, 'embed') ?? jaegerEmbed,
      ...parseTraceLinkParams(params, traceId),
      extra: extraParams(params, known),
    },
  };
}

/** The query string (`?…`, or '') for a trace state; parameters at their defaults are left out. */
export function serializeTraceSearch(state: TraceUrlState): string {
  return buildSearch(
    [
      ['ds', state.ds || undefined],
      ['span', state.span],
      ['view', state.view === TRACE_DEFAULTS.view ? undefined : state.view],
      ['find', state.find || undefined],
      ['filter', state.filter || undefined],
      ['zoom', state.zoom ? formatZoom(state.zoom) : undefined],
      ['flame', state.flame],
      ['fold', flagValue(state.foldRepeats, TRACE_DEFAULTS.foldRepeats)],
      ['unfold', formatSpanIdList(state.unfold)],
      ['focus', state.focus],
      ['cp', flagValue(state.criticalPath, TRACE_DEFAULTS.criticalPath)],
      ['dark', flagValue(state.darkTime, TRACE_DEFAULTS.darkTime)],
      ['skew', flagValue(state.skewAdjust, TRACE_DEFAULTS.skewAdjust)],
      ['group', state.statsGroup === TRACE_DEFAULTS.statsGroup ? undefined : state.statsGroup],
      ['sort', sortValue(state.statsSort, TRACE_DEFAULTS.statsSort)],
      ['cpsort', sortValue(state.cpSort, TRACE_DEFAULTS.cpSort)],
      ...quickFilterEntries(state.quick),
      ...foldEntries(state.fold),
      ['start', state.start === undefined ? undefined : String(state.start)],
      ['end', state.end === undefined ? undefined : String(state.end)],
      ['embed', state.embed ? '1' : undefined],
      ['file', fileParamValue(state.file)],
      ...traceLinkEntries(state),
    ],
    state.extra,
  );
}

export type TraceLink = Pick<TraceUrlState, 'traceId'> & Partial<TraceUrlState>;

/**
 * The app path (relative to the base path) of a trace, e.g. `/trace/<id>?ds=tempo&span=<id>`: the one
 * builder of trace links. `time` (what the link knows of when the trace happened) becomes the backend
 * window `start`/`end` (trace-window.ts) unless the link names a window itself.
 */
export function tracePath(link: TraceLink, time?: TraceTime): string {
  const traceId = normalizeTraceId(link.traceId) ?? link.traceId;
  const window = link.start === undefined && link.end === undefined && time ? traceWindow(time) : undefined;
  const state: TraceUrlState = { ...TRACE_DEFAULTS, extra: [], ...link, ...window, traceId };
  return `${tracePathname(traceId)}${serializeTraceSearch(state)}`;
}

/** The path of a trace without parameters. */
export function tracePathname(traceId: string): string {
  return `/trace/${encodeURIComponent(traceId)}`;
}

// --- traces from files (decision 0180) -----------------------------------------------------------

/** `file=<n>`: the n-th file opened in this tab holds the trace; such a link works only there. */
function parseFileParam(params: URLSearchParams): number | undefined {
  return intParam(params, 'file', 1, Number.MAX_SAFE_INTEGER);
}

function fileParamValue(file: number | undefined): string | undefined {
  return file === undefined ? undefined : String(file);
}

/** Files may name traces and spans with IDs that are not hex (`trace-123`, `span-1`); those are kept as given. */
const MAX_FILE_ID_CHARS = 512;

function fileId(file: number | undefined, raw: string): string | undefined {
  return file !== undefined && raw !== '' && raw.length <= MAX_FILE_ID_CHARS ? raw : undefined;
}

export function isTraceView(value: string | null): value is TraceView {
  return value !== null && (TRACE_VIEWS as readonly string[]).includes(value);
}

function parseZoom(raw: string | null): TraceZoom | undefined {
  const match = raw?.match(/^(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)$/);
  if (!match) return undefined;
  const startMs = Number(match[1]);
  const endMs = Number(match[2]);
  return endMs > startMs ? { startMs, endMs } : undefined;
}

function formatZoom(zoom: TraceZoom): string {
  // Microsecond precision is plenty for a zoom window and keeps float noise out of links.
  const format = (ms: number) => String(Number(ms.toFixed(3)));
  return `${format(zoom.startMs)}-${format(zoom.endMs)}`;
}

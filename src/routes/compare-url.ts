// The `/compare/<traceA>/<traceB>` route's parameters (DESIGN.md, "URLs"; decision 0243): the one
// place that parses them, knows their defaults and writes them back. A is the baseline, B the trace
// being explained ("B took 2.1 s longer"). Unknown parameters survive.
//
// - `dsA`, `dsB`: the datasource of each side; absent, every trace datasource is asked (as `/trace`).
// - `fileA`, `fileB`: the side is the n-th file opened in this tab (as `/trace`'s `file`).
// - `start`, `end`: the backend window (Unix seconds) of both sides when they share one; a side
//   with a window of its own has `startA`/`endA` or `startB`/`endB` instead (a typical trace may be
//   hours from the one it explains, and a side may have no window at all).
// - `node`, `sort`, `collapsed`, `group`: the view (selected node, the merged tree's sort, the
//   collapsed nodes, the differences table's grouping). Nodes are the merged tree's numbers, which
//   the same two traces always give (decision 0240).
// - `baseline=typical`: A was picked as the typical trace for B; the screen says why and offers others.
// `/compare/typical/<traceB>` asks the screen to pick that baseline first.
import { normalizeTraceId } from './ids';
import {
  buildSearch,
  type ExtraParams,
  extraParams,
  intParam,
  oneOf,
  parseSort,
  sortValue,
  textParam,
  toSearchParams,
  type UrlSort,
} from './params';
import { MAX_UNIX_SECONDS } from './trace-window';

/** The merged tree's sortable columns: B − A of each, compared by size, or the operation's name. */
export const COMPARE_SORT_COLUMNS = ['critical-path', 'self', 'total', 'spans', 'operation'] as const;
export type CompareSortColumn = (typeof COMPARE_SORT_COLUMNS)[number];

export const COMPARE_GROUPS = ['service', 'operation'] as const;
export type CompareGroup = (typeof COMPARE_GROUPS)[number];

/** The path segment that stands for "the typical trace for B, to be found". */
export const TYPICAL_BASELINE = 'typical';

export interface CompareSideRef {
  /** 32 lowercase hex; for a trace from a file, the ID the file gives it. */
  traceId: string;
  ds?: string;
  file?: number;
  start?: number;
  end?: number;
}

export interface CompareUrlState {
  /** Undefined when the path says `typical`: the screen has to find A first. */
  a?: CompareSideRef;
  b: CompareSideRef;
  /** Selected node of the merged tree. */
  node?: number;
  sort: UrlSort<CompareSortColumn>;
  /** Collapsed nodes of the merged tree, ascending. */
  collapsed: readonly number[];
  group: CompareGroup;
  /** A is the typical trace picked for B. */
  baseline?: 'typical';
  extra: ExtraParams;
}

export const COMPARE_DEFAULTS = {
  sort: { column: 'critical-path', descending: true },
  collapsed: [],
  group: 'service',
} as const satisfies Partial<CompareUrlState>;

export type CompareUrlParseResult =
  | { ok: true; state: CompareUrlState }
  | { ok: false; rawTraceId: string; error: string };

const KNOWN = new Set([
  'dsA',
  'dsB',
  'fileA',
  'fileB',
  'start',
  'end',
  'startA',
  'endA',
  'startB',
  'endB',
  'node',
  'sort',
  'collapsed',
  'group',
  'baseline',
]);

const MAX_FILE_ID_CHARS = 512;
const MAX_NODE = 2 ** 31;

function sideRef(
  raw: string,
  params: URLSearchParams,
  side: 'A' | 'B',
  window: { start?: number; end?: number },
): CompareSideRef | undefined {
  const file = intParam(params, `file${side}`, 1, Number.MAX_SAFE_INTEGER);
  const traceId =
    normalizeTraceId(raw) ??
    (file !== undefined && raw !== '' && raw.length <= MAX_FILE_ID_CHARS ? raw : undefined);
  if (!traceId) return undefined;
  return { traceId, ds: textParam(params, `ds${side}`), file, ...window };
}

function windowParams(params: URLSearchParams, start: string, end: string) {
  return {
    start: intParam(params, start, 0, MAX_UNIX_SECONDS),
    end: intParam(params, end, 0, MAX_UNIX_SECONDS),
  };
}

/** Node numbers written `3.7.19`; bad and repeated ones dropped, ascending. */
function parseNodeList(raw: string | null): number[] {
  if (!raw) return [];
  const nodes = new Set<number>();
  for (const part of raw.split('.')) {
    if (!/^\d{1,10}$/.test(part)) continue;
    const node = Number(part);
    if (node < MAX_NODE) nodes.add(node);
  }
  return [...nodes].sort((x, y) => x - y);
}

/** Parses the two path segments and the query string of a compare URL. */
export function parseCompareUrl(
  rawA: string,
  rawB: string,
  search: string | URLSearchParams,
): CompareUrlParseResult {
  const params = toSearchParams(search);
  const shared = windowParams(params, 'start', 'end');
  const own = (side: 'A' | 'B') => {
    const window = windowParams(params, `start${side}`, `end${side}`);
    return window.start !== undefined || window.end !== undefined ? window : shared;
  };
  const ownA = own('A');
  const windowB = own('B');
  const a = rawA === TYPICAL_BASELINE ? undefined : sideRef(rawA, params, 'A', ownA);
  if (rawA !== TYPICAL_BASELINE && !a)
    return { ok: false, rawTraceId: rawA, error: 'A trace ID is 1 to 32 hexadecimal characters (0-9, a-f).' };
  const b = sideRef(rawB, params, 'B', windowB);
  if (!b)
    return { ok: false, rawTraceId: rawB, error: 'A trace ID is 1 to 32 hexadecimal characters (0-9, a-f).' };
  return {
    ok: true,
    state: {
      a,
      b,
      node: intParam(params, 'node', 0, MAX_NODE - 1),
      sort: parseSort(COMPARE_SORT_COLUMNS, params.get('sort')) ?? COMPARE_DEFAULTS.sort,
      collapsed: parseNodeList(params.get('collapsed')),
      group: oneOf(COMPARE_GROUPS, params.get('group')) ?? COMPARE_DEFAULTS.group,
      baseline: params.get('baseline') === 'typical' ? 'typical' : undefined,
      extra: extraParams(params, KNOWN),
    },
  };
}

const text = (value: number | undefined) => (value === undefined ? undefined : String(value));

/** The query string (`?…`, or '') of a compare state; parameters at their defaults are left out. */
export function serializeCompareSearch(state: CompareUrlState): string {
  const { a, b } = state;
  const one = b.start === a?.start && b.end === a?.end;
  return buildSearch(
    [
      ['dsA', a?.ds || undefined],
      ['dsB', b.ds || undefined],
      ['fileA', text(a?.file)],
      ['fileB', text(b.file)],
      ['start', one ? text(b.start) : undefined],
      ['end', one ? text(b.end) : undefined],
      ['startA', one ? undefined : text(a?.start)],
      ['endA', one ? undefined : text(a?.end)],
      ['startB', one ? undefined : text(b.start)],
      ['endB', one ? undefined : text(b.end)],
      ['node', text(state.node)],
      ['sort', sortValue(state.sort, COMPARE_DEFAULTS.sort)],
      ['collapsed', state.collapsed.length > 0 ? state.collapsed.join('.') : undefined],
      ['group', state.group === COMPARE_DEFAULTS.group ? undefined : state.group],
      ['baseline', state.baseline],
    ],
    state.extra,
  );
}

/** The path of a compare without parameters; `a` undefined asks for the typical trace. */
export function comparePathname(a: string | undefined, b: string): string {
  return `/compare/${encodeURIComponent(a ?? TYPICAL_BASELINE)}/${encodeURIComponent(b)}`;
}

export type CompareLink = { a?: CompareSideRef; b: CompareSideRef } & Partial<
  Omit<CompareUrlState, 'a' | 'b'>
>;

/** The app path of a compare, e.g. `/compare/<a>/<b>?dsA=tempo&dsB=tempo`: the one builder of compare links. */
export function comparePath(link: CompareLink): string {
  const state: CompareUrlState = { ...COMPARE_DEFAULTS, extra: [], ...link };
  return `${comparePathname(link.a?.traceId, link.b.traceId)}${serializeCompareSearch(state)}`;
}
